import ChengyunCore
import ChengyunStore
import Foundation

/// The generated organisation tree with each grid's area.
struct DemoTree: Sendable {
    var city: OrgNode
    var districts: [OrgNode]
    var streets: [OrgNode]
    var committees: [OrgNode]
    var grids: [OrgNode]
    /// The committee index of each grid.
    var gridCommittee: [Int]
    /// The area of each grid, by index in `grids`: cases and cameras are placed inside it.
    var gridAreas: [Area]
    /// The demo accounts' password (`DemoCity.password`) hashed once at the city's cost (set by the generator).
    var passwordHash = ""
    var nodeCount: Int { 1 + districts.count + streets.count + committees.count + grids.count }

    static let streetNames = ["长乐", "安平", "永和", "兴隆", "和平", "太平", "嘉禾", "凤鸣", "云台", "明珠", "望海", "春晓", "石门", "桃源", "梅林", "柳营"]
    static let committeeNames = ["花园", "新村", "北苑", "南苑", "东苑", "西苑", "翠竹", "锦绣", "阳光", "康乐", "景湖", "绿洲", "丽都", "樱花", "银杏"]

    /// The city laid over Shanghai's real districts (the first `o.districts` of `RealDistrict.shipped()`, with their real
    /// names and codes): streets, committees and grids are cut from them on a lattice sized for about `o.grids` grids.
    static func build(_ o: DemoOptions, store: any ChengyunStore) async throws -> DemoTree {
        guard o.layout == .shanghai else { return try await buildLattice(o, store: store) }
        let real = try RealDistrict.shipped()
        guard o.districts <= real.count else { throw DemoError.tooManyDistricts(real.count) }
        let chosen = Array(real.prefix(o.districts))
        let districtAreas = chosen.map(\.area)
        let (map, pieces) = DemoMap.fitted(to: districtAreas, grids: o.grids)
        var drafts: [NodeDraft] = []
        var areas: [Area] = []
        var gridCommittee: [Int] = []
        var committeeIndex = -1
        func add(_ d: NodeDraft) -> Int {
            drafts.append(d)
            return drafts.count - 1
        }
        let city = add(NodeDraft(parent: .none, kind: .city, code: "310000", name: "上海市",
                                 area: Area(polygons: districtAreas.flatMap(\.polygons))))
        // Streets cut each district in proportion to its grids; committees cut the streets in proportion to theirs.
        let streetShares = DemoMap.apportion(o.streets, by: pieces.map(\.count))
        var plans: [[(block: CellBlock, items: [Int])]] = []
        for (d, district) in districtAreas.enumerated() {
            guard let streets = DemoMap.split(Array(pieces[d].indices), of: pieces[d], in: map.block(around: district.boundingBox), into: streetShares[d]) else {
                throw DemoError.tooManyStreets
            }
            plans.append(streets)
        }
        var committeeShares = DemoMap.apportion(o.committees, by: plans.flatMap { $0.map(\.items.count) })[...]
        var streetNumber = 0
        for (d, district) in chosen.enumerated() {
            let area = districtAreas[d]
            let districtNode = add(NodeDraft(parent: .draft(city), kind: .district, code: district.code, name: district.name, area: area))
            for (s, street) in plans[d].enumerated() {
                let streetCode = district.code + String(format: "%03d", s + 1)
                let isTown = streetNumber % 4 == 3
                let baseName = ShanghaiShape.numbered(streetNames, streetNumber)
                streetNumber += 1
                let streetNode = add(NodeDraft(parent: .draft(districtNode), kind: .street, variant: isTown ? "town" : nil, code: streetCode,
                                               name: baseName + (isTown ? "镇" : "街道"), area: map.cut(area, to: street.block)))
                guard let committees = DemoMap.split(street.items, of: pieces[d], in: street.block, into: committeeShares.removeFirst()) else {
                    throw DemoError.tooManyCommittees
                }
                for (m, committee) in committees.enumerated() {
                    let village = isTown && m % 2 == 1
                    let committeeCode = streetCode + String(format: "%03d", m + 1)
                    let committeeNode = add(NodeDraft(
                        parent: .draft(streetNode), kind: .committee, variant: village ? "village" : nil, code: committeeCode,
                        name: baseName + committeeNames[m % committeeNames.count] + (village ? "村" : "居委") + (m >= committeeNames.count ? "\(m + 1)" : ""),
                        area: map.cut(area, to: committee.block)))
                    committeeIndex += 1
                    // Top row first, west to east: the order the pieces were made in.
                    for (g, i) in committee.items.sorted().enumerated() {
                        _ = add(NodeDraft(parent: .draft(committeeNode), kind: .grid, code: committeeCode + String(format: "%03d", g + 1),
                                          name: "\(committeeCode.suffix(6))-\(g + 1)号网格", area: pieces[d][i].area))
                        areas.append(pieces[d][i].area)
                        gridCommittee.append(committeeIndex)
                    }
                }
            }
        }
        let created = try await ShanghaiShape.create(drafts, store: store)
        func of(_ kind: OrgNode.Kind) -> [OrgNode] { created.filter { $0.kind == kind } }
        return DemoTree(city: created[0], districts: of(.district), streets: of(.street), committees: of(.committee), grids: of(.grid),
                        gridCommittee: gridCommittee, gridAreas: areas)
    }
}

extension DemoTree {
    /// A point inside grid `g`, drawn from the middle three fifths of its bounding box (a point of the area itself when
    /// forty draws miss a thin or ragged piece).
    func point(inGrid g: Int, using rng: inout SeededRandom) -> GeoPoint {
        let area = gridAreas[g], b = area.boundingBox
        for _ in 0..<40 {
            let p = GeoPoint(lon: b.minLon + (b.maxLon - b.minLon) * rng.double(0.2...0.8), lat: b.minLat + (b.maxLat - b.minLat) * rng.double(0.2...0.8))
            if area.contains(p) { return p }
        }
        return area.contains(area.centroid) ? area.centroid : area.polygons[0].outerRing[0]
    }

    /// A point within about twenty metres of `spot` inside grid `g` (`spot` itself when the draw falls outside).
    func near(_ spot: GeoPoint, inGrid g: Int, using rng: inout SeededRandom) -> GeoPoint {
        let p = GeoPoint(lon: spot.lon + rng.double(-0.0002...0.0002), lat: spot.lat + rng.double(-0.00018...0.00018))
        return gridAreas[g].contains(p) ? p : spot
    }
}
