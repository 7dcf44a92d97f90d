public import ChengyunCore
public import ChengyunStore
public import Foundation
import PostgresNIO

/// 数据共享 — a key's terms (columns of `api_key`), its use per local day and emergency widenings of its scope.
extension PostgresStore {
    static let sharingMigrations = [
        PostgresMigration(name: "v1-sharing", statements: [
            """
            CREATE TABLE api_key_usage (
                key_id bigint NOT NULL REFERENCES api_key(id),
                day text COLLATE "C" NOT NULL,
                requests bigint NOT NULL DEFAULT 0,
                refused bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (key_id, day)
            )
            """,
            "CREATE INDEX api_key_usage_day ON api_key_usage (day)",
            """
            CREATE TABLE sharing_widening (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                key_id bigint NOT NULL REFERENCES api_key(id),
                node_id bigint NOT NULL REFERENCES org_node(id),
                reason text NOT NULL,
                granted_by text NOT NULL,
                granted_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL CHECK (expires_at > granted_at),
                ended_at timestamptz
            )
            """,
            "CREATE INDEX sharing_widening_key ON sharing_widening (key_id, expires_at)",
        ]),
    ]

    public func setTerms(keyID: Int64, terms: SharingTerms) async throws {
        let logger = logger
        try await transaction { c in
            guard !(try await c.rows("""
                UPDATE api_key SET terms_purpose = \(terms.purpose), terms_daily_limit = \(terms.dailyLimit.map(Int32.init)), terms_until = \(terms.until)
                WHERE id = \(keyID) RETURNING id
                """, logger: logger).isEmpty) else { throw AccountError.apiKeyNotFound(keyID) }
            try await Self.announce(c, .accessChanged(.identities), from: node, logger: logger)
        }
    }

    /// One statement for any number of keys and days; the same key and day twice in a batch add up.
    public func addUsage(_ usage: [KeyUsage]) async throws {
        guard !usage.isEmpty else { return }
        try await rows("""
            INSERT INTO api_key_usage (key_id, day, requests, refused)
            SELECT key_id, day, sum(requests), sum(refused)
            FROM unnest(\(usage.map(\.keyID)), \(usage.map(\.day)), \(usage.map { Int64($0.requests) }), \(usage.map { Int64($0.refused) }))
                AS u(key_id, day, requests, refused)
            GROUP BY key_id, day
            ON CONFLICT (key_id, day) DO UPDATE SET requests = api_key_usage.requests + excluded.requests, refused = api_key_usage.refused + excluded.refused
            """)
    }

    public func usage(keyIDs: [Int64]?, from: String, to: String) async throws -> [KeyUsage] {
        if let keyIDs, keyIDs.isEmpty { return [] }
        return try await rows("""
            SELECT key_id, day, requests, refused FROM api_key_usage
            WHERE day >= \(from) AND day <= \(to) AND (\(keyIDs)::bigint[] IS NULL OR key_id = ANY(\(keyIDs)))
            ORDER BY key_id, day
            """).map { row in
            let (key, day, requests, refused) = try row.decode((Int64, String, Int64, Int64).self)
            return KeyUsage(keyID: key, day: day, requests: Int(requests), refused: Int(refused))
        }
    }

    public func createWidening(keyID: Int64, nodeID: NodeID, reason: String, grantedBy: String, at: Date, expiresAt: Date) async throws -> SharingWidening {
        let logger = logger
        return try await transaction { c in
            guard !(try await c.rows("SELECT 1 FROM api_key WHERE id = \(keyID)", logger: logger).isEmpty) else { throw AccountError.apiKeyNotFound(keyID) }
            guard !(try await c.rows("SELECT 1 FROM org_node WHERE id = \(nodeID.rawValue)", logger: logger).isEmpty) else {
                throw OrganisationError.nodeMissing(nodeID)
            }
            let id = try await c.rows("""
                INSERT INTO sharing_widening (key_id, node_id, reason, granted_by, granted_at, expires_at)
                VALUES (\(keyID), \(nodeID.rawValue), \(reason), \(grantedBy), \(at), \(expiresAt)) RETURNING id
                """, logger: logger)[0].decode(Int64.self)
            try await Self.announce(c, .accessChanged(.identities), from: node, logger: logger)
            return try await Self.widenings(c, "w.id = \(id)", logger: logger)[0]
        }
    }

    public func widenings(keyID: Int64, activeAt: Date?) async throws -> [SharingWidening] {
        try await read { c in
            guard let now = activeAt else { return try await Self.widenings(c, "w.key_id = \(keyID)", logger: logger) }
            return try await Self.widenings(c, "w.key_id = \(keyID) AND w.ended_at IS NULL AND w.granted_at <= \(now) AND w.expires_at > \(now)", logger: logger)
        }
    }

    public func endWidening(id: Int64, keyID: Int64, at: Date) async throws {
        let logger = logger
        try await transaction { c in
            guard !(try await c.rows("""
                UPDATE sharing_widening SET ended_at = \(at) WHERE id = \(id) AND key_id = \(keyID) AND ended_at IS NULL RETURNING id
                """, logger: logger).isEmpty) else { throw SharingError.noOpenWidening(id) }
            try await Self.announce(c, .accessChanged(.identities), from: node, logger: logger)
        }
    }

    /// Widenings (with their node's path) that meet `condition`, newest first.
    static func widenings(_ c: PostgresConnection, _ condition: PostgresQuery, logger: Logger) async throws -> [SharingWidening] {
        var query = condition
        query.sql = """
            SELECT w.id, w.key_id, w.node_id, n.path, w.reason, w.granted_by, w.granted_at, w.expires_at, w.ended_at
            FROM sharing_widening w JOIN org_node n ON n.id = w.node_id WHERE \(condition.sql) ORDER BY w.id DESC
            """
        return try await c.rows(query, logger: logger).map { row in
            let (id, key, node, path, reason, grantedBy, grantedAt, expiresAt, endedAt)
                = try row.decode((Int64, Int64, Int64, String, String, String, Date, Date, Date?).self)
            return SharingWidening(id: id, keyID: key, nodeID: NodeID(node), nodePath: path, reason: reason, grantedBy: grantedBy,
                                   grantedAt: grantedAt, expiresAt: expiresAt, endedAt: endedAt)
        }
    }
}

extension PostgresStore: SharingStore {}
