/// 城市数字体征 — the five dimensions of the city's vital signs (seed 000).
public enum VitalSignDimension: String, Sendable, Hashable, Codable, CaseIterable {
    /// 城市动态
    case dynamics
    /// 城市环境
    case environment
    /// 城市交通
    case traffic
    /// 城市保障供应
    case supply
    /// 城市基础设施
    case infrastructure

    public var chineseName: String {
        switch self {
        case .dynamics: "城市动态"
        case .environment: "城市环境"
        case .traffic: "城市交通"
        case .supply: "城市保障供应"
        case .infrastructure: "城市基础设施"
        }
    }

    /// The first two letters of the codes of its indicators (`DY01`, `DY01.02`).
    public var codePrefix: String {
        switch self {
        case .dynamics: "DY"
        case .environment: "EN"
        case .traffic: "TR"
        case .supply: "SU"
        case .infrastructure: "IN"
        }
    }
}

/// 指标 — one indicator of the vital-signs catalogue, held as data (docs/VITAL-SIGNS.md). A first-level indicator
/// (a slot: `EN03`) may have second-level ones beneath it (`EN03.02`); an indicator without a formula is a slot no
/// source feeds yet.
public struct VitalSign: Sendable, Hashable, Codable {
    public var code: String
    /// The first-level indicator this one sits under; nil for a first-level one.
    public var parent: String?
    public var dimension: VitalSignDimension
    public var name: String
    public var nameEn: String
    public var unit: String
    /// The window the value is computed over, ending now (whole hours, the current one included).
    public var windowHours: Int
    public var formula: VitalSignFormula?
    public var levels: VitalSignLevels?
    /// The normal range shown beside the value.
    public var normalLow: Double?
    public var normalHigh: Double?

    public init(code: String, parent: String? = nil, dimension: VitalSignDimension, name: String, nameEn: String, unit: String = "",
                windowHours: Int = 24, formula: VitalSignFormula? = nil, levels: VitalSignLevels? = nil,
                normalLow: Double? = nil, normalHigh: Double? = nil) {
        self.code = code
        self.parent = parent
        self.dimension = dimension
        self.name = name
        self.nameEn = nameEn
        self.unit = unit
        self.windowHours = windowHours
        self.formula = formula
        self.levels = levels
        self.normalLow = normalLow
        self.normalHigh = normalHigh
    }

    public var isFirstLevel: Bool { parent == nil }
}

/// 公式 — what an indicator is computed from: sensor readings of one observed property in the area (from the hourly
/// area rollups), the case loop in the area, or the alarms on in it.
public struct VitalSignFormula: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Hashable, Codable, CaseIterable { case readings, cases, alarms }
    public enum Aggregate: String, Sendable, Hashable, Codable, CaseIterable { case mean, max, min, sum, count }
    public enum Figure: String, Sendable, Hashable, Codable, CaseIterable {
        /// Cases reported in the window.
        case reported
        /// Cases reported in the window and closed.
        case closed
        /// Cases reported in the window that went past their deadline.
        case overdue
        /// 按期处置率, 结案率, 满意率 (percent) of the cases reported in the window.
        case onTimeRate, closureRate, satisfactionRate

        public var isRate: Bool { self == .onTimeRate || self == .closureRate || self == .satisfactionRate }
    }

    public var source: Source
    /// readings: the observed property (`rainfall`, `waterLevel` …) and how the window's readings are combined.
    public var property: String?
    public var aggregate: Aggregate?
    /// cases: the figure, limited to one channel and one category when given.
    public var figure: Figure?
    public var caseSource: CaseSource?
    public var categoryID: String?
    /// alarms: only those at this level or above.
    public var minLevel: AlarmLevel?

    public init(source: Source, property: String? = nil, aggregate: Aggregate? = nil, figure: Figure? = nil, caseSource: CaseSource? = nil,
                categoryID: String? = nil, minLevel: AlarmLevel? = nil) {
        self.source = source
        self.property = property
        self.aggregate = aggregate
        self.figure = figure
        self.caseSource = caseSource
        self.categoryID = categoryID
        self.minLevel = minLevel
    }

    public static func readings(_ property: String, _ aggregate: Aggregate) -> Self { Self(source: .readings, property: property, aggregate: aggregate) }
    public static func cases(_ figure: Figure, source: CaseSource? = nil, category: String? = nil) -> Self {
        Self(source: .cases, figure: figure, caseSource: source, categoryID: category)
    }
    public static func alarms(minLevel: AlarmLevel? = nil) -> Self { Self(source: .alarms, minLevel: minLevel) }
}

/// 预警等级 — when an indicator's state leaves normal. `absolute` compares the value with the thresholds; `relative`
/// compares the percent by which the value exceeds the mean of the seven windows before (volumes depend on an area's
/// size, their surges do not). Thresholds rise in severity for `above`, fall for `below`; any may be left out.
public struct VitalSignLevels: Sendable, Hashable, Codable {
    public enum Mode: String, Sendable, Hashable, Codable { case absolute, relative }
    public enum Direction: String, Sendable, Hashable, Codable { case above, below }

    public var mode: Mode
    public var direction: Direction
    public var blue: Double?
    public var yellow: Double?
    public var orange: Double?
    public var red: Double?

    public init(mode: Mode = .absolute, direction: Direction = .above, blue: Double? = nil, yellow: Double? = nil, orange: Double? = nil,
                red: Double? = nil) {
        self.mode = mode
        self.direction = direction
        self.blue = blue
        self.yellow = yellow
        self.orange = orange
        self.red = red
    }

    public func threshold(_ level: AlarmLevel) -> Double? {
        switch level {
        case .blue: blue
        case .yellow: yellow
        case .orange: orange
        case .red: red
        }
    }

    /// The highest level `x` reaches, nil when none.
    public func level(of x: Double) -> AlarmLevel? {
        AlarmLevel.allCases.reversed().first { level in
            guard let t = threshold(level) else { return false }
            return direction == .above ? x >= t : x <= t
        }
    }
}

/// 状态 — where an indicator stands in an area now.
public enum VitalSignState: String, Sendable, Hashable, Codable, CaseIterable {
    case normal, blue, yellow, orange, red
    /// Fed, but nothing arrived in the window (no devices of that property in the area, or all silent).
    case noData
    /// 未接入 — a slot no source feeds yet.
    case noSource

    public init(_ level: AlarmLevel?) {
        switch level {
        case nil: self = .normal
        case .blue: self = .blue
        case .yellow: self = .yellow
        case .orange: self = .orange
        case .red: self = .red
        }
    }
}
