public import ChengyunCore
import ChengyunStore
public import Foundation

/// 联勤联动站 — joint-duty stations as entities of their own (docs/STATIONS.md): a type, a street or town, a
/// coverage of committees or a special area, a 第一站长 and posted department staff; and the town-managed communities
/// (镇管社区) community-centre stations are based on. A case's station is resolved at intake from its place.
public struct StationUseCases: UseCaseGroup {
    let store: any StationStore & OrganisationStore & UserStore & AuditStore & CommitteeStore
    let shared: UseCaseContext

    /// Who reads stations: everyone who works an area of the tree.
    static let readers: Set<Role> = [.dutyOfficer, .leader, .stationChief, .communityWorker, .gridInspector, .admin]
}

/// A new station as an administrator describes it.
public struct StationInput: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var type: StationType
    /// The street or town it stands in.
    public var nodeID: Int64
    public var townCommunityID: Int64?
    public var committeeIDs: [Int64]
    public var area: GeoJSONGeometry?
    public var chiefID: Int64?
    public var address: String?
    public var location: GeoPoint?

    public init(code: String, name: String, type: StationType, nodeID: Int64, townCommunityID: Int64? = nil, committeeIDs: [Int64], area: GeoJSONGeometry? = nil,
                chiefID: Int64? = nil, address: String? = nil, location: GeoPoint? = nil) {
        self.code = code
        self.name = name
        self.type = type
        self.nodeID = nodeID
        self.townCommunityID = townCommunityID
        self.committeeIDs = committeeIDs
        self.area = area
        self.chiefID = chiefID
        self.address = address
        self.location = location
    }
}

/// A posting of a department's staff member to a station.
public struct StationPostInput: Sendable, Hashable, Codable {
    public var userID: Int64
    public var departmentID: Int64
    public init(userID: Int64, departmentID: Int64) {
        self.userID = userID
        self.departmentID = departmentID
    }
}

/// A new town-managed community.
public struct TownCommunityInput: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var nodeID: Int64
    public var committeeIDs: [Int64]
    public var secretaryID: Int64?
    public init(code: String, name: String, nodeID: Int64, committeeIDs: [Int64], secretaryID: Int64? = nil) {
        self.code = code
        self.name = name
        self.nodeID = nodeID
        self.committeeIDs = committeeIDs
        self.secretaryID = secretaryID
    }
}

/// A station's own view: the station and the committee-style counts of its cases (never a ranking).
public struct StationView: Sendable, Hashable, Codable {
    public var station: Station
    public var view: CommitteeView
}

extension StationUseCases {
    /// The stations standing in the caller's area or serving a committee of it (or under `nodeID`), by code.
    public func stations(nodeID: NodeID?, type: StationType?, afterCode: String?, limit: Int, by identity: Identity) async throws -> [Station] {
        let area = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "see joint-duty stations")
        return try await store.stations(touching: area.path, type: type, afterCode: afterCode, limit: limit)
    }

    /// One station, when it stands in the caller's area or serves a committee of it.
    public func station(_ id: StationID, by identity: Identity) async throws -> Station {
        guard let s = try await store.station(id), try await visible(s, to: identity) else { throw StationError.notFound(id) }
        return s
    }

    func visible(_ s: Station, to identity: Identity) async throws -> Bool {
        let paths = identity.paths(for: Self.readers)
        if paths.contains(where: { s.nodePath.hasPrefix($0) }) { return true }
        let committees = try await store.nodes(s.committeeIDs)
        return committees.values.contains { c in paths.contains { c.path.hasPrefix($0) } }
    }

    /// Creates a station in a street or town the caller administers.
    public func create(_ input: StationInput, by identity: Identity) async throws -> Station {
        let host = try await store.requireNode(NodeID(input.nodeID))
        try identity.require(anyOf: [.admin], at: host.path, to: "set up joint-duty stations here")
        var s = Station(id: StationID(0), code: input.code, name: input.name.trimmingCharacters(in: .whitespaces), type: input.type, nodeID: host.id,
                        nodePath: host.path, committeeIDs: input.committeeIDs.map { NodeID($0) })
        try await fill(&s, from: input, host: host)
        let stored = try await store.createStation(s)
        try await audit("station.created", stored, identity, detail: "\(stored.type.rawValue), \(stored.committeeIDs.count) committees")
        try await reload()
        return try await store.station(stored.id) ?? stored
    }

    /// Replaces a station's name, coverage, boundary, town-managed community, chief, address and place; its code,
    /// type and street stay (a body naming others is refused).
    public func update(_ id: StationID, _ input: StationInput, by identity: Identity) async throws -> Station {
        guard let current = try await store.station(id), try await visible(current, to: identity) else { throw StationError.notFound(id) }
        try identity.require(anyOf: [.admin], at: current.nodePath, to: "change this station")
        guard input.code == current.code, input.type == current.type, input.nodeID == current.nodeID.rawValue else { throw StationError.fixedFields }
        let host = try await store.requireNode(current.nodeID)
        var s = current
        s.name = input.name.trimmingCharacters(in: .whitespaces)
        s.committeeIDs = input.committeeIDs.map { NodeID($0) }
        try await fill(&s, from: input, host: host)
        guard let stored = try await store.updateStation(s) else { throw StationError.notFound(id) }
        try await audit("station.updated", stored, identity, detail: "v\(stored.version), \(stored.committeeIDs.count) committees")
        try await reload()
        return try await store.station(stored.id) ?? stored
    }

    /// Checks the input against the tree and sets what it names.
    private func fill(_ s: inout Station, from input: StationInput, host: OrgNode) async throws {
        try InputLimits.check(input.address, field: "address", max: InputLimits.address)
        let nodes = try await store.nodes(s.committeeIDs)
        var committees: [OrgNode] = []
        for (i, id) in s.committeeIDs.enumerated() {
            guard let c = nodes[id] else { throw StationError.committeeOutside(index: i) }
            committees.append(c)
        }
        var community: TownCommunity?
        if let raw = input.townCommunityID {
            guard let found = try await store.townCommunity(TownCommunityID(raw)) else {
                throw StationError.townCommunityNotFound(TownCommunityID(raw), field: "townCommunityId")
            }
            community = found
        }
        s.townCommunityID = community?.id
        s.area = input.area
        s.address = input.address
        s.location = input.location
        try s.check(host: host, committees: committees, townCommunity: community)
        if let chief = input.chiefID {
            guard let user = try await store.user(UserID(chief)), s.mayBeChief(user, committees: committees) else { throw StationError.chiefNotEligible }
            s.chiefID = user.id
        } else {
            s.chiefID = nil
        }
    }

    /// Posts a department's staff member to a station (条线下沉).
    public func post(_ input: StationPostInput, to id: StationID, by identity: Identity) async throws -> Station {
        guard let s = try await store.station(id), try await visible(s, to: identity) else { throw StationError.notFound(id) }
        try identity.require(anyOf: [.admin], at: s.nodePath, to: "post staff to this station")
        let department = DepartmentID(input.departmentID)
        guard let user = try await store.user(UserID(input.userID)), user.active,
              user.assignments.contains(where: { $0.role == .departmentHandler && $0.departmentID == department }) else {
            throw StationError.postNotStaff
        }
        try await store.postStaff(StationPost(userID: user.id, departmentID: department, since: clock.now()), to: id)
        try await audit("station.staff_posted", s, identity, detail: "user \(user.id), department \(department)")
        return try await store.station(id) ?? s
    }

    /// Ends a posting.
    public func endPost(of user: UserID, at id: StationID, by identity: Identity) async throws -> Station {
        guard let s = try await store.station(id), try await visible(s, to: identity) else { throw StationError.notFound(id) }
        try identity.require(anyOf: [.admin], at: s.nodePath, to: "end postings at this station")
        guard try await store.endPost(of: user, at: id) else { throw StationError.postNotFound }
        try await audit("station.post_ended", s, identity, detail: "user \(user)")
        return try await store.station(id) ?? s
    }

    /// 站点工作视图 — the station's own counts over its cases in a period: its workload, what it raised, what help
    /// it got. Never a ranking of stations or committees.
    public func view(_ id: StationID, from: Date, to: Date, by identity: Identity) async throws -> StationView {
        guard from < to else { throw KPIError.invalidPeriod }
        let s = try await station(id, by: identity)
        var query = CaseQuery(scope: CaseScope.of(identity), reportedFrom: from, reportedTo: to, limit: nil)
        query.stationID = id
        let counts = try await store.committeeCounts(query)
        var view = CommitteeView(nodeID: s.nodeID, name: s.name, from: from, to: to)
        view.workload = counts.workload
        view.raised = counts.raised
        view.help = counts.help
        for (department, n) in counts.helpingDepartments {
            view.help.departments[data.departments[department]?.name ?? "#\(department)", default: 0] += n
        }
        return StationView(station: s, view: view)
    }

    /// The town-managed communities of the towns in the caller's area (or under `nodeID`).
    public func townCommunities(nodeID: NodeID?, by identity: Identity) async throws -> [TownCommunity] {
        let area = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "see town-managed communities")
        guard area.kind > .street, let town = OrgNode.ancestor(of: area.path, depth: OrgNode.Kind.street.depth),
              let committee = OrgNode.ancestor(of: area.path, depth: OrgNode.Kind.committee.depth) else {
            return try await store.townCommunities(under: area.path)
        }
        // A committee's people see the community their committee belongs to.
        return try await store.townCommunities(under: town.path).filter { $0.committeeIDs.contains(committee.id) }
    }

    /// Groups committees of a town the caller administers into a town-managed community.
    public func createTownCommunity(_ input: TownCommunityInput, by identity: Identity) async throws -> TownCommunity {
        let town = try await store.requireNode(NodeID(input.nodeID))
        try identity.require(anyOf: [.admin], at: town.path, to: "set up town-managed communities here")
        let ids = input.committeeIDs.map { NodeID($0) }
        let nodes = try await store.nodes(ids)
        var committees: [OrgNode] = []
        for (i, id) in ids.enumerated() {
            guard let c = nodes[id] else { throw StationError.committeeOutside(index: i) }
            committees.append(c)
        }
        let t = TownCommunity(id: TownCommunityID(0), code: input.code, name: input.name.trimmingCharacters(in: .whitespaces), nodeID: town.id, nodePath: town.path,
                              committeeIDs: ids, secretaryID: input.secretaryID.map { UserID($0) })
        try t.check(town: town, committees: committees)
        if let secretary = t.secretaryID {
            guard let user = try await store.user(secretary), user.active,
                  user.assignments.contains(where: { $0.role == .stationChief && ($0.nodeID == town.id || ids.contains($0.nodeID)) }) else {
                throw StationError.secretaryNotEligible
            }
        }
        let stored = try await store.createTownCommunity(t)
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "town_community.created",
                                                target: "town_community:\(stored.id)", detail: "\(stored.committeeIDs.count) committees")])
        return try await store.townCommunity(stored.id) ?? stored
    }

    private func audit(_ action: String, _ s: Station, _ identity: Identity, detail: String) async throws {
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: action,
                                                target: "station:\(s.id)", detail: detail)])
    }
}
