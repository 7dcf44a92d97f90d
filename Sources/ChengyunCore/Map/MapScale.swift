import Foundation

/// How finely a map view shows cases: counted per street, counted per grid, or one marker per case.
public enum MapLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// 街镇 — a count per street (a city's or a district's view).
    case street
    /// 网格 — a count per grid (a street's view).
    case grid
    /// 案件 — one marker per case (a few grids' view).
    case `case`

    /// The depth in the organisation tree of the areas counted (nil for markers).
    public var nodeDepth: Int? {
        switch self {
        case .street: OrgNode.Kind.street.depth
        case .grid: OrgNode.Kind.grid.depth
        case .case: nil
        }
    }
}

/// 地图尺度 — the size of a city's grids, which decides how finely a view of a given size is shown: a view that would
/// hold more than `gridLimit` grids counts per street, one of a few grids (`markerGrids`) shows markers, and in between
/// the counts are per grid. Measured on the city's own grids, so the same rule fits Shanghai (grids of ~0.16 km²:
/// per grid up to ~78 km², a street's view; markers up to ~3.9 km²) and the small demo city (grids of ~0.01 km²).
/// A street holds ~190 grids in both, and a map fitted to a street shows two to three times its area.
public struct MapScale: Sendable, Hashable {
    /// The mean area of a grid, in square metres.
    public var gridSquareMetres: Double

    /// Markers when the view would hold at most this many mean grids.
    public static let markerGrids = 25.0
    /// Counts per grid when the view would hold at most this many mean grids (at most that many bubbles); per street above.
    public static let gridLimit = 500.0

    public init(gridSquareMetres: Double) {
        self.gridSquareMetres = gridSquareMetres
    }

    /// Shanghai's: 6,340 km² in 40,625 grids (used before a city has grids).
    public static let shanghai = MapScale(gridSquareMetres: 6_340e6 / 40_625)

    /// The scale of a city from its grids' areas; `shanghai` when it has none.
    public init(gridAreas: [Double]) {
        let total = gridAreas.reduce(0, +)
        guard !gridAreas.isEmpty, total > 0 else { self = .shanghai; return }
        self.init(gridSquareMetres: total / Double(gridAreas.count))
    }

    /// The level a view of this box is shown at.
    public func level(for box: BoundingBox) -> MapLevel {
        let grids = Self.squareMetres(box) / gridSquareMetres
        if grids <= Self.markerGrids { return .case }
        if grids <= Self.gridLimit { return .grid }
        return .street
    }

    /// The area of a box in square metres (a local equirectangular approximation, good at a city's size).
    public static func squareMetres(_ box: BoundingBox) -> Double {
        guard !box.isEmpty else { return 0 }
        let midLat = (box.minLat + box.maxLat) / 2 * .pi / 180
        let width = (box.maxLon - box.minLon) * 111_320 * max(cos(midLat), 0)
        let height = (box.maxLat - box.minLat) * 110_574
        return width * height
    }
}
