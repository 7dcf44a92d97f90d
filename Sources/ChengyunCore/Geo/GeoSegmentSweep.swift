import Foundation

/// Two edges of a polygon's rings that meet where they must not.
struct GeoRingConflict: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// Two edges of one ring meet away from their shared corner, or consecutive edges run back over each other.
        case selfIntersection
        /// Edges of two different rings cross or overlap (touching at one point is allowed).
        case ringsCross
    }
    var kind: Kind
    var ringA: Int
    var edgeA: Int
    var ringB: Int
    var edgeB: Int
    var near: GeoPoint
}

/// Finds intersecting edges among a polygon's rings by a sweep over edges sorted by their west edge:
/// only edges whose boxes overlap are compared, so a simple ring of n vertices costs about n log n.
enum GeoSegmentSweep {
    private struct Edge {
        var ring: Int
        var index: Int
        var a: GeoPoint
        var b: GeoPoint
        var minX: Double, maxX: Double, minY: Double, maxY: Double
    }

    /// The first conflict among `rings` (each closed, without consecutive repeated positions), or nil.
    /// `pairChecks` counts the edge pairs compared exactly, so tests can prove the sweep is sub-quadratic.
    static func firstConflict(in rings: [[GeoPoint]], pairChecks: inout Int) -> GeoRingConflict? {
        var edges: [Edge] = []
        edges.reserveCapacity(rings.reduce(0) { $0 + max(0, $1.count - 1) })
        for (r, ring) in rings.enumerated() where ring.count > 1 {
            for i in 0..<(ring.count - 1) {
                let a = ring[i], b = ring[i + 1]
                edges.append(Edge(
                    ring: r, index: i, a: a, b: b,
                    minX: min(a.lon, b.lon), maxX: max(a.lon, b.lon), minY: min(a.lat, b.lat), maxY: max(a.lat, b.lat)
                ))
            }
        }
        let edgeCounts = rings.map { max(0, $0.count - 1) }
        edges.sort { ($0.minX, $0.ring, $0.index) < ($1.minX, $1.ring, $1.index) }

        var active: [Int] = []
        for k in edges.indices {
            let s = edges[k]
            var kept = 0
            for m in 0..<active.count {
                let t = edges[active[m]]
                if t.maxX < s.minX { continue }
                active[kept] = active[m]
                kept += 1
                guard t.minY <= s.maxY && s.minY <= t.maxY else { continue }
                pairChecks += 1
                if let conflict = conflict(t, s, edgeCounts: edgeCounts) { return conflict }
            }
            active.removeLast(active.count - kept)
            active.append(k)
        }
        return nil
    }

    private static func conflict(_ e: Edge, _ f: Edge, edgeCounts: [Int]) -> GeoRingConflict? {
        let (first, second) = (e.ring, e.index) < (f.ring, f.index) ? (e, f) : (f, e)
        if first.ring == second.ring {
            let last = edgeCounts[first.ring] - 1
            // Consecutive edges share a corner; they conflict only if they run back over each other.
            if second.index == first.index + 1, isSpike(first.a, first.b, second.b) {
                return GeoRingConflict(kind: .selfIntersection, ringA: first.ring, edgeA: first.index, ringB: second.ring, edgeB: second.index, near: first.b)
            }
            if first.index == 0, second.index == last, isSpike(second.a, second.b, first.b) {
                return GeoRingConflict(kind: .selfIntersection, ringA: first.ring, edgeA: first.index, ringB: second.ring, edgeB: second.index, near: first.a)
            }
            if second.index == first.index + 1 || (first.index == 0 && second.index == last) { return nil }
            if let point = contact(first.a, first.b, second.a, second.b)?.point {
                return GeoRingConflict(kind: .selfIntersection, ringA: first.ring, edgeA: first.index, ringB: second.ring, edgeB: second.index, near: point)
            }
            return nil
        }
        switch contact(first.a, first.b, second.a, second.b) {
        case .cross(let p)?, .overlap(let p)?:
            return GeoRingConflict(kind: .ringsCross, ringA: first.ring, edgeA: first.index, ringB: second.ring, edgeB: second.index, near: p)
        case .touch?, nil:
            return nil
        }
    }

    /// Whether the path u → v → w turns straight back on itself.
    private static func isSpike(_ u: GeoPoint, _ v: GeoPoint, _ w: GeoPoint) -> Bool {
        orient(u, v, w) == 0 && (v.lon - u.lon) * (w.lon - v.lon) + (v.lat - u.lat) * (w.lat - v.lat) < 0
    }

    enum Contact {
        case touch(GeoPoint), cross(GeoPoint), overlap(GeoPoint)
        var point: GeoPoint {
            switch self { case .touch(let p), .cross(let p), .overlap(let p): p }
        }
    }

    /// How the segments p1–p2 and p3–p4 meet, or nil when they are disjoint.
    static func contact(_ p1: GeoPoint, _ p2: GeoPoint, _ p3: GeoPoint, _ p4: GeoPoint) -> Contact? {
        let d1 = orient(p3, p4, p1), d2 = orient(p3, p4, p2)
        let d3 = orient(p1, p2, p3), d4 = orient(p1, p2, p4)
        if d1 * d2 < 0 && d3 * d4 < 0 {
            let rx = p2.lon - p1.lon, ry = p2.lat - p1.lat, sx = p4.lon - p3.lon, sy = p4.lat - p3.lat
            let t = ((p3.lon - p1.lon) * sy - (p3.lat - p1.lat) * sx) / (rx * sy - ry * sx)
            return .cross(GeoPoint(lon: p1.lon + t * rx, lat: p1.lat + t * ry))
        }
        if d1 == 0 && d2 == 0 {
            // Collinear: compare the extents along the dominant axis.
            let useLon = abs(p2.lon - p1.lon) + abs(p4.lon - p3.lon) >= abs(p2.lat - p1.lat) + abs(p4.lat - p3.lat)
            func key(_ p: GeoPoint) -> Double { useLon ? p.lon : p.lat }
            let lo = max(min(key(p1), key(p2)), min(key(p3), key(p4)))
            let hi = min(max(key(p1), key(p2)), max(key(p3), key(p4)))
            if lo > hi { return nil }
            let candidates = [p1, p2, p3, p4].filter { key($0) >= lo && key($0) <= hi }
            let at = candidates.first ?? p1
            return lo < hi ? .overlap(at) : .touch(at)
        }
        if d1 == 0 && isWithinBox(p1, p3, p4) { return .touch(p1) }
        if d2 == 0 && isWithinBox(p2, p3, p4) { return .touch(p2) }
        if d3 == 0 && isWithinBox(p3, p1, p2) { return .touch(p3) }
        if d4 == 0 && isWithinBox(p4, p1, p2) { return .touch(p4) }
        return nil
    }

    /// The turn a → b → c: 1 counter-clockwise, -1 clockwise, 0 collinear within rounding error.
    static func orient(_ a: GeoPoint, _ b: GeoPoint, _ c: GeoPoint) -> Int {
        let l = (b.lon - a.lon) * (c.lat - a.lat)
        let r = (b.lat - a.lat) * (c.lon - a.lon)
        let det = l - r
        let bound = 1e-12 * (abs(l) + abs(r))
        return det > bound ? 1 : (det < -bound ? -1 : 0)
    }

    private static func isWithinBox(_ p: GeoPoint, _ a: GeoPoint, _ b: GeoPoint) -> Bool {
        p.lon >= min(a.lon, b.lon) && p.lon <= max(a.lon, b.lon) && p.lat >= min(a.lat, b.lat) && p.lat <= max(a.lat, b.lat)
    }
}
