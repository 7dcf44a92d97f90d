public import ChengyunCore
public import ChengyunHTTP
public import ChengyunServices
public import Foundation
import NIOCore

/// Everything a Chengyun process is configured with, one struct per component, each with its defaults.
///
/// Read by ``ConfigurationLoader`` from the command line, then the environment (`CHENGYUN_…`), then a JSON file
/// (`--config`), then these defaults; every key is listed in docs/OPERATIONS.md.
public struct ChengyunConfiguration: Sendable, Hashable {
    public var server = Server()
    /// Load shedding (`load.…`): rate limits and the gates in front of dear reads (docs/OPERATIONS.md, "Staying up").
    public var load = LoadLimits()
    public var database = Database()
    public var security = Security()
    public var loop = Loop()
    public var kpi = KPI()
    public var hotspots = Hotspots()
    public var sensing = Sensing()
    public var duplicates = Duplicates()
    public var console = Console()
    public var hotline = Hotline()
    public var notices = Notices()
    public var warnings = Warnings()
    public var attachments = Attachments()
    public var logging = Logging()

    public init() {}

    /// The HTTP listener and the limits that keep it up under load (`server.…`).
    public struct Server: Sendable, Hashable {
        public var host = "127.0.0.1"
        public var port = 8080
        public var maxConnections = 8_000
        public var maxConnectionsPerAddress = 256
        /// Seconds.
        public var idleTimeout = 30
        /// Seconds; an upload gets four times it.
        public var bodyTimeout = 30
        public var maxStreamsPerUser = 6
        public var maxStreams = 2_000
        /// The load balancers' addresses, separated by commas (`X-Forwarded-For` is believed from them alone).
        public var trustedProxies = ""
        /// `trustedProxies` as a set.
        public var trustedProxySet: Set<String> {
            Set(trustedProxies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        public init() {}
    }

    /// Where the store is (`database.…`).
    public struct Database: Sendable, Hashable {
        /// `sqlite:/path/file.sqlite`, `sqlite:relative/file.sqlite` or a plain path; `postgres://…` arrives with issue 16.
        public var url = "var/chengyun.sqlite"
        public var durability = "process"
        public init() {}
    }

    /// Data keys, sign-in sessions and the watch on personal data (`security.…`).
    public struct Security: Sendable, Hashable {
        /// The data keys file; nil: the database's path + `.keys`.
        public var dataKeysFile: String?
        public var sessionHours = 12.0
        public var identityCacheSeconds = 30.0
        public var signIn = SignInPolicy()
        public var accessWatch = AccessWatchPolicy()
        public init() {}
    }

    /// The case loop (`loop.…`).
    public struct Loop: Sendable, Hashable {
        public var returnsBeforeArbitration = 2
        public var linkageTopLevel = 3
        public var videoReviewMetres = 300.0
        public var escalateUpTo = OrgNode.Kind.city
        /// Seconds between runs of the overdue-escalation service.
        public var escalationInterval = 60
        public var dueSoonHours = 4.0
        public var autoAcceptSources: Set<CaseSource> = [.hotline, .police110, .sensor, .whistleblower]
        /// 三级应急维修 — minutes each level has to reach an emergency repair before it goes to the next.
        public var repairArrivalMinutes = 30
        public init() {}
    }

    /// KPI formulas (`kpi.…`).
    public struct KPI: Sendable, Hashable {
        public var responseHours = 2.0
        public var satisfiedScore = 4
        public init() {}
    }

    /// 类案治理 — the defaults of the hotspot view (`hotspots.…`); a request may choose its own.
    public struct Hotspots: Sendable, Hashable {
        public var minCases = 3
        public var days = 30
        public var metres = 100.0
        /// How often the city's hotspots with these defaults are found again and stored; 0: never.
        public var refreshSeconds = 300.0
        public init() {}
    }

    /// 感知 — how long readings are kept (`sensing.…`): raw readings and minute rollups by whole days; hour rollups are kept.
    public struct Sensing: Sendable, Hashable {
        public var rawRetentionDays = 7
        public var minuteRetentionDays = 90
        public init() {}
    }

    /// Possible duplicates at intake (`duplicates.…`).
    public struct Duplicates: Sendable, Hashable {
        public var metres = 50.0
        public var hours = 72.0
        public init() {}
    }

    /// The console's base map (`console.…`).
    public struct Console: Sendable, Hashable {
        /// A Leaflet template of the deployment's own tile server; may carry credentials, so it is printed redacted.
        public var tileURL: String?
        public var tileAttribution: String?
        /// A working copy of Resources/console to serve instead of the build's copy (edit pages without rebuilding).
        public var filesRoot: String?
        /// Where Debian's Leaflet and Chart.js packages are.
        public var javascriptRoot = "/usr/share/javascript"
        public init() {}
    }

    /// The 12345 hotline (`hotline.…`).
    public struct Hotline: Sendable, Hashable {
        /// Where tickets' status is POSTed; may carry a token, so it is printed redacted.
        public var webhook: URL?
        public init() {}
    }

    /// 楼组通知 (`notices.…`).
    public struct Notices: Sendable, Hashable {
        /// The gateway into the building groups' chats (a group robot's bridge, an SMS gateway); may carry a token, so it is
        /// printed redacted.
        public var chatGateway: URL?
        public init() {}
    }

    /// 预警渠道 (`warnings.…`): where published warnings are pushed as CAP, and the feed new ones are pulled from.
    public struct Warnings: Sendable, Hashable {
        /// Each channel's URL (printed as given by `chengyun config`: keep tokens out of them).
        public var channels: [URL] = []
        public var pullURL: URL?
        public var pullSeconds = 60
        public init() {}
    }

    /// 附件限额 (`attachments.…`).
    public struct Attachments: Sendable, Hashable {
        public var maxFileBytes = 8 * 1024 * 1024
        public var residentDailyBytes = 50 * 1024 * 1024
        public var staffDailyBytes = 500 * 1024 * 1024
        public init() {}
    }

    /// The log (`logging.…`).
    public struct Logging: Sendable, Hashable {
        /// trace, debug, info, notice, warning, error or critical.
        public var level = "info"
        public init() {}
    }
}

extension ChengyunConfiguration {
    /// The settings of the case loop the platform runs with.
    public var platformSettings: PlatformSettings {
        var settings = PlatformSettings(
            duplicates: DuplicatePolicy(distanceMetres: duplicates.metres, windowHours: duplicates.hours),
            escalation: Escalation(highestKind: loop.escalateUpTo),
            kpi: KPIPolicy(responseHours: kpi.responseHours, satisfiedScore: kpi.satisfiedScore),
            sessionHours: security.sessionHours,
            autoAcceptSources: loop.autoAcceptSources,
            dueSoonHours: loop.dueSoonHours,
            loop: LoopPolicy(returnsBeforeArbitration: loop.returnsBeforeArbitration, linkageTopLevel: loop.linkageTopLevel,
                             videoReviewMetres: loop.videoReviewMetres),
            hotspots: HotspotPolicy(minCases: hotspots.minCases, days: hotspots.days, metres: hotspots.metres),
            hotlineWebhook: hotline.webhook)
        settings.hotspotRefreshSeconds = hotspots.refreshSeconds
        settings.groupChatGateway = notices.chatGateway
        settings.repairArrivalMinutes = loop.repairArrivalMinutes
        settings.warnings = WarningSettings(channels: warnings.channels, pullURL: warnings.pullURL, pullSeconds: warnings.pullSeconds)
        settings.sensing = SensingSettings(rawRetentionDays: sensing.rawRetentionDays, minuteRetentionDays: sensing.minuteRetentionDays)
        settings.console = ConsoleSettings(tileURL: console.tileURL, tileAttribution: console.tileAttribution,
                                           filesRoot: console.filesRoot, javascriptRoot: console.javascriptRoot)
        settings.attachments = AttachmentPolicy(
            maxFileBytes: attachments.maxFileBytes, residentDailyBytes: attachments.residentDailyBytes, staffDailyBytes: attachments.staffDailyBytes)
        settings.security.signIn = security.signIn
        settings.security.accessWatch = security.accessWatch
        settings.security.identityCacheSeconds = security.identityCacheSeconds
        settings.security.streams = LiveStreams.Limits(perIdentity: server.maxStreamsPerUser, total: server.maxStreams)
        return settings
    }

    /// The HTTP server's limits; `openFiles` is the open-file limit in force (connections stay 512 below it).
    public func serverLimits(openFiles: Int) -> ServerLimits {
        var limits = ServerLimits()
        limits.connections.maxConnections = max(64, min(server.maxConnections, openFiles - 512))
        limits.connections.maxPerAddress = server.maxConnectionsPerAddress
        limits.connections.idleTimeout = .seconds(Int64(server.idleTimeout))
        limits.connections.bodyTimeout = server.bodyTimeout
        limits.connections.trustedProxies = server.trustedProxySet
        limits.load = load
        return limits
    }
}
