public import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB

/// 楼组通知 — notices with their groups as child rows, reads counted once in the same transaction, relays once per group.
extension SQLiteStore {
    static func registerGroupNoticeMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v28-group-notices") { db in
            try db.execute(sql: """
                CREATE TABLE group_notice (
                    id INTEGER PRIMARY KEY,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    title TEXT NOT NULL,
                    body TEXT NOT NULL,
                    every_group INTEGER NOT NULL,
                    created_by TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    client_key TEXT NOT NULL,
                    audience INTEGER NOT NULL,
                    reads INTEGER NOT NULL,
                    UNIQUE (node_id, client_key)
                );
                CREATE INDEX group_notice_node ON group_notice(node_id, id);
                CREATE TABLE group_notice_group (
                    notice_id INTEGER NOT NULL REFERENCES group_notice(id),
                    group_id INTEGER NOT NULL REFERENCES building_group(id),
                    PRIMARY KEY (notice_id, group_id)
                ) WITHOUT ROWID;
                CREATE INDEX group_notice_group_by_group ON group_notice_group(group_id, notice_id);
                CREATE TABLE group_notice_read (
                    notice_id INTEGER NOT NULL REFERENCES group_notice(id),
                    user_id INTEGER NOT NULL REFERENCES app_user(id),
                    at INTEGER NOT NULL,
                    PRIMARY KEY (notice_id, user_id)
                ) WITHOUT ROWID;
                CREATE TABLE group_notice_relay (
                    notice_id INTEGER NOT NULL REFERENCES group_notice(id),
                    group_id INTEGER NOT NULL REFERENCES building_group(id),
                    by TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    PRIMARY KEY (notice_id, group_id)
                ) WITHOUT ROWID;
                """)
        }
    }

    /// Notices with their groups and relays, two reads for the page.
    static func groupNotices(_ db: Database, _ rows: [Row]) throws -> [GroupNotice] {
        let ids = jsonIDs(rows.map { $0["id"] as Int64 })
        var groups: [Int64: [BuildingGroupID]] = [:], relays: [Int64: [GroupNotice.Relay]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT notice_id, group_id FROM group_notice_group WHERE notice_id IN (SELECT value FROM json_each(?)) ORDER BY notice_id, group_id",
                                  arguments: [ids]) {
            groups[r[0], default: []].append(BuildingGroupID(r[1] as Int64))
        }
        for r in try Row.fetchAll(db, sql: "SELECT notice_id, group_id, by, at FROM group_notice_relay WHERE notice_id IN (SELECT value FROM json_each(?)) ORDER BY notice_id, at, group_id",
                                  arguments: [ids]) {
            relays[r[0], default: []].append(GroupNotice.Relay(groupID: BuildingGroupID(r[1] as Int64), by: r[2], at: instant(r[3])))
        }
        return rows.map { r in
            let id: Int64 = r["id"]
            return GroupNotice(id: GroupNoticeID(id), nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"], title: r["title"], body: r["body"],
                               groupIDs: groups[id] ?? [], createdBy: r["created_by"], createdAt: instant(r["created_at"]), clientKey: r["client_key"],
                               audience: r["audience"], reads: r["reads"], relays: relays[id] ?? [])
        }
    }

    public func postGroupNotice(_ n: GroupNotice, chats: [OutboxMessage]) async throws -> (notice: GroupNotice, created: Bool) {
        try await writer.write { db in
            let find = "SELECT * FROM group_notice WHERE node_id = ? AND client_key = ?"
            if let stored = try Row.fetchOne(db, sql: find, arguments: [n.nodeID.rawValue, n.clientKey]) { return (try Self.groupNotices(db, [stored])[0], false) }
            let groups = jsonIDs(n.groupIDs.map(\.rawValue))
            let audience = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM resident_registration WHERE node_id = ? AND status <> 'refused' AND (? OR group_id IN (SELECT value FROM json_each(?)))
                """, arguments: [n.nodeID.rawValue, n.groupIDs.isEmpty, groups]) ?? 0
            try db.execute(sql: """
                INSERT INTO group_notice (node_id, node_path, title, body, every_group, created_by, created_at, client_key, audience, reads) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                """, arguments: [n.nodeID.rawValue, n.nodePath, n.title, n.body, n.groupIDs.isEmpty, n.createdBy, CaseRows.ms(n.createdAt), n.clientKey, audience])
            let id = db.lastInsertedRowID
            for g in Set(n.groupIDs) { try db.execute(sql: "INSERT INTO group_notice_group (notice_id, group_id) VALUES (?, ?)", arguments: [id, g.rawValue]) }
            for m in chats {
                try db.execute(sql: """
                    INSERT INTO outbox (topic, key, case_id, payload, created_at, attempts, next_attempt_at) VALUES (?, ?, NULL, ?, ?, 0, ?)
                    """, arguments: [m.topic, m.key, m.payload(naming: "noticeId", id: id), m.createdAt.timeIntervalSince1970, m.nextAttemptAt.timeIntervalSince1970])
            }
            return (try Self.groupNotices(db, [try Row.fetchOne(db, sql: "SELECT * FROM group_notice WHERE id = ?", arguments: [id])!])[0], true)
        }
    }

    public func groupNotice(_ id: GroupNoticeID) async throws -> GroupNotice? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM group_notice WHERE id = ?", arguments: [id.rawValue]).map { try Self.groupNotices(db, [$0])[0] }
        }
    }

    public func groupNotices(committee: NodeID, before: GroupNoticeID?, limit: Int) async throws -> [GroupNotice] {
        try await read { db in
            try Self.groupNotices(db, try Row.fetchAll(db, sql: "SELECT * FROM group_notice WHERE node_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                                                       arguments: [committee.rawValue, before?.rawValue ?? Int64.max, limit]))
        }
    }

    public func groupNotices(committee: NodeID, groups: [BuildingGroupID], reader: UserID, limit: Int) async throws -> [(notice: GroupNotice, read: Bool)] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT n.*, EXISTS (SELECT 1 FROM group_notice_read r WHERE r.notice_id = n.id AND r.user_id = ?) AS seen FROM group_notice n
                WHERE n.node_id = ? AND (n.every_group OR EXISTS (SELECT 1 FROM group_notice_group g WHERE g.notice_id = n.id AND g.group_id IN (SELECT value FROM json_each(?))))
                ORDER BY n.id DESC LIMIT ?
                """, arguments: [reader.rawValue, committee.rawValue, jsonIDs(groups.map(\.rawValue)), limit])
            return zip(try Self.groupNotices(db, rows), rows).map { ($0, $1["seen"] as Bool) }
        }
    }

    public func readGroupNotice(_ id: GroupNoticeID, reader: UserID, at: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO group_notice_read (notice_id, user_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", arguments: [id.rawValue, reader.rawValue, CaseRows.ms(at)])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "UPDATE group_notice SET reads = reads + 1 WHERE id = ?", arguments: [id.rawValue])
            return true
        }
    }

    public func relayGroupNotice(_ id: GroupNoticeID, relay: GroupNotice.Relay) async throws -> GroupNotice? {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM group_notice WHERE id = ?", arguments: [id.rawValue]) else { return nil }
            try db.execute(sql: "INSERT INTO group_notice_relay (notice_id, group_id, by, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                           arguments: [id.rawValue, relay.groupID.rawValue, relay.by, CaseRows.ms(relay.at)])
            return try Self.groupNotices(db, [row])[0]
        }
    }
}
