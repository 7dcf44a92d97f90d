public import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

/// 楼组包干 — building groups (typed columns; buildings, cadres and checks as child rows).
extension SQLiteStore {
    /// A check's client key, unique in its group: a retried check is recorded once.
    static func registerBuildingGroupCheckKeyMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v35-check-client-key") { db in
            try db.execute(sql: """
                ALTER TABLE building_group_check ADD COLUMN client_key TEXT;
                CREATE UNIQUE INDEX building_group_check_key ON building_group_check(group_id, client_key) WHERE client_key IS NOT NULL;
                """)
        }
    }

    static func registerBuildingGroupMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v19-building-groups") { db in
            try db.execute(sql: """
                CREATE TABLE building_group (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('building','village')),
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    leader_id INTEGER REFERENCES resident(id),
                    leader_user_id INTEGER REFERENCES app_user(id),
                    second_leader_id INTEGER REFERENCES resident(id),
                    party_group TEXT,
                    chat_group TEXT,
                    registration_code TEXT NOT NULL UNIQUE,
                    version INTEGER NOT NULL
                );
                CREATE INDEX building_group_path ON building_group(node_path, code);
                CREATE TABLE building_group_building (
                    building_id INTEGER PRIMARY KEY REFERENCES building(id),
                    group_id INTEGER NOT NULL REFERENCES building_group(id),
                    position INTEGER NOT NULL
                );
                CREATE INDEX building_group_building_group ON building_group_building(group_id, position);
                CREATE TABLE building_group_cadre (
                    group_id INTEGER NOT NULL REFERENCES building_group(id),
                    user_id INTEGER NOT NULL REFERENCES app_user(id),
                    duty TEXT NOT NULL,
                    since INTEGER NOT NULL,
                    PRIMARY KEY (group_id, user_id)
                ) WITHOUT ROWID;
                CREATE TABLE building_group_check (
                    id INTEGER PRIMARY KEY,
                    group_id INTEGER NOT NULL REFERENCES building_group(id),
                    method TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    by_name TEXT NOT NULL,
                    note TEXT NOT NULL,
                    passed INTEGER NOT NULL
                );
                CREATE INDEX building_group_check_group ON building_group_check(group_id, id);
                """)
        }
    }

    static func buildingGroups(_ db: Database, _ rows: [Row]) throws -> [BuildingGroup] {
        let ids = rows.map { $0["id"] as Int64 }
        var buildings: [Int64: [BuildingID]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT group_id, building_id FROM building_group_building WHERE group_id IN (SELECT value FROM json_each(?)) ORDER BY group_id, position",
                                  arguments: [jsonIDs(ids)]) {
            buildings[r[0] as Int64, default: []].append(BuildingID(r[1] as Int64))
        }
        var cadres: [Int64: [BuildingGroupCadre]] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT c.group_id, c.user_id, u.display_name, c.duty, c.since FROM building_group_cadre c JOIN app_user u ON u.id = c.user_id
            WHERE c.group_id IN (SELECT value FROM json_each(?)) ORDER BY c.group_id, c.since, c.user_id
            """, arguments: [jsonIDs(ids)]) {
            let duty: String = r[3]
            cadres[r[0] as Int64, default: []].append(BuildingGroupCadre(userID: UserID(r[1] as Int64), userName: r[2], duty: BuildingGroupCadre.Duty(rawValue: duty) ?? .socialWorker,
                                                                         since: Date(timeIntervalSince1970: Double(r[4] as Int64))))
        }
        return rows.map { r in
            let id: Int64 = r["id"], kind: String = r["kind"]
            return BuildingGroup(id: BuildingGroupID(id), code: r["code"], name: r["name"], kind: BuildingGroup.Kind(rawValue: kind) ?? .building, nodeID: NodeID(r["node_id"] as Int64),
                                 nodePath: r["node_path"], buildingIDs: buildings[id] ?? [], leaderID: (r["leader_id"] as Int64?).map { ResidentID($0) },
                                 leaderUserID: (r["leader_user_id"] as Int64?).map { UserID($0) }, secondLeaderID: (r["second_leader_id"] as Int64?).map { ResidentID($0) },
                                 partyGroup: r["party_group"], chatGroup: r["chat_group"], registrationCode: r["registration_code"], cadres: cadres[id] ?? [], version: r["version"])
        }
    }

    public func createBuildingGroup(_ g: BuildingGroup) async throws -> BuildingGroup {
        do {
            return try await writer.write { db in
                for (i, b) in g.buildingIDs.enumerated() {
                    if let other = try String.fetchOne(db, sql: """
                        SELECT g.name FROM building_group_building x JOIN building_group g ON g.id = x.group_id WHERE x.building_id = ?
                        """, arguments: [b.rawValue]) {
                        throw BuildingGroupError.buildingTaken(index: i, by: other)
                    }
                }
                try db.execute(sql: """
                    INSERT INTO building_group (code, name, kind, node_id, node_path, leader_id, leader_user_id, second_leader_id, party_group, chat_group, registration_code, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                    """, arguments: [g.code, g.name, g.kind.rawValue, g.nodeID.rawValue, g.nodePath, g.leaderID?.rawValue, g.leaderUserID?.rawValue, g.secondLeaderID?.rawValue,
                                     g.partyGroup, g.chatGroup, g.registrationCode])
                var stored = g
                stored.id = BuildingGroupID(db.lastInsertedRowID)
                stored.version = 1
                for (i, b) in g.buildingIDs.enumerated() {
                    try db.execute(sql: "INSERT INTO building_group_building (building_id, group_id, position) VALUES (?, ?, ?)", arguments: [b.rawValue, stored.id.rawValue, i])
                }
                for c in g.cadres {
                    try db.execute(sql: "INSERT INTO building_group_cadre (group_id, user_id, duty, since) VALUES (?, ?, ?, ?)",
                                   arguments: [stored.id.rawValue, c.userID.rawValue, c.duty.rawValue, Int64(c.since.timeIntervalSince1970.rounded(.down))])
                }
                return stored
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("building_group.code") {
            throw BuildingGroupError.duplicateCode(g.code)
        }
    }

    public func buildingGroup(_ id: BuildingGroupID) async throws -> BuildingGroup? {
        try await read { db in try Self.buildingGroups(db, try Row.fetchAll(db, sql: "SELECT * FROM building_group WHERE id = ?", arguments: [id.rawValue])).first }
    }

    public func buildingGroup(registrationCode code: String) async throws -> BuildingGroup? {
        try await read { db in try Self.buildingGroups(db, try Row.fetchAll(db, sql: "SELECT * FROM building_group WHERE registration_code = ?", arguments: [code])).first }
    }

    public func buildingGroup(covering building: BuildingID) async throws -> BuildingGroup? {
        try await read { db in
            try Self.buildingGroups(db, try Row.fetchAll(db, sql: "SELECT g.* FROM building_group g JOIN building_group_building x ON x.group_id = g.id WHERE x.building_id = ?",
                                                         arguments: [building.rawValue])).first
        }
    }

    public func buildingGroups(ledBy user: UserID) async throws -> [BuildingGroup] {
        try await read { db in
            try Self.buildingGroups(db, try Row.fetchAll(db, sql: "SELECT * FROM building_group WHERE leader_user_id = ? ORDER BY code LIMIT 20", arguments: [user.rawValue]))
        }
    }

    public func buildingGroups(under path: String, afterCode: String?, limit: Int) async throws -> [BuildingGroup] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Self.buildingGroups(db, try Row.fetchAll(db, sql: "SELECT * FROM building_group WHERE node_path >= ? AND node_path < ? AND code > ? ORDER BY code LIMIT ?",
                                                         arguments: [low, high, afterCode ?? "", limit]))
        }
    }

    public func assignCadre(_ c: BuildingGroupCadre, to group: BuildingGroupID) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE building_group SET version = version + 1 WHERE id = ?", arguments: [group.rawValue])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: """
                INSERT INTO building_group_cadre (group_id, user_id, duty, since) VALUES (?, ?, ?, ?)
                ON CONFLICT (group_id, user_id) DO UPDATE SET duty = excluded.duty, since = excluded.since
                """, arguments: [group.rawValue, c.userID.rawValue, c.duty.rawValue, Int64(c.since.timeIntervalSince1970.rounded(.down))])
            return true
        }
    }

    public func addBuildingGroupCheck(_ c: BuildingGroupCheck) async throws -> BuildingGroupCheck {
        try await writer.write { db in
            if let key = c.clientKey,
               let recorded = try Row.fetchOne(db, sql: "SELECT * FROM building_group_check WHERE group_id = ? AND client_key = ?", arguments: [c.groupID.rawValue, key]) {
                return Self.checkRow(recorded, group: c.groupID)
            }
            try db.execute(sql: "INSERT INTO building_group_check (group_id, method, at, by_name, note, passed, client_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [c.groupID.rawValue, c.method.rawValue, Int64(c.at.timeIntervalSince1970.rounded(.down)), c.by, c.note, c.passed, c.clientKey])
            var stored = c
            stored.id = BuildingGroupCheckID(db.lastInsertedRowID)
            stored.at = Date(timeIntervalSince1970: c.at.timeIntervalSince1970.rounded(.down))
            return stored
        }
    }

    public func buildingGroupChecks(of group: BuildingGroupID, limit: Int) async throws -> [BuildingGroupCheck] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM building_group_check WHERE group_id = ? ORDER BY id DESC LIMIT ?", arguments: [group.rawValue, limit]).map {
                Self.checkRow($0, group: group)
            }
        }
    }

    static func checkRow(_ r: Row, group: BuildingGroupID) -> BuildingGroupCheck {
        let method: String = r["method"]
        return BuildingGroupCheck(id: BuildingGroupCheckID(r["id"] as Int64), groupID: group, method: BuildingGroupCheck.Method(rawValue: method) ?? .siteVisit,
                                  at: Date(timeIntervalSince1970: Double(r["at"] as Int64)), by: r["by_name"], note: r["note"], passed: r["passed"], clientKey: r["client_key"])
    }
}
