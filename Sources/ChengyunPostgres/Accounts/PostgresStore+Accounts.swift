public import ChengyunCore
public import ChengyunStore
public import Foundation
import PostgresNIO

extension PostgresStore {
    static let accountMigrations = [
        PostgresMigration(name: "v1-accounts", statements: [
            """
            CREATE TABLE sign_in_failure (
                username text COLLATE "C" PRIMARY KEY,
                failures integer NOT NULL,
                window_start timestamptz NOT NULL,
                locked_until timestamptz
            )
            """,
            """
            CREATE TABLE audit_log (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at timestamptz NOT NULL,
                actor_id bigint,
                actor text NOT NULL,
                action text COLLATE "C" NOT NULL,
                target text NOT NULL,
                subject_user_id bigint,
                reason text,
                address text,
                detail text
            )
            """,
            "CREATE INDEX audit_at ON audit_log (at)",
            "CREATE INDEX audit_actor ON audit_log (actor_id, id)",
            "CREATE INDEX audit_subject ON audit_log (subject_user_id, id) WHERE subject_user_id IS NOT NULL",
            "CREATE INDEX audit_action ON audit_log (action, id)",
            """
            CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$
            """,
            "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
        ]),
    ]

    public func session(tokenHash: String, now: Date) async throws -> (user: User, expiresAt: Date)? {
        try await read { c in
            guard let row = try await c.rows("""
                SELECT s.user_id, s.expires_at FROM session s JOIN app_user u ON u.id = s.user_id
                WHERE s.token_hash = \(tokenHash) AND s.expires_at > \(now) AND u.active
                """, logger: logger).first else { return nil }
            let (id, expires) = try row.decode((Int64, Date).self)
            guard let user = try await users(c, [UserID(id)]).first else { return nil }
            return (user, expires)
        }
    }

    static func signInRecord(_ c: PostgresConnection, _ folded: String, lock: Bool, logger: Logger) async throws -> SignInPolicy.Record? {
        try await c.rows("""
            SELECT failures, window_start, locked_until FROM sign_in_failure WHERE username = \(folded) \(unescaped: lock ? "FOR UPDATE" : "")
            """, logger: logger).first.map { row in
            let (failures, start, locked) = try row.decode((Int32, Date, Date?).self)
            return SignInPolicy.Record(failures: Int(failures), windowStart: start, lockedUntil: locked)
        }
    }

    public func signInRecord(username: String) async throws -> SignInPolicy.Record? {
        try await read { c in try await Self.signInRecord(c, Self.foldedUsername(username), lock: false, logger: logger) }
    }

    /// Counted under a row lock: two nodes counting the same username at once both count.
    public func recordSignInFailure(username: String, at now: Date, policy: SignInPolicy) async throws -> SignInPolicy.Record {
        let folded = Self.foldedUsername(username)
        let logger = logger
        return try await transaction { c in
            // The row exists before it is locked (a first failure on two nodes at once would otherwise race).
            try await c.rows("""
                INSERT INTO sign_in_failure (username, failures, window_start) VALUES (\(folded), 0, \(now)) ON CONFLICT (username) DO NOTHING
                """, logger: logger)
            let stored = try await Self.signInRecord(c, folded, lock: true, logger: logger)
            let record = policy.afterFailure(stored?.failures == 0 ? nil : stored, now: now)
            try await c.rows("""
                UPDATE sign_in_failure SET failures = \(Int32(record.failures)), window_start = \(record.windowStart), locked_until = \(record.lockedUntil)
                WHERE username = \(folded)
                """, logger: logger)
            return record
        }
    }

    public func clearSignInFailures(username: String) async throws {
        try await rows("DELETE FROM sign_in_failure WHERE username = \(Self.foldedUsername(username))")
    }

    public func setPassword(_ id: UserID, hash: String, keepingSession: String?) async throws -> [String] {
        let logger = logger
        return try await transaction { c in
            guard !(try await c.rows("UPDATE app_user SET password_hash = \(hash), demo_password = false WHERE id = \(id.rawValue) RETURNING id", logger: logger).isEmpty) else {
                throw UserError.notFound(id)
            }
            let ended = try await c.rows("""
                DELETE FROM session WHERE user_id = \(id.rawValue) AND token_hash IS DISTINCT FROM \(keepingSession) RETURNING token_hash
                """, logger: logger).map { try $0.decode(String.self) }
            try await Self.announce(c, .accessChanged(AccessChange(user: ended.isEmpty ? nil : id)), from: node, logger: logger)
            return ended
        }
    }

    public func accountsWithDemoPassword(limit: Int) async throws -> [String] {
        try await rows("SELECT username FROM app_user WHERE demo_password AND active ORDER BY id LIMIT \(Int64(limit))").map { try $0.decode(String.self) }
    }

    public func apiKeys(under path: String) async throws -> [APIKeyRecord] {
        let (low, high) = OrgNode.pathRange(path)
        return try await read { c in try await Self.apiKeys(c, "n.path >= \(low) AND n.path < \(high)", logger: logger) }
    }

    public func apiKey(id: Int64) async throws -> APIKeyRecord? {
        try await read { c in try await Self.apiKeys(c, "k.id = \(id)", logger: logger).first }
    }

    public func revokeAPIKey(id: Int64) async throws {
        let logger = logger
        try await transaction { c in
            guard let name = try await c.rows("UPDATE api_key SET active = false, revoked_at = coalesce(revoked_at, now()) WHERE id = \(id) RETURNING name",
                                              logger: logger).first?.decode(String.self) else { throw AccountError.apiKeyNotFound(id) }
            try await Self.announce(c, .accessChanged(AccessChange(system: name)), from: node, logger: logger)
        }
    }

    public func rotateAPIKey(id: Int64, keyHash: String) async throws {
        let logger = logger
        try await transaction { c in
            guard let name = try await c.rows("UPDATE api_key SET key_hash = \(keyHash), rotated_at = now() WHERE id = \(id) AND active RETURNING name",
                                              logger: logger).first?.decode(String.self) else { throw AccountError.noActiveKeyToRotate(id) }
            try await Self.announce(c, .accessChanged(AccessChange(system: name)), from: node, logger: logger)
        }
    }

    public func appendAudit(_ entries: [AuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await read { c in try await Self.insertAudit(c, entries, logger: logger) }
    }

    /// Appends audit lines in the caller's transaction (or on their own).
    static func insertAudit(_ c: PostgresConnection, _ entries: [AuditEntry], logger: Logger) async throws {
        guard !entries.isEmpty else { return }
        // Arrays cannot hold nulls here: each nullable column travels with a flag saying whether it has a value.
        try await c.rows("""
            INSERT INTO audit_log (at, actor_id, actor, action, target, subject_user_id, reason, address, detail)
            SELECT at, CASE WHEN has_actor THEN actor_id END, actor, action, target, CASE WHEN has_subject THEN subject END,
                   CASE WHEN has_reason THEN reason END, CASE WHEN has_address THEN address END, CASE WHEN has_detail THEN detail END
            FROM unnest(\(entries.map(\.at)), \(entries.map { $0.actorID != nil }), \(entries.map { $0.actorID?.rawValue ?? 0 }), \(entries.map(\.actor)),
                        \(entries.map(\.action)), \(entries.map(\.target)), \(entries.map { $0.subjectUserID != nil }), \(entries.map { $0.subjectUserID?.rawValue ?? 0 }),
                        \(entries.map { $0.reason != nil }), \(entries.map { $0.reason ?? "" }), \(entries.map { $0.address != nil }),
                        \(entries.map { $0.address ?? "" }), \(entries.map { $0.detail != nil }), \(entries.map { $0.detail ?? "" }))
                WITH ORDINALITY AS e(at, has_actor, actor_id, actor, action, target, has_subject, subject, has_reason, reason, has_address, address,
                                     has_detail, detail, o)
            ORDER BY o
            """, logger: logger)
    }

    public func audit(_ query: AuditQuery) async throws -> [AuditEntry] {
        // Absent filters are bound as NULL and drop out (`$n IS NULL OR …`).
        let prefixEnd = query.actionPrefix.map { $0 + "\u{10FFFF}" }
        return try await rows("""
            SELECT id, at, actor_id, actor, action, target, subject_user_id, reason, address, detail FROM audit_log
            WHERE (\(query.actorID?.rawValue)::bigint IS NULL OR actor_id = \(query.actorID?.rawValue))
              AND (\(query.subjectUserID?.rawValue)::bigint IS NULL OR subject_user_id = \(query.subjectUserID?.rawValue))
              AND (\(query.actionPrefix)::text IS NULL OR (action >= \(query.actionPrefix) AND action < \(prefixEnd)))
              AND (\(query.from)::timestamptz IS NULL OR at >= \(query.from))
              AND (\(query.to)::timestamptz IS NULL OR at < \(query.to))
              AND (\(query.before)::bigint IS NULL OR id < \(query.before))
            ORDER BY id DESC LIMIT \(Int64(query.limit))
            """).map { row in
            let (id, at, actorID, actor, action, target, subject, reason, address, detail)
                = try row.decode((Int64, Date, Int64?, String, String, String, Int64?, String?, String?, String?).self)
            return AuditEntry(id: id, at: at, actorID: actorID.map(UserID.init(rawValue:)), actor: actor, action: action, target: target,
                              subjectUserID: subject.map(UserID.init(rawValue:)), reason: reason, address: address, detail: detail)
        }
    }

    public func auditCount(actorID: UserID, actionPrefix: String, since: Date) async throws -> Int {
        Int(try await rows("""
            SELECT count(*) FROM audit_log WHERE actor_id = \(actorID.rawValue) AND action >= \(actionPrefix) AND action < \(actionPrefix + "\u{10FFFF}") AND at >= \(since)
            """)[0].decode(Int64.self))
    }
}

extension PostgresStore: AccountStore, AuditStore {}
