public import Foundation

public typealias AlarmRuleID = Identifier<AlarmRule>
public typealias AlarmID = Identifier<Alarm>

/// 告警等级 — 蓝 blue (IV) < 黄 yellow (III) < 橙 orange (II) < 红 red (I).
public enum AlarmLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case blue, yellow, orange, red

    public var chineseName: String {
        switch self {
        case .blue: "蓝色"
        case .yellow: "黄色"
        case .orange: "橙色"
        case .red: "红色"
        }
    }

    /// The standard's grade: IV for blue … I for red.
    public var grade: String {
        switch self {
        case .blue: "IV"
        case .yellow: "III"
        case .orange: "II"
        case .red: "I"
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// 告警规则 — when readings raise an alarm, at what level, and whether it opens a case.
public struct AlarmRule: Sendable, Hashable, Codable, Identifiable {
    public var id: AlarmRuleID
    public var name: String
    public var level: AlarmLevel
    /// The node that owns the rule (who may change it) and its path; a rule by kind watches devices under it.
    public var nodeID: NodeID
    public var nodePath: String
    /// What it watches: one datastream, or every datastream of a kind of device (and property) under its node.
    public var target: Target
    public var trigger: Trigger
    /// The case category an alarm opens a case in, through the `sensor` intake; nil raises the alarm only.
    public var categoryID: String?
    /// 连锁反应 — the rule whose alarm this one's alarms are grouped under when raised in its area while it is on
    /// (a power cut expects lift-entrapment alarms in the same area: they join its incident, no case of their own).
    public var groupUnder: AlarmRuleID?
    public var active: Bool

    public init(id: AlarmRuleID, name: String, level: AlarmLevel, nodeID: NodeID, nodePath: String, target: Target, trigger: Trigger,
                categoryID: String? = nil, groupUnder: AlarmRuleID? = nil, active: Bool = true) {
        self.id = id
        self.name = name
        self.level = level
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.target = target
        self.trigger = trigger
        self.categoryID = categoryID
        self.groupUnder = groupUnder
        self.active = active
    }

    /// What a rule watches.
    public struct Target: Sendable, Hashable, Codable {
        /// One datastream; nil for a rule by kind.
        public var datastreamID: DatastreamID?
        /// Every datastream of this kind under the rule's node; nil for a rule on one datastream.
        public var kind: DeviceKind?
        /// Only datastreams of this observed property (a device measuring several); nil for any.
        public var property: String?

        public init(datastreamID: DatastreamID? = nil, kind: DeviceKind? = nil, property: String? = nil) {
            self.datastreamID = datastreamID
            self.kind = kind
            self.property = property
        }
    }

    /// What fires a rule.
    public struct Trigger: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            /// 阈值 — a reading crosses `raise`; the alarm clears only once readings pass back over `clear`
            /// (hysteresis), and it is raised only when readings stay over `raise` for `sustainSeconds`.
            case threshold
            /// 变化率 — the change per minute between two readings crosses `raise` (`clear` to clear).
            case rate
            /// 失联 — no reading for `silenceSeconds`; the next reading clears it.
            case silence
            /// 多碰头 — the member rules' alarms are on together (all of them, or any) somewhere in the rule's area.
            case coincidence
        }
        public var kind: Kind
        /// For threshold and rate: whether readings above (true) or below (false) `raise` fire.
        public var above: Bool
        public var raise: Double
        public var clear: Double
        public var sustainSeconds: Int
        public var silenceSeconds: Int
        /// For coincidence: the rules whose alarms must coincide, and whether all of them must (三碰头) or any.
        public var members: [AlarmRuleID]
        public var all: Bool

        public init(kind: Kind, above: Bool = true, raise: Double = 0, clear: Double? = nil, sustainSeconds: Int = 0, silenceSeconds: Int = 0,
                    members: [AlarmRuleID] = [], all: Bool = true) {
            self.kind = kind
            self.above = above
            self.raise = raise
            self.clear = clear ?? raise
            self.sustainSeconds = sustainSeconds
            self.silenceSeconds = silenceSeconds
            self.members = members
            self.all = all
        }

        public static func threshold(above: Bool = true, raise: Double, clear: Double? = nil, sustainSeconds: Int = 0) -> Trigger {
            Trigger(kind: .threshold, above: above, raise: raise, clear: clear, sustainSeconds: sustainSeconds)
        }
        public static func rate(above: Bool = true, perMinute: Double, clear: Double? = nil) -> Trigger {
            Trigger(kind: .rate, above: above, raise: perMinute, clear: clear)
        }
        public static func silence(seconds: Int) -> Trigger { Trigger(kind: .silence, silenceSeconds: seconds) }
        public static func coincidence(_ members: [AlarmRuleID], all: Bool = true) -> Trigger {
            Trigger(kind: .coincidence, members: members, all: all)
        }
    }

    /// Whether the rule watches `stream` (a datastream under its node, of its kind and property, or the one it names).
    public func watches(_ stream: Datastream) -> Bool {
        if let id = target.datastreamID { return id == stream.id }
        guard let kind = target.kind, kind == stream.kind, stream.nodePath.hasPrefix(nodePath) else { return false }
        return target.property.map { $0 == stream.property } ?? true
    }

    /// Checks a rule's shape before it is stored.
    /// - Throws: `DomainError` 400 naming the field that is wrong.
    public func checked() throws(DomainError) -> AlarmRule {
        var rule = self
        rule.name = name.trimmingCharacters(in: .whitespaces)
        guard !rule.name.isEmpty else { throw SensingError.ruleName }
        try InputLimits.check(rule.name, field: "name", max: InputLimits.label)
        switch trigger.kind {
        case .threshold, .rate:
            guard target.datastreamID != nil || target.kind != nil else { throw SensingError.ruleTarget }
            guard trigger.raise.isFinite, trigger.clear.isFinite else { throw SensingError.ruleValue("trigger.raise") }
            guard trigger.above ? trigger.clear <= trigger.raise : trigger.clear >= trigger.raise else { throw SensingError.hysteresis(above: trigger.above) }
            guard (0...86_400).contains(trigger.sustainSeconds) else { throw SensingError.ruleValue("trigger.sustainSeconds") }
        case .silence:
            guard target.datastreamID != nil || target.kind != nil else { throw SensingError.ruleTarget }
            guard (60...30 * 86_400).contains(trigger.silenceSeconds) else { throw SensingError.ruleValue("trigger.silenceSeconds") }
        case .coincidence:
            guard trigger.members.count >= 2, Set(trigger.members).count == trigger.members.count, !trigger.members.contains(id) else {
                throw SensingError.coincidenceMembers
            }
        }
        return rule
    }
}

/// 告警 — an alarm raised by a rule on a datastream (or, for a coincidence, over an area), with its lifecycle:
/// raised → acknowledged → cleared, each with who and when.
public struct Alarm: Sendable, Hashable, Codable, Identifiable {
    public var id: AlarmID
    public var ruleID: AlarmRuleID
    public var ruleName: String
    public var level: AlarmLevel
    /// The datastream and device that fired it; nil for a coincidence over an area.
    public var datastreamID: DatastreamID?
    public var deviceID: DeviceID?
    /// The device's name when the alarm was raised (a coincidence has none).
    public var deviceName: String?
    public var kind: DeviceKind?
    /// Where it is: the device's node, or the coincidence rule's node.
    public var nodePath: String
    public var location: GeoPoint?
    public var state: State
    /// The reading that raised it (and its time).
    public var value: Double?
    public var raisedAt: Date
    public var acknowledgedAt: Date?
    public var acknowledgedBy: String?
    public var clearedAt: Date?
    /// Who cleared it: a user, or `platform` when readings came back to normal.
    public var clearedBy: String?
    /// How many times the rule fired again while this alarm was on or its case open.
    public var refires: Int
    /// The case it opened (or joined, on a re-fire while that case was open), and when that case was closed.
    public var caseID: CaseID?
    public var loopClosedAt: Date?
    /// The incident it is grouped under (a cascade).
    public var parentID: AlarmID?
    /// For a household device: the committee it goes to, not the city's queue.
    public var household: Bool

    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case raised, acknowledged, cleared
    }

    public init(id: AlarmID, ruleID: AlarmRuleID, ruleName: String, level: AlarmLevel, datastreamID: DatastreamID?, deviceID: DeviceID?, kind: DeviceKind?,
                nodePath: String, location: GeoPoint?, state: State = .raised, value: Double?, raisedAt: Date, acknowledgedAt: Date? = nil,
                acknowledgedBy: String? = nil, clearedAt: Date? = nil, clearedBy: String? = nil, refires: Int = 0, caseID: CaseID? = nil,
                loopClosedAt: Date? = nil, parentID: AlarmID? = nil, household: Bool = false) {
        self.id = id
        self.ruleID = ruleID
        self.ruleName = ruleName
        self.level = level
        self.datastreamID = datastreamID
        self.deviceID = deviceID
        self.kind = kind
        self.nodePath = nodePath
        self.location = location
        self.state = state
        self.value = value
        self.raisedAt = raisedAt
        self.acknowledgedAt = acknowledgedAt
        self.acknowledgedBy = acknowledgedBy
        self.clearedAt = clearedAt
        self.clearedBy = clearedBy
        self.refires = refires
        self.caseID = caseID
        self.loopClosedAt = loopClosedAt
        self.parentID = parentID
        self.household = household
    }

    /// Whether the alarm is still on (raised or acknowledged, not cleared).
    public var isOn: Bool { state != .cleared }
}
