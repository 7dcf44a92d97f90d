import Foundation

/// A polygon in WGS-84: rings[0] is the outer ring, the others holes; each ring closed (first == last).
public struct Polygon: Sendable, Hashable, Codable {
    /// The outer ring first, then the holes; positions `[lon, lat]` as in GeoJSON.
    public var rings: [[GeoPoint]]

    public init(rings: [[GeoPoint]]) {
        self.rings = rings
    }

    /// A polygon without holes from the corners of its outer ring; the ring is closed for you if it is open.
    public init(outer: [GeoPoint], holes: [[GeoPoint]] = []) {
        func closed(_ ring: [GeoPoint]) -> [GeoPoint] {
            guard let first = ring.first, ring.last != first else { return ring }
            return ring + [first]
        }
        self.rings = ([outer] + holes).map(closed)
    }

    /// The outer ring, or an empty list for a polygon without rings.
    public var outerRing: [GeoPoint] { rings.first ?? [] }

    /// The holes: every ring after the first.
    public var holes: ArraySlice<[GeoPoint]> { rings.dropFirst() }

    /// The box around the outer ring (holes lie inside it), or `BoundingBox.empty` without rings.
    public var boundingBox: BoundingBox { BoundingBox.around(outerRing) ?? .empty }

    /// Whether `p` lies inside the outer ring and outside every hole; a point on any ring counts as inside.
    public func contains(_ p: GeoPoint) -> Bool {
        guard let outer = rings.first else { return false }
        switch GeoRing.locate(p, in: outer) {
        case .outside: return false
        case .boundary: return true
        case .inside: break
        }
        for hole in rings.dropFirst() {
            switch GeoRing.locate(p, in: hole) {
            case .inside: return false
            case .boundary: return true
            case .outside: continue
            }
        }
        return true
    }

    /// The area in square metres: the outer ring less its holes, on a sphere of mean Earth radius
    /// (good to far better than 1 % at city scale).
    public var areaSquareMetres: Double {
        guard let outer = rings.first else { return 0 }
        let holes = rings.dropFirst().reduce(0) { $0 + GeoRing.sphericalArea($1) }
        return max(0, GeoRing.sphericalArea(outer) - holes)
    }

    /// The area-weighted centre, holes subtracted, in a local equirectangular projection;
    /// the mean of the outer vertices when the area is zero. It may lie outside a concave polygon.
    public var centroid: GeoPoint {
        guard let origin = rings.first?.first else { return GeoPoint(lon: .nan, lat: .nan) }
        let lonScale = max(cos(origin.lat * GeoMath.radiansPerDegree), 1e-9)
        var area = 0.0, mx = 0.0, my = 0.0
        var outerSign = 1.0
        for (index, ring) in rings.enumerated() {
            let m = GeoRing.moments(ring, origin: origin, lonScale: lonScale)
            if index == 0 { outerSign = m.area < 0 ? -1 : 1 }
            // The outer ring adds, holes subtract, whatever their winding.
            let sign = index == 0 ? outerSign : (m.area < 0 ? 1.0 : -1.0)
            area += sign * m.area
            mx += sign * m.mx
            my += sign * m.my
        }
        guard abs(area) > 0, area.isFinite else { return Self.vertexMean(outerRing) }
        return GeoPoint(lon: origin.lon + mx / area / lonScale, lat: origin.lat + my / area)
    }

    /// The mean of a ring's distinct vertices (the closing repeat left out).
    static func vertexMean(_ ring: [GeoPoint]) -> GeoPoint {
        var points = ring
        if points.count > 1, points.first == points.last { points.removeLast() }
        guard !points.isEmpty else { return GeoPoint(lon: .nan, lat: .nan) }
        let n = Double(points.count)
        return GeoPoint(lon: points.reduce(0) { $0 + $1.lon } / n, lat: points.reduce(0) { $0 + $1.lat } / n)
    }
}
