import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB

/// 发件箱 — the outbox to external systems: written with the change it reports, delivered later.
extension SQLiteStore {
    static func enqueue(_ db: Database, _ messages: [OutboxMessage], caseID: CaseID, number: String) throws {
        for m in messages {
            // The payload may name the case before it had an id and number: fill them in now.
            let payload = m.payload.replacingOccurrences(of: "\"caseId\":0", with: "\"caseId\":\(caseID.rawValue)")
                .replacingOccurrences(of: "\"number\":\"\"", with: "\"number\":\"\(number)\"")
            try db.execute(sql: """
                INSERT INTO outbox (topic, key, case_id, payload, created_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 0, ?)
                """, arguments: [m.topic, m.key, caseID.rawValue, payload, m.createdAt.timeIntervalSince1970, m.nextAttemptAt.timeIntervalSince1970])
        }
    }

    static func outboxMessage(_ r: Row) -> OutboxMessage {
        var m = OutboxMessage(topic: r["topic"], key: r["key"], payload: r["payload"], createdAt: Date(timeIntervalSince1970: r["created_at"]))
        m.id = r["id"]
        m.attempts = r["attempts"]
        m.nextAttemptAt = Date(timeIntervalSince1970: r["next_attempt_at"])
        m.deliveredAt = (r["delivered_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        m.lastError = r["last_error"]
        return m
    }

    public func dueMessages(topic: String, now: Date, limit: Int) async throws -> [OutboxMessage] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM outbox WHERE topic = ? AND delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?
                """, arguments: [topic, now.timeIntervalSince1970, limit]).map(Self.outboxMessage)
        }
    }

    public func markDelivered(_ id: Int64, at: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?", arguments: [at.timeIntervalSince1970, id])
        }
    }

    public func markFailed(_ id: Int64, error: String, nextAttemptAt: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                           arguments: [String(error.prefix(500)), nextAttemptAt.timeIntervalSince1970, id])
        }
    }

    public func messages(topic: String, key: String) async throws -> [OutboxMessage] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE topic = ? AND key = ? ORDER BY id", arguments: [topic, key]).map(Self.outboxMessage)
        }
    }

    public func outboxStats(topic: String) async throws -> OutboxStats {
        try await read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT SUM(delivered_at IS NULL), SUM(delivered_at IS NOT NULL), SUM(delivered_at IS NULL AND attempts > 0) FROM outbox WHERE topic = ?
                """, arguments: [topic])
            return OutboxStats(pending: row?[0] ?? 0, delivered: row?[1] ?? 0, failing: row?[2] ?? 0)
        }
    }
}
