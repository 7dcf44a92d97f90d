import ChengyunCore
import Foundation
import Logging
public import ServiceLifecycle

/// 类案治理 — a background service that finds the whole city's hotspots with the default policy every `interval`
/// and stores them, so that screens asking for them read a stored run instead of a month of a city's cases.
public struct HotspotRefresher: Service {
    let platform: Platform
    let interval: Duration

    public init(platform: Platform, interval: Duration) {
        self.platform = platform
        self.interval = interval
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let started = ContinuousClock.now
                    let found = try await platform.hotspots.refresh()
                    platform.logger.debug("hotspots found again", metadata: ["count": "\(found)", "seconds": "\((ContinuousClock.now - started).inSeconds)"])
                } catch {
                    platform.logger.error("hotspot refresh failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
