public import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB

extension SQLiteStore {
    /// v4-sharing-terms: each key's purpose, daily limit and end; its use per local day (the sharing report).
    static func registerSharingMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v4-sharing-terms") { db in
            try db.execute(sql: """
                ALTER TABLE api_key ADD COLUMN terms_purpose TEXT;
                ALTER TABLE api_key ADD COLUMN terms_daily_limit INTEGER CHECK (terms_daily_limit > 0);
                ALTER TABLE api_key ADD COLUMN terms_until REAL;
                CREATE TABLE api_key_usage (
                    key_id INTEGER NOT NULL REFERENCES api_key(id),
                    day TEXT NOT NULL,
                    requests INTEGER NOT NULL DEFAULT 0,
                    refused INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (key_id, day)
                ) WITHOUT ROWID;
                CREATE INDEX api_key_usage_day ON api_key_usage(day);
                """)
        }
    }

    public func setTerms(keyID: Int64, terms: SharingTerms) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE api_key SET terms_purpose = ?, terms_daily_limit = ?, terms_until = ? WHERE id = ?",
                           arguments: [terms.purpose, terms.dailyLimit, terms.until?.timeIntervalSince1970, keyID])
            guard db.changesCount == 1 else { throw AccountError.apiKeyNotFound(keyID) }
        }
    }

    public func addUsage(_ usage: [KeyUsage]) async throws {
        guard !usage.isEmpty else { return }
        try await writer.write { db in
            for u in usage {
                try db.execute(sql: """
                    INSERT INTO api_key_usage (key_id, day, requests, refused) VALUES (?, ?, ?, ?)
                    ON CONFLICT(key_id, day) DO UPDATE SET requests = requests + excluded.requests, refused = refused + excluded.refused
                    """, arguments: [u.keyID, u.day, u.requests, u.refused])
            }
        }
    }

    public func usage(keyIDs: [Int64]?, from: String, to: String) async throws -> [KeyUsage] {
        var sql = "SELECT key_id, day, requests, refused FROM api_key_usage WHERE day >= ? AND day <= ?"
        var arguments: StatementArguments = [from, to]
        if let keyIDs {
            guard !keyIDs.isEmpty else { return [] }
            sql += " AND key_id IN (\(keyIDs.map { _ in "?" }.joined(separator: ",")))"
            arguments += StatementArguments(keyIDs)
        }
        sql += " ORDER BY key_id, day"
        let bound = arguments
        let query = sql
        return try await read { db in
            try Row.fetchAll(db, sql: query, arguments: bound).map { KeyUsage(keyID: $0["key_id"], day: $0["day"], requests: $0["requests"], refused: $0["refused"]) }
        }
    }
}

/// 数据瞬时共享 — emergency widenings of a key's scope.
extension SQLiteStore {
    public func createWidening(keyID: Int64, nodeID: NodeID, reason: String, grantedBy: String, at: Date, expiresAt: Date) async throws -> SharingWidening {
        let id = try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO sharing_widening (key_id, node_id, reason, granted_by, granted_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [keyID, nodeID.rawValue, reason, grantedBy, at.timeIntervalSince1970, expiresAt.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
        return try await read { db in try Self.fetchWidenings(db, "w.id = ?", [id]).first! }
    }

    public func widenings(keyID: Int64, activeAt: Date?) async throws -> [SharingWidening] {
        try await read { db in
            if let now = activeAt?.timeIntervalSince1970 {
                return try Self.fetchWidenings(db, "w.key_id = ? AND w.ended_at IS NULL AND w.granted_at <= ? AND w.expires_at > ?", [keyID, now, now])
            }
            return try Self.fetchWidenings(db, "w.key_id = ?", [keyID])
        }
    }

    public func endWidening(id: Int64, keyID: Int64, at: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE sharing_widening SET ended_at = ? WHERE id = ? AND key_id = ? AND ended_at IS NULL",
                           arguments: [at.timeIntervalSince1970, id, keyID])
            guard db.changesCount == 1 else { throw SharingError.noOpenWidening(id) }
        }
    }

    static func fetchWidenings(_ db: Database, _ condition: String, _ args: StatementArguments) throws -> [SharingWidening] {
        try Row.fetchAll(db, sql: """
            SELECT w.*, n.path FROM sharing_widening w JOIN org_node n ON n.id = w.node_id WHERE \(condition) ORDER BY w.id DESC
            """, arguments: args).map { r in
            SharingWidening(id: r["id"], keyID: r["key_id"], nodeID: NodeID(r["node_id"] as Int64), nodePath: r["path"], reason: r["reason"],
                            grantedBy: r["granted_by"], grantedAt: Date(timeIntervalSince1970: r["granted_at"]),
                            expiresAt: Date(timeIntervalSince1970: r["expires_at"]), endedAt: (r["ended_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
        }
    }
}
