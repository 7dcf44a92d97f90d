import ChengyunCore
import ChengyunTesting
import Foundation
import Hummingbird
import Testing

@Suite("派遣说明与规则审查 explainable dispatch and rule review")
struct ExplainHTTPTests {
    static let password = "街道-巡查-2026-春"

    /// Reports a case at cell (0, 0) as a resident and accepts it as the city's duty officer: the platform dispatches it by rule.
    func reportAndAccept(_ api: API, category: String = "event:0110") async throws -> (id: Int, accepted: Reply) {
        let resident = try await api.login("resident1")
        let id = try #require(try await api.report(resident, category: category)["id"].int)
        let accepted = try await api.act(id, "accept", token: try await api.login("duty"))
        #expect(accepted.status == .ok, "\(accepted.json)")
        return (id, accepted)
    }

    @Test("说明指出真实派遣所用的规则及其匹配内容，其他规则按尝试顺序说明为何未用")
    func namesTheRuleUsed() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            // A rule whose time window excludes now, so one verdict must be "outside its time window".
            let hour = (Calendar(identifier: .gregorian).dateComponents(in: TimeZone(secondsFromGMT: 8 * 3600)!, from: Date()).hour! + 6) % 24
            let cityID = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=city", token: admin).json[0]["id"].int)
            let lead = try #require(try await api.departments(token: admin).first { $0["nodeId"].int == cityID }?["id"].int)
            let windowed = try await api.call(.post, "/api/v1/rules", token: admin, json: """
                {"name":"夜间测试规则","categoryId":"event:0110","window":{"weekdays":[1,2,3,4,5,6,7],"start":"\(String(format: "%02d:00", hour))","end":"\(String(format: "%02d:30", hour))"},"leadDepartmentId":\(lead)}
                """)
            #expect(windowed.status == .created, "\(windowed.json)")

            let (id, accepted) = try await reportAndAccept(api)
            #expect(accepted.json["case"]["state"].string == "dispatched")
            let dispatch = try #require(accepted.json["events"].array.first { $0["action"].string == "dispatch" })
            let used = try #require(Int(dispatch["detail"]["ruleId"].string ?? ""), "the real dispatch records its rule")

            let duty = try await api.login("duty.s1")
            let reply = try await api.call(.get, "/api/v1/cases/\(id)/dispatch-explanation", token: duty)
            #expect(reply.status == .ok, "\(reply.json)")
            let e = reply.json["explanation"]
            #expect(e["basis"].string == "rule")
            #expect(e["ruleId"].int == used)
            #expect(e["ruleRecorded"].bool == true && e["rulesChangedSince"].bool == false)
            let rule = try #require(try await api.call(.get, "/api/v1/rules", token: admin).json.array.first { $0["id"].int == used })
            #expect(e["ruleName"].string == rule["name"].string)
            #expect(e["leadDepartmentId"].int == rule["leadDepartmentId"].int)
            #expect(e["leadDepartmentId"].int == accepted.json["case"]["leadDepartmentId"].int)
            #expect(e["matched"]["caseCategoryId"].string == "event:0110" && e["matched"]["categoryId"].string == "event:0110")
            #expect(e["matched"]["caseNodePath"].string?.hasPrefix(e["matched"]["areaPath"].string ?? "#") == true)
            let considered = e["considered"].array
            #expect(considered.first { $0["outcome"].string == "chosen" }?["ruleId"].int == used)
            #expect(considered.filter { $0["outcome"].string == "chosen" }.count == 1)
            #expect(considered.first { $0["ruleId"].int == windowed.json["id"].int }?["reasons"].array.map(\.string) == ["outsideWindow"])
            for v in considered where v["outcome"].string == "notApplicable" { #expect(!v["reasons"].array.isEmpty) }
            // The other district's rule for the category is outside its area; the city-wide one is outranked.
            #expect(considered.contains { $0["reasons"].array.map(\.string) == ["outsideArea"] })
            #expect(e["otherCategoryRules"].int ?? 0 > 0)
            #expect(reply.json["departments"].array.contains { $0["id"].int == e["leadDepartmentId"].int && $0["name"].string?.isEmpty == false })
        }
    }

    @Test("改派后说明由谁、何时、以何备注人工派遣，并列出先前按规则的派遣")
    func explainsAManualDispatch() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let (id, accepted) = try await reportAndAccept(api)
            let ruleLead = try #require(accepted.json["case"]["leadDepartmentId"].int)
            let duty = try await api.login("duty")
            let other = try #require(try await api.helpers(token: duty, excluding: ruleLead, count: 1).first)
            let moved = try await api.act(id, "dispatch", token: duty, json: #"{"lead":\#(other),"note":"现场核实属市容部门职责"}"#)
            #expect(moved.status == .ok, "\(moved.json)")

            let e = try await api.call(.get, "/api/v1/cases/\(id)/dispatch-explanation", token: duty).json["explanation"]
            #expect(e["basis"].string == "manual")
            #expect(e["leadDepartmentId"].int == other)
            #expect(e["byName"].string == "duty")
            #expect(e["byUserId"].int != nil)
            #expect(e["note"].string == "现场核实属市容部门职责")
            #expect(e["at"].string != nil)
            #expect(e["ruleId"].isNull)
            #expect(e["steps"].array.map { $0["action"].string } == ["dispatch", "dispatch"])
            #expect(e["steps"][0]["ruleId"].int != nil && e["steps"][1]["ruleId"].isNull)
            #expect(e["considered"].array.contains { $0["outcome"].string == "chosen" }, "the rules as tried at acceptance")
        }
    }

    @Test("居民与外区值班员看不到说明（403 / 404）")
    func scope() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let (id, _) = try await reportAndAccept(api)
            #expect(try await api.call(.get, "/api/v1/cases/\(id)/dispatch-explanation", token: try await api.login("resident1")).status == .forbidden)
            #expect(try await api.call(.get, "/api/v1/cases/\(id)/dispatch-explanation", token: try await api.login("duty.d2")).status == .notFound)
            #expect(try await api.call(.get, "/api/v1/cases/\(id)/dispatch-explanation").status == .unauthorized)
        }
    }

    @Test("规则审查：每条规则 30 天内派遣的件数由数据库计数，从未匹配与重叠的规则；仅管理员与审计员")
    func review() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let before = try await api.call(.get, "/api/v1/rules/review", token: admin)
            #expect(before.status == .ok, "\(before.json)")
            #expect(before.json["periodDays"].int == 30)
            let ruleCount = try await api.call(.get, "/api/v1/rules", token: admin).json.array.filter { $0["active"].bool != false }.count
            #expect(before.json["rules"].array.count == ruleCount)

            // A 12345 ticket is accepted and dispatched as it is created (one insert of the case and its events); it goes
            // first, before a report at the same place could make it a possible duplicate.
            let key = try await api.apiKey("hotline", sources: ["hotline"], admin: admin)
            let ticket = try await api.report(key, source: "hotline")
            #expect(ticket["state"].string == "dispatched", "\(ticket)")
            var used: Int?
            for _ in 0..<3 {
                let (_, accepted) = try await reportAndAccept(api)
                let dispatch = try #require(accepted.json["events"].array.first { $0["action"].string == "dispatch" })
                used = Int(dispatch["detail"]["ruleId"].string ?? "")
            }
            let rule = try #require(used)
            let entry = { (report: JSON) in report["rules"].array.first { $0["rule"]["id"].int == rule } }
            let was = try #require(entry(before.json))
            let report = try await api.call(.get, "/api/v1/rules/review", token: admin).json
            let now = try #require(entry(report))
            #expect(now["dispatchedInPeriod"].int == (was["dispatchedInPeriod"].int ?? 0) + 4)
            #expect(now["dispatchedTotal"].int == (was["dispatchedTotal"].int ?? 0) + 4)
            #expect(now["lastDispatchedAt"].string != nil)
            let never = Set(report["neverMatched"].array.compactMap(\.int))
            #expect(!never.contains(rule))
            #expect(never == Set(report["rules"].array.filter { $0["dispatchedTotal"].int == 0 }.compactMap { $0["rule"]["id"].int }))

            // A second rule for the same category and area: it overlaps and can never be chosen.
            let original = try #require(now["rule"].value as? [String: Any])
            let copy = try await api.call(.post, "/api/v1/rules", token: admin, json: """
                {"name":"重复规则","categoryId":"\(original["categoryId"] as? String ?? "")","areaNodeId":\(original["areaNodeId"] as? Int ?? 0),"leadDepartmentId":\(original["leadDepartmentId"] as? Int ?? 0)}
                """)
            #expect(copy.status == .created, "\(copy.json)")
            let copyID = try #require(copy.json["id"].int)
            let overlaps = try await api.call(.get, "/api/v1/rules/review", token: admin).json["overlaps"].array
            let pair = try #require(overlaps.first { Set($0["ruleIds"].array.compactMap(\.int)) == [rule, copyID] })
            #expect(pair["relation"].string == "sameArea" && pair["winnerId"].int == rule && pair["shadowed"].bool == true)
            #expect(overlaps.contains { $0["relation"].string == "nested" }, "the demo's city-wide and district rules nest")

            // The auditor reads it too; a duty officer may not.
            let city = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=city", token: admin).json[0]["id"].int)
            let made = try await api.call(.post, "/api/v1/users", token: admin, json: """
                {"username":"rule.auditor","displayName":"规则审计员","password":"\(Self.password)","assignments":[{"role":"auditor","nodeId":\(city)}]}
                """)
            #expect(made.status == .created, "\(made.json)")
            let auditor = try await api.login("rule.auditor", password: Self.password)
            #expect(try await api.call(.get, "/api/v1/rules/review", token: auditor).json["rules"].array.count == ruleCount + 1)
            #expect(try await api.call(.get, "/api/v1/rules/review", token: try await api.login("duty")).status == .forbidden)
        }
    }
}
