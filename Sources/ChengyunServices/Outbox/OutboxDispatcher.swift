public import ChengyunStore
public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
public import ServiceLifecycle

/// 发件箱投递 — delivers the outbox messages of one topic to one receiver (the hotline's webhook; a warning channel):
/// oldest first, in order per key, retrying a receiver that is down with growing pauses (5 s, 10 s, 20 s … up to
/// 10 min). Nothing is lost: a message stays in the store until the receiver answers 2xx.
public struct OutboxDispatcher: Service {
    /// What is sent for a message: the body and its content type.
    public typealias Render = @Sendable (OutboxMessage) async throws -> (body: Data, contentType: String)

    let platform: Platform
    let url: URL
    let interval: Duration
    let topic: String
    let render: Render
    /// What follows a message the receiver took (after it is marked delivered): e.g. a notice counted relayed.
    let delivered: (@Sendable (OutboxMessage) async throws -> Void)?

    /// The hotline's webhook: each ticket's status as JSON.
    public init(platform: Platform, url: URL, interval: Duration = .seconds(1)) {
        self.init(platform: platform, url: url, topic: HotlineStatus.topic, interval: interval) { m in (Data(m.payload.utf8), "application/json; charset=utf-8") }
    }

    public init(platform: Platform, url: URL, topic: String, interval: Duration = .seconds(1), render: @escaping Render,
                delivered: (@Sendable (OutboxMessage) async throws -> Void)? = nil) {
        self.platform = platform
        self.url = url
        self.interval = interval
        self.topic = topic
        self.render = render
        self.delivered = delivered
    }

    /// The pause before the next attempt after `attempts` failed ones.
    public static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(5 * pow(2, Double(max(0, attempts - 1))), 600)
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    // Once across the nodes: a message is delivered by one of them.
                    _ = try await platform.cluster.exclusively("outbox delivery \(topic)") { try await deliverDue() }
                } catch {
                    platform.logger.error("outbox delivery failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Sends every due message once; returns how many were delivered.
    @discardableResult
    public func deliverDue(limit: Int = 200) async throws -> Int {
        let now = platform.clock.now()
        var blocked: Set<String> = []
        var delivered = 0
        for message in try await platform.outbox.dueMessages(topic: topic, now: now, limit: limit) {
            guard let id = message.id, !blocked.contains(message.key) else { continue }
            do {
                try await send(message)
                try await platform.outbox.markDelivered(id, at: platform.clock.now())
                delivered += 1
                // Taken: never sent again; what follows is recorded, and a failure of it is only logged.
                do { try await self.delivered?(message) } catch {
                    platform.logger.error("outbox: after delivery failed", metadata: ["topic": "\(topic)", "key": "\(message.key)", "error": "\(error)"])
                }
            } catch {
                // Keep the order of one ticket's messages: later ones wait for this one.
                blocked.insert(message.key)
                let next = platform.clock.now().addingTimeInterval(Self.backoff(afterAttempts: message.attempts + 1))
                try await platform.outbox.markFailed(id, error: "\(error)", nextAttemptAt: next)
                platform.logger.warning("outbox delivery failed; will retry", metadata: ["topic": "\(topic)", "key": "\(message.key)", "attempt": "\(message.attempts + 1)"])
            }
        }
        return delivered
    }

    struct DeliveryError: Error, CustomStringConvertible {
        var description: String
    }

    func send(_ message: OutboxMessage) async throws {
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        let (body, contentType) = try await render(message)
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.setValue(message.key, forHTTPHeaderField: topic == HotlineStatus.topic ? "X-Chengyun-Ticket" : "X-Chengyun-Key")
        if let id = message.id { request.setValue(String(id), forHTTPHeaderField: "X-Chengyun-Message") }
        request.httpBody = body
        let (_, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw DeliveryError(description: "no HTTP response") }
        guard (200..<300).contains(http.statusCode) else { throw DeliveryError(description: "the webhook answered HTTP \(http.statusCode)") }
    }
}
