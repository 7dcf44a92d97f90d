public import Foundation

public typealias DutyReinforcementID = Identifier<DutyReinforcement>

/// 加强值班值守 — an extra post a flood-season warning adds to a node's roster for the warning's time: open until the
/// node's duty chief assigns someone to it (which puts a shift on the roster), ended when the warning is cancelled.
public struct DutyReinforcement: Sendable, Hashable, Codable, Identifiable {
    public var id: DutyReinforcementID
    /// The warning that raised the level (the last of an upgrade).
    public var warningID: WarningID
    public var nodeID: NodeID
    public var nodePath: String
    public var nodeName: String
    public var post: DutyPost
    public var level: AlarmLevel
    public var start: Date
    public var end: Date
    public var userID: UserID?
    public var userName: String?
    public var shiftID: ShiftID?

    public init(id: DutyReinforcementID, warningID: WarningID, nodeID: NodeID, nodePath: String, nodeName: String, post: DutyPost, level: AlarmLevel,
                start: Date, end: Date, userID: UserID? = nil, userName: String? = nil, shiftID: ShiftID? = nil) {
        self.id = id
        self.warningID = warningID
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.nodeName = nodeName
        self.post = post
        self.level = level
        self.start = start
        self.end = end
        self.userID = userID
        self.userName = userName
        self.shiftID = shiftID
    }

    public var isFilled: Bool { userID != nil }
}

/// 加强值守方案 — how many extra posts of each kind a flood-season warning of each level puts on the roster of a
/// district's, a street's and a committee's duty desk (our design, after the flood command system's duty reinforced by
/// warning level, seed 001).
public struct ReinforcementPlan: Sendable, Hashable {
    /// level → node kind → post → extra seats.
    public var posts: [AlarmLevel: [OrgNode.Kind: [DutyPost: Int]]]

    public init(posts: [AlarmLevel: [OrgNode.Kind: [DutyPost: Int]]]) { self.posts = posts }

    /// Raised by rainstorm, typhoon, high-tide and flood warnings.
    public static let hazards: Set<Warning.Hazard> = [.rainstorm, .typhoon, .highTide, .flood]

    public static let standard = ReinforcementPlan(posts: [
        .blue: [.district: [.dutyOfficer: 1], .street: [.dutyOfficer: 1]],
        .yellow: [.district: [.leaderOnDuty: 1, .dutyOfficer: 1], .street: [.dutyOfficer: 1], .committee: [.dutyOfficer: 1]],
        .orange: [.district: [.leaderOnDuty: 1, .dutyChief: 1, .dutyOfficer: 2], .street: [.leaderOnDuty: 1, .dutyOfficer: 2],
                  .committee: [.dutyOfficer: 1]],
        .red: [.district: [.leaderOnDuty: 1, .dutyChief: 1, .dutyOfficer: 3], .street: [.leaderOnDuty: 1, .dutyChief: 1, .dutyOfficer: 2],
               .committee: [.leaderOnDuty: 1, .dutyOfficer: 2]],
    ])

    /// The seats a node of `kind` must have at `level`, by post.
    public func seats(_ level: AlarmLevel, _ kind: OrgNode.Kind) -> [DutyPost: Int] { posts[level]?[kind] ?? [:] }

    /// The posts to add at a node of `kind` for `level`, given the open posts it has (an upgrade adds the difference).
    public func missing(_ level: AlarmLevel, _ kind: OrgNode.Kind, open: [DutyPost: Int]) -> [DutyPost: Int] {
        seats(level, kind).reduce(into: [:]) { out, seat in
            let have = open[seat.key] ?? 0
            if seat.value > have { out[seat.key] = seat.value - have }
        }
    }
}
