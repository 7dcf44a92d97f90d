public import ChengyunCore
import ChengyunStore
public import Foundation
import GRDB

/// 加强值班值守 — the extra posts flood-season warnings add to rosters (times in whole seconds).
extension SQLiteStore {
    static func registerReinforcementMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v14-duty-reinforcement") { db in
            try db.execute(sql: """
                CREATE TABLE duty_reinforcement (
                    id INTEGER PRIMARY KEY,
                    warning_id INTEGER NOT NULL REFERENCES warning(id),
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    node_name TEXT NOT NULL,
                    post TEXT NOT NULL,
                    level TEXT NOT NULL,
                    start_at INTEGER NOT NULL,
                    end_at INTEGER NOT NULL,
                    user_id INTEGER REFERENCES app_user(id),
                    user_name TEXT,
                    shift_id INTEGER REFERENCES duty_shift(id)
                );
                CREATE INDEX duty_reinforcement_open ON duty_reinforcement(node_path, end_at);
                CREATE INDEX duty_reinforcement_warning ON duty_reinforcement(warning_id);
                """)
        }
    }

    static func reinforcement(_ r: Row) -> DutyReinforcement {
        let start: Int64 = r["start_at"], end: Int64 = r["end_at"]
        let user: Int64? = r["user_id"], shift: Int64? = r["shift_id"]
        let post: String = r["post"], level: String = r["level"]
        return DutyReinforcement(id: DutyReinforcementID(r["id"] as Int64), warningID: WarningID(r["warning_id"] as Int64), nodeID: NodeID(r["node_id"] as Int64),
                                 nodePath: r["node_path"], nodeName: r["node_name"], post: DutyPost(rawValue: post) ?? .dutyOfficer,
                                 level: AlarmLevel(rawValue: level) ?? .blue, start: Date(timeIntervalSince1970: Double(start)),
                                 end: Date(timeIntervalSince1970: Double(end)), userID: user.map { UserID($0) }, userName: r["user_name"],
                                 shiftID: shift.map { ShiftID($0) })
    }

    static func seconds(_ d: Date) -> Int64 { Int64(d.timeIntervalSince1970.rounded(.down)) }

    public func addReinforcements(_ posts: [DutyReinforcement]) async throws -> [DutyReinforcement] {
        try await writer.write { db in
            try posts.map { p in
                try db.execute(sql: """
                    INSERT INTO duty_reinforcement (warning_id, node_id, node_path, node_name, post, level, start_at, end_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [p.warningID.rawValue, p.nodeID.rawValue, p.nodePath, p.nodeName, p.post.rawValue, p.level.rawValue,
                                     Self.seconds(p.start), Self.seconds(p.end)])
                var stored = p
                stored.id = DutyReinforcementID(db.lastInsertedRowID)
                return stored
            }
        }
    }

    public func openReinforcements(under path: String, at: Date) async throws -> [DutyReinforcement] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM duty_reinforcement WHERE node_path >= ? AND node_path < ? AND end_at > ? ORDER BY node_path, post, id
                """, arguments: [low, high, Self.seconds(at)]).map(Self.reinforcement)
        }
    }

    public func reinforcement(_ id: DutyReinforcementID) async throws -> DutyReinforcement? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM duty_reinforcement WHERE id = ?", arguments: [id.rawValue]).map(Self.reinforcement) }
    }

    public func assignReinforcement(_ id: DutyReinforcementID, shift: Shift) async throws -> DutyReinforcement {
        try await writer.write { db in
            guard let post = try Row.fetchOne(db, sql: "SELECT * FROM duty_reinforcement WHERE id = ?", arguments: [id.rawValue]).map(Self.reinforcement) else {
                throw DutyError.reinforcementNotFound(id)
            }
            guard !post.isFilled else { throw DutyError.reinforcementFilled(id) }
            let stored = try Self.insertShifts([shift], db)[0]
            try db.execute(sql: "UPDATE duty_reinforcement SET user_id = ?, user_name = ?, shift_id = ? WHERE id = ?",
                           arguments: [shift.userID.rawValue, shift.userName, stored.id.rawValue, id.rawValue])
            var filled = post
            filled.userID = shift.userID
            filled.userName = shift.userName
            filled.shiftID = stored.id
            return filled
        }
    }

    public func endReinforcements(of warning: WarningID, at: Date) async throws -> Int {
        try await writer.write { db in
            let at = Self.seconds(at)
            // The shifts on the posts end with them (a shift that has not begun is taken off).
            let unbegun = try Int64.fetchAll(db, sql: """
                SELECT s.id FROM duty_reinforcement r JOIN duty_shift s ON s.id = r.shift_id WHERE r.warning_id = ? AND r.end_at > ? AND s.start_at >= ?
                """, arguments: [warning.rawValue, at, Double(at)])
            try db.execute(sql: "UPDATE duty_reinforcement SET shift_id = NULL WHERE shift_id IN (SELECT value FROM json_each(?))", arguments: [jsonIDs(unbegun)])
            try db.execute(sql: "DELETE FROM duty_shift WHERE id IN (SELECT value FROM json_each(?))", arguments: [jsonIDs(unbegun)])
            try db.execute(sql: """
                UPDATE duty_shift SET end_at = ? WHERE end_at > ? AND id IN (SELECT shift_id FROM duty_reinforcement WHERE warning_id = ? AND end_at > ?)
                """, arguments: [Double(at), Double(at), warning.rawValue, at])
            try db.execute(sql: "UPDATE duty_reinforcement SET end_at = max(start_at, ?) WHERE warning_id = ? AND end_at > ?", arguments: [at, warning.rawValue, at])
            return db.changesCount
        }
    }
}
