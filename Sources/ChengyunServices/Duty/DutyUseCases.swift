public import ChengyunCore
import ChengyunStore
public import Foundation

/// A shift as an editor sends it.
public struct ShiftInput: Sendable, Hashable, Codable {
    public var nodeID: NodeID
    public var post: DutyPost
    public var userID: UserID
    public var start: Date
    public var end: Date
    public init(nodeID: NodeID, post: DutyPost, userID: UserID, start: Date, end: Date) {
        self.nodeID = nodeID
        self.post = post
        self.userID = userID
        self.start = start
        self.end = end
    }
}

/// Who is on duty at one level above a place.
public struct DutyLevel: Sendable, Hashable, Codable {
    public var nodeID: NodeID
    public var nodeName: String
    public var kind: OrgNode.Kind
    public var shifts: [Shift]
}

/// A handover as the outgoing person records it.
public struct HandoverInput: Sendable, Hashable, Codable {
    public var nodeID: NodeID
    public var toUserID: UserID?
    public var note: String
    public var items: [String]?
    public init(nodeID: NodeID, toUserID: UserID? = nil, note: String, items: [String]? = nil) {
        self.nodeID = nodeID
        self.toUserID = toUserID
        self.note = note
        self.items = items
    }
}

/// 值班值守 — rosters (排班), who is on duty now, handovers (交接班) and the duty officer's queue.
public struct DutyUseCases: UseCaseGroup {
    let store: any DutyStore & OrganisationStore & UserStore & CaseStore
    let shared: UseCaseContext
    let whoIsOnDuty: OnDutyLookup
}

extension Role {
    /// Staff who read rosters and the grid map.
    static let dutyStaff: Set<Role> = [.admin, .leader, .dutyOfficer, .departmentHandler, .gridInspector, .communityWorker, .stationChief]
}

extension DutyUseCases {

    /// A node whose roster `identity` may edit: a centre (city, district, street) or a committee's station, with
    /// an admin, leader or duty officer over it (or the station chief for a station).
    func rosterNode(_ id: NodeID, by identity: Identity) async throws -> OrgNode {
        let node = try await store.requireNode(id)
        guard node.kind != .grid else {
            throw DutyError.notACentre
        }
        let editors: Set<Role> = node.kind == .committee ? [.admin, .leader, .dutyOfficer, .stationChief] : [.admin, .leader, .dutyOfficer]
        try identity.require(anyOf: editors, at: node.path, to: "edit the roster of \(node.name)")
        return node
    }

    /// A node whose duty `identity` may read: staff whose area includes it or lies below it.
    func dutyReadable(_ id: NodeID, by identity: Identity) async throws -> OrgNode {
        try identity.require(anyOf: Role.dutyStaff, to: "read duty rosters")
        return try await store.visibleNode(id, by: identity)
    }

    func makeShift(_ input: ShiftInput, node: OrgNode) async throws -> Shift {
        guard let user = try await store.user(input.userID), user.active else {
            throw DutyError.noActiveUser(input.userID)
        }
        return Shift(id: ShiftID(0), nodeID: node.id, nodePath: node.path, post: input.post, userID: user.id, userName: user.displayName,
                     start: input.start, end: input.end)
    }

    /// 排班 — adds shifts to rosters; all or none.
    public func createShifts(_ inputs: [ShiftInput], by identity: Identity) async throws -> [Shift] {
        var shifts: [Shift] = []
        for input in inputs { shifts.append(try await makeShift(input, node: try await rosterNode(input.nodeID, by: identity))) }
        return try await store.createShifts(shifts)
    }

    /// 排班表导入 — a node's roster from CSV (docs/DUTY.md); all or none, errors name the line and column.
    public func importRoster(nodeID: NodeID, csv: String, by identity: Identity) async throws -> [Shift] {
        let node = try await rosterNode(nodeID, by: identity)
        var shifts: [Shift] = []
        for line in try RosterCSV.parse(csv, utcOffsetSeconds: data.calendar.utcOffsetSeconds) {
            guard let user = try await store.credentials(username: line.username)?.user, user.active else {
                throw DutyError.unknownUser(line: line.line, username: line.username)
            }
            shifts.append(Shift(id: ShiftID(0), nodeID: node.id, nodePath: node.path, post: line.post, userID: user.id, userName: user.displayName,
                                start: line.start, end: line.end))
        }
        return try await store.createShifts(shifts)
    }

    public func updateShift(_ id: ShiftID, _ input: ShiftInput, by identity: Identity) async throws -> Shift {
        let old = try await requireShift(id, by: identity)
        _ = try await rosterNode(old.nodeID, by: identity)
        var shift = try await makeShift(input, node: try await rosterNode(input.nodeID, by: identity))
        shift.id = id
        try await store.updateShift(shift)
        return shift
    }

    public func deleteShift(_ id: ShiftID, by identity: Identity) async throws {
        let shift = try await requireShift(id, by: identity)
        _ = try await rosterNode(shift.nodeID, by: identity)
        try await store.deleteShift(id)
    }

    func requireShift(_ id: ShiftID, by identity: Identity) async throws -> Shift {
        guard let shift = try await store.shift(id), identity.sees(path: shift.nodePath) || identity.assignments.contains(where: { $0.nodePath.hasPrefix(shift.nodePath) }) else {
            throw DutyError.shiftNotFound(id)
        }
        return shift
    }

    /// A node's roster for [from, to).
    public func roster(nodeID: NodeID, from: Date, to: Date, by identity: Identity) async throws -> [Shift] {
        guard from < to, to.timeIntervalSince(from) <= 62 * 86_400 else {
            throw DutyError.invalidPeriod
        }
        let node = try await dutyReadable(nodeID, by: identity)
        return try await store.shifts(at: [node.id], from: from, to: to)
    }

    /// 谁在值班 — the people on duty at `at` at the node and at every level above it, nearest first.
    public func onDuty(atPath path: String, at: Date) async throws -> [DutyLevel] {
        try await whoIsOnDuty.levels(atPath: path, at: at)
    }

    public func onDuty(nodeID: NodeID, at: Date?, by identity: Identity) async throws -> [DutyLevel] {
        let node = try await dutyReadable(nodeID, by: identity)
        return try await whoIsOnDuty.levels(atPath: node.path, at: at ?? clock.now())
    }

    /// My shifts from 12 hours ago to a week ahead.
    public func myDuty(by identity: Identity) async throws -> [Shift] {
        guard let me = identity.userID else { return [] }
        let now = clock.now()
        return try await store.shifts(of: me, from: now.addingTimeInterval(-12 * 3600), to: now.addingTimeInterval(7 * 86_400))
    }

    /// 交接班 — the outgoing person records the handover; the open matters at the node are gathered now.
    public func recordHandover(_ input: HandoverInput, by identity: Identity) async throws -> Handover {
        let node = try await store.requireNode(input.nodeID)
        guard let me = identity.userID else {
            throw DutyError.personRequired
        }
        let now = clock.now()
        let onShift = try await store.shifts(of: me, from: now.addingTimeInterval(-3600), to: now.addingTimeInterval(3600)).contains { $0.nodeID == node.id }
        if !onShift { _ = try await rosterNode(node.id, by: identity) }
        try InputLimits.check(input.note, field: "note", max: InputLimits.description, multiline: true)
        let note = input.note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else {
            throw DutyError.noteRequired
        }
        let items = (input.items ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        try InputLimits.check(count: items.count, field: "items")
        for (i, item) in items.enumerated() { try InputLimits.check(item, field: "items[\(i)]", max: InputLimits.item) }
        var toName: String?
        if let to = input.toUserID {
            guard let user = try await store.user(to), user.active else {
                throw DutyError.noActiveSuccessor(to)
            }
            toName = user.displayName
        }
        let waiting = try await store.cases(CaseQuery(scope: .everything, states: [.accepted, .dispatched, .inProgress, .handled, .verified], nodePath: node.path, limit: 2000)).items
        let matters = waiting.filter { ($0.state == .accepted && $0.leadDepartmentID == nil) || $0.isOverdue(at: now) || $0.supervised }
            .map { OpenMatter($0, now: now) }
            .sorted { ($0.overdue ? 0 : 1, $0.deadline ?? .distantFuture) < ($1.overdue ? 0 : 1, $1.deadline ?? .distantFuture) }
        let fromName = try await store.user(me)?.displayName ?? identity.name
        return try await store.createHandover(Handover(
            id: HandoverID(0), nodeID: node.id, fromUserID: me, fromName: fromName, toUserID: input.toUserID, toName: toName, at: now,
            note: note, openMatters: Array(matters.prefix(200)), items: items))
    }

    public func handovers(nodeID: NodeID, limit: Int, by identity: Identity) async throws -> [Handover] {
        let node = try await dutyReadable(nodeID, by: identity)
        return try await store.handovers(at: node.id, limit: limit)
    }
}

/// 值班员工作队列 — what waits for whoever is on duty at a centre or station.
public struct DutyQueue: Sendable {
    public var node: OrgNode
    public var onDuty: [DutyLevel]
    /// Reported, or accepted with no department yet: to accept, dispatch, arbitrate or return.
    public var waiting: [CaseRecord]
    /// Escalated to this node (overdue supervision or by hand).
    public var escalated: [CaseRecord]
    /// Taken up the linkage to this node's level and waiting for its consultation or decision.
    public var linkage: [CaseRecord]
}

extension DutyUseCases {
    /// How many cases each queue of `dutyQueue` lists.
    public static let queueLimit = 200

    /// The queue of a centre or station: the duty officer's queue goes to whoever is on duty there.
    public func dutyQueue(nodeID: NodeID, by identity: Identity) async throws -> DutyQueue {
        let node = try await store.requireNode(nodeID)
        try identity.require(anyOf: [.admin, .leader, .dutyOfficer, .stationChief, .communityWorker], at: node.path, to: "read this centre's queue")
        let now = clock.now()
        // Each queue asked of the database by its own filter, newest first, at most `queueLimit` (the case list pages
        // the rest); not the area's open cases read and sorted here.
        var base = CaseQuery(scope: CaseScope.of(identity), states: [.reported, .accepted, .dispatched, .inProgress, .handled, .verified],
                             nodePath: node.path, limit: Self.queueLimit)
        var waitingQuery = base
        waitingQuery.states = [.reported, .accepted]
        let waiting = try await store.cases(waitingQuery).items.filter { $0.state == .reported || $0.leadDepartmentID == nil }
        var escalatedQuery = base
        escalatedQuery.escalatedTo = node.id
        let escalated = try await store.cases(escalatedQuery).items
        let depth = OrgNode.ids(inPath: node.path).count - 1
        let levels = (2...LoopPolicy.maxLinkageLevel).filter { Linkage.depth(of: $0) == depth }
        base.linkageLevels = levels
        let linkage = levels.isEmpty ? [] : try await store.cases(base).items.filter { c in
            guard let l = c.linkage else { return false }
            return !l.consultations.contains { $0.level == l.level }
        }
        return DutyQueue(node: node, onDuty: try await whoIsOnDuty.levels(atPath: node.path, at: now), waiting: waiting, escalated: escalated, linkage: linkage)
    }
}
