public import Foundation

public typealias ShiftID = Identifier<Shift>
public typealias HandoverID = Identifier<Handover>

/// 值班岗位 — the post a person holds on a shift.
public enum DutyPost: String, Sendable, Hashable, Codable, CaseIterable {
    /// 带班领导 — the leader on duty
    case leaderOnDuty
    /// 值班长 — the duty chief
    case dutyChief
    /// 值班员 — a duty officer
    case dutyOfficer

    public var chinese: String {
        switch self {
        case .leaderOnDuty: "带班领导"
        case .dutyChief: "值班长"
        case .dutyOfficer: "值班员"
        }
    }
}

/// 班次 — one person on duty at an ops centre or a station from `start` to `end`.
public struct Shift: Sendable, Hashable, Codable, Identifiable {
    public var id: ShiftID
    public var nodeID: NodeID
    public var nodePath: String
    public var post: DutyPost
    public var userID: UserID
    public var userName: String
    public var start: Date
    public var end: Date

    public init(id: ShiftID, nodeID: NodeID, nodePath: String, post: DutyPost, userID: UserID, userName: String, start: Date, end: Date) {
        self.id = id
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.post = post
        self.userID = userID
        self.userName = userName
        self.start = start
        self.end = end
    }

    /// Whether the person is on duty at `instant` (the end is exclusive).
    public func covers(_ instant: Date) -> Bool { start <= instant && instant < end }

    public func overlaps(_ other: Shift) -> Bool { start < other.end && other.start < end }
}

/// 排班规则 — what makes a shift valid.
public enum DutyRules {
    /// The longest shift, in hours.
    public static let maxHours = 24.0

    /// Checks one shift against the rules and against the person's other shifts.
    /// - Throws: `invalid` for a bad time span, `conflict` when the person is already on duty then.
    public static func validate(_ shift: Shift, against others: [Shift], field: String = "start") throws(DomainError) {
        guard shift.end > shift.start else {
            throw DutyError.endBeforeStart
        }
        guard shift.end.timeIntervalSince(shift.start) <= maxHours * 3600 else {
            throw DutyError.tooLong(maxHours: maxHours)
        }
        if let clash = others.first(where: { $0.userID == shift.userID && $0.id != shift.id && $0.overlaps(shift) }) {
            throw DutyError.doubleBooked(shift, clash: clash, field: field)
        }
    }
}

/// 交接班 — a handover between shifts at a centre or station, with the open matters as they stood.
public struct Handover: Sendable, Hashable, Codable, Identifiable {
    public var id: HandoverID
    public var nodeID: NodeID
    public var fromUserID: UserID
    public var fromName: String
    public var toUserID: UserID?
    public var toName: String?
    public var at: Date
    public var note: String
    /// The cases waiting at the node when the handover was recorded (a snapshot).
    public var openMatters: [OpenMatter]
    /// Further matters in words (a visit expected, a device out of order …).
    public var items: [String]

    public init(id: HandoverID, nodeID: NodeID, fromUserID: UserID, fromName: String, toUserID: UserID?, toName: String?, at: Date,
                note: String, openMatters: [OpenMatter], items: [String]) {
        self.id = id
        self.nodeID = nodeID
        self.fromUserID = fromUserID
        self.fromName = fromName
        self.toUserID = toUserID
        self.toName = toName
        self.at = at
        self.note = note
        self.openMatters = openMatters
        self.items = items
    }
}

/// 未结事项 — one case handed over: why it needs attention.
public struct OpenMatter: Sendable, Hashable, Codable {
    public var caseID: CaseID
    public var number: String
    public var summary: String
    public var state: CaseState
    public var overdue: Bool
    public var supervised: Bool
    public var deadline: Date?

    public init(_ record: CaseRecord, now: Date) {
        caseID = record.id
        number = record.number
        summary = String(record.description.prefix(60))
        state = record.state
        overdue = record.isOverdue(at: now)
        supervised = record.supervised
        deadline = record.deadline
    }
}
