public import ChengyunCore
import ChengyunStore
import Foundation

/// 楼组包干 — building groups and village groups (docs/BUILDING-GROUPS.md): their buildings, leaders (双楼长制 only where
/// the leader is not a party member), party and chat groups, the QR code residents register by, the chain answering for
/// each group, and the checks that it is looked after.
public struct BuildingGroupUseCases: UseCaseGroup {
    let store: any BuildingGroupStore & BaseDataStore & OrganisationStore & UserStore & AuditStore
    let shared: UseCaseContext

    static let readers: Set<Role> = [.dutyOfficer, .leader, .stationChief, .communityWorker, .gridInspector, .admin]
    static let keepers: Set<Role> = [.communityWorker, .stationChief, .admin]
    /// Who records a check: the keepers, and inspectors and duty officers (video review, re-inspection).
    static let checkers: Set<Role> = [.communityWorker, .stationChief, .admin, .gridInspector, .dutyOfficer]
}

public struct BuildingGroupInput: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var kind: BuildingGroup.Kind
    /// The committee.
    public var nodeID: Int64
    public var buildingIDs: [Int64]?
    public var leaderID: Int64?
    public var leaderUserID: Int64?
    public var secondLeaderID: Int64?
    public var partyGroup: String?
    public var chatGroup: String?
}

public struct BuildingGroupCadreInput: Sendable, Hashable, Codable {
    public var userID: Int64
    public var duty: BuildingGroupCadre.Duty
}

public struct BuildingGroupCheckInput: Sendable, Hashable, Codable {
    public var method: BuildingGroupCheck.Method
    public var note: String
    public var passed: Bool
    /// A key the client makes once per check: sent again (a retry), the check is not recorded twice.
    public var clientKey: String?
}

/// Someone who may answer for a building group (楼组包干): who they are and where they work.
public struct CadreCandidate: Sendable, Hashable, Codable {
    public var userID: UserID
    public var name: String
    public var role: Role
    public var nodeName: String
}

/// A group as the API shows it: its leaders' names masked, its buildings by number.
public struct BuildingGroupView: Sendable, Hashable, Codable {
    public var group: BuildingGroup
    public var leaderName: String?
    public var leaderPartyMember: Bool?
    public var secondLeaderName: String?
    public var buildings: [String]
}

extension BuildingGroupUseCases {
    public func create(_ input: BuildingGroupInput, by identity: Identity) async throws -> BuildingGroupView {
        let committee = try await store.areaNode(NodeID(input.nodeID), of: identity, roles: Self.keepers, to: "set up building groups")
        guard committee.kind == .committee else { throw BaseDataError.notACommittee }
        try OrgNode.checkText(code: input.code, name: input.name)
        for (field, value) in [("partyGroup", input.partyGroup), ("chatGroup", input.chatGroup)] { try InputLimits.check(value, field: field, max: InputLimits.label) }
        let buildings = (input.buildingIDs ?? []).map { BuildingID($0) }
        switch input.kind {
        case .building:
            guard !buildings.isEmpty else { throw BuildingGroupError.buildings(index: nil) }
            for (i, id) in buildings.enumerated() {
                guard let b = try await store.building(id), b.nodePath == committee.path, buildings.firstIndex(of: id) == i else { throw BuildingGroupError.buildings(index: i) }
            }
        case .village:
            guard buildings.isEmpty else { throw BuildingGroupError.buildings(index: 0) }
        }
        func living(_ raw: Int64?, field: String) async throws -> Resident? {
            guard let raw else { return nil }
            guard let r = try await store.resident(ResidentID(raw)), r.nodePath == committee.path, r.movedOutOn == nil else { throw BuildingGroupError.leader(field: field) }
            return r
        }
        let leader = try await living(input.leaderID, field: "leaderId")
        let second = try await living(input.secondLeaderID, field: "secondLeaderId")
        if let second {
            guard let leader, !leader.partyMember, second.partyMember, second.id != leader.id else { throw BuildingGroupError.secondLeader }
        }
        if let user = input.leaderUserID {
            guard try await store.user(UserID(user))?.active == true else { throw BuildingGroupError.leader(field: "leaderUserId") }
        }
        let group = try await store.createBuildingGroup(BuildingGroup(
            id: BuildingGroupID(0), code: input.code, name: input.name.trimmingCharacters(in: .whitespaces), kind: input.kind, nodeID: committee.id, nodePath: committee.path,
            buildingIDs: buildings, leaderID: leader?.id, leaderUserID: input.leaderUserID.map { UserID($0) }, secondLeaderID: second?.id,
            partyGroup: input.partyGroup, chatGroup: input.chatGroup, registrationCode: Self.newRegistrationCode()))
        try await audit("building_group.created", group.id, identity, detail: "\(group.kind.rawValue), \(buildings.count) buildings")
        return try await view(group)
    }

    /// A code for the group's QR code: 16 letters and digits, hard to guess.
    static func newRegistrationCode() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
    }

    func view(_ g: BuildingGroup) async throws -> BuildingGroupView { try await views([g])[0] }

    /// Groups as the API shows them: their leaders and buildings read in two queries for the whole page.
    func views(_ groups: [BuildingGroup]) async throws -> [BuildingGroupView] {
        let people = Dictionary(try await store.residents(groups.flatMap { [$0.leaderID, $0.secondLeaderID].compactMap { $0 } }).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let numbers = Dictionary(try await store.buildings(groups.flatMap(\.buildingIDs)).map { ($0.id, $0.number) }, uniquingKeysWith: { a, _ in a })
        return groups.map { g in
            let leader = g.leaderID.flatMap { people[$0] }, second = g.secondLeaderID.flatMap { people[$0] }
            return BuildingGroupView(group: g, leaderName: Masking.name(leader?.name), leaderPartyMember: leader?.partyMember,
                                     secondLeaderName: Masking.name(second?.name), buildings: g.buildingIDs.map { numbers[$0] ?? "#\($0)" })
        }
    }

    public func groups(nodeID: NodeID?, afterCode: String?, limit: Int, by identity: Identity) async throws -> [BuildingGroupView] {
        let area = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "see building groups")
        return try await views(try await store.buildingGroups(under: area.path, afterCode: afterCode, limit: limit))
    }

    func visible(_ id: BuildingGroupID, by identity: Identity) async throws -> BuildingGroup {
        guard let g = try await store.buildingGroup(id), identity.paths(for: Self.readers).contains(where: { g.nodePath.hasPrefix($0) }) else {
            throw BuildingGroupError.notFound(id)
        }
        return g
    }

    public func group(_ id: BuildingGroupID, by identity: Identity) async throws -> BuildingGroupView { try await view(try await visible(id, by: identity)) }

    /// 楼组包干 — puts a person on the group's chain: someone working in its committee or above it.
    public func assignCadre(_ input: BuildingGroupCadreInput, to id: BuildingGroupID, by identity: Identity) async throws -> BuildingGroupView {
        let g = try await visible(id, by: identity)
        try identity.require(anyOf: Self.keepers, at: g.nodePath, to: "set who answers for this group")
        guard let user = try await store.user(UserID(input.userID)), user.active, user.assignments.contains(where: { g.nodePath.hasPrefix($0.nodePath) && $0.role != .resident }) else {
            throw BuildingGroupError.cadre
        }
        guard try await store.assignCadre(BuildingGroupCadre(userID: user.id, duty: input.duty, since: clock.now()), to: id) else { throw BuildingGroupError.notFound(id) }
        try await audit("building_group.cadre_assigned", id, identity, detail: "user \(user.id) as \(input.duty.rawValue)")
        return try await view(try await visible(id, by: identity))
    }

    /// 检查 — records that the group was checked, by a method fit for its kind.
    public func check(_ input: BuildingGroupCheckInput, of id: BuildingGroupID, by identity: Identity) async throws -> BuildingGroupCheck {
        let g = try await visible(id, by: identity)
        try identity.require(anyOf: Self.checkers, at: g.nodePath, to: "record a check of this group")
        guard BuildingGroupCheck.Method.of(g.kind).contains(input.method) else { throw BuildingGroupError.checkMethod(g.kind) }
        let note = input.note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty, note.count <= 500 else { throw BuildingGroupError.noteRequired }
        try InputLimits.check(input.clientKey, field: "clientKey", max: 100)
        return try await store.addBuildingGroupCheck(BuildingGroupCheck(id: BuildingGroupCheckID(0), groupID: id, method: input.method, at: clock.now(), by: identity.name,
                                                                        note: note, passed: input.passed, clientKey: input.clientKey))
    }

    public func checks(of id: BuildingGroupID, by identity: Identity) async throws -> [BuildingGroupCheck] {
        _ = try await visible(id, by: identity)
        return try await store.buildingGroupChecks(of: id, limit: 100)
    }

    /// Who may be put on a group's chain (whom `assignCadre` takes), for the committee's keepers to choose from: the
    /// people working at its committee, then at its street, then at its district (their cadres are sent down to the
    /// compounds), each by name; residents left out however many have signed up; at most `cadreCandidateLimit`, the
    /// committee's own first.
    public func cadreCandidates(_ id: BuildingGroupID, by identity: Identity) async throws -> [CadreCandidate] {
        let g = try await visible(id, by: identity)
        try identity.require(anyOf: Self.keepers, at: g.nodePath, to: "set who answers for this group")
        let places = [g.nodeID] + [OrgNode.Kind.street, .district].compactMap { OrgNode.ancestor(of: g.nodePath, depth: $0.depth)?.id }
        let names = try await store.nodes(Set(places))
        var seen = Set<UserID>(), found: [CadreCandidate] = []
        for place in places where found.count < Self.cadreCandidateLimit {
            let here = try await store.staff(at: place, limit: Self.cadreCandidateLimit - found.count)
            found += here.compactMap { user -> CadreCandidate? in
                guard seen.insert(user.id).inserted, let a = user.assignments.first(where: { $0.nodeID == place && $0.role != .resident }) else { return nil }
                return CadreCandidate(userID: user.id, name: user.displayName, role: a.role, nodeName: names[place]?.name ?? "")
            }.sorted { ($0.name, $0.userID.rawValue) < ($1.name, $1.userID.rawValue) }
        }
        return found
    }

    /// The most people a group's chain offers to choose from (a district's cadres with its street's and committee's).
    static let cadreCandidateLimit = 2_000

    func audit(_ action: String, _ id: BuildingGroupID, _ identity: Identity, detail: String) async throws {
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: action, target: "building_group:\(id)", detail: detail)])
    }
}
