public import Foundation

public typealias StationID = Identifier<Station>
public typealias TownCommunityID = Identifier<TownCommunity>

/// 站点类型 — what a joint-duty station is built on (seed 002: 周浦 runs 7 community-centre, 10 village and 2
/// special-area stations).
public enum StationType: String, Sendable, Hashable, Codable, CaseIterable {
    /// 社区中心站 — on a town-managed community's centre (or, in a street, on its residential committees).
    case communityCentre
    /// 村级站 — on a village's 家门口 "四站一室".
    case village
    /// 特定区域站 — a busy area drawn across the tree, such as a shopping district.
    case specialArea

    public var chineseName: String {
        switch self {
        case .communityCentre: "社区中心站"
        case .village: "村级站"
        case .specialArea: "特定区域站"
        }
    }
}

/// 联勤联动站 — a joint-duty station: an entity of its own, not a committee. It stands in a street or town, serves
/// a coverage (one or several committees, or a special area drawn across the tree), is led by its 第一站长 (the
/// secretary of the community party committee or village it serves) and has department staff posted to it.
public struct Station: Sendable, Hashable, Codable, Identifiable {
    public var id: StationID
    public var code: String
    public var name: String
    public var type: StationType
    /// The street or town it stands in.
    public var nodeID: NodeID
    public var nodePath: String
    /// 镇管社区 — the town-managed community a community-centre station is based on.
    public var townCommunityID: TownCommunityID?
    /// 覆盖范围 — the committees it serves (for a special area, those its boundary reaches, if any are named).
    public var committeeIDs: [NodeID]
    /// The committees' names, in the same order (read with the station).
    public var committeeNames: [String] = []
    /// A special area's boundary (WGS-84).
    public var area: GeoJSONGeometry?
    /// 第一站长.
    public var chiefID: UserID?
    public var chiefName: String?
    public var address: String?
    public var location: GeoPoint?
    /// 条线下沉力量 — the department staff posted to it.
    public var posts: [StationPost]
    public var version: Int

    public init(id: StationID, code: String, name: String, type: StationType, nodeID: NodeID, nodePath: String, townCommunityID: TownCommunityID? = nil,
                committeeIDs: [NodeID], area: GeoJSONGeometry? = nil, chiefID: UserID? = nil, chiefName: String? = nil, address: String? = nil,
                location: GeoPoint? = nil, posts: [StationPost] = [], version: Int = 1) {
        self.id = id
        self.code = code
        self.name = name
        self.type = type
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.townCommunityID = townCommunityID
        self.committeeIDs = committeeIDs
        self.area = area
        self.chiefID = chiefID
        self.chiefName = chiefName
        self.address = address
        self.location = location
        self.posts = posts
        self.version = version
    }
}

/// 条线下沉 — one department's staff member posted to a station, since when.
public struct StationPost: Sendable, Hashable, Codable {
    public var userID: UserID
    public var userName: String?
    public var departmentID: DepartmentID
    public var departmentName: String?
    public var since: Date

    public init(userID: UserID, userName: String? = nil, departmentID: DepartmentID, departmentName: String? = nil, since: Date) {
        self.userID = userID
        self.userName = userName
        self.departmentID = departmentID
        self.departmentName = departmentName
        self.since = since
    }
}

/// 镇管社区 — committees of a town grouped under a community party committee and its centre: the optional level
/// between town and committee. It is a grouping, not a level of the tree (a committee's path stays town → committee,
/// so scopes, rollups and codes keep their depth); a community-centre station is based on it.
public struct TownCommunity: Sendable, Hashable, Codable, Identifiable {
    public var id: TownCommunityID
    public var code: String
    public var name: String
    /// The town it belongs to.
    public var nodeID: NodeID
    public var nodePath: String
    public var committeeIDs: [NodeID]
    /// 社区党委书记 — the community party committee's secretary, who is its station's 第一站长.
    public var secretaryID: UserID?
    public var secretaryName: String?

    public init(id: TownCommunityID, code: String, name: String, nodeID: NodeID, nodePath: String, committeeIDs: [NodeID], secretaryID: UserID? = nil,
                secretaryName: String? = nil) {
        self.id = id
        self.code = code
        self.name = name
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.committeeIDs = committeeIDs
        self.secretaryID = secretaryID
        self.secretaryName = secretaryName
    }
}

/// 站点定位 — which station a place belongs to: a special area whose boundary holds the point first, else the station
/// covering the place's committee. Held in memory (a city has a few thousand stations).
public struct StationLocator: Sendable {
    public let byCommittee: [NodeID: StationID]
    let specialAreas: AreaLocator<StationID>

    public init(_ stations: [Station]) {
        var byCommittee: [NodeID: StationID] = [:]
        var areas: [(id: StationID, area: Area)] = []
        for s in stations {
            if s.type == .specialArea, let area = s.area?.area {
                areas.append((s.id, area))
            } else {
                for c in s.committeeIDs { byCommittee[c] = s.id }
            }
        }
        self.byCommittee = byCommittee
        specialAreas = AreaLocator(areas)
    }

    public static let empty = StationLocator([])

    /// The station of a place: its point, if any, and the path of its node (a grid's or a committee's).
    public func station(at point: GeoPoint?, nodePath: String) -> StationID? {
        if let point, let special = specialAreas.locate(point) { return special }
        guard let committee = OrgNode.ancestor(of: nodePath, depth: OrgNode.Kind.committee.depth) else { return nil }
        return byCommittee[committee.id]
    }
}
