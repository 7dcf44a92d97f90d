public import ChengyunCore
import ChengyunStore
public import Foundation
import Logging
import Synchronization

/// 扫码注册 — residents register by scanning their building group's QR code (docs/REGISTRATIONS.md): an account of the
/// `resident` role at the committee, matched to the base data at once when the ID number given is recorded in the
/// group's buildings under the same name (实名核验), otherwise by the committee's workers; the registration and activity
/// rates of an area and its parts counted from rollups.
public struct RegistrationUseCases: UseCaseGroup {
    let store: any RegistrationStore & BuildingGroupStore & BaseDataStore & OrganisationStore & UserStore & AuditStore
    let shared: UseCaseContext
    let limits: Limits
    let sessions: SessionCache

    /// The committees' workers match registrations to residents or refuse them.
    static let keepers: Set<Role> = [.communityWorker, .stationChief, .admin]
    /// Who reads the rates (and the registrations, masked) of an area.
    static let readers: Set<Role> = [.communityWorker, .stationChief, .admin, .dutyOfficer, .leader]

    /// What is held in memory: registrations per address in the last hour, and the day each account was last marked
    /// active here (so a resident's day of use costs one write).
    final class Limits: Sendable {
        let addresses = RateWindows(limit: 10, windowSeconds: 3600)
        let marked = Mutex([UserID: Int]())
    }

    init(store: any RegistrationStore & BuildingGroupStore & BaseDataStore & OrganisationStore & UserStore & AuditStore, shared: UseCaseContext, sessions: SessionCache) {
        self.store = store
        self.shared = shared
        self.sessions = sessions
        self.limits = Limits()
    }
}

/// What a scanned QR code shows before anyone signs in: the group, its committee and street, and its buildings to
/// choose from — nothing personal.
public struct RegistrationInvite: Sendable, Hashable, Codable {
    public struct Place: Sendable, Hashable, Codable {
        public var id: BuildingID
        public var number: String
    }
    public var groupName: String
    public var kind: BuildingGroup.Kind
    public var committee: String
    public var street: String?
    public var chatGroup: String?
    public var buildings: [Place]
}

/// A resident's registration as sent from the phone that scanned the code.
public struct RegistrationInput: Sendable, Hashable, Codable {
    public var name: String
    public var phone: String
    public var buildingID: Int64?
    public var room: String
    /// 公民身份号码, optional: with it the registration is matched at once when the committee has recorded it.
    public var idNumber: String?
    public var username: String
    public var password: String
    public var clientKey: String
}

/// A registration as the API shows it: the name and phone masked.
public struct RegistrationView: Sendable, Hashable, Codable {
    public var id: RegistrationID
    public var groupID: BuildingGroupID
    public var groupName: String
    public var nodeID: NodeID
    public var name: String
    public var phone: String
    public var building: String?
    public var room: String
    public var status: ResidentRegistration.Status
    public var residentID: ResidentID?
    public var createdAt: Date
    public var decidedAt: Date?
    public var decidedBy: String?
    public var note: String
    public var lastActiveDay: LocalDate?
}

/// A registration to decide, with the residents of its building it may be (the same name, then the same room, first), masked.
public struct RegistrationDetail: Sendable, Hashable, Codable {
    public struct Candidate: Sendable, Hashable, Codable {
        public var id: ResidentID
        public var name: String
        public var house: String?
        public var kind: ResidentKind
        public var sameName: Bool
        /// Lives in the room the registration names.
        public var sameHouse: Bool
        /// Verified already in another registration.
        public var taken: Bool
    }
    public var registration: RegistrationView
    public var candidates: [Candidate]
}

public struct RegistrationPage: Sendable, Hashable, Codable {
    public var registrations: [RegistrationView]
    public var nextBefore: RegistrationID?
}

/// 注册率 / 活跃率 — an area's row, then its districts', streets' or committees' in the tree's order.
public struct RegistrationRates: Sendable, Hashable, Codable {
    public struct Row: Sendable, Hashable, Codable {
        public var nodeID: NodeID
        public var name: String
        public var level: OrgNode.Kind
        public var area: Bool
        public var residents: Int
        public var verified: Int
        public var active: Int
        public var pending: Int
        public var registrationRate: Double?
        public var activityRate: Double?
    }
    public var nodeID: NodeID
    public var name: String
    /// Active means used the platform on a day since this one.
    public var activeSince: LocalDate
    public var rows: [Row]
}

public struct RegistrationDecision: Sendable, Hashable, Codable {
    public var residentID: Int64?
    public var reason: String?
}

extension RegistrationUseCases {
    func group(code: String) async throws -> (group: BuildingGroup, committee: OrgNode) {
        let code = code.trimmingCharacters(in: .whitespaces)
        guard code.count == 16, let group = try await store.buildingGroup(registrationCode: code), let committee = try await store.node(group.nodeID) else {
            throw RegistrationError.code
        }
        return (group, committee)
    }

    /// What the QR code shows: no sign-in, nothing personal.
    public func invite(code: String) async throws -> RegistrationInvite {
        let (group, committee) = try await group(code: code)
        let street = try await OrgNode.ancestor(of: committee.path, depth: OrgNode.Kind.street.depth).asyncMap { try await store.node($0.id) }
        let buildings = try await store.buildings(group.buildingIDs).sorted { $0.number.localizedStandardCompare($1.number) == .orderedAscending }
        return RegistrationInvite(groupName: group.name, kind: group.kind, committee: committee.name, street: street??.name, chatGroup: group.chatGroup,
                                  buildings: buildings.map { .init(id: $0.id, number: $0.number) })
    }

    /// 扫码注册 — registers a resident by the group's code: the account is made at once (it signs in as a resident);
    /// matched to the base data at once when the ID number is recorded in the group's buildings under the same name.
    /// The same client key is the same registration (created false).
    public func register(code: String, _ input: RegistrationInput, from caller: Caller) async throws -> (view: RegistrationView, created: Bool) {
        let now = clock.now()
        if let wait = limits.addresses.blocked(caller.address ?? "unknown", now: now) { throw RegistrationError.tooMany(retryAfterSeconds: wait) }
        let (group, committee) = try await group(code: code)
        let key = input.clientKey.trimmingCharacters(in: .whitespaces)
        guard (8...64).contains(key.count) else { throw RegistrationError.clientKey }
        let name = input.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= InputLimits.name else { throw BaseDataError.name() }
        try InputLimits.check(name, field: "name", max: InputLimits.name)
        try PhoneNumber.check(input.phone, field: "phone")
        let phone = input.phone.trimmingCharacters(in: .whitespaces)
        guard !phone.isEmpty else { throw RegistrationError.phoneRequired }
        let room = input.room.trimmingCharacters(in: .whitespaces)
        guard !room.isEmpty, room.count <= 16 else { throw RegistrationError.room }
        try InputLimits.check(room, field: "room", max: 16)
        let building = input.buildingID.map { BuildingID($0) }
        switch group.kind {
        case .building: guard let building, group.buildingIDs.contains(building) else { throw RegistrationError.building }
        case .village: guard building == nil else { throw RegistrationError.building }
        }
        try Credentials.validateUsername(input.username)
        try PasswordPolicy.validate(input.password, username: input.username)
        let today = data.calendar.localDate(of: now)
        var number: String?
        if let raw = input.idNumber, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            let n = IDNumber.normalised(raw)
            if let problem = IDNumber.problem(n, today: today) { throw BaseDataError.idNumber(problem) }
            number = n
        }
        limits.addresses.hit(caller.address ?? "unknown", now: now)
        // 实名核验: the same person recorded living in the group's buildings (or its village), with no verified account.
        var match: Resident?
        if let number, let r = try await store.resident(idNumber: number), r.movedOutOn == nil, r.nodePath == committee.path, r.name == name,
           try await store.registration(resident: r.id) == nil {
            if group.kind == .village { match = r }
            else if let house = r.houseID, let h = try await store.house(house), group.buildingIDs.contains(h.buildingID) { match = r }
        }
        let registration = ResidentRegistration(
            id: RegistrationID(0), groupID: group.id, nodeID: committee.id, nodePath: committee.path, userID: UserID(0), name: name, phone: phone, buildingID: building,
            room: room, residentID: match?.id, status: match == nil ? .pending : .verified, createdAt: now, decidedAt: match == nil ? nil : now,
            decidedBy: match == nil ? nil : "实名核验", clientKey: key)
        let account = UserDraft(username: input.username, displayName: Masking.name(name) ?? name, phone: phone, passwordHash: Secrets.hashPassword(input.password),
                                assignments: [AssignmentDraft(role: .resident, nodeID: committee.id)])
        let stored: ResidentRegistration, created: Bool
        do {
            (stored, created) = try await store.register(registration, account: account)
        } catch let error as DomainError where error.code == RegistrationError.resident.code && match != nil {
            // Verified as that resident by someone else meanwhile: waits for the committee like any other.
            var waiting = registration
            (waiting.status, waiting.residentID, waiting.decidedAt, waiting.decidedBy) = (.pending, nil, nil, nil)
            (stored, created) = try await store.register(waiting, account: account)
        }
        if created {
            try await store.appendAudit([AuditEntry(at: now, actorID: stored.userID, actor: input.username, action: "registration.created", target: "registration:\(stored.id)",
                                                    subjectUserID: stored.userID, address: caller.address, detail: "group \(group.id), \(stored.status.rawValue)")])
        }
        return (try await views([stored])[0], created)
    }

    /// Registrations as the API shows them: group names and building numbers read once for the page.
    func views(_ list: [ResidentRegistration]) async throws -> [RegistrationView] {
        var groups: [BuildingGroupID: String] = [:]
        for id in Set(list.map(\.groupID)) { groups[id] = try await store.buildingGroup(id)?.name }
        let numbers = Dictionary(try await store.buildings(list.compactMap(\.buildingID)).map { ($0.id, $0.number) }, uniquingKeysWith: { a, _ in a })
        return list.map { r in
            RegistrationView(id: r.id, groupID: r.groupID, groupName: groups[r.groupID] ?? "", nodeID: r.nodeID, name: Masking.name(r.name) ?? "", phone: Masking.phone(r.phone) ?? "",
                             building: r.buildingID.map { numbers[$0] ?? "#\($0)" }, room: r.room, status: r.status, residentID: r.residentID, createdAt: r.createdAt,
                             decidedAt: r.decidedAt, decidedBy: r.decidedBy, note: r.note, lastActiveDay: r.lastActiveDay)
        }
    }

    /// A committee's registrations, newest first (those waiting to be matched with `status` pending).
    public func list(nodeID: NodeID?, status: ResidentRegistration.Status?, before: RegistrationID?, limit: Int, by identity: Identity) async throws -> RegistrationPage {
        let area = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "see residents' registrations")
        // Listed per committee (an area's counts are the rates): a committee's rows are a short range of its index.
        guard area.kind == .committee else { throw RegistrationError.listLevel }
        let list = try await store.registrations(under: area.path, status: status, before: before, limit: limit)
        return RegistrationPage(registrations: try await views(list), nextBefore: list.count == limit ? list.last?.id : nil)
    }

    func visible(_ id: RegistrationID, by identity: Identity, roles: Set<Role> = Self.readers) async throws -> ResidentRegistration {
        guard let r = try await store.registration(id), identity.paths(for: roles).contains(where: { r.nodePath.hasPrefix($0) }) else {
            throw RegistrationError.notFound(id)
        }
        return r
    }

    /// One registration with the residents of its building (its committee for a village group) it may be.
    public func detail(_ id: RegistrationID, by identity: Identity) async throws -> RegistrationDetail {
        let r = try await visible(id, by: identity)
        var people: [Resident] = []
        if let building = r.buildingID { people = try await store.residents(inBuilding: building) }
        else { people = try await store.residents(under: r.nodePath, kind: nil, tag: nil, after: nil, limit: 200) }
        people = people.filter { $0.movedOutOn == nil }
        let houses = Dictionary(try await store.houses(people.compactMap(\.houseID)).map { ($0.id, Self.houseLabel($0)) }, uniquingKeysWith: { a, _ in a })
        let room = r.room.filter { !$0.isWhitespace }
        func rank(_ p: Resident) -> (Int, Int, ResidentID) { (p.name == r.name ? 0 : 1, p.houseID.flatMap { houses[$0] } == room ? 0 : 1, p.id) }
        let shown = people.sorted { rank($0) < rank($1) }.prefix(100)
        let taken = try await store.verifiedResidents(among: shown.map(\.id)).subtracting(r.residentID.map { [$0] } ?? [])
        let candidates = shown.map { p in
            let house = p.houseID.flatMap { houses[$0] }
            return RegistrationDetail.Candidate(id: p.id, name: Masking.name(p.name) ?? "", house: house, kind: p.kind, sameName: p.name == r.name, sameHouse: house == room,
                                                taken: taken.contains(p.id))
        }
        return RegistrationDetail(registration: try await views([r])[0], candidates: candidates)
    }

    /// A house as residents write it: `2单元501` (a unit named otherwise as it is, then the room).
    static func houseLabel(_ h: House) -> String {
        h.unit.isEmpty ? h.number : h.unit.allSatisfy(\.isNumber) ? "\(h.unit)单元\(h.number)" : "\(h.unit)\(h.number)"
    }

    /// 核验 — the committee matches a registration to a resident living there.
    public func verify(_ id: RegistrationID, _ decision: RegistrationDecision, by identity: Identity) async throws -> RegistrationView {
        let r = try await visible(id, by: identity)
        try identity.require(anyOf: Self.keepers, at: r.nodePath, to: "verify residents' registrations")
        guard r.status == .pending else { throw RegistrationError.decided }
        guard let raw = decision.residentID, let resident = try await store.resident(ResidentID(raw)), resident.nodePath == r.nodePath, resident.movedOutOn == nil,
              try await store.registration(resident: resident.id) == nil else { throw RegistrationError.resident }
        guard let decided = try await store.decideRegistration(id, status: .verified, resident: resident.id, note: "", by: identity.name, at: clock.now()) else {
            throw RegistrationError.decided
        }
        try await audit("registration.verified", decided, identity, detail: "resident \(resident.id)")
        return try await views([decided])[0]
    }

    /// 不予通过 — the committee refuses a registration with a reason; its account can no longer sign in.
    public func refuse(_ id: RegistrationID, _ decision: RegistrationDecision, by identity: Identity) async throws -> RegistrationView {
        let r = try await visible(id, by: identity)
        try identity.require(anyOf: Self.keepers, at: r.nodePath, to: "refuse residents' registrations")
        guard r.status == .pending else { throw RegistrationError.decided }
        let reason = (decision.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 200 else { throw RegistrationError.reasonRequired }
        guard let decided = try await store.decideRegistration(id, status: .refused, resident: nil, note: reason, by: identity.name, at: clock.now()) else {
            throw RegistrationError.decided
        }
        sessions.endSessions([], user: decided.userID)
        try await audit("registration.refused", decided, identity, detail: reason)
        return try await views([decided])[0]
    }

    /// The signed-in resident's own registration, if they registered by a code.
    public func mine(_ identity: Identity) async throws -> RegistrationView? {
        guard let user = identity.userID, let r = try await store.registration(user: user) else { return nil }
        return try await views([r])[0]
    }

    /// Marks a resident's account active today (signed in, opened the platform): one write per account and day.
    public func touch(_ identity: Identity) async {
        await touch(user: identity.userID, resident: identity.assignments.contains { $0.role == .resident })
    }

    /// Marks an account active today when it is a resident's.
    public func touch(user: UserID?, resident: Bool) async {
        guard let user, resident else { return }
        let today = data.calendar.localDate(of: clock.now())
        let fresh = limits.marked.withLock { marked in
            if marked[user] == today.daysSince1970 { return false }
            if marked.count > 200_000 { marked.removeAll() }
            marked[user] = today.daysSince1970
            return true
        }
        guard fresh else { return }
        do { _ = try await store.touchRegistration(user: user, day: today) } catch {
            limits.marked.withLock { _ = $0.removeValue(forKey: user) }
            logger.warning("a resident's day of use was not recorded", metadata: ["error": "\(error)"])
        }
    }

    /// 注册率 / 活跃率 — the area and each of its parts: residents from the base data's tallies, registrations from rollups.
    public func rates(nodeID: NodeID?, by identity: Identity) async throws -> RegistrationRates {
        let node = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "see the registration rates")
        guard node.kind != .grid else { throw RegistrationError.level }
        var parts: [OrgNode] = []
        if let childKind = node.kind.childKind, childKind != .grid {
            parts = try await store.children(of: node.id).filter { $0.kind == childKind }.sorted { $0.path < $1.path }
        }
        let since = LocalDate(daysSince1970: data.calendar.localDate(of: clock.now()).daysSince1970 - RegistrationRollups.activeDays + 1)
        let tallies = try await store.registrationTallies([node.id] + parts.map(\.id), since: since)
        var rows: [RegistrationRates.Row] = []
        for (n, area) in [(node, true)] + parts.map({ ($0, false) }) {
            var t = tallies[n.id] ?? RegistrationTally()
            t.residents = try await store.baseDataCounts(under: n.path).residents
            rows.append(.init(nodeID: n.id, name: n.name, level: n.kind, area: area, residents: t.residents, verified: t.verified, active: t.active, pending: t.pending,
                              registrationRate: t.registrationRate, activityRate: t.activityRate))
        }
        return RegistrationRates(nodeID: node.id, name: node.name, activeSince: since, rows: rows)
    }

    func audit(_ action: String, _ r: ResidentRegistration, _ identity: Identity, detail: String) async throws {
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: action, target: "registration:\(r.id)",
                                                subjectUserID: r.userID, detail: detail)])
    }
}
