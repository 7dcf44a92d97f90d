public import ChengyunCore
import ChengyunStore
public import Foundation
import GRDB

/// 值班值守 — shifts in a table indexed by node and time; handovers as JSON snapshots.
extension SQLiteStore {
    static func registerDutyMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v2-duty") { db in
            try db.execute(sql: """
                CREATE TABLE duty_shift (
                    id INTEGER PRIMARY KEY,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    post TEXT NOT NULL,
                    user_id INTEGER NOT NULL REFERENCES app_user(id),
                    user_name TEXT NOT NULL,
                    start_at REAL NOT NULL,
                    end_at REAL NOT NULL CHECK (end_at > start_at)
                );
                CREATE INDEX duty_shift_node ON duty_shift(node_id, start_at);
                CREATE INDEX duty_shift_user ON duty_shift(user_id, start_at);
                CREATE TABLE handover (
                    id INTEGER PRIMARY KEY,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    at REAL NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE INDEX handover_node ON handover(node_id, at);
                """)
        }
    }

    static func shift(_ r: Row) -> Shift {
        Shift(id: ShiftID(r["id"] as Int64), nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"],
              post: DutyPost(rawValue: r["post"]) ?? .dutyOfficer, userID: UserID(r["user_id"] as Int64), userName: r["user_name"],
              start: Date(timeIntervalSince1970: r["start_at"]), end: Date(timeIntervalSince1970: r["end_at"]))
    }

    /// The longest shift bounds how far back an overlapping shift can start.
    static let shiftReach = DutyRules.maxHours * 3600

    static func userShifts(_ db: Database, _ user: UserID, from: Date, to: Date) throws -> [Shift] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM duty_shift WHERE user_id = ? AND start_at < ? AND start_at > ? AND end_at > ? ORDER BY start_at
            """, arguments: [user.rawValue, to.timeIntervalSince1970, from.timeIntervalSince1970 - shiftReach, from.timeIntervalSince1970]).map(shift)
    }

    public func createShifts(_ shifts: [Shift]) async throws -> [Shift] {
        try await writer.write { db in try Self.insertShifts(shifts, db) }
    }

    /// Stores shifts in the caller's transaction, each checked against the person's other shifts.
    static func insertShifts(_ shifts: [Shift], _ db: Database) throws -> [Shift] {
        var made: [Shift] = []
        for (i, s) in shifts.enumerated() {
            let others = try Self.userShifts(db, s.userID, from: s.start, to: s.end) + made
            try DutyRules.validate(s, against: others, field: shifts.count == 1 ? "userId" : "[\(i)].userId")
            try db.execute(sql: """
                INSERT INTO duty_shift (node_id, node_path, post, user_id, user_name, start_at, end_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [s.nodeID.rawValue, s.nodePath, s.post.rawValue, s.userID.rawValue, s.userName, s.start.timeIntervalSince1970, s.end.timeIntervalSince1970])
            var stored = s
            stored.id = ShiftID(db.lastInsertedRowID)
            made.append(stored)
        }
        return made
    }

    public func updateShift(_ shift: Shift) async throws {
        try await writer.write { db in
            try DutyRules.validate(shift, against: try Self.userShifts(db, shift.userID, from: shift.start, to: shift.end))
            try db.execute(sql: """
                UPDATE duty_shift SET node_id = ?, node_path = ?, post = ?, user_id = ?, user_name = ?, start_at = ?, end_at = ? WHERE id = ?
                """, arguments: [shift.nodeID.rawValue, shift.nodePath, shift.post.rawValue, shift.userID.rawValue, shift.userName,
                                 shift.start.timeIntervalSince1970, shift.end.timeIntervalSince1970, shift.id.rawValue])
            guard db.changesCount == 1 else { throw DutyError.noShift(shift.id) }
        }
    }

    public func deleteShift(_ id: ShiftID) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM duty_shift WHERE id = ?", arguments: [id.rawValue])
            guard db.changesCount == 1 else { throw DutyError.noShift(id) }
        }
    }

    public func shift(_ id: ShiftID) async throws -> Shift? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM duty_shift WHERE id = ?", arguments: [id.rawValue]).map(Self.shift) }
    }

    public func shifts(at nodes: [NodeID], from: Date, to: Date) async throws -> [Shift] {
        guard !nodes.isEmpty else { return [] }
        var args: [(any DatabaseValueConvertible)?] = nodes.map(\.rawValue)
        args += [to.timeIntervalSince1970, from.timeIntervalSince1970 - Self.shiftReach, from.timeIntervalSince1970]
        let arguments = StatementArguments(args)
        let marks = nodes.map { _ in "?" }.joined(separator: ",")
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM duty_shift WHERE node_id IN (\(marks)) AND start_at < ? AND start_at > ? AND end_at > ? ORDER BY start_at, id
                """, arguments: arguments).map(Self.shift)
        }
    }

    public func shifts(of user: UserID, from: Date, to: Date) async throws -> [Shift] {
        try await read { db in try Self.userShifts(db, user, from: from, to: to) }
    }

    public func createHandover(_ handover: Handover) async throws -> Handover {
        let body = try encode(handover)
        let id = try await writer.write { db in
            try db.execute(sql: "INSERT INTO handover (node_id, at, body) VALUES (?, ?, ?)",
                           arguments: [handover.nodeID.rawValue, handover.at.timeIntervalSince1970, body])
            return db.lastInsertedRowID
        }
        var stored = handover
        stored.id = HandoverID(id)
        return stored
    }

    public func handovers(at node: NodeID, limit: Int) async throws -> [Handover] {
        let rows = try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, body FROM handover WHERE node_id = ? ORDER BY at DESC, id DESC LIMIT ?", arguments: [node.rawValue, limit])
                .map { ($0["id"] as Int64, $0["body"] as String) }
        }
        return try rows.map { id, body in
            var h = try decode(Handover.self, body)
            h.id = HandoverID(id)
            return h
        }
    }
}
