import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 物业: a company filed with its district together with its handling unit (a credit code once a district);
    /// found under its district and, through the compounds it serves, under a street; a compound put in its hands and
    /// taken out; a case's compound and company kept and filtered on; the record counted — complaints (hotline only),
    /// cases (rejected ones not), ratings, repairs reached in time and passed on, compounds and households, notices
    /// acknowledged in time; repairs waiting for arrival (not those started, too fresh, or at the last level); notices
    /// sent, listed over an area and to a company, acknowledged once.
    public static func property(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & CaseStore & BaseDataStore & PropertyCompanyStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let at = Date(timeIntervalSince1970: 1_781_000_000)
        let draft = PropertyCompany(id: PropertyCompanyID(0), name: "长乐物业服务有限公司", creditCode: "91310101MA1000001X", districtID: t.district.id,
                                    districtPath: t.district.path, departmentID: DepartmentID(0), hotline: "962121", address: "长乐路 1 号")
        let company = try await store.createPropertyCompany(draft, departmentCode: "WY-1")
        #expect(company.id.rawValue > 0 && company.version == 1 && company.name == draft.name)
        let unit = try #require(try await store.department(company.departmentID))
        #expect(unit.kind == PropertyCompany.departmentKind && unit.nodeID == t.district.id && unit.name == draft.name)
        #expect(try await store.propertyCompany(company.id) == company)
        #expect(try await store.propertyCompany(department: company.departmentID) == company)
        do {
            _ = try await store.createPropertyCompany(draft, departmentCode: "WY-2")
            Issue.record("the same credit code twice in a district")
        } catch let error as DomainError { #expect(error.code == "property.duplicate") }
        #expect(try await store.departments(under: nil).filter { $0.kind == PropertyCompany.departmentKind }.count == 1, "nothing of the refused one is kept")
        let otherDistrict = try await store.createNode(parentID: t.city.id, kind: .district, variant: nil, code: "990002", name: "西湖区")
        let elsewhere = try await store.createPropertyCompany(PropertyCompany(id: PropertyCompanyID(0), name: "安居物业", creditCode: "91310101MA1000001X", districtID: otherDistrict.id,
                                                                              districtPath: otherDistrict.path, departmentID: DepartmentID(0)), departmentCode: "WY-3")
        #expect(try await store.propertyCompanies(under: t.city.path, after: nil, limit: 10).map(\.id) == [company.id, elsewhere.id])
        #expect(try await store.propertyCompanies(under: t.district.path, after: nil, limit: 10).map(\.id) == [company.id])
        #expect(try await store.propertyCompanies(under: t.city.path, after: company.id, limit: 10).map(\.id) == [elsewhere.id])
        #expect(try await store.propertyCompanies(under: t.street.path, after: nil, limit: 10).isEmpty, "a street sees the companies serving its compounds")

        let compound = try await store.createCompound(Compound(id: CompoundID(0), code: "XQP1", name: "长乐新村", nodeID: t.committee.id, nodePath: t.committee.path,
                                                               type: .oldEstate, managementMode: .propertyCompany))
        let (building, _) = try await store.createBuilding(Building(id: BuildingID(0), compoundID: compound.id, nodeID: t.committee.id, nodePath: t.committee.path,
                                                                    number: "1号楼", floors: 2, units: 1),
                                                           houses: (1...2).map { House(id: HouseID(0), buildingID: BuildingID(0), unit: "1", floor: $0, number: "\($0)01", use: .ownerOccupied) })
        _ = building
        let square = GeoJSONGeometry(Area(polygons: [Polygon(rings: [[GeoPoint(lon: 0.4, lat: 0.4), GeoPoint(lon: 0.6, lat: 0.4), GeoPoint(lon: 0.6, lat: 0.6),
                                                                           GeoPoint(lon: 0.4, lat: 0.6), GeoPoint(lon: 0.4, lat: 0.4)]])]))
        let fenced = try await store.createCompound(Compound(id: CompoundID(0), code: "XQP2", name: "围合花苑", nodeID: t.committee.id, nodePath: t.committee.path,
                                                             type: .commercial, managementMode: .propertyCompany, area: square,
                                                             entrances: [Entrance(name: "南门", location: GeoPoint(lon: 0.5, lat: 0.4))]))
        let bounded = try await store.boundedCompounds(under: t.committee.path)
        #expect(bounded.map(\.id) == [fenced.id] && bounded[0].area == square && bounded[0].entrances.isEmpty, "only those with a boundary, without entrances")
        #expect(try await store.boundedCompounds(under: otherDistrict.path).isEmpty)
        let placed = try #require(try await store.setCompoundCompany(compound.id, company))
        #expect(placed.propertyCompanyID == company.id && placed.propertyCompany == company.name && placed.version == compound.version + 1)
        #expect(try await store.compound(compound.id)?.propertyCompanyID == company.id)
        #expect(try await store.compounds(of: company.id).map(\.id) == [compound.id])
        #expect(try await store.propertyCompanies(under: t.street.path, after: nil, limit: 10).map(\.id) == [company.id])
        #expect(try await store.setCompoundCompany(CompoundID(987_654), company) == nil)

        // The record: cases in its compound over a month.
        let day: TimeInterval = 86_400
        func record(_ source: CaseSource, _ category: String = "event:0110", _ state: CaseState = .closed, reported: Date, rating: Int? = nil,
                    dispatched: Date? = nil, started: Date? = nil, dispatches: Int = 0, lead: DepartmentID? = nil, company owner: PropertyCompanyID? = company.id) async throws -> CaseRecord {
            var r = newCase(t.grid, at: reported, category: category)
            r.source = source
            r.state = state
            r.rating = rating
            r.compoundID = compound.id
            r.propertyCompanyID = owner
            r.firstDispatchedAt = dispatched
            r.dispatchedAt = dispatched
            r.startedAt = started
            r.dispatchCount = dispatches
            r.leadDepartmentID = lead
            return try await store.createCase(r, events: [])
        }
        let complaint = try await record(.hotline, reported: at - 3 * day, rating: 5)
        _ = try await record(.hotline, reported: at - 4 * day, rating: 2)
        _ = try await record(.hotline, "event:0110", .rejected, reported: at - 4 * day)                        // not counted
        _ = try await record(.resident, reported: at - 5 * day)
        _ = try await record(.hotline, reported: at - 50 * day)                                   // before the period
        _ = try await record(.hotline, reported: at - 2 * day, company: nil)                      // a self-managed time
        let onTime = at - 2 * day
        _ = try await record(.hotline, "event:0701", .inProgress, reported: onTime, dispatched: onTime, started: onTime + 600, dispatches: 1, lead: company.departmentID)
        _ = try await record(.hotline, "event:0701", .inProgress, reported: onTime, dispatched: onTime, started: onTime + 3_600, dispatches: 2, lead: unit.id)
        let waiting = try await record(.hotline, "event:0702", .dispatched, reported: at - 3_600, dispatched: at - 3_600, dispatches: 1, lead: company.departmentID)
        _ = try await record(.hotline, "event:0702", .dispatched, reported: at - 600, dispatched: at - 600, dispatches: 1, lead: company.departmentID)   // the clock runs
        let found = try await store.caseRecord(complaint.id)
        #expect(found?.compoundID == compound.id && found?.propertyCompanyID == company.id)
        var byCompany = CaseQuery(scope: .everything)
        byCompany.propertyCompanyID = company.id
        #expect(try await store.cases(byCompany).items.count == 9)

        // A notice to both companies, one acknowledged in time.
        let notice = try await store.createCompanyNotice(CompanyNotice(
            id: CompanyNoticeID(0), nodeID: t.district.id, nodePath: t.district.path, title: "台风防御", body: "请做好准备", sentAt: at - 2 * day, sentByID: nil, sentByName: "值班员",
            dueAt: at - day, recipients: [CompanyNotice.Recipient(companyID: company.id, companyName: company.name), CompanyNotice.Recipient(companyID: elsewhere.id, companyName: elsewhere.name)]))
        #expect(notice.id.rawValue > 0 && notice.recipients.map(\.companyID) == [company.id, elsewhere.id] && notice.recipients.allSatisfy { $0.acknowledgedAt == nil })
        #expect(try await store.companyNotice(notice.id) == notice)
        let first = try #require(try await store.acknowledgeCompanyNotice(notice.id, company: company.id, byName: "客服", at: at - 1.5 * day))
        #expect(first.created && first.notice.recipients[0].acknowledgedByName == "客服" && first.notice.recipients[1].acknowledgedAt == nil)
        let again = try #require(try await store.acknowledgeCompanyNotice(notice.id, company: company.id, byName: "别人", at: at))
        #expect(!again.created && again.notice.recipients[0].acknowledgedByName == "客服", "the first acknowledgement stands")
        let stranger = try await store.createPropertyCompany(PropertyCompany(id: PropertyCompanyID(0), name: "永和物业", creditCode: nil, districtID: t.district.id,
                                                                             districtPath: t.district.path, departmentID: DepartmentID(0)), departmentCode: "WY-4")
        #expect(try await store.acknowledgeCompanyNotice(notice.id, company: stranger.id, byName: "x", at: at) == nil, "not sent to it")
        #expect(try await store.companyNotices(under: t.district.path, to: nil, after: nil, limit: 10).map(\.id) == [notice.id])
        #expect(try await store.companyNotices(under: otherDistrict.path, to: nil, after: nil, limit: 10).isEmpty)
        #expect(try await store.companyNotices(under: nil, to: elsewhere.id, after: nil, limit: 10).map(\.id) == [notice.id])
        #expect(try await store.companyNotices(under: nil, to: stranger.id, after: nil, limit: 10).isEmpty)

        let records = try await store.companyRecords([company.id, elsewhere.id], from: at - 30 * day, to: at, repairCategories: ["event:0701", "event:0702"],
                                                     repairsBefore: at - 1_800, arrivalSeconds: 1_800, satisfiedScore: 4)
        let r = try #require(records[company.id])
        #expect(r.cases == 7 && r.complaints == 6, "hotline complaints in the period, the rejected one and the older one not")
        #expect(r.rated == 2 && r.satisfied == 1)
        #expect(r.repairs == 3 && r.repairsOnTime == 1 && r.repairsPassedOn == 1, "the fresh repair's clock still runs")
        #expect(r.compounds == 1 && r.households == 2)
        #expect(r.notices == 1 && r.noticesAcknowledged == 1)
        let e = try #require(records[elsewhere.id])
        #expect(e == { var x = CompanyRecord(); x.notices = 1; return x }(), "sent a notice, acknowledged nothing, serves nothing")

        let awaiting = try await store.repairsAwaitingArrival(categories: ["event:0701", "event:0702"], dispatchedBefore: at - 1_800,
                                                              leads: [company.departmentID, elsewhere.departmentID], limit: 10)
        #expect(awaiting.map(\.id) == [waiting.id], "the started and the fresh ones are not waiting")
        #expect(try await store.repairsAwaitingArrival(categories: ["event:0701", "event:0702"], dispatchedBefore: at - 1_800, leads: [elsewhere.departmentID], limit: 10).isEmpty,
                "held by a department the clock does not move it from")

        let out = try #require(try await store.setCompoundCompany(compound.id, nil))
        #expect(out.propertyCompanyID == nil && out.propertyCompany == nil)
        #expect(try await store.compounds(of: company.id).isEmpty)
    }
}
