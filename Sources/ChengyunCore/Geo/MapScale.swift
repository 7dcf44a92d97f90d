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

/// 地图尺度 — the sizes of a city's areas, which decide how finely a view of a given size is shown: a view about as
/// large as a street or two counts per grid, a view of a few grids shows markers, anything larger counts per street.
/// Measured on the city's own grids, so the same rule fits Shanghai (grids of ~0.16 km², streets of ~30 km²) and the
/// small demo city (grids of ~0.01 km²).
public struct MapScale: Sendable, Hashable {
    /// The mean area of a grid, in square metres.
    public var gridSquareMetres: Double
    /// The mean area of a street (the grids' area over the streets), in square metres.
    public var streetSquareMetres: Double

    /// Markers when the view covers at most this many mean grids.
    public static let markerGrids = 25.0
    /// Counts per grid when the view covers at most this many mean streets; per street above.
    public static let gridStreets = 1.5

    public init(gridSquareMetres: Double, streetSquareMetres: Double) {
        self.gridSquareMetres = gridSquareMetres
        self.streetSquareMetres = streetSquareMetres
    }

    /// Shanghai's: 6,340 km² in 40,625 grids and 215 streets (used before a city has grids).
    public static let shanghai = MapScale(gridSquareMetres: 6_340e6 / 40_625, streetSquareMetres: 6_340e6 / 215)

    /// The scale of a city from its grids' areas and how many streets hold them; `shanghai` when there are none.
    public init(gridAreas: [Double], streets: Int) {
        let total = gridAreas.reduce(0, +)
        guard !gridAreas.isEmpty, total > 0, streets > 0 else { self = .shanghai; return }
        self.init(gridSquareMetres: total / Double(gridAreas.count), streetSquareMetres: total / Double(streets))
    }

    /// The level a view of this box is shown at.
    public func level(for box: BoundingBox) -> MapLevel {
        let area = Self.squareMetres(box)
        if area <= Self.markerGrids * gridSquareMetres { return .case }
        if area <= Self.gridStreets * streetSquareMetres { return .grid }
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
