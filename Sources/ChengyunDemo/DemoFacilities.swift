import ChengyunCore
import ChengyunStore
import Foundation

/// The demo city's handling-power table (处置权) and cameras for video review.
enum DemoFacilities {
    /// Every department of an event's lead kind may take diverted 110 calls of that event, except the police itself.
    static func handlingPowers(taxonomy: Taxonomy, departments: [Department], store: any ChengyunStore) async throws -> Int {
        let byKind = Dictionary(grouping: departments.filter { $0.kind != "gongan" }, by: \.kind)
        var powers: [HandlingPower] = []
        for category in taxonomy.categories where category.kind == .event {
            for d in byKind[category.leadDepartmentKind] ?? [] { powers.append(HandlingPower(departmentID: d.id, categoryID: category.id)) }
        }
        try await store.saveHandlingPowers(powers)
        return powers.count
    }

    /// One camera in the middle of the first grid of each committee, named after the committee.
    static func cameras(tree: DemoTree, store: any ChengyunStore) async throws -> [Camera] {
        var first: [Int: Int] = [:]
        for (g, c) in tree.gridCommittee.enumerated() where first[c] == nil { first[c] = g }
        var made: [Camera] = []
        for (c, committee) in tree.committees.enumerated() {
            guard let g = first[c] else { continue }
            let cell = tree.cells[g]
            let o = tree.lattice.origin
            let centre = GeoPoint(lon: o.lon + (Double(cell.c) + 0.5) * tree.lattice.cellLon, lat: o.lat + (Double(cell.r) + 0.5) * tree.lattice.cellLat)
            made.append(try await store.createCamera(CameraDraft(code: "CAM-\(committee.code)", name: "\(committee.name)路口监控", location: centre), nodeID: tree.grids[g].id))
        }
        return made
    }
}
