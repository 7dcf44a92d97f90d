public import ChengyunCore
public import ChengyunStore
public import Foundation

/// A case as a map marker: just what the big screen draws.
public struct CaseMarker: Sendable, Hashable, Codable {
    public var id: Int64
    public var lon: Double
    public var lat: Double
    public var state: CaseState
    public var urgency: Urgency
    public var overdue: Bool
    public var categoryID: String
}

extension Platform {
    /// The boundaries of the nodes of one kind on or under a node the identity sees, as GeoJSON features with
    /// `id`, `code`, `name` and `kind` properties.
    /// Boundaries of districts and streets are public knowledge (a resident taps the map to place a report);
    /// committees and grids are for staff.
    public func mapAreas(under nodeID: NodeID?, kind: OrgNode.Kind, by identity: Identity) async throws -> [GeoFeature] {
        if kind > .street { try identity.require(anyOf: Self.dutyStaff, to: "read the grid map") }
        let root: String
        if let nodeID { root = try await visibleNode(nodeID, by: identity).path } else {
            root = identity.assignments.map(\.nodePath).min { $0.count < $1.count } ?? "/"
        }
        let nodes = try await store.nodes(under: root, kinds: [kind], limit: nil, offset: 0)
        let byID = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0) })
        return try await store.areas(kind: kind).compactMap { entry in
            byID[entry.node].map { n in
                GeoFeature(properties: ["id": n.id.description, "code": n.code, "name": n.name, "kind": n.kind.rawValue], area: entry.area)
            }
        }
    }

    /// Open cases and those reported in the last `days`, in the identity's scope (optionally under a node).
    public func mapMarkers(under nodeID: NodeID?, days: Int, by identity: Identity) async throws -> [CaseMarker] {
        try identity.require(anyOf: Self.dutyStaff, to: "read the map")
        let now = clock.now()
        var query = CaseQuery(scope: CaseScope.of(identity), limit: 20_000)
        if let nodeID { query.nodePath = try await visibleNode(nodeID, by: identity).path }
        var open = query
        open.states = CaseState.allCases.filter { !$0.isTerminal && $0 != .reported }
        var recent = query
        recent.reportedFrom = now.addingTimeInterval(-Double(max(0, min(days, 90))) * 86_400)
        var seen: Set<CaseID> = []
        var markers: [CaseMarker] = []
        for page in [try await store.cases(open), try await store.cases(recent)] {
            for c in page.items where c.state != .merged && seen.insert(c.id).inserted {
                guard let p = c.location else { continue }
                markers.append(CaseMarker(id: c.id.rawValue, lon: p.lon, lat: p.lat, state: c.state, urgency: c.urgency, overdue: c.isOverdue(at: now), categoryID: c.categoryID))
            }
        }
        return markers
    }
}
