import Foundation

/// An area made of one or more polygons (GeoJSON Polygon or MultiPolygon).
public struct Area: Sendable, Hashable, Codable {
    /// The parts of the area; a GeoJSON Polygon gives one, a MultiPolygon several.
    public var polygons: [Polygon]

    public init(polygons: [Polygon]) {
        self.polygons = polygons
    }

    /// An area of a single polygon.
    public init(_ polygon: Polygon) {
        self.polygons = [polygon]
    }

    /// The box around every part, or `BoundingBox.empty` for an area without parts.
    public var boundingBox: BoundingBox {
        polygons.reduce(BoundingBox.empty) { $0.union($1.boundingBox) }
    }

    /// Whether any part contains `p` (its boundary included).
    public func contains(_ p: GeoPoint) -> Bool {
        polygons.contains { $0.contains(p) }
    }

    /// The summed area of the parts in square metres.
    public var areaSquareMetres: Double {
        polygons.reduce(0) { $0 + $1.areaSquareMetres }
    }

    /// The area-weighted mean of the parts' centroids; NaN for an area without parts.
    public var centroid: GeoPoint {
        guard polygons.count > 1 else { return polygons.first?.centroid ?? GeoPoint(lon: .nan, lat: .nan) }
        var weight = 0.0, lon = 0.0, lat = 0.0
        for polygon in polygons {
            let w = polygon.areaSquareMetres, c = polygon.centroid
            weight += w
            lon += w * c.lon
            lat += w * c.lat
        }
        guard weight > 0 else { return polygons[0].centroid }
        return GeoPoint(lon: lon / weight, lat: lat / weight)
    }
}
