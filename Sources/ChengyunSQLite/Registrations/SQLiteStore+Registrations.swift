public import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB

/// 扫码注册 — registrations with their accounts made in the same commit, the name and phone sealed, and the rates'
/// rollups (node, status, last active day) moved in the transaction of every change.
extension SQLiteStore {
    static func registerRegistrationMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v26-registrations") { db in
            try db.execute(sql: """
                CREATE TABLE resident_registration (
                    id INTEGER PRIMARY KEY,
                    group_id INTEGER NOT NULL REFERENCES building_group(id),
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    user_id INTEGER NOT NULL UNIQUE REFERENCES app_user(id),
                    name TEXT NOT NULL,
                    phone TEXT NOT NULL,
                    building_id INTEGER,
                    room TEXT NOT NULL,
                    resident_id INTEGER,
                    status TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    decided_at INTEGER,
                    decided_by TEXT,
                    note TEXT NOT NULL,
                    last_active_day INTEGER,
                    client_key TEXT NOT NULL,
                    UNIQUE (group_id, client_key)
                );
                CREATE INDEX resident_registration_path ON resident_registration(node_path, status, id);
                CREATE UNIQUE INDEX resident_registration_resident ON resident_registration(resident_id) WHERE status = 'verified';
                CREATE TABLE registration_rollup (
                    node_id INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    day INTEGER NOT NULL,
                    n INTEGER NOT NULL,
                    PRIMARY KEY (node_id, status, day)
                ) WITHOUT ROWID;
                """)
        }
    }

    func residentRegistration(_ r: Row) throws -> ResidentRegistration {
        let status: String = r["status"], building: Int64? = r["building_id"], resident: Int64? = r["resident_id"], decided: Int64? = r["decided_at"], active: Int? = r["last_active_day"]
        return ResidentRegistration(
            id: RegistrationID(r["id"] as Int64), groupID: BuildingGroupID(r["group_id"] as Int64), nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"],
            userID: UserID(r["user_id"] as Int64), name: try openPersonal(r["name"]) ?? "", phone: try openPersonal(r["phone"]) ?? "", buildingID: building.map { BuildingID($0) },
            room: r["room"], residentID: resident.map { ResidentID($0) }, status: ResidentRegistration.Status(rawValue: status) ?? .pending, createdAt: Self.instant(r["created_at"]),
            decidedAt: decided.map(Self.instant), decidedBy: r["decided_by"], note: r["note"], lastActiveDay: active.map { LocalDate(daysSince1970: $0) }, clientKey: r["client_key"])
    }

    static func moveRegistrationRollups(_ db: Database, _ delta: [RegistrationRollups.Key: Int]) throws {
        for (key, n) in delta where n != 0 {
            try db.execute(sql: """
                INSERT INTO registration_rollup (node_id, status, day, n) VALUES (?, ?, ?, ?)
                ON CONFLICT (node_id, status, day) DO UPDATE SET n = n + excluded.n
                """, arguments: [key.node, key.status, key.day, n])
        }
    }

    static func isVerifiedResidentTaken(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("resident_registration.resident_id")
    }

    public func register(_ registration: ResidentRegistration, account: UserDraft) async throws -> (registration: ResidentRegistration, created: Bool) {
        let (name, phone, accountPhone) = (try sealPersonal(registration.name) ?? "", try sealPersonal(registration.phone) ?? "", try sealPersonal(account.phone))
        do {
            return try await writer.write { db -> (ResidentRegistration, Bool) in
                let existing = "SELECT * FROM resident_registration WHERE group_id = ? AND client_key = ?"
                let key: StatementArguments = [registration.groupID.rawValue, registration.clientKey]
                if let stored = try Row.fetchOne(db, sql: existing, arguments: key) { return (try self.residentRegistration(stored), false) }
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM app_user WHERE username = ?", arguments: [account.username]) == true {
                    throw UserError.duplicateUsername(account.username)
                }
                try db.execute(sql: "INSERT INTO app_user (username, display_name, phone, password_hash, demo_password) VALUES (?, ?, ?, ?, ?)",
                               arguments: [account.username, account.displayName, accountPhone, account.passwordHash, account.demoPassword])
                let user = db.lastInsertedRowID
                try Self.insertAssignments(db, account.assignments, user: user)
                var r = registration
                r.userID = UserID(user)
                try db.execute(sql: """
                    INSERT INTO resident_registration (group_id, node_id, node_path, user_id, name, phone, building_id, room, resident_id, status, created_at,
                        decided_at, decided_by, note, last_active_day, client_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [r.groupID.rawValue, r.nodeID.rawValue, r.nodePath, user, name, phone, r.buildingID?.rawValue, r.room, r.residentID?.rawValue,
                                     r.status.rawValue, CaseRows.ms(r.createdAt), r.decidedAt.map(CaseRows.ms), r.decidedBy, r.note, r.lastActiveDay?.daysSince1970, r.clientKey])
                r.id = RegistrationID(db.lastInsertedRowID)
                try Self.moveRegistrationRollups(db, RegistrationRollups.delta(before: nil, after: r))
                return (try self.residentRegistration(try Row.fetchOne(db, sql: existing, arguments: key)!), true)
            }
        } catch let error as DatabaseError where Self.isVerifiedResidentTaken(error) {
            throw RegistrationError.resident
        }
    }

    func oneRegistration(_ sql: String, _ arguments: StatementArguments) async throws -> ResidentRegistration? {
        try await read { db in try Row.fetchOne(db, sql: sql, arguments: arguments).map(self.residentRegistration) }
    }

    public func registration(_ id: RegistrationID) async throws -> ResidentRegistration? {
        try await oneRegistration("SELECT * FROM resident_registration WHERE id = ?", [id.rawValue])
    }

    public func registration(user: UserID) async throws -> ResidentRegistration? {
        try await oneRegistration("SELECT * FROM resident_registration WHERE user_id = ?", [user.rawValue])
    }

    public func registration(resident: ResidentID) async throws -> ResidentRegistration? {
        try await oneRegistration("SELECT * FROM resident_registration WHERE resident_id = ? AND status = 'verified'", [resident.rawValue])
    }

    public func verifiedResidents(among residents: [ResidentID]) async throws -> Set<ResidentID> {
        let ids = jsonIDs(residents.map(\.rawValue))
        return try await read { db in
            Set(try Int64.fetchAll(db, sql: "SELECT resident_id FROM resident_registration WHERE status = 'verified' AND resident_id IN (SELECT value FROM json_each(?))",
                                   arguments: [ids]).map { ResidentID($0) })
        }
    }

    public func registrations(under path: String, status: ResidentRegistration.Status?, before: RegistrationID?, limit: Int) async throws -> [ResidentRegistration] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM resident_registration WHERE node_path >= ? AND node_path < ? AND (? IS NULL OR status = ?) AND id < ? ORDER BY id DESC LIMIT ?
                """, arguments: [low, high, status?.rawValue, status?.rawValue, before?.rawValue ?? Int64.max, limit]).map(self.residentRegistration)
        }
    }

    public func decideRegistration(_ id: RegistrationID, status: ResidentRegistration.Status, resident: ResidentID?, note: String, by: String, at: Date) async throws -> ResidentRegistration? {
        do {
            return try await writer.write { db -> ResidentRegistration? in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM resident_registration WHERE id = ? AND status = 'pending'", arguments: [id.rawValue]) else { return nil }
                let before = try self.residentRegistration(row)
                var after = before
                (after.status, after.residentID, after.note, after.decidedBy, after.decidedAt) = (status, resident, note, by, at)
                try db.execute(sql: "UPDATE resident_registration SET status = ?, resident_id = ?, note = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                               arguments: [status.rawValue, resident?.rawValue, note, by, CaseRows.ms(at), id.rawValue])
                if status == .refused {
                    try db.execute(sql: "UPDATE app_user SET active = 0 WHERE id = ?", arguments: [before.userID.rawValue])
                    try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [before.userID.rawValue])
                }
                try Self.moveRegistrationRollups(db, RegistrationRollups.delta(before: before, after: after))
                return try Row.fetchOne(db, sql: "SELECT * FROM resident_registration WHERE id = ?", arguments: [id.rawValue]).map(self.residentRegistration)
            }
        } catch let error as DatabaseError where Self.isVerifiedResidentTaken(error) {
            throw RegistrationError.resident
        }
    }

    public func touchRegistration(user: UserID, day: LocalDate) async throws -> Bool {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM resident_registration WHERE user_id = ? AND COALESCE(last_active_day, 0) < ?",
                                             arguments: [user.rawValue, day.daysSince1970]) else { return false }
            let before = try self.residentRegistration(row)
            var after = before
            after.lastActiveDay = day
            try db.execute(sql: "UPDATE resident_registration SET last_active_day = ? WHERE id = ?", arguments: [day.daysSince1970, before.id.rawValue])
            try Self.moveRegistrationRollups(db, RegistrationRollups.delta(before: before, after: after))
            return true
        }
    }

    public func resealRegistrations() async throws -> Int {
        guard let cipher else { return 0 }
        var after: Int64 = 0, changedCount = 0
        while true {
            let from = after
            let rows = try await read { db in
                try Row.fetchAll(db, sql: "SELECT id, name, phone FROM resident_registration WHERE id > ? ORDER BY id LIMIT 1000", arguments: [from])
                    .map { (id: $0["id"] as Int64, name: $0["name"] as String, phone: $0["phone"] as String) }
            }
            guard let last = rows.last else { break }
            after = last.id
            let changed = try rows.filter { !cipher.isCurrent($0.name) || !cipher.isCurrent($0.phone) }
                .map { (id: $0.id, name: try sealPersonal(try openPersonal($0.name)) ?? "", phone: try sealPersonal(try openPersonal($0.phone)) ?? "") }
            guard !changed.isEmpty else { continue }
            try await writer.write { db in
                let update = try db.cachedStatement(sql: "UPDATE resident_registration SET name = ?, phone = ? WHERE id = ?")
                for c in changed { try update.execute(arguments: [c.name, c.phone, c.id]) }
            }
            changedCount += changed.count
        }
        return changedCount
    }

    public func registrationTallies(_ nodes: [NodeID], since: LocalDate) async throws -> [NodeID: RegistrationTally] {
        let ids = jsonIDs(nodes.map(\.rawValue))
        return try await read { db in
            RegistrationRollups.tallies(try Row.fetchAll(db, sql: """
                SELECT node_id, status, day, n FROM registration_rollup WHERE node_id IN (SELECT value FROM json_each(?)) AND n <> 0
                """, arguments: [ids]).map { ($0[0], $0[1], $0[2], $0[3]) }, since: since.daysSince1970)
        }
    }
}
