import Foundation

/// 外包矩形 — an axis-aligned box in degrees; edges count as inside.
public struct BoundingBox: Sendable, Hashable, Codable {
    public var minLon: Double
    public var minLat: Double
    public var maxLon: Double
    public var maxLat: Double

    public init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        self.minLon = minLon
        self.minLat = minLat
        self.maxLon = maxLon
        self.maxLat = maxLat
    }

    /// The box around no points at all: contains and intersects nothing, and is the identity of `union`.
    public static let empty = BoundingBox(minLon: .infinity, minLat: .infinity, maxLon: -.infinity, maxLat: -.infinity)

    /// Whether the box holds no point (for example `empty`, or a box with min > max).
    public var isEmpty: Bool { !(minLon <= maxLon && minLat <= maxLat) }

    /// The centre of the box.
    public var center: GeoPoint { GeoPoint(lon: (minLon + maxLon) / 2, lat: (minLat + maxLat) / 2) }

    /// Whether `p` lies inside or on the edge of the box.
    public func contains(_ p: GeoPoint) -> Bool {
        p.lon >= minLon && p.lon <= maxLon && p.lat >= minLat && p.lat <= maxLat
    }

    /// Whether the two boxes share at least one point (touching edges count).
    public func intersects(_ b: BoundingBox) -> Bool {
        minLon <= b.maxLon && b.minLon <= maxLon && minLat <= b.maxLat && b.minLat <= maxLat
    }

    /// The smallest box holding both boxes.
    public func union(_ b: BoundingBox) -> BoundingBox {
        BoundingBox(
            minLon: Swift.min(minLon, b.minLon), minLat: Swift.min(minLat, b.minLat),
            maxLon: Swift.max(maxLon, b.maxLon), maxLat: Swift.max(maxLat, b.maxLat)
        )
    }

    /// The box grown by `degrees` on every side.
    public func expanded(by degrees: Double) -> BoundingBox {
        BoundingBox(minLon: minLon - degrees, minLat: minLat - degrees, maxLon: maxLon + degrees, maxLat: maxLat + degrees)
    }

    /// The smallest box holding every point, or nil when there are none.
    public static func around(_ points: [GeoPoint]) -> BoundingBox? {
        guard let first = points.first else { return nil }
        var box = BoundingBox(minLon: first.lon, minLat: first.lat, maxLon: first.lon, maxLat: first.lat)
        for p in points.dropFirst() {
            box.minLon = Swift.min(box.minLon, p.lon)
            box.minLat = Swift.min(box.minLat, p.lat)
            box.maxLon = Swift.max(box.maxLon, p.lon)
            box.maxLat = Swift.max(box.maxLat, p.lat)
        }
        return box
    }
}
