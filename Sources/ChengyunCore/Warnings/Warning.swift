public import Foundation

public typealias WarningID = Identifier<Warning>

/// 预警 — a warning: received from the meteorological service (CAP 1.2) or issued by operators with approval, relayed
/// down the tree through the duty path and acknowledged node by node. One row is one CAP message: an update or a
/// cancellation is a message of its own that references the earlier ones.
public struct Warning: Sendable, Hashable, Codable, Identifiable {
    public var id: WarningID
    /// The CAP identifier, unique for the sender.
    public var identifier: String
    public var sender: String
    public var sentAt: Date
    public var status: Status
    public var msgType: MessageType
    /// The identifiers of the messages an update or cancellation refers to.
    public var references: [String]
    public var hazard: Hazard
    /// The event as the sender names it (暴雨蓝色预警).
    public var event: String
    public var level: AlarmLevel
    public var urgency: Urgency
    public var certainty: Certainty
    public var headline: String
    public var description: String
    public var instruction: String
    public var effective: Date?
    public var onset: Date?
    public var expires: Date?
    public var areaDescription: String
    /// The parts of the tree it covers (their subtrees), nearest first; relayed down to their committees.
    public var nodeIDs: [NodeID]
    /// 31631 — the step of a warning sequence this message is, if it is one.
    public var step: Step?
    public var origin: Origin
    public var state: State
    public var issuedBy: String
    public var approvedBy: String?
    public var publishedAt: Date?

    public init(id: WarningID, identifier: String, sender: String, sentAt: Date, status: Status = .actual, msgType: MessageType = .alert,
                references: [String] = [], hazard: Hazard, event: String, level: AlarmLevel, urgency: Urgency = .expected, certainty: Certainty = .likely,
                headline: String, description: String, instruction: String = "", effective: Date? = nil, onset: Date? = nil, expires: Date? = nil,
                areaDescription: String, nodeIDs: [NodeID], step: Step? = nil, origin: Origin, state: State, issuedBy: String, approvedBy: String? = nil,
                publishedAt: Date? = nil) {
        self.id = id
        self.identifier = identifier
        self.sender = sender
        self.sentAt = sentAt
        self.status = status
        self.msgType = msgType
        self.references = references
        self.hazard = hazard
        self.event = event
        self.level = level
        self.urgency = urgency
        self.certainty = certainty
        self.headline = headline
        self.description = description
        self.instruction = instruction
        self.effective = effective
        self.onset = onset
        self.expires = expires
        self.areaDescription = areaDescription
        self.nodeIDs = nodeIDs
        self.step = step
        self.origin = origin
        self.state = state
        self.issuedBy = issuedBy
        self.approvedBy = approvedBy
        self.publishedAt = publishedAt
    }

    /// CAP `status`.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable { case actual = "Actual", exercise = "Exercise", test = "Test" }
    /// CAP `msgType`.
    public enum MessageType: String, Sendable, Hashable, Codable, CaseIterable { case alert = "Alert", update = "Update", cancel = "Cancel" }
    /// CAP `urgency`.
    public enum Urgency: String, Sendable, Hashable, Codable, CaseIterable { case immediate = "Immediate", expected = "Expected", future = "Future", past = "Past", unknown = "Unknown" }
    /// CAP `certainty`.
    public enum Certainty: String, Sendable, Hashable, Codable, CaseIterable { case observed = "Observed", likely = "Likely", possible = "Possible", unlikely = "Unlikely", unknown = "Unknown" }

    /// 灾种 — what the warning is about.
    public enum Hazard: String, Sendable, Hashable, Codable, CaseIterable {
        case rainstorm, typhoon, highTide, flood, heat, coldWave, gale, other
        public var chineseName: String {
            switch self {
            case .rainstorm: "暴雨"
            case .typhoon: "台风"
            case .highTide: "高潮位"
            case .flood: "洪水"
            case .heat: "高温"
            case .coldWave: "寒潮"
            case .gale: "大风"
            case .other: "其他"
            }
        }
        /// CAP `category`: weather, or a flood's geophysical/… — Met for all but flood (Geo would be wrong too): `Met`.
        public var capCategory: String { self == .other ? "Other" : "Met" }
    }

    /// 31631 (Shenzhen): each step narrower in place than the last.
    public enum Step: String, Sendable, Hashable, Codable, CaseIterable {
        /// 3 days ahead: the rain or wind process.
        case day3
        /// 1 day: the area and the time window.
        case day1
        /// 6 hours: the high-risk zones.
        case hour6
        /// 3 hours: zoned warnings.
        case hour3
        /// 1 hour: a quantitative forecast per street.
        case hour1
        /// How long before the onset the step is due.
        public var lead: TimeInterval {
            switch self {
            case .day3: 3 * 86_400
            case .day1: 86_400
            case .hour6: 6 * 3600
            case .hour3: 3 * 3600
            case .hour1: 3600
            }
        }
    }

    /// Where it came from.
    public enum Origin: String, Sendable, Hashable, Codable, CaseIterable {
        /// From the meteorological service (or another authority), in CAP: relayed as it came.
        case received
        /// Issued by the platform's operators: published once another person approves it.
        case issued
    }

    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Issued, waiting for approval.
        case pending
        /// Published and relayed.
        case published
        /// Refused by the approver.
        case refused
    }

    /// CAP `severity`, from the colour: red Extreme, orange Severe, yellow Moderate, blue Minor.
    public var severity: String {
        switch level {
        case .red: "Extreme"
        case .orange: "Severe"
        case .yellow: "Moderate"
        case .blue: "Minor"
        }
    }
}

/// 逐级转发 — a warning relayed to one node (a district, street or committee): when, to whom on duty, and who
/// acknowledged it when.
public struct WarningRelay: Sendable, Hashable, Codable {
    public var warningID: WarningID
    public var nodeID: NodeID
    public var nodePath: String
    public var nodeName: String
    public var kind: OrgNode.Kind
    public var sentAt: Date
    /// Who was on duty there when it came (names), empty when no one was on the roster.
    public var onDuty: [String]
    public var acknowledgedAt: Date?
    public var acknowledgedBy: String?

    public init(warningID: WarningID, nodeID: NodeID, nodePath: String, nodeName: String, kind: OrgNode.Kind, sentAt: Date, onDuty: [String],
                acknowledgedAt: Date? = nil, acknowledgedBy: String? = nil) {
        self.warningID = warningID
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.nodeName = nodeName
        self.kind = kind
        self.sentAt = sentAt
        self.onDuty = onDuty
        self.acknowledgedAt = acknowledgedAt
        self.acknowledgedBy = acknowledgedBy
    }
}

/// 预警 — the error codes of warnings.
public enum WarningError {
    public static func missing(_ field: String) -> DomainError { .invalid("warning.missing", "Give \(field).", field: field) }
    public static func invalid(_ field: String, _ why: String) -> DomainError { .invalid("warning.invalid", "\(field): \(why)", field: field) }
    public static func notCAP(_ why: String) -> DomainError { .invalid("warning.invalid_cap", "The body is not a CAP 1.2 alert: \(why)") }
    public static func duplicate(_ identifier: String) -> DomainError {
        .conflict("warning.duplicate", "A warning with identifier \(identifier) from this sender is here already.", field: "identifier")
    }
    public static func notFound(_ id: String) -> DomainError { .notFound("warning.not_found", "There is no warning \(id) you may see.") }
    public static let notPending = DomainError.conflict("warning.not_pending", "Only a warning waiting for approval can be approved or refused.")
    public static let ownApproval = DomainError.forbidden("warning.own_approval", "Another person approves a warning you issued.")
    public static let nothingToAcknowledge = DomainError.conflict("warning.nothing_to_acknowledge", "This warning was not relayed to a node you are on duty for.")
}
