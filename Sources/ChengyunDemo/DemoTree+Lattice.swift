import ChengyunCore
import ChengyunStore
import Foundation

extension DemoTree {
    static let latticeDistrictNames = ["东湖区", "西山区", "南港区", "北塘区", "中心区", "临江区", "青松区", "金桥区", "新城区", "海湾区"]

    /// The test city (`DemoLayout.lattice`): a rectangle of jittered ~100 m cells south-west of (121.40, 31.15) with
    /// made-up district names and codes 99…, so that a test names a place by its cell (`TestCity.point`) and knows
    /// which street and committee holds it. Districts are bands of columns, streets bands of rows, committees
    /// rectangles of cells.
    static func buildLattice(_ o: DemoOptions, store: any ChengyunStore) async throws -> DemoTree {
        let (columns, rows) = DemoLattice.factors(o.grids, ratio: 1.25)
        let lattice = DemoLattice(columns: columns, rows: rows, seed: Int(truncatingIfNeeded: o.seed))
        var drafts: [NodeDraft] = []
        var areas: [Area] = []
        var gridCommittee: [Int] = []
        var committeeIndex = -1
        func add(_ d: NodeDraft) -> Int {
            drafts.append(d)
            return drafts.count - 1
        }
        let all = CellBlock(c0: 0, c1: columns, r0: 0, r1: rows)
        let city = add(NodeDraft(parent: .none, kind: .city, code: "990000", name: "示范市", area: Area(polygons: [lattice.polygon(all)])))
        let streetShares = DemoLattice.shares(o.streets, o.districts)
        let committeeShares = DemoLattice.shares(o.committees, o.streets)
        var streetNumber = 0
        for (d, (c0, c1)) in DemoLattice.split(0, columns, into: o.districts).enumerated() {
            let districtCode = String(format: "99%04d", d + 1)
            let dBlock = CellBlock(c0: c0, c1: c1, r0: 0, r1: rows)
            let district = add(NodeDraft(parent: .draft(city), kind: .district, code: districtCode,
                                         name: ShanghaiShape.numbered(latticeDistrictNames, d),
                                         area: Area(polygons: [lattice.polygon(dBlock)])))
            for (s, (r0, r1)) in DemoLattice.split(0, rows, into: streetShares[d]).enumerated() {
                let streetCode = districtCode + String(format: "%03d", s + 1)
                let sBlock = CellBlock(c0: c0, c1: c1, r0: r0, r1: r1)
                let isTown = streetNumber % 4 == 3
                let baseName = ShanghaiShape.numbered(streetNames, streetNumber)
                let street = add(NodeDraft(parent: .draft(district), kind: .street, variant: isTown ? "town" : nil, code: streetCode,
                                           name: baseName + (isTown ? "镇" : "街道"), area: Area(polygons: [lattice.polygon(sBlock)])))
                let k = committeeShares[streetNumber]
                streetNumber += 1
                let (a, b) = DemoLattice.factors(k, ratio: Double(c1 - c0) / Double(max(r1 - r0, 1)))
                guard a <= c1 - c0, b <= r1 - r0 else {
                    throw DemoError.tooManyCommittees
                }
                var m = 0
                for (cc0, cc1) in DemoLattice.split(c0, c1, into: a) {
                    for (rr0, rr1) in DemoLattice.split(r0, r1, into: b) {
                        m += 1
                        let cBlock = CellBlock(c0: cc0, c1: cc1, r0: rr0, r1: rr1)
                        let village = isTown && m % 2 == 0
                        let committeeCode = streetCode + String(format: "%03d", m)
                        let committee = add(NodeDraft(
                            parent: .draft(street), kind: .committee, variant: village ? "village" : nil, code: committeeCode,
                            name: baseName + committeeNames[(m - 1) % committeeNames.count] + (village ? "村" : "居委") + (m > committeeNames.count ? "\(m)" : ""),
                            area: Area(polygons: [lattice.polygon(cBlock)])))
                        committeeIndex += 1
                        for (grid, area) in lattice.grids(of: cBlock, committee: committee, code: committeeCode) {
                            _ = add(grid)
                            areas.append(area)
                            gridCommittee.append(committeeIndex)
                        }
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
