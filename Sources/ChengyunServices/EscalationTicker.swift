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
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let moved = try await platform.escalateOverdue()
                if moved > 0 { platform.logger.info("escalated overdue cases", metadata: ["count": "\(moved)"]) }
            } catch {
                platform.logger.error("escalation tick failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
