import ChengyunCore
import ChengyunStore
import Foundation

/// 联勤联动站 — the demo city's joint-duty stations, of all three types as a town like 周浦 runs them: a town's
/// residential committees grouped into town-managed communities (镇管社区) of up to three, each with a
/// community-centre station; a village station for each village; in a street, a community-centre station for each
/// residential committee; and in the first town two special-area stations drawn over busy places.
enum DemoStations {
    static let communityNames = ["东", "西", "南", "北", "中", "新", "老"]
    static let specialAreas = ["万达广场", "小上海步行街"]

    /// Stores the communities and stations; returns how many stations.
    static func build(tree: DemoTree, users: DemoUsers, store: any ChengyunStore) async throws -> Int {
        var made = 0
        var specialLeft = specialAreas
        func station(_ code: String, _ name: String, _ type: StationType, in street: OrgNode, community: TownCommunityID? = nil, committees: [OrgNode],
                     area: Area? = nil) async throws {
            let chief = committees.first.flatMap { users.chiefs[$0.id] }
            _ = try await store.createStation(Station(
                id: StationID(0), code: code, name: name, type: type, nodeID: street.id, nodePath: street.path, townCommunityID: community,
                committeeIDs: committees.map(\.id), area: area.map(GeoJSONGeometry.init), chiefID: chief?.id,
                address: committees.first.map { $0.name + "党群服务站" }))
            made += 1
        }
        for street in tree.streets {
            let committees = tree.committees.filter { street.contains($0) }
            let residential = committees.filter { $0.variant != "village" }
            if street.variant == "town" {
                for (g, start) in stride(from: 0, to: residential.count, by: 3).enumerated() {
                    let group = Array(residential[start..<min(start + 3, residential.count)])
                    let name = street.name.replacingOccurrences(of: "镇", with: "") + communityNames[g % communityNames.count] + (g >= communityNames.count ? "\(g + 1)" : "") + "社区"
                    let community = try await store.createTownCommunity(TownCommunity(
                        id: TownCommunityID(0), code: "\(street.code)TC\(g + 1)", name: name, nodeID: street.id, nodePath: street.path,
                        committeeIDs: group.map(\.id), secretaryID: users.chiefs[group[0].id]?.id))
                    try await station("\(street.code)TC\(g + 1)", name + "联勤联动站", .communityCentre, in: street, community: community.id, committees: group)
                }
            } else {
                for c in residential { try await station("S\(c.code)", c.name + "联勤联动站", .communityCentre, in: street, committees: [c]) }
            }
            for c in committees where c.variant == "village" { try await station("S\(c.code)", c.name + "联勤联动站", .village, in: street, committees: [c]) }
            // 特定区域: two busy places of the first town, each over one of its grids (a shopping district's block).
            if street.variant == "town", !specialLeft.isEmpty {
                let grids = tree.grids.indices.filter { street.contains(tree.grids[$0]) }
                for (n, g) in grids.enumerated() where n % max(grids.count / 3, 1) == 1 && !specialLeft.isEmpty {
                    let place = specialLeft.removeFirst()
                    let committee = tree.committees[tree.gridCommittee[g]]
                    try await station("\(street.code)SA\(specialAreas.count - specialLeft.count)", place + "特定区域联勤联动站", .specialArea, in: street,
                                      committees: [committee], area: tree.gridAreas[g])
                }
            }
        }
        return made
    }
}
