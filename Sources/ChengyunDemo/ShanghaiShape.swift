import ChengyunCore
import ChengyunStore
import Foundation

/// The sizes of a city's organisation: levels of the tree, unit grids and departments.
public struct CityShape: Sendable, Hashable {
    public var districts: Int
    public var streets: Int
    public var committees: Int
    public var grids: Int
    public var departments: Int

    public init(districts: Int, streets: Int, committees: Int, grids: Int, departments: Int) {
        self.districts = districts
        self.streets = streets
        self.committees = committees
        self.grids = grids
        self.departments = departments
    }

    /// 上海 — 16 districts, 215 streets and towns, 6,077 residents' and villagers' committees, 40,625 unit grids and
    /// 50 departments (issue 15).
    public static let shanghai = CityShape(districts: 16, streets: 215, committees: 6_077, grids: 40_625, departments: 50)
}

/// A city of a given shape on the demo lattice: districts are bands of columns, streets bands of rows within them, and
/// each street's rows are cut into runs of cells, one committee each (or, when a street has fewer committees than
/// rows, into bands of rows). Every boundary follows lattice edges, so the grids tile the city exactly and each is a
/// valid polygon for the grid locator. Unlike `DemoTree.build`, the numbers of each level come out exact for any
/// shape whose levels fit the lattice (Shanghai's committee counts per street, 28 and 29, have no good rectangle).
enum ShanghaiShape {
    static func build(_ shape: CityShape, seed: UInt64, store: any ChengyunStore) async throws -> DemoTree {
        let (columns, rows) = DemoLattice.factors(shape.grids, ratio: 1.25)
        let lattice = DemoLattice(columns: columns, rows: rows, seed: Int(truncatingIfNeeded: seed))
        func tooSmall(_ what: String) -> DomainError {
            DemoError.latticeTooSmall(columns: columns, rows: rows, what)
        }
        guard columns >= shape.districts else { throw tooSmall("columns for the districts") }
        var drafts: [NodeDraft] = []
        var areas: [Area] = []
        let districtNames = try RealDistrict.shipped().map(\.name)
        var gridCommittee: [Int] = []
        func add(_ d: NodeDraft) -> Int {
            drafts.append(d)
            return drafts.count - 1
        }
        let city = add(NodeDraft(parent: .none, kind: .city, code: "310000", name: "示范市",
                                 area: Area(polygons: [lattice.polygon(CellBlock(c0: 0, c1: columns, r0: 0, r1: rows))])))
        let streetShares = DemoLattice.shares(shape.streets, shape.districts)
        let committeeShares = DemoLattice.shares(shape.committees, shape.streets)
        var streetNumber = 0
        var committeeIndex = -1
        for (d, (c0, c1)) in DemoLattice.split(0, columns, into: shape.districts).enumerated() {
            guard streetShares[d] <= rows else { throw tooSmall("rows for the streets of a district") }
            let districtCode = String(format: "31%04d", d + 1)
            let district = add(NodeDraft(parent: .draft(city), kind: .district, code: districtCode, name: numbered(districtNames, d),
                                         area: Area(polygons: [lattice.polygon(CellBlock(c0: c0, c1: c1, r0: 0, r1: rows))])))
            for (s, (r0, r1)) in DemoLattice.split(0, rows, into: streetShares[d]).enumerated() {
                let streetCode = districtCode + String(format: "%03d", s + 1)
                let isTown = streetNumber % 4 == 3
                let baseName = numbered(DemoTree.streetNames, streetNumber)
                let street = add(NodeDraft(parent: .draft(district), kind: .street, variant: isTown ? "town" : nil, code: streetCode,
                                           name: baseName + (isTown ? "镇" : "街道"), area: Area(polygons: [lattice.polygon(CellBlock(c0: c0, c1: c1, r0: r0, r1: r1))])))
                let blocks = try committeeBlocks(committeeShares[streetNumber], in: CellBlock(c0: c0, c1: c1, r0: r0, r1: r1), orThrow: tooSmall("cells for the committees of a street"))
                streetNumber += 1
                for (m, block) in blocks.enumerated() {
                    let village = isTown && m % 2 == 1
                    let committeeCode = streetCode + String(format: "%03d", m + 1)
                    let committee = add(NodeDraft(
                        parent: .draft(street), kind: .committee, variant: village ? "village" : nil, code: committeeCode,
                        name: baseName + DemoTree.committeeNames[m % DemoTree.committeeNames.count] + (village ? "村" : "居委")
                            + (m >= DemoTree.committeeNames.count ? "\(m + 1)" : ""),
                        area: Area(polygons: [lattice.polygon(block)])))
                    committeeIndex += 1
                    for (grid, area) in lattice.grids(of: block, committee: committee, code: committeeCode) {
                        _ = add(grid)
                        areas.append(area)
                        gridCommittee.append(committeeIndex)
                    }
                }
            }
        }
        let created = try await create(drafts, store: store)
        func of(_ kind: OrgNode.Kind) -> [OrgNode] { created.filter { $0.kind == kind } }
        return DemoTree(city: created[0], districts: of(.district), streets: of(.street), committees: of(.committee), grids: of(.grid),
                        gridCommittee: gridCommittee, gridAreas: areas)
    }

    /// `k` committee rectangles tiling a street's block: runs of cells along each row when there are at least as many
    /// committees as rows, else bands of whole rows.
    static func committeeBlocks(_ k: Int, in b: CellBlock, orThrow error: DomainError) throws -> [CellBlock] {
        let rows = b.r1 - b.r0, width = b.c1 - b.c0
        guard k >= 1 else { throw error }
        if k < rows {
            return DemoLattice.split(b.r0, b.r1, into: k).map { CellBlock(c0: b.c0, c1: b.c1, r0: $0.0, r1: $0.1) }
        }
        var blocks: [CellBlock] = []
        // Top row first, so committee numbers read like the grids inside them.
        for (i, perRow) in DemoLattice.shares(k, rows).enumerated() {
            guard perRow <= width else { throw error }
            let r = b.r1 - 1 - i
            for (c0, c1) in DemoLattice.split(b.c0, b.c1, into: perRow) { blocks.append(CellBlock(c0: c0, c1: c1, r0: r, r1: r + 1)) }
        }
        return blocks
    }

    /// A name from the list, with a number once the list is used up.
    static func numbered(_ names: [String], _ i: Int) -> String {
        names[i % names.count] + (i >= names.count ? "\(i / names.count + 1)" : "")
    }

    /// Creates the drafts in chunks of 5,000; later chunks name their parents in earlier ones by id.
    static func create(_ drafts: [NodeDraft], store: any ChengyunStore) async throws -> [OrgNode] {
        var created: [OrgNode] = []
        for chunk in stride(from: 0, to: drafts.count, by: 5000) {
            let slice = drafts[chunk..<min(chunk + 5000, drafts.count)].map { d -> NodeDraft in
                var d = d
                if case .draft(let i) = d.parent { d.parent = i < chunk ? .existing(created[i].id) : .draft(i - chunk) }
                return d
            }
            created += try await store.createNodes(slice)
        }
        return created
    }
}
