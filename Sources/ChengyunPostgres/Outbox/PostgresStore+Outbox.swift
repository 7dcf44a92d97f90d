import ChengyunCore
public import ChengyunStore
public import Foundation
import PostgresNIO

/// 发件箱 — messages to external systems, written in the transaction of the change they report. With several nodes,
/// a delivery loop runs on one node at a time (issue 16's background services), so `dueMessages` is a plain read.
extension PostgresStore {
    static let outboxMigrations = [
        PostgresMigration(name: "v1-outbox", statements: [
            """
            CREATE TABLE outbox (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                topic text COLLATE "C" NOT NULL,
                key text COLLATE "C" NOT NULL,
                case_id bigint REFERENCES case_record(id) ON DELETE CASCADE,
                payload text NOT NULL,
                created_at timestamptz NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                next_attempt_at timestamptz NOT NULL,
                delivered_at timestamptz,
                last_error text
            )
            """,
            "CREATE INDEX outbox_due ON outbox (topic, next_attempt_at) WHERE delivered_at IS NULL",
            "CREATE INDEX outbox_key ON outbox (topic, key, id)",
        ]),
    ]

    /// Writes a change's messages in its transaction; a payload that names the case before it had an id and number
    /// gets them now.
    static func enqueue(_ q: inout SQLBuilder, _ messages: [OutboxMessage], caseID: CaseID, number: String) -> String? {
        guard !messages.isEmpty else { return nil }
        let payloads = messages.map {
            $0.payload.replacingOccurrences(of: "\"caseId\":0", with: "\"caseId\":\(caseID.rawValue)")
                .replacingOccurrences(of: "\"number\":\"\"", with: "\"number\":\"\(number)\"")
        }
        return """
            INSERT INTO outbox (topic, key, case_id, payload, created_at, next_attempt_at)
            SELECT topic, key, \(q.bind(caseID.rawValue)), payload, created_at, next_attempt_at
            FROM unnest(\(q.bind(messages.map(\.topic))), \(q.bind(messages.map(\.key))), \(q.bind(payloads)), \(q.bind(messages.map(\.createdAt))),
                        \(q.bind(messages.map(\.nextAttemptAt))))
                WITH ORDINALITY AS m(topic, key, payload, created_at, next_attempt_at, o)
            ORDER BY o
            """
    }

    static let outboxColumns = "id, topic, key, payload, created_at, attempts, next_attempt_at, delivered_at, last_error"

    static func outboxMessage(_ row: PostgresRow) throws -> OutboxMessage {
        let (id, topic, key, payload, created, attempts, next, delivered, error)
            = try row.decode((Int64, String, String, String, Date, Int32, Date, Date?, String?).self)
        var m = OutboxMessage(topic: topic, key: key, payload: payload, createdAt: created)
        m.id = id
        m.attempts = Int(attempts)
        m.nextAttemptAt = next
        m.deliveredAt = delivered
        m.lastError = error
        return m
    }

    public func dueMessages(topic: String, now: Date, limit: Int) async throws -> [OutboxMessage] {
        try await rows("""
            SELECT \(unescaped: Self.outboxColumns) FROM outbox WHERE topic = \(topic) AND delivered_at IS NULL AND next_attempt_at <= \(now)
            ORDER BY id LIMIT \(Int64(limit))
            """).map(Self.outboxMessage)
    }

    public func markDelivered(_ id: Int64, at: Date) async throws {
        try await rows("UPDATE outbox SET delivered_at = \(at), attempts = attempts + 1, last_error = NULL WHERE id = \(id)")
    }

    public func markFailed(_ id: Int64, error: String, nextAttemptAt: Date) async throws {
        try await rows("UPDATE outbox SET attempts = attempts + 1, last_error = \(String(error.prefix(500))), next_attempt_at = \(nextAttemptAt) WHERE id = \(id)")
    }

    public func messages(topic: String, key: String) async throws -> [OutboxMessage] {
        try await rows("SELECT \(unescaped: Self.outboxColumns) FROM outbox WHERE topic = \(topic) AND key = \(key) ORDER BY id").map(Self.outboxMessage)
    }

    public func outboxStats(topic: String) async throws -> OutboxStats {
        let (pending, delivered, failing) = try await rows("""
            SELECT count(*) FILTER (WHERE delivered_at IS NULL), count(*) FILTER (WHERE delivered_at IS NOT NULL),
                   count(*) FILTER (WHERE delivered_at IS NULL AND attempts > 0)
            FROM outbox WHERE topic = \(topic)
            """)[0].decode((Int64, Int64, Int64).self)
        return OutboxStats(pending: Int(pending), delivered: Int(delivered), failing: Int(failing))
    }
}

extension PostgresStore: OutboxStore {}
