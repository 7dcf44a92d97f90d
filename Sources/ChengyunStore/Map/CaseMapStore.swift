public import ChengyunCore
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
    public init(id: Int64, lon: Double, lat: Double, state: CaseState, urgency: Urgency, overdue: Bool, categoryID: String) {
        self.id = id
        self.lon = lon
        self.lat = lat
        self.state = state
        self.urgency = urgency
        self.overdue = overdue
        self.categoryID = categoryID
    }
}

/// Which cases a map shows: those of the query's scope and node path (its other filters are not used) that are open
/// (accepted to verified) or were reported since `since` (merged ones never), that have a location, inside `box`
/// when given; overdue is judged at `now`.
public struct CaseMapQuery: Sendable, Hashable {
    public var query: CaseQuery
    public var since: Date
    public var now: Date
    public var box: BoundingBox?
    public init(query: CaseQuery, since: Date, now: Date, box: BoundingBox? = nil) {
        self.query = query
        self.since = since
        self.now = now
        self.box = box
    }

    /// The states counted as open on the map whatever their age.
    public static let openStates: [CaseState] = [.accepted, .dispatched, .inProgress, .handled, .verified]
}

/// The map's cases of one area, counted.
public struct AreaCaseCount: Sendable, Hashable {
    /// The area: a street or a grid, or the node itself for a case filed above that level.
    public var nodeID: NodeID
    public var path: String
    /// The area's name.
    public var name: String
    public var count: Int
    /// How many are overdue now.
    public var overdue: Int
    /// How many are urgent or critical.
    public var urgent: Int
    /// The mean position of the counted cases: where the count is drawn.
    public var centre: GeoPoint
    public init(nodeID: NodeID, path: String, name: String, count: Int, overdue: Int, urgent: Int, centre: GeoPoint) {
        self.nodeID = nodeID
        self.path = path
        self.name = name
        self.count = count
        self.overdue = overdue
        self.urgent = urgent
        self.centre = centre
    }
}

/// Markers, at most a limit of them, and whether more matched.
public struct CaseMarkerPage: Sendable, Hashable {
    public var markers: [CaseMarker]
    /// More cases matched than the limit: the open ones come first, then the most recently reported.
    public var capped: Bool
    public init(markers: [CaseMarker], capped: Bool) {
        self.markers = markers
        self.capped = capped
    }
}

/// 地图 — what the big screen's map shows, counted and listed in the database from typed columns: never whole cases.
public protocol CaseMapStore: Sendable {
    /// The map's cases counted per area at a depth of the organisation tree (2 streets, 4 grids): each case is counted
    /// in its ancestor at that depth, or in its own node when it is filed higher up. In a box, grids count the cases
    /// inside it; streets (whose counts a store may keep as rollups over whole local days, so `since` at a local
    /// midnight) are the areas whose centre lies inside it, counted whole.
    func mapCounts(_ query: CaseMapQuery, depth: Int) async throws -> [AreaCaseCount]
    /// The map's cases as markers, at most `limit`: the open ones first, then the most recently reported.
    func mapMarkers(_ query: CaseMapQuery, limit: Int) async throws -> CaseMarkerPage
}
