import Foundation

/// Where a point lies relative to one ring.
enum GeoRingLocation: Sendable, Hashable {
    case inside, boundary, outside
}

/// Ring-level computations shared by `Polygon`, the validator and the locator.
///
/// A ring is a list of positions; it is treated as closed whether or not the last position repeats the first.
enum GeoRing {
    /// Where `p` lies relative to `ring`, by even–odd ray crossing; points within
    /// `GeoMath.boundaryTolerance` degrees of an edge are on the boundary.
    static func locate(_ p: GeoPoint, in ring: [GeoPoint]) -> GeoRingLocation {
        let n = ring.count
        guard n > 0 else { return .outside }
        var inside = false
        var a = ring[n - 1]
        for b in ring {
            if isOnSegment(p, a, b) { return .boundary }
            if (a.lat > p.lat) != (b.lat > p.lat) {
                let x = a.lon + (p.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat)
                if p.lon < x { inside.toggle() }
            }
            a = b
        }
        return inside ? .inside : .outside
    }

    /// Whether `p` lies within the boundary tolerance of the segment `a`–`b`.
    static func isOnSegment(_ p: GeoPoint, _ a: GeoPoint, _ b: GeoPoint) -> Bool {
        let eps = GeoMath.boundaryTolerance
        if p.lon < min(a.lon, b.lon) - eps || p.lon > max(a.lon, b.lon) + eps { return false }
        if p.lat < min(a.lat, b.lat) - eps || p.lat > max(a.lat, b.lat) + eps { return false }
        let dx = b.lon - a.lon, dy = b.lat - a.lat
        let length = (dx * dx + dy * dy).squareRoot()
        let px = p.lon - a.lon, py = p.lat - a.lat
        if length == 0 { return (px * px + py * py).squareRoot() <= eps }
        return abs(dx * py - dy * px) / length <= eps
    }

    /// Twice the signed planar area in degrees² (shoelace); positive when counter-clockwise.
    static func signedDoubleArea(_ ring: [GeoPoint]) -> Double {
        guard ring.count > 2 else { return 0 }
        let origin = ring[0]
        var sum = 0.0
        var a = ring[ring.count - 1]
        for b in ring {
            sum += (a.lon - origin.lon) * (b.lat - origin.lat) - (b.lon - origin.lon) * (a.lat - origin.lat)
            a = b
        }
        return sum
    }

    /// The area enclosed by the ring in square metres on a sphere of mean Earth radius.
    ///
    /// Uses the line-integral formula of Chamberlain & Duquette (JPL, 2007), which is exact for
    /// edges along parallels and meridians and well within 1 % for city-scale rings.
    static func sphericalArea(_ ring: [GeoPoint]) -> Double {
        let n = ring.count
        guard n > 2 else { return 0 }
        let rad = GeoMath.radiansPerDegree
        var sum = 0.0
        for i in 0..<n {
            let previous = ring[(i + n - 1) % n], current = ring[i], next = ring[(i + 1) % n]
            sum += (next.lon - previous.lon) * rad * sin(current.lat * rad)
        }
        return abs(sum) * GeoMath.earthRadius * GeoMath.earthRadius / 2
    }

    /// The ring's planar moments in a local equirectangular frame centred on `origin`:
    /// signed area and first moments, in degrees of latitude.
    static func moments(_ ring: [GeoPoint], origin: GeoPoint, lonScale: Double) -> (area: Double, mx: Double, my: Double) {
        guard ring.count > 2 else { return (0, 0, 0) }
        var area = 0.0, mx = 0.0, my = 0.0
        var a = ring[ring.count - 1]
        for b in ring {
            let ax = (a.lon - origin.lon) * lonScale, ay = a.lat - origin.lat
            let bx = (b.lon - origin.lon) * lonScale, by = b.lat - origin.lat
            let cross = ax * by - bx * ay
            area += cross
            mx += (ax + bx) * cross
            my += (ay + by) * cross
            a = b
        }
        return (area / 2, mx / 6, my / 6)
    }
}
