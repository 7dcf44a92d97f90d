import ChengyunCore
import Logging
public import ServiceLifecycle

/// 闭环 — when a case an alarm opened is closed (on this node or, through the cluster feed, on another), the alarm's
/// loop is closed: alarm → case → handled → verified → closed. Closing a loop twice changes nothing.
public struct AlarmLoopCloser: Service {
    let sensing: SensingUseCases
    let feed: CaseFeed

    public init(platform: Platform) {
        sensing = platform.sensing
        feed = platform.feed
    }

    public func run() async throws {
        let items = feed.subscribe()
        await cancelWhenGracefulShutdown {
            for await item in items where item.record.source == .sensor && item.event.toState == .closed {
                do { try await sensing.caseClosed(item.record.id) } catch {
                    sensing.logger.error("closing an alarm's loop failed", metadata: ["case": "\(item.record.id)", "error": "\(error)"])
                }
            }
        }
    }
}
