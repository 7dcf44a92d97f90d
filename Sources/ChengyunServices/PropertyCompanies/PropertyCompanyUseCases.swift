public import ChengyunCore
import ChengyunStore
public import Foundation

/// 物业 — property companies (docs/PROPERTY.md): filed with a district, put in charge of compounds, answering
/// emergency repairs on a 30-minute clock through the case loop (三级应急维修), their 12345 complaints counted, their
/// credit published from their record, and the notices their street or district sends them, acknowledged.
public struct PropertyCompanyUseCases: UseCaseGroup {
    let store: any PropertyCompanyStore & CaseStore & BaseDataStore & OrganisationStore & UserStore & AuditStore & RegistrationStore
    let shared: UseCaseContext

    /// Who files companies: leaders and administrators of the district (or the city).
    static let keepers: Set<Role> = [.leader, .admin]
    /// Who puts a compound in a company's hands: the keepers, and the committee's workers who keep its base data.
    static let baseDataKeepers: Set<Role> = [.leader, .admin, .communityWorker, .stationChief]
    /// Who sends notices to companies: a street's or district's duty officers and leaders.
    static let senders: Set<Role> = [.dutyOfficer, .leader, .admin]
}

public struct PropertyCompanyInput: Sendable, Hashable, Codable {
    public var name: String
    public var creditCode: String
    public var districtID: Int64
    public var hotline: String?
    public var address: String?

    public init(name: String, creditCode: String, districtID: Int64, hotline: String? = nil, address: String? = nil) {
        self.name = name
        self.creditCode = creditCode
        self.districtID = districtID
        self.hotline = hotline
        self.address = address
    }
}

public struct CompoundCompanyInput: Sendable, Hashable, Codable {
    /// The company, or nil to take the compound out of a company's hands.
    public var companyID: Int64?
    public init(companyID: Int64?) { self.companyID = companyID }
}

public struct CompanyNoticeInput: Sendable, Hashable, Codable {
    /// The street or district sending it: it goes to every company serving a compound there.
    public var nodeID: Int64
    public var title: String
    public var body: String
    /// Hours the companies have to acknowledge it (1–168, 24 when absent).
    public var dueHours: Int?

    public init(nodeID: Int64, title: String, body: String, dueHours: Int? = nil) {
        self.nodeID = nodeID
        self.title = title
        self.body = body
        self.dueHours = dueHours
    }
}

/// A company with its record over a period and the score and grade published from it.
public struct PropertyCompanyLine: Sendable, Hashable, Codable {
    public var company: PropertyCompany
    /// The district it is filed with, by name (a company serving several districts is filed with each).
    public var districtName: String?
    public var record: CompanyRecord
    public var score: Int
    public var grade: CompanyRecord.Grade
    public var complaintsPer100Households: Double?

    init(_ company: PropertyCompany, _ record: CompanyRecord, districtName: String? = nil) {
        self.company = company
        self.districtName = districtName
        self.record = record
        score = record.score
        grade = record.grade
        complaintsPer100Households = record.complaintsPer100Households.map { ($0 * 100).rounded() / 100 }
    }
}

public struct PropertyCompanyPage: Sendable, Hashable, Codable {
    public var from: Date
    public var to: Date
    public var companies: [PropertyCompanyLine]
    /// The cursor of the next page (`after`), nil on the last.
    public var nextAfter: Int64?
}

/// One company: its line, the compounds it serves, and whether the caller is its staff.
public struct PropertyCompanyDetail: Sendable, Hashable, Codable {
    public var from: Date
    public var to: Date
    public var line: PropertyCompanyLine
    public var compounds: [CompoundSummary]
    public var own: Bool

    public struct CompoundSummary: Sendable, Hashable, Codable {
        public var id: CompoundID
        public var code: String
        public var name: String
        public var nodeID: NodeID
        public var type: CompoundType
    }
}

public struct CompanyNoticePage: Sendable, Hashable, Codable {
    public var notices: [CompanyNotice]
    public var nextBefore: Int64?
}

extension PropertyCompanyUseCases {
    /// Files a company with a district: its credit code checked, its handling unit made with it.
    public func create(_ input: PropertyCompanyInput, by identity: Identity) async throws -> PropertyCompany {
        let district = try await store.requireNode(NodeID(input.districtID))
        guard district.kind == .district else { throw PropertyError.district }
        try requireHousing(identity, at: district.path, to: "file property companies")
        let code = input.creditCode.trimmingCharacters(in: .whitespaces).uppercased()
        guard CreditCode.isValid(code) else { throw PropertyError.creditCode }
        let name = input.name.trimmingCharacters(in: .whitespaces)
        try OrgNode.checkText(code: code, name: name)
        let hotline = (input.hotline?.trimmingCharacters(in: .whitespaces)).flatMap { $0.isEmpty ? nil : $0 }
        if let hotline, !Self.isServiceLine(hotline) { throw InputError.phone("hotline") }
        let address = (input.address?.trimmingCharacters(in: .whitespaces)).flatMap { $0.isEmpty ? nil : $0 }
        try InputLimits.check(address, field: "address", max: InputLimits.address)
        let company = try await store.createPropertyCompany(
            PropertyCompany(id: PropertyCompanyID(0), name: name, creditCode: code, districtID: district.id, districtPath: district.path,
                            departmentID: DepartmentID(0), hotline: hotline, address: address),
            departmentCode: "WY-\(code)-\(district.id.rawValue)")
        try await reload()
        try await audit("property.company_filed", "property_company:\(company.id)", identity, detail: "\(code) \(district.id)")
        return company
    }

    /// The companies filed with the district of `nodeID` (or the caller's area) or serving a compound under it, each
    /// with its record over [from, to): published, so every signed-in user may read them.
    public func companies(nodeID: NodeID?, from: Date, to: Date, after: PropertyCompanyID?, limit: Int, by identity: Identity) async throws -> PropertyCompanyPage {
        guard from < to else { throw KPIError.invalidPeriod }
        let node = try await store.areaNode(nodeID, of: identity, roles: Set(Role.allCases), to: "read the property companies")
        let page = try await store.propertyCompanies(under: node.path, after: after, limit: limit)
        let records = try await records(page.map(\.id), from: from, to: to)
        let districts = try await store.nodes(Array(Set(page.map(\.districtID))))
        return PropertyCompanyPage(from: from, to: to, companies: page.map { PropertyCompanyLine($0, records[$0.id] ?? CompanyRecord(), districtName: districts[$0.districtID]?.name) },
                                   nextAfter: page.count == limit ? page.last?.id.rawValue : nil)
    }

    /// One company with its record and compounds.
    public func company(_ id: PropertyCompanyID, from: Date, to: Date, by identity: Identity) async throws -> PropertyCompanyDetail {
        guard from < to else { throw KPIError.invalidPeriod }
        let company = try await readable(id, identity)
        let record = try await records([id], from: from, to: to)[id] ?? CompanyRecord()
        let compounds = try await store.compounds(of: id).map {
            PropertyCompanyDetail.CompoundSummary(id: $0.id, code: $0.code, name: $0.name, nodeID: $0.nodeID, type: $0.type)
        }
        let district = try await store.node(company.districtID)?.name
        return PropertyCompanyDetail(from: from, to: to, line: PropertyCompanyLine(company, record, districtName: district), compounds: compounds,
                                     own: staffCompany(identity) == id)
    }

    /// A company the caller may read (its own, or one of its area), or 404.
    public func visible(_ id: PropertyCompanyID, by identity: Identity) async throws -> PropertyCompany {
        try await readable(id, identity)
    }

    /// The company the caller works for (as a handler of its unit), if any.
    public func ownCompany(by identity: Identity) async throws -> PropertyCompany? {
        guard let id = staffCompany(identity) else { return nil }
        return try await store.propertyCompany(id)
    }

    /// Puts a compound in a company's hands, or takes it out (nil). The company must be filed with the compound's
    /// district; a self-managed compound has none.
    public func setCompany(_ input: CompoundCompanyInput, of compoundID: CompoundID, by identity: Identity) async throws -> Compound {
        guard let compound = try await store.compound(compoundID), identity.sees(path: compound.nodePath) else { throw BaseDataError.compoundNotFound(compoundID) }
        if !housingAllows(identity, at: compound.nodePath) {
            try identity.require(anyOf: Self.baseDataKeepers, at: compound.nodePath, to: "change a compound's property company")
        }
        var company: PropertyCompany?
        if let raw = input.companyID {
            guard compound.managementMode == .propertyCompany else { throw PropertyError.selfManaged }
            guard let found = try await store.propertyCompany(PropertyCompanyID(raw)) else { throw PropertyError.notFound(PropertyCompanyID(raw)) }
            guard compound.nodePath.hasPrefix(found.districtPath) else { throw PropertyError.otherDistrict }
            company = found
        }
        guard let changed = try await store.setCompoundCompany(compoundID, company) else { throw BaseDataError.compoundNotFound(compoundID) }
        try await audit("property.compound_company", "compound:\(compoundID)", identity, detail: company.map { "property_company:\($0.id)" } ?? "none")
        return changed
    }

    // MARK: notices

    /// Sends a notice from a street or district to every company serving a compound there.
    public func sendNotice(_ input: CompanyNoticeInput, by identity: Identity) async throws -> CompanyNotice {
        let node = try await store.requireNode(NodeID(input.nodeID))
        guard node.kind == .street || node.kind == .district else { throw PropertyError.noticeLevel }
        if !housingAllows(identity, at: node.path) {
            try identity.require(anyOf: Self.senders, at: node.path, to: "send notices to property companies")
        }
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines), body = input.body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw PropertyError.noticeText("title") }
        guard !body.isEmpty else { throw PropertyError.noticeText("body") }
        try InputLimits.check(title, field: "title", max: InputLimits.label)
        try InputLimits.check(body, field: "body", max: InputLimits.description, multiline: true)
        let hours = input.dueHours ?? 24
        guard (1...168).contains(hours) else { throw PropertyError.dueHours }
        var recipients: [CompanyNotice.Recipient] = []
        var after: PropertyCompanyID?
        repeat {
            let page = try await store.propertyCompanies(under: node.path, after: after, limit: 1_000)
            recipients += page.map { CompanyNotice.Recipient(companyID: $0.id, companyName: $0.name) }
            after = page.count == 1_000 ? page.last?.id : nil
        } while after != nil
        guard !recipients.isEmpty else { throw PropertyError.noCompanies }
        let now = clock.now()
        let name = try await store.displayName(of: identity)
        let notice = try await store.createCompanyNotice(CompanyNotice(
            id: CompanyNoticeID(0), nodeID: node.id, nodePath: node.path, title: title, body: body, sentAt: now, sentByID: identity.userID,
            sentByName: name, dueAt: now.addingTimeInterval(Double(hours) * 3_600), recipients: recipients))
        try await audit("property.notice_sent", "company_notice:\(notice.id)", identity, detail: "\(recipients.count) companies")
        return notice
    }

    /// The notices a company's staff received, or those sent over the caller's area (or `nodeID`), newest first.
    public func notices(nodeID: NodeID?, before: CompanyNoticeID?, limit: Int, by identity: Identity) async throws -> CompanyNoticePage {
        let list: [CompanyNotice]
        if nodeID == nil, let own = staffCompany(identity) {
            list = try await store.companyNotices(under: nil, to: own, after: before, limit: limit)
        } else {
            let node = try await store.areaNode(nodeID, of: identity, roles: Self.senders.union([.departmentHandler]), to: "read notices to property companies")
            list = try await store.companyNotices(under: node.path, to: nil, after: before, limit: limit)
        }
        return CompanyNoticePage(notices: list, nextBefore: list.count == limit ? list.last?.id.rawValue : nil)
    }

    /// 签收 — a company's staff acknowledge a notice sent to it; again, the first acknowledgement stands (`created` false).
    public func acknowledge(_ id: CompanyNoticeID, by identity: Identity) async throws -> (notice: CompanyNotice, created: Bool) {
        guard let company = staffCompany(identity) else { throw PropertyError.notRecipient }
        let name = try await store.displayName(of: identity)
        guard let result = try await store.acknowledgeCompanyNotice(id, company: company, byName: name, at: clock.now()) else {
            if try await store.companyNotice(id) == nil { throw PropertyError.noticeNotFound(id) }
            throw PropertyError.notRecipient
        }
        if result.created { try await audit("property.notice_acknowledged", "company_notice:\(id)", identity, detail: "property_company:\(company)") }
        return result
    }

    // MARK: the repair clock

    /// 三级应急维修 — every emergency repair no one has arrived at within the clock goes to the next level (the
    /// clock starts again there); returns how many moved.
    @discardableResult
    public func passOnLateRepairs(limit: Int = 200) async throws -> Int {
        let data = self.data
        let categories = data.repairCategories
        guard !categories.isEmpty else { return 0 }
        let now = clock.now()
        let minutes = settings.repairArrivalMinutes
        var moved = 0
        for record in try await store.repairsAwaitingArrival(categories: categories, dispatchedBefore: now.addingTimeInterval(-Double(minutes) * 60),
                                                             leads: data.movableRepairLeads, limit: limit) {
            guard let lead = record.leadDepartmentID, let next = data.repairTarget(record, after: lead) else { continue }
            let note = "三级应急维修：\(minutes) 分钟内无人到场，转\(next.level.chineseName)，\(minutes) 分钟内到场"
            var transition = try CaseMachine.decide(record, .dispatch(lead: next.department, coHandlers: [], note: note), caseContext(.platform, data: data, now: now))
            transition.event.detail["repairLevel"] = String(next.level.rawValue)
            do {
                let saved = try await store.saveTransition(transition.record, event: transition.event)
                feed.publish(transition.record, [saved])
                moved += 1
            } catch let error as DomainError where error.code == "case.concurrent_change" {
                continue
            }
        }
        return moved
    }

    // MARK: helpers

    func records(_ ids: [PropertyCompanyID], from: Date, to: Date) async throws -> [PropertyCompanyID: CompanyRecord] {
        let clockSeconds = settings.repairArrivalMinutes * 60
        return try await store.companyRecords(ids, from: from, to: to, repairCategories: data.repairCategories,
                                              repairsBefore: min(to, clock.now().addingTimeInterval(-Double(clockSeconds))), arrivalSeconds: clockSeconds,
                                              satisfiedScore: settings.kpi.satisfiedScore)
    }

    /// The company whose handling unit the caller handles for.
    func staffCompany(_ identity: Identity) -> PropertyCompanyID? {
        let units = Set(identity.handlerDepartments.map(\.department))
        return data.companyDepartments.first { units.contains($0.value) }?.key
    }

    /// A company the caller may read: its own, or one filed in or serving the caller's area (published records).
    func readable(_ id: PropertyCompanyID, _ identity: Identity) async throws -> PropertyCompany {
        guard let company = try await store.propertyCompany(id) else { throw PropertyError.notFound(id) }
        if staffCompany(identity) == id { return company }
        let paths = identity.assignments.map(\.nodePath)
        guard paths.contains(where: { $0.hasPrefix(company.districtPath) || company.districtPath.hasPrefix($0) }) else { throw PropertyError.notFound(id) }
        return company
    }

    /// Whether the caller handles for a housing (`fangguan`) department serving `path`: the district's housing bureau
    /// or the street's housing office keeps companies and writes to them.
    func housingAllows(_ identity: Identity, at path: String) -> Bool {
        identity.handlerDepartments.contains { d in
            data.departments[d.department]?.kind == RepairLevel.serviceKind && path.hasPrefix(data.departmentPaths[d.department] ?? "#")
        }
    }

    func requireHousing(_ identity: Identity, at path: String, to action: String) throws(DomainError) {
        if housingAllows(identity, at: path) { return }
        try identity.require(anyOf: Self.keepers, at: path, to: action)
    }

    /// A repair line: a phone number, or a short service number such as 962121.
    static func isServiceLine(_ text: String) -> Bool {
        PhoneNumber.isValid(text) || text.wholeMatch(of: /[0-9]{5,6}/) != nil
    }

    func audit(_ action: String, _ target: String, _ identity: Identity, detail: String) async throws {
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: action, target: target, detail: detail)])
    }
}
