public import ChengyunCore
public import Foundation

/// Deployment settings of the case loop; built from the configuration by the composition root (ChengyunServer's
/// `ChengyunConfiguration.platformSettings`); every key is documented in docs/OPERATIONS.md.
public struct PlatformSettings: Sendable, Hashable, Codable {
    public var duplicates: DuplicatePolicy
    public var escalation: Escalation
    public var kpi: KPIPolicy
    /// Sign-in sessions last this many hours.
    public var sessionHours: Double
    /// Reports from these sources are accepted (立案) at intake and dispatched by rule at once:
    /// the sending system has already vetted them.
    public var autoAcceptSources: Set<CaseSource>
    /// A case is "due soon" within this many hours of its deadline.
    public var dueSoonHours: Double
    /// Returns before arbitration, the top level of three-level linkage, the reach of a camera.
    public var loop: LoopPolicy
    /// 类案治理 — when repeated problems count as a hotspot.
    public var hotspots: HotspotPolicy
    /// 类案治理 — how often the city's hotspots with `hotspots` are found again and stored (the server's hotspot refresh);
    /// requests with those defaults are answered from the stored run while it is younger than twice this. 0: never
    /// stored, every request finds them itself.
    public var hotspotRefreshSeconds: Double = 300
    /// Where the status of 12345 tickets is pushed (the hotline system's webhook); nil sends nothing.
    public var hotlineWebhook: URL?
    /// 群机器人 — the deployment's gateway into the building groups' chats: each notice is POSTed there once per group with
    /// a chat, from the outbox with retries; nil sends nothing (the leaders relay by hand).
    public var groupChatGateway: URL?
    /// How the console draws its maps.
    public var console: ConsoleSettings = ConsoleSettings()
    /// 附件限额 — the largest file and what one person may upload in 24 hours.
    public var attachments: AttachmentPolicy = AttachmentPolicy()
    /// Sign-in protection and live-stream limits.
    public var security: SecuritySettings = SecuritySettings()
    /// How long readings are kept.
    public var sensing: SensingSettings = SensingSettings()
    /// Where warnings are pushed and pulled from.
    public var warnings: WarningSettings = WarningSettings()
    /// 三级应急维修 — the minutes each level has to arrive at an emergency repair before it goes to the next (seed 002's
    /// 30-minute response).
    public var repairArrivalMinutes: Int = 30

    public init(
        duplicates: DuplicatePolicy = DuplicatePolicy(), escalation: Escalation = Escalation(), kpi: KPIPolicy = KPIPolicy(),
        sessionHours: Double = 12, autoAcceptSources: Set<CaseSource> = [.hotline, .police110, .sensor, .whistleblower], dueSoonHours: Double = 4,
        loop: LoopPolicy = LoopPolicy(), hotspots: HotspotPolicy = HotspotPolicy(), hotlineWebhook: URL? = nil
    ) {
        self.duplicates = duplicates
        self.escalation = escalation
        self.kpi = kpi
        self.sessionHours = sessionHours
        self.autoAcceptSources = autoAcceptSources
        self.dueSoonHours = dueSoonHours
        self.loop = loop
        self.hotspots = hotspots
        self.hotlineWebhook = hotlineWebhook
    }
}

/// 感知 — how long raw readings and their minute rollups are kept (hour rollups are kept); whole days are dropped.
public struct SensingSettings: Sendable, Hashable, Codable {
    public var rawRetentionDays: Int
    public var minuteRetentionDays: Int
    public init(rawRetentionDays: Int = 7, minuteRetentionDays: Int = 90) {
        self.rawRetentionDays = rawRetentionDays
        self.minuteRetentionDays = minuteRetentionDays
    }
}

/// 预警渠道 — the channels every published warning (and its update or cancellation) is pushed to as CAP 1.2, from the
/// outbox with retries (`warnings.channels`), and the meteorological service's feed pulled for new warnings
/// (`warnings.pullURL`: an Atom index of CAP documents, or one CAP document), every `pullSeconds`.
public struct WarningSettings: Sendable, Hashable, Codable {
    public var channels: [URL]
    public var pullURL: URL?
    public var pullSeconds: Int
    public init(channels: [URL] = [], pullURL: URL? = nil, pullSeconds: Int = 60) {
        self.channels = channels
        self.pullURL = pullURL
        self.pullSeconds = pullSeconds
    }

    /// The outbox topic of the `index`th channel.
    public static func topic(_ index: Int) -> String { "warning.push.\(index)" }
}

/// The console's base map: the grid and boundary geometry always; under it a deployment's own tile server if it
/// has one (`serve --tile-url`), since the console must work with no internet.
public struct ConsoleSettings: Sendable, Hashable, Codable {
    /// A Leaflet URL template such as `http://tiles.city.local/{z}/{x}/{y}.png`; nil draws no tiles.
    public var tileURL: String?
    /// The credit shown on the map for those tiles.
    public var tileAttribution: String?
    /// Serve the console's pages from this folder (a working copy of Resources/console) instead of the build's copy.
    public var filesRoot: String?
    /// Where Debian's Leaflet and Chart.js packages are; nil: `/usr/share/javascript`.
    public var javascriptRoot: String?

    public init(tileURL: String? = nil, tileAttribution: String? = nil, filesRoot: String? = nil, javascriptRoot: String? = nil) {
        self.tileURL = tileURL
        self.tileAttribution = tileAttribution
        self.filesRoot = filesRoot
        self.javascriptRoot = javascriptRoot
    }

    /// Checks a tile URL template, saying what is wrong with it.
    public static func validTileURL(_ text: String) throws(DomainError) -> String {
        guard let url = URL(string: text.replacingOccurrences(of: "{", with: "%7B").replacingOccurrences(of: "}", with: "%7D")),
              ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw ConsoleError.tileURLNotHTTP
        }
        for part in ["{z}", "{x}", "{y}"] where !text.contains(part) {
            throw ConsoleError.tileURLLacks(part, in: text)
        }
        return text
    }
}

/// 安全 — how sign-in is protected and how many live streams may be open.
public struct SecuritySettings: Sendable, Hashable, Codable {
    public var signIn: SignInPolicy = SignInPolicy()
    public var streams: LiveStreams.Limits = LiveStreams.Limits()
    /// An identity resolved from a token is reused for at most this many seconds (never past the session's end).
    public var identityCacheSeconds: Double = 30
    /// When reads of personal data alert the auditor.
    public var accessWatch: AccessWatchPolicy = AccessWatchPolicy()
    public init() {}
}
