public import Foundation

public typealias DirectReportID = Identifier<DirectReport>

/// 灾情直报 — a damage report sent straight from a street, a committee or a grid during the flood season (seed 001's
/// flood command system): what happened, where, how many (people moved, houses flooded, trees down …), seen by every
/// level above at once.
public struct DirectReport: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// 道路积水 — points
        case waterlogging
        /// 房屋进水 — houses
        case houseFlooded
        /// 树木倒伏 — trees
        case treeDown
        /// 人员转移安置 — people
        case relocated
        /// 人员伤亡 — people
        case casualty
        /// 设施损毁 — facilities
        case facilityDamage
        /// 其他
        case other

        public var chineseName: String {
            switch self {
            case .waterlogging: "道路积水"
            case .houseFlooded: "房屋进水"
            case .treeDown: "树木倒伏"
            case .relocated: "人员转移安置"
            case .casualty: "人员伤亡"
            case .facilityDamage: "设施损毁"
            case .other: "其他灾情"
            }
        }
    }

    public var id: DirectReportID
    public var nodeID: NodeID
    public var nodePath: String
    public var nodeName: String
    public var kind: Kind
    /// How many: points, houses, trees, people or facilities by kind.
    public var count: Int
    public var location: GeoPoint?
    public var address: String
    public var description: String
    /// The reporter's login (a request key is theirs) and name.
    public var reportedBy: String
    public var reporterName: String
    public var reportedAt: Date

    public init(id: DirectReportID, nodeID: NodeID, nodePath: String, nodeName: String, kind: Kind, count: Int, location: GeoPoint?, address: String,
                description: String, reportedBy: String, reporterName: String, reportedAt: Date) {
        self.id = id
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.nodeName = nodeName
        self.kind = kind
        self.count = count
        self.location = location
        self.address = address
        self.description = description
        self.reportedBy = reportedBy
        self.reporterName = reporterName
        self.reportedAt = reportedAt
    }
}

/// 历史汛情回溯 — one flood season of an area, counted from what the platform kept: rain from the readings' area
/// rollups, alarms raised, waterlogging points and cases with their times to close, direct reports.
public struct FloodSeasonSummary: Sendable, Hashable, Codable {
    public struct Reports: Sendable, Hashable, Codable {
        public var kind: DirectReport.Kind
        public var reports: Int
        public var count: Int
        public init(kind: DirectReport.Kind, reports: Int, count: Int) {
            self.kind = kind
            self.reports = reports
            self.count = count
        }
    }

    public var year: Int
    public var from: Date
    public var to: Date
    /// Whether the season is still under way (`to` is now).
    public var current: Bool
    /// 累计雨量 (mm): the area's mean rain intensity summed over the season's hours.
    public var rainfall: Double
    /// The strongest hourly intensity any gauge of the area reported (mm/h).
    public var maxIntensity: Double?
    /// Hours with rain (mean intensity ≥ 0.1 mm/h).
    public var rainHours: Int
    /// Alarms raised, by level.
    public var alarms: [String: Int]
    /// 积水点 — gauges that raised a waterlogging (water-level) alarm.
    public var waterloggingPoints: Int
    /// Waterlogging cases reported, closed, and the mean hours from report to close.
    public var waterloggingCases: Int
    public var waterloggingClosed: Int
    public var meanHoursToClose: Double?
    public var reports: [Reports]

    public init(year: Int, from: Date, to: Date, current: Bool, rainfall: Double, maxIntensity: Double?, rainHours: Int, alarms: [String: Int],
                waterloggingPoints: Int, waterloggingCases: Int, waterloggingClosed: Int, meanHoursToClose: Double?, reports: [Reports]) {
        self.year = year
        self.from = from
        self.to = to
        self.current = current
        self.rainfall = rainfall
        self.maxIntensity = maxIntensity
        self.rainHours = rainHours
        self.alarms = alarms
        self.waterloggingPoints = waterloggingPoints
        self.waterloggingCases = waterloggingCases
        self.waterloggingClosed = waterloggingClosed
        self.meanHoursToClose = meanHoursToClose
        self.reports = reports
    }
}

/// 汛期 — Shanghai's flood season, 1 June to 30 September (local time); the waterlogging category the flood work counts.
public enum FloodSeason {
    public static let startMonth: Int64 = 6, startDay: Int64 = 1
    public static let endMonth: Int64 = 9, endDay: Int64 = 30
    /// 道路积水 — the taxonomy's waterlogging event.
    public static let waterloggingCategory = "event:0405"
}

/// 汛情 — the error codes of direct reports and the season history.
public enum FloodError {
    /// 400 `direct_report.invalid_count`
    public static let count = DomainError.invalid("direct_report.invalid_count", "Give how many (0 to 1,000,000).", field: "count")
    /// 400 `direct_report.invalid_description`
    public static let description = DomainError.invalid("direct_report.invalid_description", "Describe what happened (1 to 2,000 characters).", field: "description")
    /// 400 `flood.invalid_years`
    public static let years = DomainError.invalid("flood.invalid_years", "Ask for 1 to 20 seasons.", field: "years")
}
