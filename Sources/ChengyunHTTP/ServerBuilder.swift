public import ChengyunServices
import Foundation
public import Hummingbird
import HummingbirdCore
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
        platform: Platform, host: String, port: Int, escalationInterval: Duration = .seconds(60), limits: ServerLimits = ServerLimits(), logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Observability.bootstrap()
        let router = APIRoutes(platform: platform, load: limits.load, trustedProxies: limits.connections.trustedProxies).router()
        let counter = ConcurrencyCounts(limit: limits.connections.maxPerAddress)
        BodyDeadline.set(seconds: limits.connections.bodyTimeout)
        return Application(
            router: router,
            server: .http1(configuration: .init(
                additionalChannelHandlers: [PerAddressConnectionLimiter(counter: counter, exempt: limits.connections.trustedProxies)], idleTimeout: limits.connections.idleTimeout)),
            configuration: .init(
                address: .hostname(host, port: port), serverName: "chengyun", backlog: 1024,
                availableConnectionsDelegate: MaximumAvailableConnections(limits.connections.maxConnections)),
            services: backgroundServices(platform, escalationInterval: escalationInterval),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}

/// Every limit that keeps the server up under load or attack (see docs/OPERATIONS.md, "Staying up").
public struct ServerLimits: Sendable, Hashable {
    public var connections = ConnectionLimits()
    public var load = LoadLimits()
    public init() {}
}

extension ServerBuilder {
    /// 超期升级 escalation, the rollups' overdue mark, key usage, the 12345 outbox (with a webhook), the stored
    /// hotspots (when refreshed) and, with several nodes, the other nodes' changes.
    static func backgroundServices(_ platform: Platform, escalationInterval: Duration) -> [any Service] {
        let logger = platform.logger
        var services: [any Service] = [
            // Once across the nodes (the node that holds the job runs it; the others skip this turn).
            Periodic("escalation tick", every: escalationInterval, logger: logger) {
                let moved = try await platform.cluster.exclusively("escalation") { try await platform.cases.escalateOverdue() } ?? 0
                if moved > 0 { logger.info("escalated overdue cases", metadata: ["count": "\(moved)"]) }
            },
            Periodic("overdue mark", every: .seconds(60), logger: logger) { _ = try await platform.cluster.exclusively("overdue mark") { try await platform.kpi.markOverdue() } },
            KeyUsageFlusher(platform: platform),
            // 感知: silence rules (datastreams gone quiet), readings past their retention, alarms' loops closed with their cases.
            Periodic("alarm silence", every: .seconds(30), logger: logger) { try await platform.sensing.tick() },
            Periodic("reading compaction", every: .seconds(5), logger: logger) {
                _ = try await platform.cluster.exclusively("reading compaction") { try await platform.sensing.compactReadings() }
            },
            Periodic("reading retention", every: .seconds(3600), logger: logger) {
                _ = try await platform.cluster.exclusively("reading retention") { try await platform.sensing.dropOldReadings() }
            },
            AlarmLoopCloser(platform: platform),
            // 三级应急维修: an emergency repair no one reached within the clock goes to the next level.
            Periodic("repair clock", every: .seconds(30), logger: logger) {
                let moved = try await platform.cluster.exclusively("repair clock") { try await platform.property.passOnLateRepairs() } ?? 0
                if moved > 0 { logger.info("emergency repairs passed on", metadata: ["count": "\(moved)"]) }
            },
            Periodic("instruction escalation", every: .seconds(30), logger: logger) {
                _ = try await platform.cluster.exclusively("instruction escalation") { try await platform.instructions.escalate() }
            },
            // 房态图: every committee's maps drawn once a day (and again when the city's rules change), once across the nodes;
            // the first turn a minute after start (`chengyun demo` draws a new city's at once).
            Periodic("status maps", every: .seconds(60), firstAfter: .seconds(60), logger: logger) {
                let drawn = try await platform.cluster.exclusively("status maps") { try await platform.statusMaps.drawDue() } ?? 0
                if drawn > 0 { logger.info("status maps drawn", metadata: ["committees": "\(drawn)"]) }
            },
        ]
        if let url = platform.settings.hotlineWebhook { services.append(OutboxDispatcher(platform: platform, url: url)) }
        if let url = platform.settings.groupChatGateway { services.append(OutboxDispatcher.groupChats(platform: platform, url: url)) }
        services += WarningChannels.services(platform, logger: logger)
        // Several nodes on one database: their changes reach this node's streams, caches and reference data.
        services.append(ClusterListener(cluster: platform.cluster))
        if platform.settings.hotspotRefreshSeconds > 0 {
            services.append(Periodic("hotspot refresh", every: .milliseconds(Int64(platform.settings.hotspotRefreshSeconds * 1_000)), logger: logger) {
                let found = try await platform.cluster.exclusively("hotspot refresh") { try await platform.hotspots.refresh() } ?? 0
                logger.debug("hotspots found again", metadata: ["count": "\(found)"])
            })
        }
        return services
    }
}
