import ChengyunCore
import ChengyunStore
import Foundation

/// The generated organisation tree with each grid's lattice cell.
struct DemoTree: Sendable {
    var city: OrgNode
    var districts: [OrgNode]
    var streets: [OrgNode]
    var committees: [OrgNode]
    var grids: [OrgNode]
    /// The lattice cell of each grid, by index in `grids`.
    var cells: [(c: Int, r: Int)]
    /// The committee index of each grid.
    var gridCommittee: [Int]
    var lattice: DemoLattice
    var nodeCount: Int { 1 + districts.count + streets.count + committees.count + grids.count }

    static let districtNames = ["东湖区", "西山区", "南港区", "北塘区", "中心区", "临江区", "青松区", "金桥区", "新城区", "海湾区"]
    static let streetNames = ["长乐", "安平", "永和", "兴隆", "和平", "太平", "嘉禾", "凤鸣", "云台", "明珠", "望海", "春晓", "石门", "桃源", "梅林", "柳营"]
    static let committeeNames = ["花园", "新村", "北苑", "南苑", "东苑", "西苑", "翠竹", "锦绣", "阳光", "康乐", "景湖", "绿洲", "丽都", "樱花", "银杏"]

    static func build(_ o: DemoOptions, store: any ChengyunStore) async throws -> DemoTree {
        let (columns, rows) = DemoLattice.factors(o.grids, ratio: 1.25)
        let lattice = DemoLattice(columns: columns, rows: rows, seed: Int(truncatingIfNeeded: o.seed))
        var drafts: [NodeDraft] = []
        var kinds: [OrgNode.Kind] = []
        var cells: [(Int, Int)] = []
        var gridCommittee: [Int] = []
        var committeeIndex = -1
        func add(_ d: NodeDraft) -> Int {
            drafts.append(d)
            kinds.append(d.kind)
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
                                         name: districtNames[d % districtNames.count] + (d >= districtNames.count ? "\(d / districtNames.count + 1)" : ""),
                                         area: Area(polygons: [lattice.polygon(dBlock)])))
            for (s, (r0, r1)) in DemoLattice.split(0, rows, into: streetShares[d]).enumerated() {
                let streetCode = districtCode + String(format: "%03d", s + 1)
                let sBlock = CellBlock(c0: c0, c1: c1, r0: r0, r1: r1)
                let isTown = streetNumber % 4 == 3
                let baseName = streetNames[streetNumber % streetNames.count] + (streetNumber >= streetNames.count ? "\(streetNumber / streetNames.count + 1)" : "")
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
                        var g = 0
                        for r in stride(from: rr1 - 1, through: rr0, by: -1) {
                            for c in cc0..<cc1 {
                                g += 1
                                _ = add(NodeDraft(parent: .draft(committee), kind: .grid, code: committeeCode + String(format: "%03d", g),
                                                  name: "\(committeeCode.suffix(6))-\(g)号网格", area: Area(polygons: [lattice.polygon(CellBlock(c0: c, c1: c + 1, r0: r, r1: r + 1))])))
                                cells.append((c, r))
                                gridCommittee.append(committeeIndex)
                            }
                        }
                    }
                }
            }
        }
        var created: [OrgNode] = []
        for chunk in stride(from: 0, to: drafts.count, by: 5000) {
            // Later chunks refer to earlier ones by id: rewrite draft references to existing ids.
            let slice = drafts[chunk..<min(chunk + 5000, drafts.count)].map { d -> NodeDraft in
                var d = d
                if case .draft(let i) = d.parent, i < chunk { d.parent = .existing(created[i].id) }
                if case .draft(let i) = d.parent, i >= chunk { d.parent = .draft(i - chunk) }
                return d
            }
            created += try await store.createNodes(slice)
        }
        func of(_ kind: OrgNode.Kind) -> [OrgNode] { created.filter { $0.kind == kind } }
        return DemoTree(city: created[0], districts: of(.district), streets: of(.street), committees: of(.committee), grids: of(.grid),
                        cells: cells, gridCommittee: gridCommittee, lattice: lattice)
    }
}
