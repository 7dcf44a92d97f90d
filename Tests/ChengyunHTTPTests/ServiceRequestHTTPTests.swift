import ChengyunCore
import ChengyunServices
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@Suite("一网通办：居民线上申请（可请居委代办）、窗口受理、全市通办凭身份证、代办须有委托、按版本受理转办办结退回、计数 over HTTP")
struct ServiceRequestHTTPTests {
    static let committee = "990001001001"
    static let otherCommittee = "990001002001"

    @Test("核验过的居民申请并请居委代办（重试同一件），社工受理、转办、办结（旧版本被拒、结果必填）；另一街道的站点凭身份证全市通办、代办要委托方式、最低生活保障不通办；各方可见范围；计数；坏输入有代码")
    func serviceRequests() async throws {
        let city = try await TestCity()
        try await city.test { api in
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }
            let committee = try #require(try await city.store.node(code: Self.committee))
            let worker = try await api.login("cw.\(Self.committee)"), elsewhere = try await api.login("cw.\(Self.otherCommittee)")
            let first = try await api.login("jm.\(Self.committee).1"), second = try await api.login("jm.\(Self.committee).2")

            let street = try #require(try await city.store.node(code: "990001001"))
            let leader = try await api.login("leader")
            let countsPath = "/api/v1/service-requests/counts?nodeId=\(street.id)"
            let before = try await api.call(.get, countsPath, token: leader).json
            let items = try await api.call(.get, "/api/v1/service-items", token: first)
            #expect(items.status == .ok && items.json.array.count == ServiceItem.catalogue.count)
            #expect(items.json.array.first { $0["code"].string == "minimumLiving" }?["anywhere"].bool == false)

            // A verified resident files for themselves and asks the committee to handle it (代办, authorised online); a retry is the same request.
            let body = #"{"itemCode":"elderlyAllowance","onBehalf":true,"detail":"腿脚不便，请居委代办","clientKey":"svc-key-0001"}"#
            let filed = try await api.call(.post, "/api/v1/service-requests", token: first, json: body)
            #expect(filed.status == .created && filed.json["request"]["state"].string == "submitted" && filed.json["request"]["authorisation"].string == "online", "\(filed.json)")
            #expect(filed.json["request"]["number"].string?.hasPrefix("YW") == true && filed.json["itemName"].string == "老年综合津贴申领")
            #expect(filed.json["steps"].array.map { $0["action"].string } == ["file"])
            let id = try #require(filed.json["request"]["id"].int)
            #expect(try await api.call(.post, "/api/v1/service-requests", token: first, json: body).json["request"]["id"].int == id)
            #expect(code(try await api.call(.post, "/api/v1/service-requests", token: try await api.login("resident1"), json: body)).1 == "service_request.not_verified")

            // Another resident does not see it; its resident does, with its steps.
            #expect(try await api.call(.get, "/api/v1/service-requests/\(id)", token: second).status == .notFound)
            #expect(try await api.call(.get, "/api/v1/service-requests/mine", token: first).json.array.first?["request"]["id"].int == id)

            // The committee's worker takes it, forwards it, and closes it with the decision; a stale version and a step out of turn are refused.
            let listed = try await api.call(.get, "/api/v1/service-requests?nodeId=\(committee.id)&state=submitted", token: worker)
            #expect(listed.json["requests"].array.contains { $0["request"]["id"].int == id && $0["residentName"].string?.contains("*") == true }, "\(listed.json)")
            let steps = "/api/v1/service-requests/\(id)/steps"
            let accepted = try await api.call(.post, steps, token: worker, json: #"{"action":"accept","version":1}"#)
            #expect(accepted.status == .ok && accepted.json["request"]["state"].string == "accepted" && accepted.json["request"]["version"].int == 2, "\(accepted.json)")
            #expect(code(try await api.call(.post, steps, token: worker, json: #"{"action":"forward","version":1}"#)) == (.conflict, "service_request.changed", "version"))
            #expect(code(try await api.call(.post, steps, token: worker, json: #"{"action":"accept","version":2}"#)).1 == "service_request.state")
            #expect(try await api.call(.post, steps, token: worker, json: #"{"action":"forward","note":"已转街道社区事务受理服务中心","version":2}"#).status == .ok)
            #expect(code(try await api.call(.post, steps, token: worker, json: #"{"action":"complete","version":3}"#)) == (.badRequest, "service_request.note_required", "note"))
            #expect(try await api.call(.post, steps, token: first, json: #"{"action":"complete","note":"x","version":3}"#).status == .notFound, "a resident takes no steps")
            let done = try await api.call(.post, steps, token: worker, json: #"{"action":"complete","note":"已核准，次月起发放","version":3}"#)
            #expect(done.json["request"]["state"].string == "done" && done.json["request"]["outcome"].string == "已核准，次月起发放")
            #expect(try await api.call(.get, "/api/v1/service-requests/mine", token: first).json.array.first?["steps"].array.count == 4)

            // 全市通办: another street's station files for this committee's resident who shows their ID card, on their behalf with their authorisation.
            let residents = try await city.store.residents(under: committee.path, kind: nil, tag: nil, after: nil, limit: 100)
            let person = try #require(residents.first { $0.movedOutOn == nil && $0.idNumber != nil })
            let number = try #require(person.idNumber)
            func file(_ token: String, _ json: String) async throws -> Reply { try await api.call(.post, "/api/v1/service-requests", token: token, json: json) }
            #expect(code(try await file(elsewhere, #"{"itemCode":"minimumLiving","idNumber":"\#(number)","clientKey":"svc-key-0002"}"#))
                    == (.unprocessableContent, "service_request.not_anywhere", "itemCode"))
            #expect(code(try await file(elsewhere, #"{"itemCode":"seniorCard","idNumber":"\#(number)","onBehalf":true,"clientKey":"svc-key-0003"}"#))
                    == (.badRequest, "service_request.authorisation", "authorisation"))
            let away = try await file(elsewhere, #"{"itemCode":"seniorCard","idNumber":"\#(number)","onBehalf":true,"authorisation":"guardian","clientKey":"svc-key-0004"}"#)
            #expect(away.status == .created && away.json["request"]["state"].string == "accepted" && away.json["request"]["nodeId"].int == Int(committee.id.rawValue), "\(away.json)")
            #expect(away.json["filedAtName"].string == (try await city.store.node(code: Self.otherCommittee))?.name && away.json["residentName"].string == Masking.name(person.name))
            let awayID = try #require(away.json["request"]["id"].int)
            #expect(code(try await file(elsewhere, #"{"itemCode":"seniorCard","residentId":\#(person.id),"clientKey":"svc-key-0005"}"#))
                    == (.unprocessableContent, "service_request.resident", "residentId"), "by id only within one's own area")
            let mistyped = String(number.dropLast()) + (number.last == "1" ? "2" : "1")
            #expect(code(try await file(elsewhere, #"{"itemCode":"seniorCard","idNumber":"\#(mistyped)","clientKey":"svc-key-0006"}"#)).1 == "resident.invalid_id_number")
            // Both committees see it: where the resident lives and where it was filed.
            #expect(try await api.call(.get, "/api/v1/service-requests/\(awayID)", token: worker).status == .ok)
            #expect(try await api.call(.get, "/api/v1/service-requests?nodeId=\(try #require(try await city.store.node(code: Self.otherCommittee)).id)", token: elsewhere)
                .json["requests"].array.contains { $0["request"]["id"].int == awayID })
            // A station files at a committee; the worker's own committee's resident by id.
            let local = try await file(worker, #"{"itemCode":"pensionCertification","residentId":\#(person.id),"clientKey":"svc-key-0007"}"#)
            #expect(local.status == .created && local.json["request"]["onBehalf"].bool == false && local.json["request"]["authorisation"].isNull)

            // The counts of the resident's area, counted where the resident lives.
            let counts = try await api.call(.get, countsPath, token: leader).json
            func more(_ path: (JSON) -> JSON) -> Int { (path(counts).int ?? 0) - (path(before).int ?? 0) }
            #expect(more { $0["byState"]["done"] } == 1 && more { $0["byState"]["accepted"] } == 2 && more { $0["onBehalf"] } == 2 && more { $0["total"] } == 3, "\(counts)")
            #expect(more { $0["byItem"]["seniorCard"] } == 1)

            // Bad input.
            #expect(code(try await file(worker, #"{"itemCode":"nope","residentId":\#(person.id),"clientKey":"svc-key-0008"}"#)) == (.badRequest, "service_request.item", "itemCode"))
            #expect(code(try await file(worker, #"{"itemCode":"seniorCard","residentId":\#(person.id),"clientKey":"short"}"#)).1 == "service_request.client_key")
            #expect(code(try await api.call(.get, "/api/v1/service-requests?cursor=abc", token: worker)).1 == "service_request.cursor")
            #expect(code(try await file(try await api.login("admin"), #"{"itemCode":"seniorCard","nodeId":\#(street.id),"idNumber":"\#(number)","clientKey":"svc-key-0009"}"#))
                    == (.unprocessableContent, "service_request.level", "nodeId"))
        }
    }

    @Test("好差评：办结前不能评、只有本人能评、差评须写原因、同样再发一次还是那一条、评过不能改；社工回访整改一次（差评待整改列表与计数随之变化）；留痕")
    func ratings() async throws {
        let city = try await TestCity()
        try await city.test { api in
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }
            let committee = try #require(try await city.store.node(code: Self.committee))
            let worker = try await api.login("cw.\(Self.committee)"), elsewhere = try await api.login("cw.\(Self.otherCommittee)")
            let first = try await api.login("jm.\(Self.committee).1"), second = try await api.login("jm.\(Self.committee).2")
            let countsPath = "/api/v1/service-requests/counts?nodeId=\(committee.id)"
            let before = try await api.call(.get, countsPath, token: worker).json
            let filed = try await api.call(.post, "/api/v1/service-requests", token: first, json: #"{"itemCode":"flexibleEmployment","clientKey":"rate-key-0001"}"#)
            let id = try #require(filed.json["request"]["id"].int)
            let rating = "/api/v1/service-requests/\(id)/rating", answer = "/api/v1/service-requests/\(id)/rectification"
            #expect(code(try await api.call(.post, rating, token: first, json: #"{"score":5,"version":1}"#)) == (.conflict, "service_request.not_closed", nil))
            let steps = "/api/v1/service-requests/\(id)/steps"
            #expect(try await api.call(.post, steps, token: worker, json: #"{"action":"accept","version":1}"#).status == .ok)
            #expect(try await api.call(.post, steps, token: worker, json: #"{"action":"complete","note":"已登记","version":2}"#).status == .ok)

            // Only the resident whose request it is rates it; a score is 1 … 5; a bad one says why.
            #expect(try await api.call(.post, rating, token: second, json: #"{"score":5,"version":3}"#).status == .notFound, "another resident does not see it")
            #expect(code(try await api.call(.post, rating, token: worker, json: #"{"score":5,"version":3}"#)) == (.forbidden, "service_request.not_yours", nil))
            #expect(code(try await api.call(.post, rating, token: first, json: #"{"score":6,"version":3}"#)) == (.badRequest, "service_request.score", "score"))
            #expect(code(try await api.call(.post, rating, token: first, json: #"{"score":2,"comment":"  ","version":3}"#))
                    == (.badRequest, "service_request.comment_required", "comment"))
            #expect(code(try await api.call(.post, rating, token: first, json: #"{"score":2,"comment":"多跑了一趟","version":2}"#)) == (.conflict, "service_request.changed", "version"))
            let bad = #"{"score":2,"comment":"材料清单说了两次才清楚，多跑了一趟","version":3}"#
            let rated = try await api.call(.post, rating, token: first, json: bad)
            #expect(rated.status == .ok && rated.json["request"]["rating"]["score"].int == 2 && rated.json["request"]["rating"]["rectifyBy"].string != nil, "\(rated.json)")
            #expect(rated.json["request"]["state"].string == "done" && rated.json["steps"].array.last?["action"].string == "rate")
            #expect(try await api.call(.post, rating, token: first, json: bad).json["request"]["version"].int == 4, "sent again the same: the same answer")
            #expect(code(try await api.call(.post, rating, token: first, json: #"{"score":5,"version":4}"#)) == (.conflict, "service_request.rated", nil))

            // 差评待整改: listed and counted until the station answers it, once (the demo city has its own).
            let pending = "/api/v1/service-requests?nodeId=\(committee.id)&badOpen=true"
            func waiting() async throws -> [Int?] { try await api.call(.get, pending, token: worker).json["requests"].array.map { $0["request"]["id"].int } }
            #expect(try await waiting().contains(id))
            #expect(try await waiting().allSatisfy { $0 != nil }, "only bad ratings not answered")
            var counts = try await api.call(.get, countsPath, token: worker).json
            func more(_ path: (JSON) -> JSON) -> Int { (path(counts).int ?? 0) - (path(before).int ?? 0) }
            #expect(more { $0["rated"] } == 1 && more { $0["byScore"]["2"] } == 1 && more { $0["bad"] } == 1 && more { $0["badOpen"] } == 1, "\(counts)")
            #expect(counts["badOpen"].int == (try await waiting().count), "the list is the count")
            #expect(try await api.call(.post, answer, token: first, json: #"{"note":"x","version":4}"#).status == .notFound, "a resident does not answer")
            #expect(try await api.call(.post, answer, token: elsewhere, json: #"{"note":"x","version":4}"#).status == .notFound, "another committee does not see it")
            #expect(code(try await api.call(.post, answer, token: worker, json: #"{"note":" ","version":4}"#)) == (.badRequest, "service_request.note_required", "note"))
            let note = #"{"note":"已上门致歉；材料清单改为一次性书面告知","version":4}"#
            let answered = try await api.call(.post, answer, token: worker, json: note)
            #expect(answered.status == .ok && answered.json["request"]["rating"]["rectification"].string == "已上门致歉；材料清单改为一次性书面告知", "\(answered.json)")
            #expect(try await api.call(.post, answer, token: worker, json: note).json["request"]["version"].int == 5, "sent again: the same answer")
            #expect(code(try await api.call(.post, answer, token: worker, json: #"{"note":"另一说法","version":5}"#)) == (.conflict, "service_request.not_bad", nil))
            #expect(try await waiting().contains(id) == false)
            counts = try await api.call(.get, countsPath, token: worker).json
            #expect(more { $0["bad"] } == 1 && more { $0["badOpen"] } == 0)
            // The resident sees the answer; both are on the audit trail.
            let mine = try await api.call(.get, "/api/v1/service-requests/mine", token: first).json.array.first { $0["request"]["id"].int == id }
            #expect(mine?["request"]["rating"]["rectification"].string != nil && mine?["steps"].array.map { $0["action"].string } == ["file", "accept", "complete", "rate", "rectify"])
            let trail = try await city.store.audit(AuditQuery(actionPrefix: "service_request.r", limit: 10)).filter { $0.target == "service_request:\(id)" }
            #expect(Set(trail.map(\.action)) == ["service_request.rate", "service_request.rectify"])
        }
    }

    @Test("街道社区事务受理服务中心：看到本街道站点转来的待办，办结或退回（其他步骤不行），别的街道的中心看不到；社工不是中心")
    func serviceCentre() async throws {
        let city = try await TestCity()
        try await city.test { api in
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }
            let committee = try #require(try await city.store.node(code: Self.committee))
            let worker = try await api.login("cw.\(Self.committee)")
            let centre = try await api.login("sq.s1"), otherCentre = try await api.login("sq.s2")
            let person = try #require(try await city.store.residents(under: committee.path, kind: nil, tag: nil, after: nil, limit: 5).first { $0.movedOutOn == nil })
            let filed = try await api.call(.post, "/api/v1/service-requests", token: worker,
                                           json: #"{"itemCode":"careAssessment","residentId":\#(person.id),"clientKey":"centre-key-01"}"#)
            let id = try #require(filed.json["request"]["id"].int)
            let steps = "/api/v1/service-requests/\(id)/steps"
            #expect(code(try await api.call(.post, steps, token: centre, json: #"{"action":"complete","note":"x","version":1}"#)) == (.forbidden, "service_request.centre_steps", "action"),
                    "not forwarded yet: the station's")
            #expect(try await api.call(.post, steps, token: worker, json: #"{"action":"forward","note":"已转街道社区事务受理服务中心","version":1}"#).status == .ok)

            func waiting(_ token: String) async throws -> [Int?] {
                try await api.call(.get, "/api/v1/service-requests/centre?limit=200", token: token).json["requests"].array.map { $0["request"]["id"].int }
            }
            #expect(try await waiting(centre).contains(id))
            #expect(try await waiting(otherCentre).contains(id) == false, "another street's centre")
            #expect(try await api.call(.get, "/api/v1/service-requests/\(id)", token: otherCentre).status == .notFound)
            #expect(code(try await api.call(.get, "/api/v1/service-requests/centre", token: worker)) == (.forbidden, "service_request.not_centre", nil))
            #expect(try await api.call(.get, "/api/v1/service-requests/\(id)", token: centre).json["request"]["state"].string == "forwarded")
            #expect(code(try await api.call(.post, steps, token: centre, json: #"{"action":"accept","version":2}"#)).1 == "service_request.centre_steps")
            #expect(code(try await api.call(.post, steps, token: centre, json: #"{"action":"complete","version":2}"#)).1 == "service_request.note_required")
            #expect(try await api.call(.post, steps, token: otherCentre, json: #"{"action":"complete","note":"x","version":2}"#).status == .notFound)
            let done = try await api.call(.post, steps, token: centre, json: #"{"action":"complete","note":"评估已安排，照护等级二级","version":2}"#)
            #expect(done.status == .ok && done.json["request"]["state"].string == "done" && done.json["steps"].array.last?["by"].string == "sq.s1", "\(done.json)")
            #expect(try await waiting(centre).contains(id) == false, "decided: off the centre's list")
            #expect(try await api.call(.get, "/api/v1/service-requests/\(id)", token: worker).json["request"]["outcome"].string == "评估已安排，照护等级二级")
        }
    }

    @Test("街道受理中心不承办案件：案件的部门选择里没有它，派遣、约请和派遣规则都以 department.not_for_cases 拒绝")
    func centreTakesNoCases() async throws {
        let city = try await TestCity()
        try await city.test { api in
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }
            let duty = try await api.login("duty.s1"), admin = try await api.login("admin"), chief = try await api.login("chief.\(Self.committee)")
            // The centre of the street the case lies in (duty.s1's), as its staff member sq.s1 is posted to it.
            let me = try await api.call(.get, "/api/v1/me", token: try await api.login("sq.s1")).json
            let centreID = try #require(me["assignments"].array.compactMap { $0["departmentId"].int }.first, "\(me)")
            let centre = try #require(try await api.departments(token: admin).first { $0["id"].int == centreID })
            #expect(centre["kind"].string == "shequshiwu")
            let id = try #require(try await api.report(try await api.login("resident1"))["id"].int)
            #expect(try await api.act(id, "accept", token: duty).status == .ok)
            let choices = try await api.call(.get, "/api/v1/cases/\(id)", token: duty).json["departmentChoices"].array.compactMap { $0["id"].int }
            #expect(!choices.isEmpty && !choices.contains(centreID), "the street's centre is no choice: \(choices)")
            #expect(code(try await api.act(id, "dispatch", token: duty, json: #"{"lead":\#(centreID)}"#)) == (.unprocessableContent, "department.not_for_cases", "lead"))
            #expect(code(try await api.act(id, "callIn", token: chief, json: #"{"departments":[\#(centreID)],"reason":"试约请受理中心","hours":24}"#)).1 == "department.not_for_cases")
            let rule = try await api.call(.post, "/api/v1/rules", token: admin, json: #"{"name":"受理中心不可","categoryId":"event:0110","areaNodeId":\#(try #require(centre["nodeId"].int)),"leadDepartmentId":\#(centreID)}"#)
            #expect(code(rule) == (.unprocessableContent, "department.not_for_cases", "leadDepartmentId"), "\(rule.json)")
            let power = try await api.call(.put, "/api/v1/handling-powers", token: admin, json: #"[{"departmentId":\#(centreID),"categoryId":"event:0110"}]"#)
            #expect(code(power).1 == "department.not_for_cases", "\(power.json)")
            // A rule saved before centres were refused (written straight to the store) is passed over: cases are still
            // accepted, and dispatched by the rules that remain.
            let streetID = NodeID(Int64(try #require(centre["nodeId"].int)))
            let street = try #require(try await city.store.nodes([streetID])[streetID])
            _ = try await city.store.createRule(DispatchRule(id: RuleID(0), name: "旧规则：受理中心", categoryID: "event:0110", areaNodeID: street.id, areaPath: street.path,
                                                             leadDepartmentID: DepartmentID(Int64(centreID))))
            try await city.platform.reload()
            let later = try #require(try await api.report(try await api.login("resident1"))["id"].int)
            let taken = try await api.act(later, "accept", token: duty)
            #expect(taken.status == .ok && taken.json["case"]["leadDepartmentId"].int != centreID, "\(taken.json)")
        }
    }

    @Test("差评逾期未整改上报街道：过了整改期限仍未回复的差评计入 badOverdue，并列在本街道受理中心的 raised 列表里（别的街道看不到）；回复后两处都消失")
    func badRatingPastItsDayIsRaised() async throws {
        let clock = ManualWallClock(Date())
        let city = try await TestCity(clock: clock)
        try await city.test { api in
            let committee = try #require(try await city.store.node(code: Self.committee))
            let countsPath = "/api/v1/service-requests/counts?nodeId=\(committee.id)"
            var worker = try await api.login("cw.\(Self.committee)")
            let resident = try await api.login("jm.\(Self.committee).1")
            let filed = try await api.call(.post, "/api/v1/service-requests", token: resident, json: #"{"itemCode":"flexibleEmployment","clientKey":"late-key-0001"}"#)
            let id = try #require(filed.json["request"]["id"].int, "\(filed.json)")
            let steps = "/api/v1/service-requests/\(id)/steps"
            #expect(try await api.call(.post, steps, token: worker, json: #"{"action":"accept","version":1}"#).status == .ok)
            #expect(try await api.call(.post, steps, token: worker, json: #"{"action":"complete","note":"已登记","version":2}"#).status == .ok)
            let rated = try await api.call(.post, "/api/v1/service-requests/\(id)/rating", token: resident, json: #"{"score":1,"comment":"三次都没办成","version":3}"#)
            #expect(rated.status == .ok, "\(rated.json)")
            func raised(_ token: String) async throws -> [Int?] {
                try await api.call(.get, "/api/v1/service-requests/centre?raised=true&limit=200", token: token).json["requests"].array.map { $0["request"]["id"].int }
            }
            let lateBefore = try await api.call(.get, countsPath, token: worker).json["badOverdue"].int ?? 0
            #expect(try await raised(try await api.login("sq.s1")).contains(id) == false, "within its day")

            // Five weeks on (fifteen working days and any holidays): past its day, raised to the street's centre.
            clock.advance(hours: 24 * 35)
            worker = try await api.login("cw.\(Self.committee)")
            let centre = try await api.login("sq.s1"), otherCentre = try await api.login("sq.s2")
            #expect(try await api.call(.get, countsPath, token: worker).json["badOverdue"].int ?? 0 > lateBefore, "counted past its day")
            #expect(try await raised(centre).contains(id))
            #expect(try await raised(otherCentre).contains(id) == false, "another street's centre")
            #expect(try await api.call(.get, "/api/v1/service-requests/centre?raised=true", token: worker).status == .forbidden, "a worker is not the centre")

            // Answered late, it leaves both.
            let late = try await api.call(.get, countsPath, token: worker).json["badOverdue"].int ?? 0
            let answered = try await api.call(.post, "/api/v1/service-requests/\(id)/rectification", token: worker, json: #"{"note":"已上门致歉并办结","version":4}"#)
            #expect(answered.status == .ok, "\(answered.json)")
            #expect(try await raised(centre).contains(id) == false)
            #expect(try await api.call(.get, countsPath, token: worker).json["badOverdue"].int == late - 1)
        }
    }

    @Test("申请材料：本人和站点社工在办理中上传（类型须与内容相符），材料随申请列出；看得见申请的人才能读取且每次读取留痕；领导只读不传；别的申请的材料、办结后的上传被拒")
    func materials() async throws {
        let city = try await TestCity()
        try await city.test { api in
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?) { (reply.status, reply.json["error"]["code"].string) }
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 1, count: 800)
            let pdf: [UInt8] = Array("%PDF-1.4 ".utf8) + Array(repeating: 2, count: 600)
            let worker = try await api.login("cw.\(Self.committee)"), leader = try await api.login("leader")
            let first = try await api.login("jm.\(Self.committee).1"), second = try await api.login("jm.\(Self.committee).2")
            func file(_ key: String) async throws -> Int {
                let filed = try await api.call(.post, "/api/v1/service-requests", token: first, json: #"{"itemCode":"unemploymentRegistration","clientKey":"\#(key)"}"#)
                return try #require(filed.json["request"]["id"].int, "\(filed.json)")
            }
            let id = try await file("doc-key-0001"), otherID = try await file("doc-key-0002")
            func upload(_ request: Int, _ token: String, _ bytes: [UInt8], _ type: String, _ name: String) async throws -> Reply {
                try await api.call(.post, "/api/v1/service-requests/\(request)/documents?fileName=\(name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)",
                                   token: token, body: bytes, contentType: type)
            }

            // The resident files the scan of their ID card, the worker the 退工证明; a page that is not what it says is refused.
            let card = try await upload(id, first, png, "image/png", "身份证.png")
            #expect(card.status == .created && card.json["subject"].string == "serviceRequest" && card.json["subjectId"].int == id, "\(card.json)")
            #expect(card.json["byteCount"].int == png.count && card.json["fileName"].string == "身份证.png")
            let letter = try await upload(id, worker, pdf, "application/pdf", "退工证明.pdf")
            #expect(letter.status == .created, "\(letter.json)")
            #expect(code(try await upload(id, worker, Array("<html>".utf8) + png, "image/png", "x.png")) == (.unsupportedMediaType, "attachment.type_mismatch"))
            #expect(code(try await upload(id, second, png, "image/png", "x.png")).0 == .notFound, "another resident does not see it")
            #expect(code(try await upload(id, leader, png, "image/png", "x.png")) == (.forbidden, "service_request.not_yours_to_file"), "a leader reads, files nothing")
            let other = try await upload(otherID, first, png, "image/png", "户口簿.png")
            #expect(other.status == .created)

            // Listed with the request, in the order filed, for the list and for the one.
            let one = try await api.call(.get, "/api/v1/service-requests/\(id)", token: worker)
            #expect(one.json["documents"].array.map { $0["fileName"].string } == ["身份证.png", "退工证明.pdf"], "\(one.json)")
            #expect(one.json["documents"].array.map { $0["uploadedByName"].string }.allSatisfy { $0 != nil && $0 != "" })
            let listed = try await api.call(.get, "/api/v1/service-requests?limit=50", token: worker)
            #expect(listed.json["requests"].array.first { $0["request"]["id"].int == id }?["documents"].array.count == 2)
            #expect(try await api.call(.get, "/api/v1/service-requests/mine", token: first).json.array.first { $0["request"]["id"].int == id }?["documents"].array.count == 2)

            // Read back by those who see the request — every read on the audit trail; never through another request's path.
            let cardID = try #require(card.json["id"].int), letterID = try #require(letter.json["id"].int)
            let image = try await api.call(.get, "/api/v1/service-requests/\(id)/documents/\(cardID)", token: worker)
            #expect(image.status == .ok && image.headers[.contentType] == "image/png" && Array(buffer: image.body) == png)
            #expect(image.headers[.init("X-Content-Type-Options")!] == "nosniff" && image.headers[.contentDisposition]?.hasPrefix("inline") == true)
            let download = try await api.call(.get, "/api/v1/service-requests/\(id)/documents/\(letterID)", token: leader)
            #expect(download.status == .ok && download.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            #expect(try await api.call(.get, "/api/v1/service-requests/\(id)/documents/\(cardID)", token: second).status == .notFound)
            #expect(code(try await api.call(.get, "/api/v1/service-requests/\(otherID)/documents/\(cardID)", token: first)) == (.notFound, "document.not_found"))
            let trail = try await city.store.audit(AuditQuery(actionPrefix: "service_request.document", limit: 20)).filter { $0.target == "service_request:\(id)" }
            #expect(trail.filter { $0.action == "service_request.document.read" }.count == 2 && trail.filter { $0.action == "service_request.document" }.count == 2)

            // Closed, it takes no more.
            let steps = "/api/v1/service-requests/\(id)/steps"
            #expect(try await api.call(.post, steps, token: worker, json: #"{"action":"return","note":"材料不全","version":1}"#).status == .ok)
            #expect(code(try await upload(id, first, png, "image/png", "补交.png")) == (.conflict, "document.closed"))
        }
    }

    @Test("扫码评价：站点给办结的申请生成一次性评价码（居民、领导生成不了）；持码人不登录就能看到事项和站点（没有个人信息）并评价一次（差评要写原因、同样再发一次还是那一条）；新码让旧码失效、过期的码无效、评过的不再生成；计数随之变化")
    func ratingByCode() async throws {
        let clock = ManualWallClock(Date())
        let city = try await TestCity(clock: clock)
        try await city.test { api in
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?) { (reply.status, reply.json["error"]["code"].string) }
            let committee = try #require(try await city.store.node(code: Self.committee))
            let worker = try await api.login("cw.\(Self.committee)"), resident = try await api.login("jm.\(Self.committee).1")
            func closed(_ key: String) async throws -> Int {
                let filed = try await api.call(.post, "/api/v1/service-requests", token: resident, json: #"{"itemCode":"pensionCertification","clientKey":"\#(key)"}"#)
                let id = try #require(filed.json["request"]["id"].int, "\(filed.json)")
                #expect(try await api.call(.post, "/api/v1/service-requests/\(id)/steps", token: worker, json: #"{"action":"accept","version":1}"#).status == .ok)
                #expect(try await api.call(.post, "/api/v1/service-requests/\(id)/steps", token: worker, json: #"{"action":"complete","note":"已认证","version":2}"#).status == .ok)
                return id
            }
            let id = try await closed("code-key-0001")
            let makePath = "/api/v1/service-requests/\(id)/rating-code"
            #expect(try await api.call(.post, makePath, token: resident).status == .notFound, "a resident makes no code")
            #expect(try await api.call(.post, makePath, token: try await api.login("leader")).status == .notFound, "nor a leader")
            let first = try await api.call(.post, makePath, token: worker)
            #expect(first.status == .created && first.json["code"].string?.count == ServiceRatingCode.length, "\(first.json)")
            let made = try await api.call(.post, makePath, token: worker)
            let ratingCode = try #require(made.json["code"].string)
            #expect(code(try await api.call(.get, "/api/v1/service-ratings/\(try #require(first.json["code"].string))")) == (.notFound, "service_request.rating_code"),
                    "a new code replaces the last")

            // Whoever holds the code, signed in or not: what it is for, no person.
            let path = "/api/v1/service-ratings/\(ratingCode)"
            let invite = try await api.call(.get, path)
            #expect(invite.status == .ok && invite.json["itemName"].string == "养老金领取资格认证" && invite.json["stationName"].string == committee.name, "\(invite.json)")
            #expect(invite.json["rated"].bool == false && invite.json["residentName"].string == nil && invite.json["number"].string == nil)
            #expect(try await api.call(.get, "/api/v1/service-ratings/\(ratingCode.lowercased().prefix(5))-\(ratingCode.lowercased().dropFirst(5))").status == .ok,
                    "typed in lower case with a dash")
            let before = try await api.call(.get, "/api/v1/service-requests/counts?nodeId=\(committee.id)", token: worker).json["rated"].int ?? 0
            #expect(code(try await api.call(.post, path, token: worker, json: #"{"score":5}"#)) == (.forbidden, "service_request.staff_rating"),
                    "the station does not rate itself")
            #expect(code(try await api.call(.post, path, json: #"{"score":2}"#)) == (.badRequest, "service_request.comment_required"))
            let rated = try await api.call(.post, path, json: #"{"score":2,"comment":"排队太久"}"#)
            #expect(rated.status == .ok && rated.json["rated"].bool == true && rated.json["score"].int == 2, "\(rated.json)")
            #expect(try await api.call(.post, path, json: #"{"score":2,"comment":"排队太久"}"#).status == .ok, "sent again: the same answer")
            #expect(code(try await api.call(.post, path, json: #"{"score":5}"#)) == (.conflict, "service_request.rated"))
            let seen = try await api.call(.get, "/api/v1/service-requests/\(id)", token: worker).json
            #expect(seen["request"]["rating"]["score"].int == 2 && seen["request"]["rating"]["rectifyBy"].string != nil, "a bad one is due an answer")
            #expect(seen["steps"].array.last?["by"].string == "居民（扫码评价）")
            let trail = try await city.store.audit(AuditQuery(actionPrefix: "service_request.rate", limit: 10)).filter { $0.target == "service_request:\(id)" }
            #expect(trail.count == 1 && trail[0].detail?.contains("by rating code from") == true, "\(trail)")
            #expect(try await api.call(.get, "/api/v1/service-requests/counts?nodeId=\(committee.id)", token: worker).json["rated"].int == before + 1)
            #expect(code(try await api.call(.post, makePath, token: worker)) == (.conflict, "service_request.rated"), "rated: no new code")

            // Not for an open request; a code lasts a week; nonsense is refused the same way.
            let open = try await api.call(.post, "/api/v1/service-requests", token: resident, json: #"{"itemCode":"seniorCard","clientKey":"code-key-0002"}"#)
            #expect(code(try await api.call(.post, "/api/v1/service-requests/\(try #require(open.json["request"]["id"].int))/rating-code", token: worker))
                    == (.conflict, "service_request.not_closed"))
            let later = try await closed("code-key-0003")
            let week = try #require(try await api.call(.post, "/api/v1/service-requests/\(later)/rating-code", token: worker).json["code"].string)
            clock.advance(hours: 24 * 8)
            #expect(code(try await api.call(.get, "/api/v1/service-ratings/\(week)")) == (.notFound, "service_request.rating_code"), "expired")
            #expect(code(try await api.call(.get, "/api/v1/service-ratings/not-a-code")) == (.notFound, "service_request.rating_code"))
        }
    }
}
