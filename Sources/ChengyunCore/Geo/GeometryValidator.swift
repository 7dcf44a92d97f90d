import Foundation

/// 几何校验 — checks that polygons and areas are valid simple shapes before they are stored or indexed.
///
/// Each ring must have at least four positions and be closed; coordinates must be finite with longitude
/// in -180...180 and latitude in -90...90; a ring must not cross or touch itself away from consecutive
/// corners; rings must not cross each other (touching at a single point is allowed); holes must lie inside
/// the outer ring; every ring must enclose a non-zero area. Edges are compared by a sweep, so rings of
/// thousands of vertices validate in milliseconds.
public enum GeometryValidator {
    /// Checks one polygon.
    /// - Throws: `GeometryError` with `field` set to `field` and a message naming the ring and position.
    public static func validate(_ polygon: Polygon, field: String) throws(GeometryError) {
        try check(polygon, field: field, part: nil)
    }

    /// Checks every polygon of an area; an area must have at least one polygon.
    /// - Throws: `GeometryError` with `field` set to `field` and a message naming the polygon, ring and position.
    public static func validate(_ area: Area, field: String) throws(GeometryError) {
        guard !area.polygons.isEmpty else {
            throw GeometryError(
                code: "geometry.empty",
                message: "The area has no polygons. Give at least one polygon with an outer ring of four or more positions.",
                field: field
            )
        }
        let multi = area.polygons.count > 1
        for (index, polygon) in area.polygons.enumerated() {
            try check(polygon, field: field, part: multi ? index : nil)
        }
    }

    /// Internal entry point that also reports how many edge pairs the sweep compared.
    static func check(_ polygon: Polygon, field: String, part: Int?, pairChecks: inout Int) throws(GeometryError) {
        func name(_ ring: Int) -> String {
            let base = ring == 0 ? "ring 0 (the outer ring)" : "ring \(ring) (a hole)"
            return part.map { "\(base) of polygon \($0)" } ?? base
        }
        func fail(_ code: String, _ message: String) -> GeometryError {
            let text = message.prefix(1).uppercased() + message.dropFirst()
            return GeometryError(code: code, message: text, field: field)
        }

        guard !polygon.rings.isEmpty else {
            let which = part.map { "Polygon \($0)" } ?? "The polygon"
            throw GeometryError(
                code: "geometry.empty",
                message: "\(which) has no rings. Give an outer ring of four or more positions whose last position repeats the first.",
                field: field
            )
        }

        var simplified: [[GeoPoint]] = []
        var originalIndex: [[Int]] = []
        for (r, ring) in polygon.rings.enumerated() {
            guard ring.count >= 4 else {
                throw fail("geometry.too_few_positions", "\(name(r)) has \(ring.count) position\(ring.count == 1 ? "" : "s"); a ring needs at least 4 (three corners and the first repeated at the end). Add the missing corners or drop the ring.")
            }
            for (i, p) in ring.enumerated() {
                guard p.lon.isFinite && p.lat.isFinite else {
                    throw fail("geometry.invalid_coordinate", "position \(i) of \(name(r)) is not a finite number. Give every position as [longitude, latitude] in decimal degrees.")
                }
                guard (-180...180).contains(p.lon) && (-90...90).contains(p.lat) else {
                    throw fail("geometry.coordinate_out_of_range", "position \(i) of \(name(r)) is \(GeoMath.render(p)), outside longitude -180...180 or latitude -90...90. Check that positions are [longitude, latitude] in WGS-84 degrees, not swapped and not projected metres.")
                }
            }
            guard ring.first == ring.last else {
                throw fail("geometry.ring_not_closed", "\(name(r)) is not closed: its last position differs from its first \(GeoMath.render(ring[0])). Repeat the first position at the end of the ring.")
            }
            // Consecutive repeated positions are harmless; drop them before the topological checks.
            var points: [GeoPoint] = [ring[0]], indices: [Int] = [0]
            for i in 1..<ring.count where ring[i] != points[points.count - 1] {
                points.append(ring[i])
                indices.append(i)
            }
            let box = BoundingBox.around(points) ?? .empty
            let doubleArea = abs(GeoRing.signedDoubleArea(points))
            guard points.count >= 4, doubleArea > 1e-12 * (box.maxLon - box.minLon) * (box.maxLat - box.minLat) else {
                throw fail("geometry.zero_area", "\(name(r)) encloses no area: its corners are repeated or lie on one line. Give at least three distinct corners that are not collinear.")
            }
            simplified.append(points)
            originalIndex.append(indices)
        }

        if let conflict = GeoSegmentSweep.firstConflict(in: simplified, pairChecks: &pairChecks) {
            let edgeA = originalIndex[conflict.ringA][conflict.edgeA]
            let edgeB = originalIndex[conflict.ringB][conflict.edgeB]
            let near = GeoMath.render(conflict.near)
            switch conflict.kind {
            case .selfIntersection:
                throw fail("geometry.self_intersection", "\(name(conflict.ringA)) intersects itself near \(near): the edge starting at position \(edgeA) meets the edge starting at position \(edgeB). Redraw the boundary so that edges meet only at consecutive corners; split a figure-of-eight into a MultiPolygon.")
            case .ringsCross:
                throw fail("geometry.rings_cross", "\(name(conflict.ringA)) and \(name(conflict.ringB)) cross or overlap near \(near) (edges starting at positions \(edgeA) and \(edgeB)). Holes must lie inside the outer ring and may touch it or each other at single points only; fix or remove the hole.")
            }
        }

        // Rings do not cross, so one vertex off the outer boundary tells whether a hole is inside.
        let outer = simplified[0]
        for r in simplified.indices.dropFirst() {
            for p in simplified[r] {
                let location = GeoRing.locate(p, in: outer)
                if location == .boundary { continue }
                if location == .outside {
                    throw fail("geometry.hole_outside_shell", "\(name(r)) lies outside the outer ring. Move it inside the outer ring, or make it a separate polygon of a MultiPolygon if it is a part rather than a hole.")
                }
                break
            }
        }
    }

    private static func check(_ polygon: Polygon, field: String, part: Int?) throws(GeometryError) {
        var pairChecks = 0
        try check(polygon, field: field, part: part, pairChecks: &pairChecks)
    }
}
