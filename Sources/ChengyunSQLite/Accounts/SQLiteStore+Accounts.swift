public import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB

extension SQLiteStore {
    /// v3-accounts: failed sign-ins per username, the demo-password mark, revocable API keys, the audit trail.
    static func registerAccountMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v3-accounts") { db in
            try db.execute(sql: """
                CREATE TABLE sign_in_failure (
                    username TEXT PRIMARY KEY COLLATE NOCASE,
                    failures INTEGER NOT NULL,
                    window_start REAL NOT NULL,
                    locked_until REAL
                );
                ALTER TABLE app_user ADD COLUMN demo_password INTEGER NOT NULL DEFAULT 0;
                -- A bcrypt hash has a random salt, so a hash shared by several accounts was copied by the demo
                -- generator (one hash for all its accounts): those accounts still have the demo password.
                UPDATE app_user SET demo_password = 1
                WHERE password_hash IN (SELECT password_hash FROM app_user GROUP BY password_hash HAVING count(*) > 1);
                CREATE INDEX app_user_demo ON app_user(demo_password) WHERE demo_password = 1;
                CREATE INDEX session_user ON session(user_id);
                ALTER TABLE api_key ADD COLUMN revoked_at REAL;
                ALTER TABLE api_key ADD COLUMN rotated_at REAL;
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY,
                    at REAL NOT NULL,
                    actor_id INTEGER,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    subject_user_id INTEGER,
                    reason TEXT,
                    address TEXT,
                    detail TEXT
                );
                CREATE INDEX audit_at ON audit_log(at);
                CREATE INDEX audit_actor ON audit_log(actor_id, id);
                CREATE INDEX audit_subject ON audit_log(subject_user_id, id) WHERE subject_user_id IS NOT NULL;
                CREATE INDEX audit_action ON audit_log(action, id);
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                """)
        }
        m.registerMigration("v3-sharing-widening") { db in
            try db.execute(sql: """
                CREATE TABLE sharing_widening (
                    id INTEGER PRIMARY KEY,
                    key_id INTEGER NOT NULL REFERENCES api_key(id),
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    reason TEXT NOT NULL,
                    granted_by TEXT NOT NULL,
                    granted_at REAL NOT NULL,
                    expires_at REAL NOT NULL CHECK (expires_at > granted_at),
                    ended_at REAL
                );
                CREATE INDEX sharing_widening_key ON sharing_widening(key_id, expires_at);
                """)
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> (user: User, expiresAt: Date)? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT s.user_id, s.expires_at FROM session s JOIN app_user u ON u.id = s.user_id
                WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1
                """, arguments: [tokenHash, now.timeIntervalSince1970]),
                let user = try self.fetchUser(db, UserID(row["user_id"] as Int64)) else { return nil }
            return (user, Date(timeIntervalSince1970: row["expires_at"]))
        }
    }

    static func signInRecord(_ db: Database, _ username: String) throws -> SignInPolicy.Record? {
        try Row.fetchOne(db, sql: "SELECT * FROM sign_in_failure WHERE username = ?", arguments: [username]).map { r in
            SignInPolicy.Record(failures: r["failures"], windowStart: Date(timeIntervalSince1970: r["window_start"]),
                                lockedUntil: (r["locked_until"] as Double?).map(Date.init(timeIntervalSince1970:)))
        }
    }

    public func signInRecord(username: String) async throws -> SignInPolicy.Record? {
        try await read { db in try Self.signInRecord(db, username) }
    }

    public func recordSignInFailure(username: String, at now: Date, policy: SignInPolicy) async throws -> SignInPolicy.Record {
        try await writer.write { db in
            let record = policy.afterFailure(try Self.signInRecord(db, username), now: now)
            try db.execute(sql: """
                INSERT INTO sign_in_failure (username, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
                ON CONFLICT(username) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
                    locked_until = excluded.locked_until
                """, arguments: [username, record.failures, record.windowStart.timeIntervalSince1970, record.lockedUntil?.timeIntervalSince1970])
            return record
        }
    }

    public func clearSignInFailures(username: String) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM sign_in_failure WHERE username = ?", arguments: [username]) }
    }

    public func setPassword(_ id: UserID, hash: String, keepingSession: String?) async throws -> [String] {
        try await writer.write { db in
            try db.execute(sql: "UPDATE app_user SET password_hash = ?, demo_password = 0 WHERE id = ?", arguments: [hash, id.rawValue])
            guard db.changesCount == 1 else { throw UserError.notFound(id) }
            let ended = try String.fetchAll(db, sql: "SELECT token_hash FROM session WHERE user_id = ? AND token_hash IS NOT ?",
                                            arguments: [id.rawValue, keepingSession])
            try db.execute(sql: "DELETE FROM session WHERE user_id = ? AND token_hash IS NOT ?", arguments: [id.rawValue, keepingSession])
            return ended
        }
    }

    public func accountsWithDemoPassword(limit: Int) async throws -> [String] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT username FROM app_user WHERE demo_password = 1 AND active = 1 ORDER BY id LIMIT ?", arguments: [limit])
        }
    }

    public func apiKeys(under path: String) async throws -> [APIKeyRecord] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT k.*, n.path FROM api_key k JOIN org_node n ON n.id = k.node_id WHERE n.path >= ? AND n.path < ? ORDER BY k.id",
                             arguments: [low, high]).map(Self.apiKeyRecord)
        }
    }

    public func apiKey(id: Int64) async throws -> APIKeyRecord? {
        try await read { db in try Self.fetchAPIKey(db, "k.id = ?", [id]) }
    }

    public func revokeAPIKey(id: Int64) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE api_key SET active = 0, revoked_at = coalesce(revoked_at, ?) WHERE id = ?",
                           arguments: [Date().timeIntervalSince1970, id])
            guard db.changesCount == 1 else { throw AccountError.apiKeyNotFound(id) }
        }
    }

    public func rotateAPIKey(id: Int64, keyHash: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE api_key SET key_hash = ?, rotated_at = ? WHERE id = ? AND active = 1",
                           arguments: [keyHash, Date().timeIntervalSince1970, id])
            guard db.changesCount == 1 else {
                throw AccountError.noActiveKeyToRotate(id)
            }
        }
    }

    public func appendAudit(_ entries: [AuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await writer.write { db in
            for e in entries {
                try db.execute(sql: """
                    INSERT INTO audit_log (at, actor_id, actor, action, target, subject_user_id, reason, address, detail)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [e.at.timeIntervalSince1970, e.actorID?.rawValue, e.actor, e.action, e.target, e.subjectUserID?.rawValue,
                                     e.reason, e.address, e.detail])
            }
        }
    }

    public func audit(_ query: AuditQuery) async throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let a = query.actorID { conditions.append("actor_id = ?"); arguments += [a.rawValue] }
        if let s = query.subjectUserID { conditions.append("subject_user_id = ?"); arguments += [s.rawValue] }
        if let p = query.actionPrefix { conditions.append("action >= ? AND action < ?"); arguments += [p, p + "\u{10FFFF}"] }
        if let f = query.from { conditions.append("at >= ?"); arguments += [f.timeIntervalSince1970] }
        if let t = query.to { conditions.append("at < ?"); arguments += [t.timeIntervalSince1970] }
        if let b = query.before { conditions.append("id < ?"); arguments += [b] }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [query.limit]
        let sql = "SELECT * FROM audit_log \(whereClause) ORDER BY id DESC LIMIT ?"
        let bound = arguments
        return try await read { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map { r in
                AuditEntry(id: r["id"], at: Date(timeIntervalSince1970: r["at"]), actorID: (r["actor_id"] as Int64?).map(UserID.init(rawValue:)),
                           actor: r["actor"], action: r["action"], target: r["target"],
                           subjectUserID: (r["subject_user_id"] as Int64?).map(UserID.init(rawValue:)),
                           reason: r["reason"], address: r["address"], detail: r["detail"])
            }
        }
    }

    public func auditCount(actorID: UserID, actionPrefix: String, since: Date) async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM audit_log WHERE actor_id = ? AND action >= ? AND action < ? AND at >= ?
                """, arguments: [actorID.rawValue, actionPrefix, actionPrefix + "\u{10FFFF}", since.timeIntervalSince1970]) ?? 0
        }
    }
}
