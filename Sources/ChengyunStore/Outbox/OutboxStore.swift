import ChengyunCore
public import Foundation

/// 发件箱 — a message to an external system, written in the same transaction as the change it reports and
/// delivered later, with retries: a receiver that is down loses nothing.
public struct OutboxMessage: Sendable, Hashable, Codable {
    public var id: Int64?
    /// What the message is about, e.g. `hotline.status`; selects the receiver.
    public var topic: String
    /// The receiver's key, e.g. the 12345 ticket id: messages with one key are delivered in order.
    public var key: String
    /// The JSON body to send.
    public var payload: String
    public var createdAt: Date
    public var attempts: Int
    public var nextAttemptAt: Date
    public var deliveredAt: Date?
    public var lastError: String?

    public init(topic: String, key: String, payload: String, createdAt: Date) {
        self.topic = topic
        self.key = key
        self.payload = payload
        self.createdAt = createdAt
        self.attempts = 0
        self.nextAttemptAt = createdAt
    }
}

extension OutboxMessage {
    /// The payload naming what it reports by the id that is given in the same transaction: `"noticeId":0` → the id.
    public func payload(naming key: String, id: Int64) -> String { payload.replacingOccurrences(of: "\"\(key)\":0", with: "\"\(key)\":\(id)") }
}

/// Counts of the outbox, for /metrics and the operations page.
public struct OutboxStats: Sendable, Hashable, Codable {
    public var pending: Int
    public var delivered: Int
    public var failing: Int
    public init(pending: Int, delivered: Int, failing: Int) {
        self.pending = pending
        self.delivered = delivered
        self.failing = failing
    }
}

/// The outbox of messages to external systems.
public protocol OutboxStore: Sendable {
    /// Undelivered messages of a topic due at `now`, oldest first.
    func dueMessages(topic: String, now: Date, limit: Int) async throws -> [OutboxMessage]
    func markDelivered(_ id: Int64, at: Date) async throws
    func markFailed(_ id: Int64, error: String, nextAttemptAt: Date) async throws
    /// Every message with a key, oldest first (a ticket's delivery log).
    func messages(topic: String, key: String) async throws -> [OutboxMessage]
    func outboxStats(topic: String) async throws -> OutboxStats
}
