import ChengyunCore
import Foundation
import Logging
public import ServiceLifecycle

/// 超期升级 — a background service that escalates overdue cases every `interval`.
public struct EscalationTicker: Service {
    let platform: Platform
    let interval: Duration

    public init(platform: Platform, interval: Duration = .seconds(60)) {
        self.platform = platform
        self.interval = interval
    }

    public func run() async throws {
        // Stops at once on graceful shutdown, even in the middle of the pause between runs.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let moved = try await platform.cases.escalateOverdue()
                    if moved > 0 { platform.logger.info("escalated overdue cases", metadata: ["count": "\(moved)"]) }
                } catch {
                    platform.logger.error("escalation tick failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
