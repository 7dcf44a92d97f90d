import ChengyunCore
import ChengyunStore
import Foundation

/// 重点场所与设施 — the demo city's element map beyond homes: beside each committee's first compound a school (a
/// kindergarten in every other one), a mini fire station kept by the street's fire post, a box of extinguishers in the
/// compound (nobody maintains the one of every fourth committee: a finding), an e-bike charging point, and in every third
/// committee a market. Placed by the compound's point, with no random draw (the demo's other draws stay as they were).
enum DemoKeyPlaces {
    @discardableResult
    static func build(tree: DemoTree, store: any ChengyunStore) async throws -> Int {
        var made = 0
        for (ci, committee) in tree.committees.enumerated() {
            guard let compound = try await store.compounds(under: committee.path, afterCode: nil, limit: 1).first, let at = compound.location else { continue }
            let street = tree.streets.first { committee.path.hasPrefix($0.path) }?.name ?? ""
            func place(_ n: Int, _ kind: String, _ name: String, dLon: Double, dLat: Double, inCompound: Bool = false, operatorName: String? = nil,
                       maintainer: String? = nil, capacity: Int? = nil) -> KeyPlace {
                KeyPlace(id: KeyPlaceID(0), code: "ZD\(committee.code)\(n)", name: name, kind: kind, nodeID: committee.id, nodePath: committee.path,
                         compoundID: inCompound ? compound.id : nil, location: GeoPoint(lon: at.lon + dLon, lat: at.lat + dLat),
                         address: compound.address.map { inCompound ? $0 : "\($0)旁" }, operatorName: operatorName, maintainer: maintainer, capacity: capacity)
            }
            let base = committee.name.replacingOccurrences(of: "居委", with: "").replacingOccurrences(of: "村", with: "")
            var places = [
                ci % 2 == 0 ? place(1, "school", "\(base)小学", dLon: -0.0012, dLat: 0.0004, operatorName: "\(base)小学", maintainer: "\(base)小学总务处", capacity: 900)
                    : place(1, "kindergarten", "\(base)幼儿园", dLon: -0.0012, dLat: 0.0004, operatorName: "\(base)幼儿园", maintainer: "\(base)幼儿园", capacity: 240),
                place(2, "miniFireStation", "\(base)微型消防站", dLon: -0.0006, dLat: -0.0004, maintainer: "\(street)消防工作站"),
                place(3, "extinguishers", "\(compound.name)灭火器箱", dLon: 0.0001, dLat: 0.0001, inCompound: true, maintainer: ci % 4 == 3 ? nil : compound.propertyCompany ?? "\(base)居委"),
                place(4, "ebikeCharging", "\(compound.name)电动自行车充电棚", dLon: 0.0005, dLat: -0.0001, inCompound: true, operatorName: compound.propertyCompany,
                      maintainer: compound.propertyCompany ?? "\(base)居委"),
            ]
            if ci % 3 == 0 { places.append(place(5, "market", "\(base)菜市场", dLon: 0.0015, dLat: 0.0006, operatorName: "\(base)农贸市场经营公司", maintainer: "\(base)农贸市场经营公司", capacity: 600)) }
            for p in places { _ = try await store.createKeyPlace(p) }
            made += places.count
        }
        return made
    }
}
