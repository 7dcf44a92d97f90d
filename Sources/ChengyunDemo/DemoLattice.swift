import ChengyunCore
import ChengyunStore

/// A rectangle of lattice cells: columns [c0, c1), rows [r0, r1).
struct CellBlock: Sendable, Hashable {
    var c0: Int, c1: Int, r0: Int, r1: Int
    var cellCount: Int { (c1 - c0) * (r1 - r0) }
}

/// The map of the test city (`DemoLayout.lattice`) and of the benchmarks' bulk city: a lattice of ~100 m cells whose
/// inner vertices are jittered, so grids look like real blocks yet tile the city exactly; every boundary (grid,
/// committee, street, district) follows lattice edges. (`chengyun demo` lays its city over real districts: `DemoMap`.)
struct DemoLattice: Sendable {
    let columns: Int
    let rows: Int
    let origin = GeoPoint(lon: 121.40, lat: 31.15)
    let cellLon = 0.00105
    let cellLat = 0.0009
    let seed: Int

    /// The jittered position of lattice vertex (i, j); the outer boundary stays straight.
    func vertex(_ i: Int, _ j: Int) -> GeoPoint {
        var dx = 0.0, dy = 0.0
        if i > 0 && i < columns { dx = (SeededRandom.hash(seed, i, j, 1) - 0.5) * 0.3 }
        if j > 0 && j < rows { dy = (SeededRandom.hash(seed, i, j, 2) - 0.5) * 0.3 }
        return GeoPoint(lon: origin.lon + (Double(i) + dx) * cellLon, lat: origin.lat + (Double(j) + dy) * cellLat)
    }

    /// The polygon around a block, walking every lattice vertex on its edge (counter-clockwise, closed).
    func polygon(_ b: CellBlock) -> Polygon {
        var ring: [GeoPoint] = []
        for i in b.c0..<b.c1 { ring.append(vertex(i, b.r0)) }
        for j in b.r0..<b.r1 { ring.append(vertex(b.c1, j)) }
        for i in stride(from: b.c1, to: b.c0, by: -1) { ring.append(vertex(i, b.r1)) }
        for j in stride(from: b.r1, to: b.r0, by: -1) { ring.append(vertex(b.c0, j)) }
        ring.append(ring[0])
        return Polygon(rings: [ring])
    }

    /// The grids of a committee's block, one per cell, numbered from the top row west to east as a reader would
    /// (`<committee code>001` …, named `<last six digits>-<n>号网格`), each with its cell's polygon.
    func grids(of block: CellBlock, committee: Int, code committeeCode: String) -> [(draft: NodeDraft, area: Area)] {
        var made: [(draft: NodeDraft, area: Area)] = []
        for r in stride(from: block.r1 - 1, through: block.r0, by: -1) {
            for c in block.c0..<block.c1 {
                let g = made.count + 1
                let area = Area(polygons: [polygon(CellBlock(c0: c, c1: c + 1, r0: r, r1: r + 1))])
                made.append((NodeDraft(parent: .draft(committee), kind: .grid, code: committeeCode + String(format: "%03d", g),
                                       name: "\(committeeCode.suffix(6))-\(g)号网格", area: area), area))
            }
        }
        return made
    }

    /// The two factors of n closest to the aspect `ratio` (columns ÷ rows).
    static func factors(_ n: Int, ratio: Double = 1) -> (Int, Int) {
        var best = (n, 1)
        var bestScore = Double.infinity
        for a in 1...max(n, 1) where n % a == 0 {
            let b = n / a
            let score = abs(log(Double(a) / Double(b) / ratio))
            if score < bestScore { best = (a, b); bestScore = score }
        }
        return best
    }

    /// Splits [lo, hi) into `parts` near-equal ranges.
    static func split(_ lo: Int, _ hi: Int, into parts: Int) -> [(Int, Int)] {
        let n = hi - lo
        return (0..<parts).map { k in (lo + n * k / parts, lo + n * (k + 1) / parts) }
    }

    /// Splits `total` into `parts` counts that differ by at most one.
    static func shares(_ total: Int, _ parts: Int) -> [Int] {
        (0..<parts).map { total / parts + ($0 < total % parts ? 1 : 0) }
    }
}

import Foundation
