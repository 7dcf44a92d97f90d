import ChengyunCore
import Foundation

/// 三级应急维修 — who answers a compound's emergency repair, level by level (docs/PROPERTY.md).
extension ReferenceData {
    /// Whether cases of the category are emergency repairs: the taxonomy has a property company lead them.
    func isRepair(_ categoryID: String) -> Bool { categoryIndex[categoryID]?.leadDepartmentKind == PropertyCompany.departmentKind }

    /// The categories of emergency repairs.
    var repairCategories: [String] { taxonomy.categories.filter { $0.leadDepartmentKind == PropertyCompany.departmentKind }.map(\.id) }

    /// The chain for the case's place: its compound's company, the street's repair service, the district's command
    /// centre (the city's housing department where the district has none). A level without its department is left out.
    func repairChain(_ record: CaseRecord) -> [(department: DepartmentID, level: RepairLevel)] {
        var chain: [(department: DepartmentID, level: RepairLevel)] = []
        if let company = record.propertyCompanyID, let d = companyDepartments[company] { chain.append((d, .company)) }
        func service(at kind: OrgNode.Kind) -> DepartmentID? {
            guard let node = OrgNode.ancestor(of: record.nodePath, depth: kind.depth) else { return nil }
            return departments.values.filter { $0.nodeID == node.id && $0.kind == RepairLevel.serviceKind }.map(\.id).min()
        }
        if let street = service(at: .street) { chain.append((street, .street)) }
        if let district = service(at: .district) ?? service(at: .city) { chain.append((district, .district)) }
        return chain
    }

    /// Who answers next: the first of the chain when no one has it (`current` nil), else the level after the one
    /// holding it — nil at the last level, or when someone outside the chain holds it (a duty officer's choice stands).
    func repairTarget(_ record: CaseRecord, after current: DepartmentID?) -> (department: DepartmentID, level: RepairLevel)? {
        let chain = repairChain(record)
        guard let current else { return chain.first }
        guard let i = chain.firstIndex(where: { $0.department == current }), i + 1 < chain.count else { return nil }
        return chain[i + 1]
    }

    /// The departments the clock may move a repair on from: the companies and the street repair services that have a
    /// level after them (a housing department at a street of the district, or at the district or the city). A repair
    /// held anywhere else — at the last level, or by a department a duty officer chose — is not read again and again.
    var movableRepairLeads: [DepartmentID] {
        let services = departments.values.filter { $0.kind == RepairLevel.serviceKind }.compactMap { d in departmentPaths[d.id].map { (d.id, $0) } }
        let depth = { (path: String) in OrgNode.ids(inPath: path).count - 1 }
        let cityService = services.contains { depth($0.1) == OrgNode.Kind.city.depth }
        let districtServices = Set(services.filter { depth($0.1) == OrgNode.Kind.district.depth }.map(\.1))
        let streetServices = services.filter { depth($0.1) == OrgNode.Kind.street.depth }
        var out: [DepartmentID] = []
        for (_, unit) in companyDepartments {
            guard let district = departmentPaths[unit] else { continue }
            if cityService || districtServices.contains(district) || streetServices.contains(where: { $0.1.hasPrefix(district) }) { out.append(unit) }
        }
        for (id, path) in streetServices {
            guard let district = OrgNode.ancestor(of: path, depth: OrgNode.Kind.district.depth)?.path else { continue }
            if cityService || districtServices.contains(district) { out.append(id) }
        }
        return out.sorted()
    }
}

extension RepairLevel {
    /// As the case history says it.
    var chineseName: String {
        switch self {
        case .company: "一级（物业服务企业）"
        case .street: "二级（街镇物业应急维修服务中心）"
        case .district: "三级（区物业行业指挥中心）"
        }
    }
}
