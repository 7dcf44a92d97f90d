import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation

/// 物业 — the demo city's property companies: each name the compounds of a district use is filed there as a company
/// (a credit code made with a valid check character, a repair line, a staff account `wy.d<district>.<n>`), the
/// compounds are put in its hands; each street has its property repair service (`fg.s<n>`) and each district its
/// property command centre (`fg.d<n>`), the second and third levels of an emergency repair; the first street sent its
/// companies a typhoon notice two days ago, which some acknowledged in time, one late and one not at all.
enum DemoProperty {
    static let names = ["长乐物业", "安居物业", "永和物业", "明珠物业"]

    /// Each committee's compounds with the company serving each (for the case simulator).
    typealias Placement = [NodeID: [(compound: CompoundID, company: PropertyCompanyID?)]]

    static func build(tree: DemoTree, store: any ChengyunStore, now: Date) async throws -> Placement {
        let hash = tree.passwordHash
        var drafts: [UserDraft] = []
        func user(_ name: String, _ display: String, _ node: NodeID, _ department: DepartmentID) {
            drafts.append(UserDraft(username: name, displayName: display, phone: nil, passwordHash: hash,
                                    assignments: [AssignmentDraft(role: .departmentHandler, nodeID: node, departmentID: department)], demoPassword: true))
        }
        for (i, district) in tree.districts.enumerated() {
            let centre = try await store.createDepartment(nodeID: district.id, kind: RepairLevel.serviceKind, code: "FG-D\(i + 1)", name: district.name + "物业行业指挥中心")
            user("fg.d\(i + 1)", centre.name + "值班员", district.id, centre.id)
        }
        for (i, street) in tree.streets.enumerated() {
            let service = try await store.createDepartment(nodeID: street.id, kind: RepairLevel.serviceKind, code: "FG-S\(i + 1)", name: street.name + "物业应急维修服务中心")
            user("fg.s\(i + 1)", service.name + "值班员", street.id, service.id)
        }
        var placement: Placement = [:]
        var companiesOfStreet: [NodeID: Set<PropertyCompanyID>] = [:]
        for (di, district) in tree.districts.enumerated() {
            var compounds: [Compound] = []
            var after: String?
            repeat {
                let page = try await store.compounds(under: district.path, afterCode: after, limit: 1_000)
                compounds += page
                after = page.count == 1_000 ? page.last?.code : nil
            } while after != nil
            var filed: [String: PropertyCompany] = [:]
            for (ni, name) in names.enumerated() where compounds.contains(where: { $0.propertyCompany == name && $0.managementMode == .propertyCompany }) {
                let first17 = "913101" + String(format: "%02d", (di + 5) % 100) + "MA1" + String(format: "%04d", di * 10 + ni + 1) + "XK"
                let code = first17 + String(CreditCode.checkCharacter(first17)!)
                let company = try await store.createPropertyCompany(
                    PropertyCompany(id: PropertyCompanyID(0), name: name.replacingOccurrences(of: "物业", with: "物业服务有限公司"), creditCode: code,
                                    districtID: district.id, districtPath: district.path, departmentID: DepartmentID(0),
                                    hotline: "021-5\(di + 1)0\(ni + 1)\(String(format: "%04d", 1_000 + ni * 7))", address: "\(district.name)\(name.prefix(2))路\(88 + ni)号"),
                    departmentCode: "WY-\(code)-\(district.id.rawValue)")
                filed[name] = company
                user("wy.d\(di + 1).\(ni + 1)", name + "客服值班", district.id, company.departmentID)
            }
            for c in compounds {
                let company = c.managementMode == .propertyCompany ? c.propertyCompany.flatMap { filed[$0] } : nil
                if let company { _ = try await store.setCompoundCompany(c.id, company) }
                placement[c.nodeID, default: []].append((c.id, company?.id))
                if let company, let street = OrgNode.ancestor(of: c.nodePath, depth: OrgNode.Kind.street.depth) {
                    companiesOfStreet[street.id, default: []].insert(company.id)
                }
            }
        }
        _ = try await store.createUsers(drafts)
        // The typhoon notice of the first street, two days ago: acknowledged in time, late, or not yet.
        if let street = tree.streets.first, let ids = companiesOfStreet[street.id], !ids.isEmpty {
            let companies = try await store.propertyCompanies(Array(ids).sorted())
            let sent = now.addingTimeInterval(-2 * 86_400)
            let notice = try await store.createCompanyNotice(CompanyNotice(
                id: CompanyNoticeID(0), nodeID: street.id, nodePath: street.path, title: "关于做好台风防御准备的通知",
                body: "气象台预报台风将于后天影响本区。请各物业服务企业：一、排查小区地下车库、低洼处排水设施并备好沙袋和水泵；二、加固楼顶广告牌、空调外机等高空设施；三、落实 24 小时应急值守，报修 30 分钟内到场。请于 24 小时内签收并落实。",
                sentAt: sent, sentByID: nil, sentByName: street.name + "城运值班员", dueAt: sent.addingTimeInterval(86_400),
                recipients: companies.map { CompanyNotice.Recipient(companyID: $0.id, companyName: $0.name) }))
            for (i, company) in companies.enumerated() where i < companies.count - 1 {
                let at = sent.addingTimeInterval(i == companies.count - 2 && companies.count > 2 ? 30 * 3_600 : Double(2 + i) * 3_600)
                _ = try await store.acknowledgeCompanyNotice(notice.id, company: company.id, byName: company.name.prefix(2) + "物业客服值班", at: at)
            }
        }
        return placement
    }

    /// Emergency repairs reported now through the 12345 intake in the first district's compounds: each goes to its
    /// company on the 30-minute clock; the first company has already arrived at its one.
    static func repairs(tree: DemoTree, placement: Placement, platform: Platform, store: any ChengyunStore) async throws -> Int {
        guard let district = tree.districts.first else { return 0 }
        let hotline = Identity(userID: nil, name: "12345热线", assignments: [], systemSources: [.hotline], systemScopePath: tree.city.path)
        let reports: [(category: String, text: String)] = [
            ("event:0701", "12号楼北侧地下供水管爆裂，水漫进楼道，整幢楼停水。"),
            ("event:0704", "3号楼 1 单元电梯停在 5 楼不动，老人上下楼困难。"),
            ("event:0702", "小区南门化粪池堵塞，污水外溢到路面。"),
        ]
        var made = 0
        let committees = tree.committees.filter { $0.path.hasPrefix(district.path) }
        var used: Set<PropertyCompanyID> = []
        for committee in committees where made < reports.count {
            guard let place = placement[committee.id]?.first(where: { $0.company.map { !used.contains($0) } ?? false }), let company = place.company else { continue }
            used.insert(company)
            let report = reports[made]
            let record = try await platform.cases.report(
                ReportInput(source: .hotline, categoryID: report.category, description: report.text, externalRef: "12345-R\(made + 1)",
                            reporterName: "顾女士", reporterPhone: "13916\(String(format: "%06d", 200_000 + made))", compoundID: place.compound),
                by: hotline)
            if made == 0, let staff = try await store.credentials(username: "wy.d1.\(try await companyIndex(company, store: store))")?.user {
                _ = try await platform.cases.perform(.start(note: "维修班组已到场，关闭总阀抢修。"), on: record.id, by: .user(staff))
            }
            made += 1
        }
        return made
    }

    /// The company's number among the district's filed companies (its staff account's last part).
    static func companyIndex(_ id: PropertyCompanyID, store: any ChengyunStore) async throws -> Int {
        guard let company = try await store.propertyCompany(id) else { return 1 }
        return (names.firstIndex { company.name.hasPrefix($0.prefix(2)) } ?? 0) + 1
    }
}
