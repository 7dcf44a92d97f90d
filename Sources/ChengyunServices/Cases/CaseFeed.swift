public import ChengyunCore
import Foundation
import Synchronization

/// 实时推送 — changes of cases as they are committed, for the console's live stream (server-sent events).
/// Each subscriber gets its own buffered stream; a slow subscriber loses the oldest items, never blocks a write.
public final class CaseFeed: Sendable {
    /// One committed step: the case as it now is and the history entry.
    public struct Item: Sendable {
        public var record: CaseRecord
        public var event: CaseEvent
    }

    private let subscribers = Mutex([UUID: AsyncStream<Item>.Continuation]())

    public init() {}

    /// A stream of every item published from now on; it ends when the caller stops iterating.
    public func subscribe() -> AsyncStream<Item> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingNewest(256))
        continuation.onTermination = { [weak self] _ in _ = self?.subscribers.withLock { $0.removeValue(forKey: id) } }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    func publish(_ record: CaseRecord, _ events: [CaseEvent]) {
        let targets = subscribers.withLock { Array($0.values) }
        guard !targets.isEmpty else { return }
        for event in events {
            for t in targets { t.yield(Item(record: record, event: event)) }
        }
    }

    public var subscriberCount: Int { subscribers.withLock { $0.count } }
}
