public import ChengyunCore
public import ChengyunStore
public import Foundation

/// What a map view shows: counts per area (street or grid) with a centre each, or the markers inside the view.
public struct CaseMapView: Sendable, Hashable, Codable {
    /// One area's count, drawn as a bubble at `lon`, `lat` (the mean position of its cases).
    public struct AreaCount: Sendable, Hashable, Codable {
        public var nodeID: Int64
        public var name: String
        public var count: Int
        public var overdue: Int
        public var urgent: Int
        public var lon: Double
        public var lat: Double
    }
    public var level: MapLevel
    /// The counts (street and grid levels); empty for markers.
    public var areas: [AreaCount]
    /// The markers (case level); empty for counts.
    public var markers: [CaseMarker]
    /// The cases counted (area levels) or the markers listed (case level).
    public var total: Int
    /// More cases lie in the view than `limit` markers: zoom in to see them all.
    public var capped: Bool
    /// The most markers a view returns.
    public var limit: Int
    /// At most this many markers in one view.
    public static let markerLimit = 2_000
}

/// 地图 — the map of cases: counts per street or grid, or markers, by the view and the city's scale; and boundaries.
public struct MapUseCases: UseCaseGroup {
    let store: any CaseMapStore & OrganisationStore
    let shared: UseCaseContext
}

extension MapUseCases {
    /// The boundaries of the nodes of one kind on or under a node the identity sees, as GeoJSON features with
    /// `id`, `code`, `name` and `kind` properties.
    /// Boundaries of districts and streets are public knowledge (a resident taps the map to place a report);
    /// committees and grids are for staff.
    public func mapAreas(under nodeID: NodeID?, kind: OrgNode.Kind, by identity: Identity) async throws -> [GeoFeature] {
        if kind > .street { try identity.require(anyOf: Role.dutyStaff, to: "read the grid map") }
        var root: String
        if let nodeID { root = try await store.visibleNode(nodeID, by: identity).path } else {
            root = identity.assignments.map(\.nodePath).min { $0.count < $1.count } ?? "/"
        }
        // Someone placed below the kind asked for (an inspector's grid, a station's committee asking for streets)
        // sees the area of that kind that holds theirs, not nothing.
        if OrgNode.ids(inPath: root).count - 1 > kind.depth, let holding = OrgNode.ancestor(of: root, depth: kind.depth) {
            root = holding.path
        }
        let nodes = try await store.nodes(under: root, kinds: [kind], limit: nil, offset: 0)
        let byID = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0) })
        return try await store.areas(kind: kind, under: root).compactMap { entry in
            byID[entry.node].map { n in
                GeoFeature(properties: ["id": n.id.description, "code": n.code, "name": n.name, "kind": n.kind.rawValue], area: entry.area)
            }
        }
    }

    /// 地图 — the map of a view: the open cases and those reported in the last `days` (merged ones never), in the
    /// identity's scope (optionally under a node), inside `box` when given; counted per street or per grid, or listed
    /// as markers (at most `CaseMapView.markerLimit`). The level is `level` when given, else the one the city's
    /// `MapScale` picks for the box (counts per street without a box).
    public func mapView(under nodeID: NodeID?, days: Int, box: BoundingBox?, level: MapLevel?, by identity: Identity) async throws -> CaseMapView {
        let query = try await mapQuery(under: nodeID, days: days, box: box, by: identity)
        let level = level ?? box.map { data.mapScale.level(for: $0) } ?? .street
        guard let depth = level.nodeDepth else {
            let page = try await store.mapMarkers(query, limit: CaseMapView.markerLimit)
            return CaseMapView(level: level, areas: [], markers: page.markers, total: page.markers.count, capped: page.capped, limit: CaseMapView.markerLimit)
        }
        let counts = try await store.mapCounts(query, depth: depth)
        let areas = counts.map {
            CaseMapView.AreaCount(nodeID: $0.nodeID.rawValue, name: $0.name, count: $0.count, overdue: $0.overdue, urgent: $0.urgent,
                                  lon: $0.centre.lon, lat: $0.centre.lat)
        }
        return CaseMapView(level: level, areas: areas, markers: [], total: counts.reduce(0) { $0 + $1.count }, capped: false, limit: CaseMapView.markerLimit)
    }

    /// Open cases and those reported in the last `days`, in the identity's scope (optionally under a node), as
    /// markers: the old request without a view, at most 20,000 (the open ones first).
    public func mapMarkers(under nodeID: NodeID?, days: Int, by identity: Identity) async throws -> [CaseMarker] {
        try await store.mapMarkers(try await mapQuery(under: nodeID, days: days, box: nil, by: identity), limit: 20_000).markers
    }

    /// The map's query: staff only, their scope, the node they may see, the last `days` (0…90) as whole local days —
    /// today and the `days - 1` before it, from their midnight (0: the open cases only).
    func mapQuery(under nodeID: NodeID?, days: Int, box: BoundingBox?, by identity: Identity) async throws -> CaseMapQuery {
        try identity.require(anyOf: Role.dutyStaff, to: "read the map")
        let now = clock.now()
        var query = CaseQuery(scope: CaseScope.of(identity), limit: nil)
        if let nodeID { query.nodePath = try await store.visibleNode(nodeID, by: identity).path }
        return CaseMapQuery(query: query, since: Self.windowStart(days: days, now: now, calendar: data.calendar), now: now, box: box)
    }

    /// The first instant of the last `days` whole local days (0…90) at `now`: the midnight `days - 1` days before
    /// today's, or `now` itself for none.
    public static func windowStart(days: Int, now: Date, calendar: WorkingCalendar) -> Date {
        calendar.startOfLast(max(0, min(days, 90)), at: now)
    }
}
