import ChengyunCore
import ChengyunServices
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@Suite("吹哨人：任何人可匿名举报并凭回执码跟进、医务人员紧急越级到市、只有指定受理人看举报与举报人（每次留痕）、核查转案件、留言、奖励、指定受理人 over HTTP")
struct WhistleblowingHTTPTests {
    @Test("匿名与实名举报、重试换新回执码；越级送市；受理人按区看、别人看不到；查看举报人留痕且使用痕迹里没有举报人；核查、属实转案件（无举报人）、未查实；留言双向；奖励一次；回执码猜错限次；坏输入有代码")
    func reportFollowAndHandle() async throws {
        let city = try await TestCity()
        try await city.test { api in
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }
            let street = try #require(try await city.store.node(code: "990001001"))
            let areas = try await api.call(.get, "/api/v1/whistleblower-reports/areas")
            #expect(areas.status == .ok && areas.json.array.contains { $0["id"].int == Int(street.id.rawValue) && $0["district"].string?.isEmpty == false }, "\(areas.json)")
            func body(_ kind: String = "flyingWireCharging", anonymous: Bool = true, role: String = "citizen", urgent: Bool = false, key: String, extra: String = "") -> String {
                #"{"kind":"\#(kind)","description":"楼道里有人从窗口拉电线给电动车充电，电线挂在晾衣架上","nodeId":\#(street.id),"address":"长乐路 12 号","#
                    + #""reporterRole":"\#(role)","urgent":\#(urgent),"anonymous":\#(anonymous),"clientKey":"\#(key)"\#(extra)}"#
            }

            // Anyone, no account: a receipt code, shown once; a retry is the same report with a new code.
            let made = try await api.call(.post, "/api/v1/whistleblower-reports", json: body(key: "whistle-key-aaaaaaaaaaaaaaaaaaaaaa-000000001"))
            #expect(made.status == .created && made.json["code"].string?.count == WhistleblowerReport.receiptLength, "\(made.json)")
            #expect(made.json["followUp"]["status"].string == "received" && made.json["followUp"]["reporter"].isNull && made.json["followUp"]["areaName"].string == street.name)
            let lost = try #require(made.json["code"].string)
            let retried = try await api.call(.post, "/api/v1/whistleblower-reports", json: body(key: "whistle-key-aaaaaaaaaaaaaaaaaaaaaa-000000001"))
            #expect(retried.status == .ok && retried.json["code"].string != lost)
            let anonymousCode = try #require(retried.json["code"].string)
            #expect(code(try await api.call(.get, "/api/v1/whistleblower-receipts/\(lost)")) == (.notFound, "whistleblowing.receipt", "code"), "the retry's code replaces the lost one")
            let followed = try await api.call(.get, "/api/v1/whistleblower-receipts/\(anonymousCode.lowercased().prefix(4))-\(anonymousCode.dropFirst(4))")
            #expect(followed.status == .ok && followed.json["anonymous"].bool == true && followed.json["kind"].string == "flyingWireCharging", "typed in lower case with a dash")

            // A resident signed in, with their name; a doctor's urgent report goes past the district to the city.
            let resident = try await api.login("resident1")
            let named = try await api.call(.post, "/api/v1/whistleblower-reports", token: resident,
                                           json: body("threeInOne", anonymous: false, role: "internalInformant", key: "whistle-key-aaaaaaaaaaaaaaaaaaaaaa-000000002", extra: #","name":"王小明","phone":"13800001234","unitName":"某服装作坊""#))
            #expect(named.status == .created, "\(named.json)")
            let namedCode = try #require(named.json["code"].string)
            let doctor = try await api.call(.post, "/api/v1/whistleblower-reports",
                                            json: body("publicHealth", anonymous: false, role: "medicalStaff", urgent: true, key: "whistle-key-aaaaaaaaaaaaaaaaaaaaaa-000000003", extra: #","name":"李医生","phone":"13900005678""#))
            #expect(doctor.status == .created && doctor.json["followUp"]["levelSkipped"].bool == true, "\(doctor.json)")

            // Bad input, each with its code and field.
            #expect(code(try await api.call(.post, "/api/v1/whistleblower-reports", json: body(urgent: true, key: "whistle-key-aaaaaaaaaaaaaaaaaaaaaa-000000004"))) == (.unprocessableContent, "whistleblowing.urgent", "urgent"))
            #expect(code(try await api.call(.post, "/api/v1/whistleblower-reports", json: body(anonymous: false, key: "whistle-key-aaaaaaaaaaaaaaaaaaaaaa-000000005", extra: #","name":"王""#)))
                    == (.badRequest, "whistleblowing.reporter", "name"))
            #expect(code(try await api.call(.post, "/api/v1/whistleblower-reports", json: body(key: "short"))).1 == "whistleblowing.client_key")
            let short = #"{"kind":"other","description":"有隐患","nodeId":\#(street.id),"address":"x","reporterRole":"citizen","anonymous":true,"clientKey":"whistle-key-aaaaaaaaaaaaaaaaaaaaaa-000000006"}"#
            #expect(code(try await api.call(.post, "/api/v1/whistleblower-reports", json: short)) == (.badRequest, "whistleblowing.description", "description"))
            let committee = try #require(try await city.store.node(code: "990001001001"))
            let district = try #require(try await city.store.node(code: "990001"))
            #expect(code(try await api.call(.post, "/api/v1/whistleblower-reports", json: body(key: "whistle-key-aaaaaaaaaaaaaaaaaaaaaa-000000007").replacingOccurrences(of: "\(street.id)", with: "\(district.id)"))).1
                    == "whistleblowing.area", "a district is too coarse to place a report")
            #expect(try await api.call(.post, "/api/v1/whistleblower-reports", json: body(key: "whistle-key-aaaaaaaaaaaaaaaaaaaaaa-000000008").replacingOccurrences(of: "\(street.id)", with: "\(committee.id)")).status
                    == .created, "a committee places it too")

            // The district's designated handler sees its reports, the city's the level-skipped one; nobody else sees any.
            let districtHandler = try await api.login("duty.d1"), cityHandler = try await api.login("duty"), otherDistrict = try await api.login("duty.d2")
            let listed = try await api.call(.get, "/api/v1/whistleblower-reports", token: districtHandler)
            let kinds = listed.json["reports"].array.map { $0["report"]["kind"].string }
            #expect(listed.status == .ok && kinds.contains("threeInOne") && kinds.contains("flyingWireCharging") && !listed.json["reports"].array.contains { $0["report"]["levelSkipped"].bool == true },
                    "\(listed.json)")
            #expect(listed.json["reports"].array.allSatisfy { $0["report"]["reporter"].isNull }, "no reporter in any list")
            let namedID = try #require(listed.json["reports"].array.first { $0["report"]["kind"].string == "threeInOne" && $0["report"]["anonymous"].bool == false }?["report"]["id"].int)
            let anonymousID = try #require(listed.json["reports"].array.last { $0["report"]["anonymous"].bool == true && $0["report"]["kind"].string == "flyingWireCharging" }?["report"]["id"].int)
            #expect(try await api.call(.get, "/api/v1/whistleblower-reports", token: cityHandler).json["reports"].array.contains { $0["report"]["kind"].string == "publicHealth" })
            #expect(code(try await api.call(.get, "/api/v1/whistleblower-reports", token: try await api.login("leader"))) == (.forbidden, "whistleblowing.not_handler", nil))
            #expect(code(try await api.call(.get, "/api/v1/whistleblower-reports/\(namedID)", token: otherDistrict)).1 == "whistleblowing.not_found")
            #expect(code(try await api.call(.get, "/api/v1/whistleblower-reports/\(namedID)", token: cityHandler)).1 == "whistleblowing.not_found", "the city's handler does not see a district's")
            #expect(try await api.call(.get, "/api/v1/whistleblower-reports", token: resident).status == .forbidden)

            // Who reported: to the designated handler alone, each read on the audit trail; an anonymous report has nobody to show.
            let reporterPath = "/api/v1/whistleblower-reports/\(namedID)/reporter"
            let who = try await api.call(.get, reporterPath, token: districtHandler)
            #expect(who.status == .ok && who.json["name"].string == "王小明" && who.json["phone"].string == "13800001234", "\(who.json)")
            #expect(try await api.call(.get, reporterPath, token: try await api.login("admin")).status == .forbidden)
            #expect(code(try await api.call(.get, "/api/v1/whistleblower-reports/\(anonymousID)/reporter", token: districtHandler)) == (.conflict, "whistleblowing.anonymous", nil))
            let trail = try await city.store.audit(AuditQuery(actionPrefix: "whistleblower_report", limit: 100))
            #expect(trail.filter { $0.action == "whistleblower_report.reporter_read" && $0.target == "whistleblower_report:\(namedID)" }.count == 1)
            #expect(trail.filter { $0.action == "whistleblower_report.create" }.allSatisfy { $0.actorID == nil && $0.actor == "举报人" && $0.address == nil })
            #expect(!trail.contains { ($0.detail ?? "").contains("王小明") || ($0.detail ?? "").contains("13800001234") }, "\(trail)")

            // Verify, then confirm into the case loop (the case names no reporter); a stale version and a missing reply are refused.
            let steps = "/api/v1/whistleblower-reports/\(namedID)/steps"
            #expect(try await api.call(.post, steps, token: districtHandler, json: #"{"action":"verify","version":1}"#).json["report"]["status"].string == "verifying")
            #expect(code(try await api.call(.post, steps, token: districtHandler, json: #"{"action":"dismiss","reply":"x","version":1}"#)) == (.conflict, "whistleblowing.version", "version"))
            #expect(code(try await api.call(.post, steps, token: districtHandler, json: #"{"action":"confirm","version":2}"#)) == (.badRequest, "whistleblowing.reply", "reply"))
            let confirmed = try await api.call(.post, steps, token: districtHandler,
                                               json: #"{"action":"confirm","reply":"属实，已责令整改","categoryId":"event:0602","caseDescription":"沿街作坊住人堆物，请整治","recordHazard":true,"severity":"major","version":2}"#)
            #expect(confirmed.status == .ok && confirmed.json["report"]["status"].string == "confirmed" && confirmed.json["caseNumber"].string != nil, "\(confirmed.json)")
            let caseID = try #require(confirmed.json["report"]["caseId"].int)
            let record = try #require(try await city.store.caseRecord(CaseID(Int64(caseID))))
            #expect(!record.description.contains("晾衣架"), "the case says what the handler wrote, not the reporter's words")
            #expect(record.source == .whistleblower && record.reporterID == nil && record.reporterName == nil && record.reporterPhone == nil && record.description.contains("沿街作坊"))
            // The decision and the case and hazard it made are two saves: the version read next is the one answered.
            let version = try #require(confirmed.json["report"]["version"].int)
            #expect(code(try await api.call(.post, steps, token: districtHandler, json: #"{"action":"confirm","reply":"again","version":\#(version)}"#)).1 == "whistleblowing.action")
            // 记入隐患台账: the hazard in the register, from the report, to be rectified, rechecked and closed out.
            let hazardID = try #require(confirmed.json["report"]["hazardId"].int)
            let hazard = try await api.call(.get, "/api/v1/hazards/\(hazardID)", token: districtHandler).json
            #expect(hazard["hazard"]["origin"].string == "whistleblower" && hazard["hazard"]["severity"].string == "major" && hazard["hazard"]["kind"].string == "threeInOne", "\(hazard)")
            #expect(hazard["hazard"]["responsibleUnit"].string == "某服装作坊" && hazard["hazard"]["state"].string == "open" && confirmed.json["hazardNumber"].string == hazard["hazard"]["number"].string)

            // The thread both ways; the reward once, on a confirmed report only; the reporter reads it all by the code.
            #expect(try await api.call(.post, "/api/v1/whistleblower-reports/\(namedID)/messages", token: districtHandler, json: #"{"text":"请问作坊几点有人住？"}"#).status == .created)
            #expect(try await api.call(.post, "/api/v1/whistleblower-receipts/\(namedCode)/messages", json: #"{"text":"晚上十点以后"}"#).status == .created)
            #expect(code(try await api.call(.post, "/api/v1/whistleblower-receipts/\(namedCode)/messages", json: #"{"text":"  "}"#)) == (.badRequest, "whistleblowing.message", "text"))
            let reward = "/api/v1/whistleblower-reports/\(namedID)/reward"
            #expect(code(try await api.call(.post, reward, token: districtHandler, json: #"{"yuan":0,"version":\#(version)}"#)).1 == "whistleblowing.reward_amount")
            #expect(try await api.call(.post, reward, token: districtHandler, json: #"{"yuan":500,"note":"凭回执码领取","version":\#(version)}"#).json["report"]["reward"]["yuan"].int == 500)
            #expect(code(try await api.call(.post, reward, token: districtHandler, json: #"{"yuan":500,"version":\#(version + 1)}"#)) == (.conflict, "whistleblowing.reward", nil))
            let followUp = try await api.call(.get, "/api/v1/whistleblower-receipts/\(namedCode)").json
            #expect(followUp["status"].string == "confirmed" && followUp["reply"].string == "属实，已责令整改" && followUp["reward"]["yuan"].int == 500, "\(followUp)")
            #expect(followUp["caseNumber"].string == record.number && followUp["caseState"].string != nil)
            #expect(followUp["hazardNumber"].string?.hasPrefix("YH") == true && followUp["hazardState"].string == "open")
            #expect(followUp["messages"].array.map { $0["from"].string } == ["handler", "reporter"] && followUp["name"].isNull)

            // Not confirmed: no liability, no reward.
            let anonymousSteps = "/api/v1/whistleblower-reports/\(anonymousID)/steps"
            #expect(try await api.call(.post, anonymousSteps, token: districtHandler, json: #"{"action":"dismiss","reply":"现场未发现飞线充电","version":1}"#).json["report"]["status"].string == "unfounded")
            #expect(code(try await api.call(.post, "/api/v1/whistleblower-reports/\(anonymousID)/reward", token: districtHandler, json: #"{"yuan":100,"version":2}"#)).1 == "whistleblowing.reward")
            #expect(try await api.call(.get, "/api/v1/whistleblower-receipts/\(anonymousCode)").json["status"].string == "unfounded")

            // Guessing codes is stopped per address.
            var last = try await api.call(.get, "/api/v1/whistleblower-receipts/AAAAAAAAAAAA")
            for _ in 0..<40 where last.status != .tooManyRequests { last = try await api.call(.get, "/api/v1/whistleblower-receipts/AAAAAAAAAAAA") }
            #expect(code(last) == (.tooManyRequests, "whistleblowing.too_many", nil) && last.headers[.retryAfter] != nil)
        }
    }

    @Test("指定受理人：管理员看市和各区的受理人与待处理数、改指定后举报随之转给新受理人、只能指定在该区及以上任职的工作人员、按区或市指定、非管理员不能指定")
    func designations() async throws {
        let city = try await TestCity()
        try await city.test { api in
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }
            let admin = try await api.login("admin")
            let district = try #require(try await city.store.node(code: "990001")), street = try #require(try await city.store.node(code: "990001001"))
            let listed = try await api.call(.get, "/api/v1/whistleblower-handlers", token: admin)
            #expect(listed.status == .ok && listed.json.array.map { $0["kind"].string } == ["city", "district", "district"], "\(listed.json)")
            #expect(listed.json.array.allSatisfy { $0["userName"].string != nil }, "the demo designates every one")
            #expect(try await api.call(.get, "/api/v1/whistleblower-handlers", token: try await api.login("auditor")).status == .ok)
            #expect(code(try await api.call(.get, "/api/v1/whistleblower-handlers", token: try await api.login("leader"))).1 == "auth.role_required")

            func userID(_ name: String) async throws -> Int64 { try #require(try await city.store.credentials(username: name)).user.id.rawValue }
            let path = "/api/v1/whistleblower-handlers/\(district.id)"
            #expect(code(try await api.call(.put, path, token: admin, json: #"{"userId":\#(try await userID("duty.s1"))}"#)) == (.unprocessableContent, "whistleblowing.handler", "userId"),
                    "a street's duty officer is below the district")
            #expect(code(try await api.call(.put, path, token: admin, json: #"{"userId":\#(try await userID("resident1"))}"#)).1 == "whistleblowing.handler")
            #expect(code(try await api.call(.put, "/api/v1/whistleblower-handlers/\(street.id)", token: admin, json: #"{"userId":\#(try await userID("leader"))}"#)).1 == "whistleblowing.level")
            #expect(code(try await api.call(.put, path, token: try await api.login("duty.d1"), json: #"{"userId":1}"#)) == (.forbidden, "whistleblowing.not_designator", "nodeId"))
            #expect(code(try await api.call(.put, path, token: admin, json: #"{"userId":\#(try await userID("admin"))}"#)) == (.unprocessableContent, "whistleblowing.self_designation", "userId"),
                    "nobody gives themselves the reporters' names")
            // No system reports as a whistle-blower, and none works the hazard register.
            let city0 = try #require(listed.json.array.first?["nodeId"].int)
            #expect(code(try await api.call(.post, "/api/v1/apikeys", token: admin, json: #"{"name":"x","sources":["whistleblower"],"nodeId":\#(city0)}"#)).1 == "apikey.platform_source")
            let key = try #require(try await api.call(.post, "/api/v1/apikeys", token: admin, json: #"{"name":"12345","sources":["hotline"],"nodeId":\#(city0)}"#).json["key"].string)
            #expect(try await api.call(.get, "/api/v1/hazards", token: key).status == .forbidden)

            // The district's reports move with the designation.
            _ = try await api.call(.post, "/api/v1/whistleblower-reports",
                                   json: #"{"kind":"fireSafety","description":"消防通道被电动车堵死，已经一个月了","nodeId":\#(street.id),"address":"长乐路 3 号","reporterRole":"citizen","anonymous":true,"clientKey":"whistle-key-aaaaaaaaaaaaaaaaaaaaaa-100000001"}"#)
            let moved = try await api.call(.put, path, token: admin, json: #"{"userId":\#(try await userID("leader.d1"))}"#)
            #expect(moved.status == .ok && moved.json.array.first { $0["nodeId"].int == Int(district.id.rawValue) }?["userName"].string?.contains("领导") == true, "\(moved.json)")
            #expect((moved.json.array.first { $0["nodeId"].int == Int(district.id.rawValue) }?["open"].int ?? 0) >= 1)
            #expect(try await api.call(.get, "/api/v1/whistleblower-reports", token: try await api.login("duty.d1")).status == .forbidden, "the old handler sees nothing now")
            let taken = try await api.call(.get, "/api/v1/whistleblower-reports?status=received", token: try await api.login("leader.d1"))
            #expect(taken.json["reports"].array.contains { $0["report"]["kind"].string == "fireSafety" }, "\(taken.json)")
            #expect(try await api.call(.get, "/api/v1/whistleblower-handlers/mine", token: try await api.login("leader.d1")).json["paths"].array.count == 1)
            #expect(try await api.call(.put, path, token: admin, json: #"{"userId":null}"#).json.array.first { $0["nodeId"].int == Int(district.id.rawValue) }?["userName"].isNull == true)
            let trail = try await city.store.audit(AuditQuery(actionPrefix: "whistleblower_handler.designate", limit: 10))
            #expect(trail.count == 2, "\(trail)")
        }
    }
}
