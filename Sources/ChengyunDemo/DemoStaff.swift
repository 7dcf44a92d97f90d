import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation

/// The demo city's people, with the identities the case simulator acts as.
struct DemoUsers: Sendable {
    var all: [User]
    var cityDuty: User
    var cityLeader: User
    var streetDuty: [NodeID: User]
    var handlers: [DepartmentID: User]
    var inspectors: [NodeID: User]
    /// 第一站长 of each committee's station.
    var chiefs: [NodeID: User]
    var residents: [User]
    var highlights: [(username: String, role: String)]
}

enum DemoStaff {
    /// Departments: the city has every kind; each district the five that handle most; the rest go to streets.
    static func departments(_ o: DemoOptions, tree: DemoTree, store: any ChengyunStore) async throws -> [Department] {
        var plan: [(NodeID, String, String)] = []
        for kind in DepartmentKinds.all where kind.code != DepartmentKinds.serviceCentre { plan.append((tree.city.id, kind.code, "市" + kind.name)) }
        let districtKinds = ["chengguan", "lvhua", "shuiwu", "zhujian", "shichang"]
        for district in tree.districts {
            for k in districtKinds { plan.append((district.id, k, district.name + (DepartmentKinds.name(of: k) ?? k))) }
        }
        for street in tree.streets { plan.append((street.id, "chengguan", street.name + "城管中队")) }
        var made: [Department] = []
        for (i, (node, kind, name)) in plan.prefix(o.departments).enumerated() {
            made.append(try await store.createDepartment(nodeID: node, kind: kind, code: String(format: "D%03d", i + 1), name: name))
        }
        // Every street's 社区事务受理服务中心 (the community-affairs requests its stations forward), whatever the count.
        for (i, street) in tree.streets.enumerated() {
            made.append(try await store.createDepartment(nodeID: street.id, kind: DepartmentKinds.serviceCentre, code: "SQ\(i + 1)",
                                                         name: street.name + "社区事务受理服务中心"))
        }
        return made
    }

    static func users(tree: DemoTree, departments: [Department], store: any ChengyunStore) async throws -> DemoUsers {
        let hash = tree.passwordHash
        var drafts: [UserDraft] = []
        func user(_ name: String, _ display: String, _ phone: String?, _ a: [AssignmentDraft]) {
            drafts.append(UserDraft(username: name, displayName: display, phone: phone, passwordHash: hash, assignments: a, demoPassword: true))
        }
        var phone = 13_800_000_000
        func nextPhone() -> String { phone += 7; return String(phone) }
        user("admin", "系统管理员", nil, [AssignmentDraft(role: .admin, nodeID: tree.city.id)])
        user("auditor", "数据安全审计员", nil, [AssignmentDraft(role: .auditor, nodeID: tree.city.id)])
        user("duty", "市城运值班员", nextPhone(), [AssignmentDraft(role: .dutyOfficer, nodeID: tree.city.id)])
        user("leader", "市城运中心主任", nextPhone(), [AssignmentDraft(role: .leader, nodeID: tree.city.id)])
        for (i, d) in tree.districts.enumerated() {
            user("duty.d\(i + 1)", d.name + "值班员", nextPhone(), [AssignmentDraft(role: .dutyOfficer, nodeID: d.id)])
            user("leader.d\(i + 1)", d.name + "分管领导", nextPhone(), [AssignmentDraft(role: .leader, nodeID: d.id)])
            user("admin.d\(i + 1)", d.name + "管理员", nil, [AssignmentDraft(role: .admin, nodeID: d.id)])
        }
        for (i, s) in tree.streets.enumerated() {
            user("duty.s\(i + 1)", s.name + "城运值班员", nextPhone(), [AssignmentDraft(role: .dutyOfficer, nodeID: s.id)])
            user("leader.s\(i + 1)", s.name + "领导", nextPhone(), [AssignmentDraft(role: .leader, nodeID: s.id)])
        }
        for d in departments {
            // A street's service centre: `sq.s<n>`, its staff (受理中心工作人员).
            let name = d.kind == DepartmentKinds.serviceCentre ? "sq.s\(d.code.dropFirst(2))" : "h.\(d.code.lowercased())"
            user(name, d.name + (d.kind == DepartmentKinds.serviceCentre ? "工作人员" : "处置员"), nextPhone(),
                 [AssignmentDraft(role: .departmentHandler, nodeID: d.nodeID, departmentID: d.id)])
        }
        for c in tree.committees {
            user("insp.\(c.code)", c.name + "监督员", nextPhone(), [AssignmentDraft(role: .gridInspector, nodeID: c.id)])
            user("cw.\(c.code)", c.name + "社工", nextPhone(), [AssignmentDraft(role: .communityWorker, nodeID: c.id)])
            user("chief.\(c.code)", c.name + "联勤联动站第一站长", nextPhone(), [AssignmentDraft(role: .stationChief, nodeID: c.id)])
        }
        for i in 1...20 {
            user("resident\(i)", "居民\(i)", nextPhone(), [AssignmentDraft(role: .resident, nodeID: tree.city.id)])
        }
        let all = try await store.createUsers(drafts)
        let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.username, $0) })
        var streetDuty: [NodeID: User] = [:]
        for (i, s) in tree.streets.enumerated() { streetDuty[s.id] = byName["duty.s\(i + 1)"] }
        var handlers: [DepartmentID: User] = [:]
        for d in departments where d.kind != DepartmentKinds.serviceCentre { handlers[d.id] = byName["h.\(d.code.lowercased())"] }
        var inspectors: [NodeID: User] = [:]
        for c in tree.committees { inspectors[c.id] = byName["insp.\(c.code)"] }
        var chiefs: [NodeID: User] = [:]
        for c in tree.committees { chiefs[c.id] = byName["chief.\(c.code)"] }
        let firstHandler = departments.first.map { "h.\($0.code.lowercased())" } ?? "-"
        let firstCommittee = tree.committees[0].code
        return DemoUsers(
            all: all, cityDuty: byName["duty"]!, cityLeader: byName["leader"]!, streetDuty: streetDuty, handlers: handlers,
            inspectors: inspectors, chiefs: chiefs, residents: (1...20).compactMap { byName["resident\($0)"] },
            highlights: [
                ("admin", "admin 管理员 (city)"), ("auditor", "auditor 审计员 (city): the audit trail"), ("duty", "dutyOfficer 值班员 (city)"), ("leader", "leader 领导 (city)"),
                ("duty.d1", "dutyOfficer (district 1)"), ("duty.s1", "dutyOfficer (street 1)"), (firstHandler, "departmentHandler 处置员"),
                ("insp.\(firstCommittee)", "gridInspector 监督员"), ("cw.\(firstCommittee)", "communityWorker 社工"),
                ("chief.\(firstCommittee)", "stationChief 第一站长"), ("resident1", "resident 居民"),
            ])
    }

    /// Rules: each category goes to the district's department of its lead kind where one exists, else to the city's;
    /// street-order events at night go to the police; kinds without a department stay with the duty officer.
    static func rules(taxonomy: Taxonomy, tree: DemoTree, departments: [Department], store: any ChengyunStore) async throws -> Int {
        var count = 0
        let byNodeKind = Dictionary(grouping: departments) { "\($0.nodeID.rawValue):\($0.kind)" }
        for category in taxonomy.categories {
            if let cityDept = byNodeKind["\(tree.city.id.rawValue):\(category.leadDepartmentKind)"]?.first, !["weijian", "minzheng"].contains(category.leadDepartmentKind) {
                _ = try await store.createRule(DispatchRule(id: RuleID(0), name: "\(category.name) → \(cityDept.name)", categoryID: category.id,
                                                            areaNodeID: tree.city.id, areaPath: tree.city.path, leadDepartmentID: cityDept.id))
                count += 1
            }
            for district in tree.districts {
                guard let d = byNodeKind["\(district.id.rawValue):\(category.leadDepartmentKind)"]?.first else { continue }
                _ = try await store.createRule(DispatchRule(id: RuleID(0), name: "\(district.name) \(category.name) → \(d.name)", categoryID: category.id,
                                                            areaNodeID: district.id, areaPath: district.path, leadDepartmentID: d.id))
                count += 1
            }
        }
        if let police = byNodeKind["\(tree.city.id.rawValue):gongan"]?.first {
            for category in taxonomy.categories where category.kind == .event && category.majorCode == "05" {
                _ = try await store.createRule(DispatchRule(
                    id: RuleID(0), name: "夜间\(category.name) → \(police.name)", categoryID: category.id, areaNodeID: tree.city.id, areaPath: tree.city.path,
                    window: TimeWindow(weekdays: [1, 2, 3, 4, 5, 6, 7], start: "22:00", end: "06:00"), leadDepartmentID: police.id))
                count += 1
            }
        }
        return count
    }
}
