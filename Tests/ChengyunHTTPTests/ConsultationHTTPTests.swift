import ChengyunCore
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("三会：楼组收集议题、居委召开听证会、决定有责任方与期限并跟踪办结、公示与满意度 over HTTP")
struct ConsultationHTTPTests {
    static let committee = "990001001001"

    @Test("楼组长为本楼组提议题、社工为居委提议题；社工以议题召开听证会（议题被取走，不能重复取）；记录参会与决定，逐项办结；公示后居民可见；满意度；他人与坏输入有代码；全程留痕")
    func topicsMeetingDecisionsNotice() async throws {
        let city = try await TestCity()
        let committee = try #require(try await city.store.node(code: Self.committee))
        try await city.test { api in
            let worker = try await api.login("cw.\(Self.committee)")
            let leader = try await api.login("lz.\(Self.committee)")
            let group = try #require(try await api.call(.get, "/api/v1/sweeps/mine", token: leader).json["groups"][0]["id"].int)
            func post(_ path: String, _ token: String, _ body: String) async throws -> Reply { try await api.call(.post, path, token: token, json: body) }
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }

            let fromGroup = try await post("/api/v1/consultation-topics", leader, #"{"buildingGroupId":\#(group),"text":"夜间停车难，车位不足"}"#)
            #expect(fromGroup.status == .created && fromGroup.json["nodeId"].int == Int(committee.id.rawValue) && fromGroup.json["buildingGroupName"].string != nil,
                    "\(fromGroup.json)")
            let fromWorker = try await post("/api/v1/consultation-topics", worker, #"{"nodeId":\#(committee.id.rawValue),"text":"非机动车棚改造"}"#)
            #expect(fromWorker.status == .created)
            #expect(code(try await post("/api/v1/consultation-topics", worker, #"{"nodeId":\#(committee.id.rawValue),"text":"  "}"#)) == (.badRequest, "input.required", "text"))
            let elsewhere = try await api.login("cw.990001002001")
            #expect(code(try await post("/api/v1/consultation-topics", elsewhere, #"{"nodeId":\#(committee.id.rawValue),"text":"别的居委"}"#)).0 == .forbidden)
            #expect(code(try await post("/api/v1/consultation-topics", worker, #"{"nodeId":\#(committee.parentID!.rawValue),"text":"街道"}"#))
                    == (.unprocessableContent, "consultation.committee", "nodeId"))
            let ids = [try #require(fromGroup.json["id"].int), try #require(fromWorker.json["id"].int)]
            let open = try await api.call(.get, "/api/v1/consultation-topics?nodeId=\(committee.id.rawValue)", token: worker).json.array.compactMap { $0["id"].int }
            #expect(Set(ids).isSubset(of: open) && open.first == ids[1], "newest first")
            #expect(Set(ids).isSubset(of: try await api.call(.get, "/api/v1/consultation-topics", token: leader).json.array.compactMap { $0["id"].int }),
                    "a leader reads their committee's topics")

            let plan = #"{"nodeId":\#(committee.id.rawValue),"kind":"hearing","title":"停车问题听证会","host":"李书记","scheduledAt":"2026-12-20T19:00:00+08:00","place":"居委会议室","topicIds":\#(ids)}"#
            let made = try await post("/api/v1/community-consultations", worker, plan)
            #expect(made.status == .created && made.json["status"].string == "planned" && made.json["topicIds"].array.count == 2, "\(made.json)")
            let id = try #require(made.json["id"].int)
            let stillOpen = try await api.call(.get, "/api/v1/consultation-topics?nodeId=\(committee.id.rawValue)", token: worker).json.array.compactMap { $0["id"].int }
            #expect(Set(ids).isDisjoint(with: stillOpen), "both topics taken up")
            #expect(code(try await post("/api/v1/community-consultations", worker, plan)) == (.conflict, "consultation.topic_taken", "topicIds"))
            #expect(code(try await post("/api/v1/community-consultations", worker, plan.replacingOccurrences(of: "\(ids)", with: "[987654]")))
                    == (.notFound, "consultation.topic_not_found", "topicIds"))
            #expect(code(try await post("/api/v1/community-consultations", leader, plan)).0 == .forbidden, "a building group's leader raises topics, the committee runs the meeting")

            let heldBody = #"{"participants":"居委、物业、业委会、居民代表","participantCount":23,"decisions":[{"text":"路面拓宽增加车位","owner":"物业","dueOn":"2027-01-31"},{"text":"修订停车管理办法","owner":"业委会","dueOn":"2026-12-31"}]}"#
            #expect(code(try await post("/api/v1/community-consultations/\(id)/held", worker, heldBody.replacingOccurrences(of: "2026-12-31", with: "2026-13-31")))
                    == (.badRequest, "consultation.decisions", "decisions"))
            #expect(code(try await post("/api/v1/community-consultations/\(id)/held", worker, #"{"participants":"无人","participantCount":0,"decisions":[]}"#)).1
                    == "consultation.participants")
            #expect(code(try await post("/api/v1/community-consultations/\(id)/notice", worker, #"{"notice":"尚未召开"}"#)) == (.conflict, "consultation.status", "status"))
            let held = try await post("/api/v1/community-consultations/\(id)/held", worker, heldBody)
            #expect(held.status == .ok && held.json["status"].string == "held" && held.json["decisions"].array.count == 2 && held.json["participantCount"].int == 23)
            #expect(held.json["decisions"][1]["ordinal"].int == 2 && held.json["decisions"][1]["owner"].string == "业委会" && held.json["decisions"][1]["doneAt"].isNull)
            #expect(code(try await post("/api/v1/community-consultations/\(id)/held", worker, heldBody)).1 == "consultation.status", "held once")

            let done = try await post("/api/v1/community-consultations/\(id)/decisions/2/done", worker, #"{"note":"新办法已张贴"}"#)
            #expect(done.status == .ok && done.json["decisions"][1]["doneNote"].string == "新办法已张贴" && done.json["decisions"][0]["doneAt"].isNull)
            let again = try await post("/api/v1/community-consultations/\(id)/decisions/2/done", worker, #"{"note":"再报一次"}"#)
            #expect(again.json["decisions"][1]["doneNote"].string == "新办法已张贴" && again.json["version"].int == done.json["version"].int, "done once")
            #expect(code(try await post("/api/v1/community-consultations/\(id)/decisions/9/done", worker, "{}")) == (.notFound, "consultation.decision_not_found", "ordinal"))

            let published = try await post("/api/v1/community-consultations/\(id)/notice", worker, #"{"notice":"经听证，拓宽路面增加车位，修订停车管理办法。"}"#)
            #expect(published.status == .ok && published.json["status"].string == "published" && published.json["publishedAt"].string != nil)
            #expect(code(try await post("/api/v1/community-consultations/\(id)/satisfaction", worker, #"{"surveyed":10,"satisfied":11}"#))
                    == (.badRequest, "consultation.satisfaction", "satisfied"))
            let rated = try await post("/api/v1/community-consultations/\(id)/satisfaction", worker, #"{"surveyed":50,"satisfied":49}"#)
            #expect(rated.json["surveyed"].int == 50 && rated.json["satisfied"].int == 49)

            // 公示: residents of the area read the published consultation; a worker of another committee does not find it.
            let resident = try await api.login("resident1")
            let seen = try await api.call(.get, "/api/v1/community-consultations", token: resident)
            #expect(seen.status == .ok && seen.json["consultations"].array.compactMap { $0["id"].int }.contains(id), "\(seen.json)")
            #expect(try await api.call(.get, "/api/v1/community-consultations/\(id)", token: resident).json["notice"].string?.contains("拓宽路面") == true)
            #expect(code(try await api.call(.get, "/api/v1/community-consultations/\(id)", token: elsewhere)) == (.notFound, "consultation.not_found", nil))
            let street = try await api.call(.get, "/api/v1/community-consultations?nodeId=\(committee.parentID!.rawValue)", token: try await api.login("duty.s1"))
            #expect(street.json["consultations"].array.first?["decisions"].array.count == 2, "the street follows its committees' decisions")

            let trail = try await api.call(.get, "/api/v1/audit?action=consultation.&limit=50", token: try await api.login("auditor")).json["items"].array.compactMap { $0["action"].string }
            for action in ["consultation.topic_raised", "consultation.planned", "consultation.held", "consultation.decision_done", "consultation.published", "consultation.satisfaction"] {
                #expect(trail.contains(action), "\(action) in \(trail)")
            }
        }
    }
}
