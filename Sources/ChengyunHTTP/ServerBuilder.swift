public import ChengyunServices
import Foundation
public import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle

/// The composition root of the HTTP server: the router, the background services and the listening address.
public enum ServerBuilder {
    /// Whether `host` is a loopback address (127.0.0.0/8, ::1 or localhost).
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Builds the application; `onRunning` receives the bound port (useful with port 0).
    public static func application(
        platform: Platform, host: String, port: Int, escalationInterval: Duration = .seconds(60), logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Observability.bootstrap()
        let router = APIRoutes(platform: platform).router()
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "chengyun"),
            services: [EscalationTicker(platform: platform, interval: escalationInterval) as any Service]
                + (platform.settings.hotlineWebhook.map { [OutboxDispatcher(platform: platform, url: $0) as any Service] } ?? []),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
