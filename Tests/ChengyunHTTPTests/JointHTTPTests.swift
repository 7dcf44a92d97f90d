import ChengyunCore
import ChengyunTesting
import Foundation
import Hummingbird
import Testing

@Suite("联勤联动 over HTTP: self-handling, call-in, linkage, returns, video review")
struct JointHTTPTests {
    static let chief = "chief.990001001001"
    static let worker = "cw.990001001001"

    @Test("微单元自治：站长上报自处置 → 前后照片 → 本级结案；计入统计并单列；居民与他人不可")
    func selfHandling() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let chief = try await api.login(Self.chief)
            let leader = try await api.login("leader")
            let created = try await api.report(chief, source: "station", extra: #","selfHandle":true"#)
            let id = try #require(created["id"].int)
            #expect(created["state"].string == "inProgress")
            #expect(created["selfHandled"].bool == true)
            #expect(created["owner"]["kind"].string == "station" && created["owner"]["stationId"].int == created["stationId"].int && created["stationId"].int != nil,
                    "owned by the station serving the place")
            #expect(created["availableActions"].array.compactMap(\.string).contains("selfClose"))
            let before = try await api.photo(id, token: chief, name: "before.jpg")
            let noPhoto = try await api.act(id, "selfClose", token: chief, json: #"{"note":"已清理"}"#)
            #expect(noPhoto.status == .unprocessableContent)
            #expect(noPhoto.json["error"]["code"].string == "case.after_photo_required")
            let after = try await api.photo(id, token: chief, name: "after.jpg")
            #expect(after != before)
            let closed = try await api.act(id, "selfClose", token: chief, json: #"{"note":"已清理","attachmentIds":[\#(after)]}"#)
            #expect(closed.json["case"]["state"].string == "closed", "\(closed.json)")
            let history = try await api.call(.get, "/api/v1/cases/\(id)/history", token: chief).json.array
            #expect(history.map { $0["action"].string } == ["report", "accept", "start", "selfClose"])
            // The station does not rate its own self-handled case.
            #expect(closed.json["case"]["availableActions"].array.compactMap(\.string).contains("rate") == false)
            #expect(try await api.act(id, "rate", token: chief, json: #"{"score":5}"#).status == .forbidden)
            let kpi = try await api.call(.get, "/api/v1/kpis", token: leader).json
            #expect(kpi["selfHandled"].int == 1)
            #expect(kpi["closed"].int == 1)
            #expect(kpi["accepted"].int == 1)

            // A resident may not report as a station; a community worker of the committee may self-handle.
            let resident = try await api.login("resident1")
            let refused = try await api.call(.post, "/api/v1/cases", token: resident, json: #"{"source":"station","categoryId":"event:0110","description":"x","nodeId":\#(created["nodeId"].int!),"selfHandle":true}"#)
            #expect(refused.status == .forbidden)
            let byWorker = try await api.report(try await api.login(Self.worker), source: "station", extra: #","selfHandle":true"#)
            #expect(byWorker["state"].string == "inProgress")
            let inspector = try await api.login("insp.990001001001")
            let notStation = try await api.call(.post, "/api/v1/cases", token: inspector, json: #"{"source":"inspector","categoryId":"event:0110","description":"x","nodeId":\#(created["nodeId"].int!),"selfHandle":true}"#)
            #expect(notStation.status == .badRequest)
        }
    }

    @Test("吹哨约请：站长约请两个部门 → 各自可见并反馈 → 未反馈未解除不能结案 → 解除后结案，全程留痕")
    func whistleCallIn() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let chief = try await api.login(Self.chief)
            let leader = try await api.login("leader")
            let id = try #require(try await api.report(chief, source: "station", extra: #","selfHandle":true"#)["id"].int)
            let called = try await api.helpers(token: leader, excluding: nil, count: 2)
            let noLimit = try await api.act(id, "callIn", token: chief, json: #"{"departments":[\#(called[0])],"reason":"超出居委能力"}"#)
            #expect(noLimit.status == .badRequest)
            #expect(noLimit.json["error"]["field"].string == "hours")
            let call = try await api.act(id, "callIn", token: chief, json: #"{"departments":[\#(called[0]),\#(called[1])],"reason":"违建涉及多个部门","hours":24}"#)
            #expect(call.status == .ok, "\(call.json)")
            #expect(call.json["case"]["callIns"].array.map { $0["status"].string } == ["open", "open"])
            // The pickers' choices: departments serving the case's area, the called ones marked as taking part.
            let choices = try await api.call(.get, "/api/v1/cases/\(id)", token: chief).json["departmentChoices"].array
            let all = try await api.call(.get, "/api/v1/departments", token: leader).json.array
            #expect(!choices.isEmpty && choices.count < all.count, "\(choices.count) of \(all.count)")
            #expect(Set(choices.filter { $0["involved"].bool == true }.compactMap { $0["id"].int }) == Set(called))
            #expect(try await api.call(.get, "/api/v1/cases/\(id)", token: try await api.handler(of: called[0], token: leader)).json["departmentChoices"].array.isEmpty)
            let first = try await api.handler(of: called[0], token: leader)
            #expect(try await api.call(.get, "/api/v1/cases/\(id)", token: first).status == .ok)
            let queue = try await api.call(.get, "/api/v1/cases?departmentId=\(called[0])", token: first).json
            #expect(queue["items"].array.contains { $0["id"].int == id })
            let photo = try await api.photo(id, token: first)
            let answered = try await api.act(id, "feedback", token: first, json: #"{"note":"已派员到场","attachmentIds":[\#(photo)]}"#)
            #expect(answered.json["case"]["callIns"].array.first { $0["departmentId"].int == called[0] }?["status"].string == "answered")
            let after = try await api.photo(id, token: chief)
            let blocked = try await api.act(id, "selfClose", token: chief, json: #"{"note":"完成","attachmentIds":[\#(after)]}"#)
            #expect(blocked.status == .conflict)
            #expect(blocked.json["error"]["code"].string == "case.call_ins_open")
            #expect(try await api.act(id, "release", token: chief, json: #"{"departments":[\#(called[1])],"note":"已无需协助"}"#).status == .ok)
            #expect(try await api.act(id, "selfClose", token: chief, json: #"{"note":"完成","attachmentIds":[\#(after)]}"#).json["case"]["state"].string == "closed")
            let actions = try await api.call(.get, "/api/v1/cases/\(id)/history", token: chief).json.array.compactMap { $0["action"].string }
            #expect(actions == ["report", "accept", "start", "callIn", "feedback", "release", "selfClose"])
            // A resident cannot blow the whistle.
            let other = try #require(try await api.report(try await api.login("resident1"))["id"].int)
            #expect(try await api.act(other, "callIn", token: try await api.login("resident1"), json: #"{"departments":[\#(called[0])],"reason":"x","hours":2}"#).status == .forbidden)
        }
    }

    @Test("三级联动：居委申请升级 → 街镇联席会商（责任单位与时限）→ 事项办结后方可结案 → 领导小组决策")
    func threeLevelLinkage() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let resident = try await api.login("resident1")
            let duty = try await api.login("duty.s1")
            let chief = try await api.login(Self.chief)
            let leader = try await api.login("leader")
            let id = try #require(try await api.report(resident)["id"].int)
            let accepted = try await api.act(id, "accept", token: duty)
            let lead = try #require(accepted.json["case"]["leadDepartmentId"].int)
            let handler = try await api.handler(of: lead, token: leader)
            #expect(try await api.act(id, "start", token: handler).status == .ok)
            let badReason = try await api.act(id, "askLinkage", token: chief, json: #"{"reason":"hard","note":"x"}"#)
            #expect(badReason.status == .badRequest)
            // The street centre cannot convene before the level below asks.
            #expect(try await api.act(id, "consult", token: duty, json: #"{"heldAt":"2026-01-01T00:00:00Z","attendees":["城管"],"decision":"x"}"#).status == .conflict)
            let asked = try await api.act(id, "askLinkage", token: chief, json: #"{"reason":"crossOwnership","note":"涉及多个产权单位，居委协调不了"}"#)
            #expect(asked.json["case"]["linkage"]["level"].int == 2, "\(asked.json)")
            // The street centre's queue lists it under 联动, from the database's linkage filter, until it convenes.
            let street = try #require(try await api.call(.get, "/api/v1/me", token: duty).json["assignments"][0]["nodeId"].int)
            #expect(try await api.call(.get, "/api/v1/duty/queue?nodeId=\(street)", token: duty).json["linkage"].array.map { $0["id"].int } == [id])
            let owner = try #require(try await api.helpers(token: leader, excluding: lead, count: 1).first)
            let due = ISO8601DateFormatter().string(from: Date().addingTimeInterval(5 * 86_400))
            let held = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
            let consult = try await api.act(id, "consult", token: duty, json: """
                {"heldAt":"\(held)","attendees":["街道城运中心","城管中队","房管办","物业公司"],"decision":"城管牵头，房管配合，一周内拆除",
                 "tasks":[{"departmentId":\(owner),"task":"拆除违建","dueAt":"\(due)"}]}
                """)
            #expect(consult.status == .ok, "\(consult.json)")
            let task = try #require(consult.json["case"]["linkage"]["consultations"][0]["tasks"][0]["id"].int)
            #expect(try await api.call(.get, "/api/v1/duty/queue?nodeId=\(street)", token: duty).json["linkage"].array.isEmpty)
            #expect(try await api.act(id, "reportBack", token: handler, json: #"{"note":"已处置"}"#).status == .ok)
            #expect(try await api.act(id, "verify", token: try await api.login("insp.990001001001"), json: #"{"passed":true}"#).status == .ok)
            let blocked = try await api.act(id, "close", token: duty)
            #expect(blocked.json["error"]["code"].string == "case.tasks_open")
            let ownerHandler = try await api.handler(of: owner, token: leader)
            #expect(try await api.act(id, "completeTask", token: ownerHandler, json: #"{"task":\#(task),"note":"已拆除"}"#).status == .ok)
            #expect(try await api.act(id, "close", token: duty).json["case"]["state"].string == "closed")

            // Level 2 → 3: the street's leading group records its decision; the duty officer may not.
            let second = try #require(try await api.report(resident)["id"].int)
            _ = try await api.act(second, "accept", token: duty)
            _ = try await api.act(second, "askLinkage", token: chief, json: #"{"reason":"beyondMeans","note":"需街道协调"}"#)
            #expect(try await api.act(second, "askLinkage", token: duty, json: #"{"reason":"crossFunction","note":"需领导小组决策"}"#).json["case"]["linkage"]["level"].int == 3)
            let decision = #"{"heldAt":"\#(held)","attendees":["街道党工委","办事处"],"decision":"纳入街道重点项目","tasks":[]}"#
            #expect(try await api.act(second, "consult", token: duty, json: decision).status == .forbidden)
            #expect(try await api.act(second, "consult", token: try await api.login("leader.s1"), json: decision).status == .ok)
            #expect(try await api.act(second, "askLinkage", token: try await api.login("leader.s1"), json: #"{"reason":"beyondMeans","note":"上报区"}"#).status == .conflict)
        }
    }

    @Test("首问负责：退单须选理由，两次退单后中心仲裁，仲裁不可再退；派遣准确率")
    func returnsAndArbitration() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let duty = try await api.login("duty.s1")
            let leader = try await api.login("leader")
            let id = try #require(try await api.report(try await api.login("resident1"))["id"].int)
            let lead = try #require(try await api.act(id, "accept", token: duty).json["case"]["leadDepartmentId"].int)
            let handler = try await api.handler(of: lead, token: leader)
            let free = try await api.act(id, "return", token: handler, json: #"{"reason":"不归我管"}"#)
            #expect(free.status == .badRequest)
            #expect(free.json["error"]["message"].string?.contains("notOurDuty") == true)
            let first = try await api.act(id, "return", token: handler, json: #"{"reason":"notOurDuty","note":"应由绿化部门处置"}"#)
            #expect(first.json["case"]["owner"]["kind"].string == "node")
            #expect(try await api.act(id, "dispatch", token: duty, json: #"{"lead":\#(lead)}"#).status == .ok)
            let second = try await api.act(id, "return", token: handler, json: #"{"reason":"outOfArea"}"#)
            #expect(second.json["case"]["arbitrationPending"].bool == true)
            #expect(try await api.act(id, "dispatch", token: duty, json: #"{"lead":\#(lead)}"#).json["error"]["code"].string == "case.arbitration_pending")
            let bound = try await api.act(id, "arbitrate", token: duty, json: #"{"lead":\#(lead),"note":"经仲裁，属该部门职责"}"#)
            #expect(bound.json["case"]["dispatchBinding"].bool == true)
            #expect(bound.json["case"]["owner"]["departmentId"].int == lead)
            #expect(try await api.act(id, "return", token: handler, json: #"{"reason":"notOurDuty"}"#).json["error"]["code"].string == "case.dispatch_binding")
            let kpi = try await api.call(.get, "/api/v1/kpis", token: leader).json
            #expect(kpi["dispatches"].int == 3)
            #expect(kpi["wrongDispatches"].int == 2)
            #expect(abs((kpi["dispatchAccuracy"].double ?? 0) - 1.0 / 3.0) < 1e-9)
        }
    }

    @Test("居民看到的处置经过：退单记在退单的部门名下，改派后的签收记在新部门名下")
    func residentReadsEachStepByItsDepartment() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let duty = try await api.login("duty.s1")
            let leader = try await api.login("leader")
            let resident = try await api.login("resident1")
            let id = try #require(try await api.report(resident)["id"].int)
            let first = try #require(try await api.act(id, "accept", token: duty).json["case"]["leadDepartmentId"].int)
            #expect(try await api.act(id, "return", token: try await api.handler(of: first, token: leader), json: #"{"reason":"notOurDuty"}"#).status == .ok)
            let choices = try await api.call(.get, "/api/v1/cases/\(id)", token: duty).json["departmentChoices"].array
            let other = try #require(choices.first { $0["id"].int != first })
            let second = try #require(other["id"].int)
            #expect(try await api.act(id, "dispatch", token: duty, json: #"{"lead":\#(second)}"#).status == .ok)
            #expect(try await api.act(id, "start", token: try await api.handler(of: second, token: leader)).status == .ok)
            let told = try await api.call(.get, "/api/v1/cases/\(id)/history", token: resident).json.array
            let names = try await api.call(.get, "/api/v1/departments", token: leader).json.array
            func name(_ d: Int) -> String? { names.first { $0["id"].int == d }?["name"].string }
            #expect(told.first { $0["action"].string == "return" }?["actorName"].string == name(first), "\(told)")
            #expect(told.last { $0["action"].string == "start" }?["actorName"].string == name(second), "\(told)")
        }
    }

    @Test("视频复查：值班员用附近摄像头与截图核查，历史注明方式；远处摄像头被拒绝")
    func videoReview() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let duty = try await api.login("duty.s1")
            let leader = try await api.login("leader")
            let cameras = try await api.call(.get, "/api/v1/cameras", token: leader).json.array
            let near = try #require(cameras.first?["id"].int)
            let (lon, lat) = (cameras[0]["location"]["lon"].double!, cameras[0]["location"]["lat"].double! + 0.0003)
            func distance(_ c: JSON) -> Double { hypot(c["location"]["lon"].double! - lon, c["location"]["lat"].double! - lat) }
            let far = try #require(cameras.filter { distance($0) > 0.004 }.first?["id"].int ?? cameras.max { distance($0) < distance($1) }?["id"].int)
            let created = try await api.call(.post, "/api/v1/cases", token: try await api.login("resident1"),
                                             json: #"{"source":"resident","categoryId":"event:0110","description":"垃圾","location":{"lon":\#(lon),"lat":\#(lat)}}"#)
            let id = try #require(created.json["id"].int)
            let lead = try #require(try await api.act(id, "accept", token: duty).json["case"]["leadDepartmentId"].int)
            let handler = try await api.handler(of: lead, token: leader)
            _ = try await api.act(id, "start", token: handler)
            _ = try await api.act(id, "reportBack", token: handler, json: #"{"note":"已清理"}"#)
            let snapshot = try await api.photo(id, token: duty, name: "snapshot.jpg")
            let onSite = try await api.act(id, "verify", token: duty, json: #"{"passed":true}"#)
            #expect(onSite.status == .forbidden)
            let tooFar = try await api.act(id, "verify", token: duty, json: #"{"passed":true,"method":"video","cameraId":\#(far),"attachmentIds":[\#(snapshot)]}"#)
            #expect(tooFar.status == .unprocessableContent, "\(tooFar.json)")
            let ok = try await api.act(id, "verify", token: duty, json: #"{"passed":true,"method":"video","cameraId":\#(near),"note":"视频可见已清理","attachmentIds":[\#(snapshot)]}"#)
            #expect(ok.json["case"]["state"].string == "verified", "\(ok.json)")
            let event = try #require(try await api.call(.get, "/api/v1/cases/\(id)/history", token: duty).json.array.last)
            #expect(event["detail"]["method"].string == "video")
            #expect(event["detail"]["cameraId"].string == String(near))
            // Registering cameras is for admins.
            let p = TestCity.point(1, 1)
            let camera = #"{"code":"CAM-NEW","name":"新路口","location":{"lon":\#(p.lon),"lat":\#(p.lat)}}"#
            #expect(try await api.call(.post, "/api/v1/cameras", token: duty, json: camera).status == .forbidden)
            #expect(try await api.call(.post, "/api/v1/cameras", token: try await api.login("admin"), json: camera).status == .created)
        }
    }
}
