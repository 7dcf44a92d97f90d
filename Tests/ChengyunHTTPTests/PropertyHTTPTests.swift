import ChengyunCore
import ChengyunServices
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("物业：备案与信用公开、12345 投诉计入物业、三级应急维修 30 分钟到场、通知签收 over HTTP")
struct PropertyHTTPTests {
    /// The first committee's compounds in the test city, the first served by a company.
    static func compounds(_ api: API, token: String) async throws -> (served: JSON, selfManaged: JSON?) {
        let committee = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=committee", token: token).json.array.first { $0["code"].string == "990001001001" })
        let list = try await api.call(.get, "/api/v1/compounds?nodeId=\(try #require(committee["id"].int))", token: token).json["compounds"].array
        let served = try #require(list.first { !$0["propertyCompanyId"].isNull })
        return (served, list.first { $0["managementMode"].string == "selfManaged" })
    }

    @Test("区领导备案物业（信用代码校验、重复、层级、无权者有代码）；12345 工单点名小区即计入物业，居民也能看公开的信用；社工把小区交给同区的另一家物业，自管小区和外区物业被拒")
    func filingComplaintsAndCredit() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let leader = try await api.login("leader.d1")
            let districts = try await api.call(.get, "/api/v1/org/nodes?kind=district", token: admin).json.array
            let district = try #require(districts.first?["id"].int), otherDistrict = try #require(districts.last?["id"].int)
            func file(_ token: String, _ code: String, _ node: Int = district, name: String = "望海物业服务有限公司") async throws -> Reply {
                try await api.call(.post, "/api/v1/property-companies", token: token,
                                   json: #"{"name":"\#(name)","creditCode":"\#(code)","districtId":\#(node),"hotline":"962121","address":"望海路 9 号"}"#)
            }
            let good = "91310105MA1FL8XQ3" + String(try #require(CreditCode.checkCharacter("91310105MA1FL8XQ3")))
            let filed = try await file(leader, good)
            #expect(filed.status == .created && filed.json["creditCode"].string == good && filed.json["districtId"].int == district, "\(filed.json)")
            let companyID = try #require(filed.json["id"].int)
            func code(_ r: Reply) -> (HTTPResponse.Status, String?, String?) { (r.status, r.json["error"]["code"].string, r.json["error"]["field"].string) }
            #expect(code(try await file(leader, good)) == (.conflict, "property.duplicate", "creditCode"))
            #expect(code(try await file(leader, String(good.dropLast()) + (good.last == "0" ? "1" : "0"))) == (.badRequest, "property.credit_code", "creditCode"))
            #expect(code(try await file(leader, "91310105MA1FL8XQI" + "0")).1 == "property.credit_code", "I is not in the alphabet")
            let street = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=street", token: admin).json[0]["id"].int)
            #expect(code(try await file(admin, good, street)) == (.unprocessableContent, "property.district", "districtId"))
            #expect(try await file(try await api.login("cw.990001001001"), good).status == .forbidden)
            #expect(try await file(leader, good, otherDistrict).status == .forbidden, "another district's leader files there")

            // Published: a resident reads the companies of the city with their grades.
            let resident = try await api.login("resident1")
            let published = try await api.call(.get, "/api/v1/property-companies", token: resident)
            #expect(published.status == .ok, "\(published.json)")
            let lines = published.json["companies"].array
            #expect(lines.count >= 2 && lines.allSatisfy { ["A", "B", "C", "D"].contains($0["grade"].string ?? "") && $0["score"].int != nil })

            // A 12345 ticket naming a served compound counts against its company.
            let (served, selfManaged) = try await Self.compounds(api, token: admin)
            let servedBy = try #require(served["propertyCompanyId"].int)
            let before = try await api.call(.get, "/api/v1/property-companies/\(servedBy)", token: admin).json["line"]["record"]
            let secret = try await api.apiKey("12345", sources: ["hotline"], admin: admin)
            let ticket = try await api.call(.post, "/api/v1/cases", token: secret, json: """
                {"source":"hotline","categoryId":"event:0509","description":"小区内机动车乱停放堵住消防通道","externalRef":"12345-P1","compoundId":\(try #require(served["id"].int))}
                """)
            #expect(ticket.status == .created && ticket.json["compoundId"].int == served["id"].int && ticket.json["propertyCompanyId"].int == servedBy, "\(ticket.json)")
            let after = try await api.call(.get, "/api/v1/property-companies/\(servedBy)", token: admin).json
            #expect(after["line"]["record"]["complaints"].int == (before["complaints"].int ?? 0) + 1, "\(after)")
            #expect(after["line"]["record"]["compounds"].int ?? 0 >= 1 && after["compounds"].array.contains { $0["id"].int == served["id"].int })
            let byCompany = try await api.call(.get, "/api/v1/cases?propertyCompanyId=\(servedBy)&source=hotline", token: admin).json["items"].array
            #expect(byCompany.contains { $0["id"].int == ticket.json["id"].int })
            #expect(code(try await api.call(.post, "/api/v1/cases", token: secret, json: #"{"source":"hotline","categoryId":"event:0509","description":"x","compoundId":987654}"#))
                    == (.unprocessableContent, "case.compound_not_found", "compoundId"))

            // A report without a compound is placed in the compound whose boundary holds its point.
            let committee = try #require(served["nodeId"].int)
            let p = TestCity.point(0, 0)
            let ring = [[p.lon - 0.0004, p.lat - 0.0004], [p.lon + 0.0004, p.lat - 0.0004], [p.lon + 0.0004, p.lat + 0.0004], [p.lon - 0.0004, p.lat + 0.0004],
                        [p.lon - 0.0004, p.lat - 0.0004]].map { "[\($0[0]),\($0[1])]" }.joined(separator: ",")
            let bounded = try await api.call(.post, "/api/v1/compounds", token: admin, json: """
                {"code":"XQBOUND1","name":"围合花苑","nodeId":\(committee),"type":"commercial","managementMode":"propertyCompany","area":{"type":"Polygon","coordinates":[[\(ring)]]}}
                """)
            #expect(bounded.status == .created, "\(bounded.json)")
            let boundedID = try #require(bounded.json["id"].int)
            #expect(try await api.call(.post, "/api/v1/compounds/\(boundedID)/company", token: admin, json: #"{"companyId":\#(servedBy)}"#).status == .ok)
            let inside = try await api.report(resident, category: "event:0604", cell: (0, 0))
            #expect(inside["compoundId"].int == boundedID && inside["propertyCompanyId"].int == servedBy, "found by its boundary: \(inside)")
            let outside = try await api.report(resident, category: "event:0604", cell: (1, 1))
            #expect(outside["compoundId"].isNull, "\(outside)")

            // The committee's worker puts the compound in the new company's hands; a self-managed one and another district's company are refused.
            let worker = try await api.login("cw.990001001001")
            let moved = try await api.call(.post, "/api/v1/compounds/\(try #require(served["id"].int))/company", token: worker, json: #"{"companyId":\#(companyID)}"#)
            #expect(moved.status == .ok && moved.json["propertyCompanyId"].int == companyID && moved.json["propertyCompany"].string == "望海物业服务有限公司", "\(moved.json)")
            if let selfManaged {
                #expect(code(try await api.call(.post, "/api/v1/compounds/\(try #require(selfManaged["id"].int))/company", token: worker, json: #"{"companyId":\#(companyID)}"#))
                        == (.unprocessableContent, "property.self_managed", "companyId"))
            }
            let far = try await file(try await api.login("leader.d2"), good, otherDistrict)
            #expect(far.status == .created, "the same company files with another district too")
            #expect(code(try await api.call(.post, "/api/v1/compounds/\(try #require(served["id"].int))/company", token: worker, json: #"{"companyId":\#(try #require(far.json["id"].int))}"#))
                    == (.unprocessableContent, "property.other_district", "companyId"))
            #expect(try await api.call(.post, "/api/v1/compounds/\(try #require(served["id"].int))/company", token: resident, json: #"{"companyId":null}"#).status != .ok)
            let trail = try await api.call(.get, "/api/v1/audit?action=property.&limit=20", token: try await api.login("auditor")).json["items"].array.compactMap { $0["action"].string }
            #expect(trail.contains("property.company_filed") && trail.contains("property.compound_company"), "\(trail)")
        }
    }

    @Test("三级应急维修：报修先派小区物业，30 分钟无人到场转街镇维修中心、再转区指挥中心，到最后一级不再转；物业到场即停钟并计入准时；街道通知本街物业，物业签收一次，非收件企业不能签收")
    func repairClockAndNotices() async throws {
        let clock = ManualWallClock(Date(timeIntervalSince1970: 1_796_000_000))
        let city = try await TestCity(clock: clock)
        try await city.test { api in
            let admin = try await api.login("admin")
            let (served, _) = try await Self.compounds(api, token: admin)
            let companyID = try #require(served["propertyCompanyId"].int), compoundID = try #require(served["id"].int)
            let company = try await api.call(.get, "/api/v1/property-companies/\(companyID)", token: admin).json["line"]["company"]
            let unit = try #require(company["departmentId"].int)
            let staffUser = try #require(try await city.store.users(under: "/", limit: 2_000, offset: 0).first {
                $0.assignments.contains { $0.departmentID?.rawValue == Int64(unit) }
            })
            let staff = try await api.login(staffUser.username)
            let secret = try await api.apiKey("12345", sources: ["hotline"], admin: admin)
            func repair(_ ref: String, _ category: String = "event:0701") async throws -> JSON {
                let reply = try await api.call(.post, "/api/v1/cases", token: secret, json: """
                    {"source":"hotline","categoryId":"\(category)","description":"地下供水管爆裂","externalRef":"\(ref)","compoundId":\(compoundID)}
                    """)
                #expect(reply.status == .created, "\(reply.json)")
                return reply.json
            }
            let burst = try await repair("12345-R1")
            #expect(burst["state"].string == "dispatched" && burst["leadDepartmentId"].int == unit, "to the compound's company first: \(burst)")
            let caseID = try #require(burst["id"].int)
            // The duty officer's choices name this compound's company and no other company of the district.
            let departments0 = try await api.departments(token: admin)
            let companyUnits = Set(departments0.filter { $0["kind"].string == "wuye" }.compactMap { $0["id"].int })
            #expect(companyUnits.count >= 2, "the district files several companies")
            let choices = try await api.call(.get, "/api/v1/cases/\(caseID)", token: try await api.login("duty")).json["departmentChoices"].array.compactMap { $0["id"].int }
            #expect(choices.contains(unit) && companyUnits.intersection(choices) == [unit], "\(choices)")
            // Nor does the dispatch itself take another company: it answers for its own compounds only.
            let district = departments0.first { $0["id"].int == unit }?["nodeId"].int
            let otherCompany = try #require(departments0.first { $0["kind"].string == "wuye" && $0["nodeId"].int == district && $0["id"].int != unit }?["id"].int,
                                            "another company of the same district")
            let elsewhere = try await api.act(caseID, "dispatch", token: try await api.login("duty"), json: #"{"lead":\#(otherCompany)}"#)
            #expect(elsewhere.status == .unprocessableContent && elsewhere.json["error"]["code"].string == "department.not_the_company"
                    && elsewhere.json["error"]["field"].string == "lead", "\(elsewhere.json)")
            let mine = try await api.call(.get, "/api/v1/property-companies/mine", token: staff)
            #expect(mine.status == .ok && mine.json["own"].bool == true && mine.json["line"]["company"]["id"].int == companyID, "\(mine.json)")
            #expect(try await api.call(.get, "/api/v1/cases?propertyCompanyId=\(companyID)", token: staff).json["items"].array.contains { $0["id"].int == caseID })

            // Nobody there in 30 minutes: the street's repair service; 30 more: the district's command centre; then no further.
            clock.advance(hours: 0.25)
            #expect(try await city.platform.property.passOnLateRepairs() == 0, "the clock still runs")
            clock.advance(hours: 0.3)
            #expect(try await city.platform.property.passOnLateRepairs() == 1)
            let departments = try await api.departments(token: admin)
            func kindAndNode(_ id: Int?) -> (String?, Int?) {
                let d = departments.first { $0["id"].int == id }
                return (d?["kind"].string, d?["nodeId"].int)
            }
            let second = try await api.call(.get, "/api/v1/cases/\(caseID)", token: admin).json
            let streetLevel = kindAndNode(second["leadDepartmentId"].int)
            #expect(streetLevel.0 == "fangguan", "\(second)")
            let streets = try await api.call(.get, "/api/v1/org/nodes?kind=street", token: admin).json.array.compactMap { $0["id"].int }
            #expect(streets.contains(streetLevel.1 ?? -1), "the street's repair service")
            clock.advance(hours: 0.55)
            #expect(try await city.platform.property.passOnLateRepairs() == 1)
            let third = try await api.call(.get, "/api/v1/cases/\(caseID)", token: admin).json
            let districtLevel = kindAndNode(third["leadDepartmentId"].int)
            let districts = try await api.call(.get, "/api/v1/org/nodes?kind=district", token: admin).json.array.compactMap { $0["id"].int }
            #expect(districtLevel.0 == "fangguan" && districts.contains(districtLevel.1 ?? -1), "\(third)")
            clock.advance(hours: 1)
            #expect(try await city.platform.property.passOnLateRepairs() == 0, "the district is the last level")
            let history = try await api.call(.get, "/api/v1/cases/\(caseID)/history", token: admin).json.array
            let notes = history.filter { $0["action"].string == "dispatch" }.compactMap { $0["note"].string }
            #expect(notes.count == 3 && notes[0].contains("一级") && notes[1].contains("二级") && notes[2].contains("三级"), "\(notes)")

            // Reached in ten minutes: the clock stops, and it counts as on time.
            let leak = try await repair("12345-R2", "event:0703")
            clock.advance(hours: 1.0 / 6)
            let started = try await api.act(try #require(leak["id"].int), "start", token: staff, json: #"{"note":"维修班组已到场"}"#)
            #expect(started.status == .ok, "\(started.json) \(leak)")
            clock.advance(hours: 1)
            #expect(try await city.platform.property.passOnLateRepairs() == 0)
            let record = try await api.call(.get, "/api/v1/property-companies/\(companyID)", token: admin).json["line"]["record"]
            #expect(record["repairs"].int == 2 && record["repairsOnTime"].int == 1 && record["repairsPassedOn"].int == 1, "\(record)")

            // 通知: the compound's street writes to the companies serving its compounds; the company acknowledges once.
            let dutyS1 = try await api.login("leader.d1")
            let servedPath = try #require(served["nodePath"].string)
            let street = try #require(OrgNode.ancestor(of: servedPath, depth: OrgNode.Kind.street.depth)?.id.rawValue)
            let sent = try await api.call(.post, "/api/v1/company-notices", token: dutyS1,
                                          json: #"{"nodeId":\#(street),"title":"台风防御准备","body":"请排查地下车库排水设施并落实值守","dueHours":12}"#)
            #expect(sent.status == .created && sent.json["recipients"].array.contains { $0["companyId"].int == companyID }, "\(sent.json)")
            let noticeID = try #require(sent.json["id"].int)
            let inbox = try await api.call(.get, "/api/v1/company-notices", token: staff).json["notices"].array
            #expect(inbox.first?["id"].int == noticeID)
            let ack = try await api.call(.post, "/api/v1/company-notices/\(noticeID)/acknowledge", token: staff)
            #expect(ack.status == .created && ack.json["recipients"].array.first { $0["companyId"].int == companyID }?["acknowledgedByName"].string == staffUser.displayName)
            #expect(try await api.call(.post, "/api/v1/company-notices/\(noticeID)/acknowledge", token: staff).status == .ok)
            let outbox = try await api.call(.get, "/api/v1/company-notices", token: dutyS1).json["notices"].array
            #expect(outbox.first?["recipients"].array.contains { $0["companyId"].int == companyID && !$0["acknowledgedAt"].isNull } == true)
            let worker = try await api.login("cw.990001001001")
            let refused = try await api.call(.post, "/api/v1/company-notices/\(noticeID)/acknowledge", token: worker)
            #expect(refused.status == .forbidden && refused.json["error"]["code"].string == "property.not_recipient")
            #expect(try await api.call(.post, "/api/v1/company-notices", token: worker, json: #"{"nodeId":\#(street),"title":"t","body":"b"}"#).status == .forbidden)
            let committee = try #require(served["nodeId"].int)
            let wrongLevel = try await api.call(.post, "/api/v1/company-notices", token: dutyS1, json: #"{"nodeId":\#(committee),"title":"t","body":"b"}"#)
            #expect(wrongLevel.status == .unprocessableContent && wrongLevel.json["error"]["code"].string == "property.notice_level")
            let late = try await api.call(.post, "/api/v1/company-notices", token: dutyS1, json: #"{"nodeId":\#(street),"title":"t","body":"b","dueHours":500}"#)
            #expect(late.json["error"]["code"].string == "property.due_hours")
        }
    }

    @Test("居民看自己小区的物业：小区、楼栋、物业企业、报修电话、公开的信用等级；自管小区没有企业；住址不在册的居民得到 property.no_home")
    func residentsSeeTheirCompany() async throws {
        let city = try await TestCity()
        try await city.test { api in
            for n in 1...2 {
                let username = "jm.990001001001.\(n)"
                let user = try #require(try await city.store.credentials(username: username)?.user)
                let registration = try #require(try await city.store.registration(user: user.id))
                let residentID = try #require(registration.residentID)
                let resident = try #require(try await city.store.resident(residentID))
                let houseID = try #require(resident.houseID)
                let house = try #require(try await city.store.house(houseID))
                let building = try #require(try await city.store.building(house.buildingID))
                let compound = try #require(try await city.store.compound(building.compoundID))
                let home = try await api.call(.get, "/api/v1/property-companies/serving-me", token: try await api.login(username))
                #expect(home.status == .ok && home.json["home"]["compoundId"].int == Int(compound.id.rawValue) && home.json["home"]["building"].string == building.number, "\(home.json)")
                if let company = compound.propertyCompanyID {
                    #expect(home.json["company"]["company"]["id"].int == Int(company.rawValue) && ["A", "B", "C", "D"].contains(home.json["company"]["grade"].string ?? ""))
                } else {
                    #expect(home.json["company"].isNull, "a self-managed compound has no company")
                }
            }
            let nobody = try await api.call(.get, "/api/v1/property-companies/serving-me", token: try await api.login("resident1"))
            #expect(nobody.status == .notFound && nobody.json["error"]["code"].string == "property.no_home")
        }
    }
}
