import ChengyunCore
import ChengyunTesting
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@Suite("案件闭环 over HTTP")
struct CaseLoopHTTPTests {
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 7, count: 2048)

    @Test("防重复提交：同一 Idempotency-Key 再次上报得到同一案件（200），另一把钥匙另立一案；钥匙格式错误 400")
    func retriedReportCreatesOneCase() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let resident = try await api.login("resident1")
            let p = TestCity.point(0, 0)
            let body = #"{"source":"resident","categoryId":"event:0110","description":"井盖缺失","location":{"lon":\#(p.lon),"lat":\#(p.lat)}}"#
            func send(_ key: String) async throws -> Reply {
                try await api.call(.post, "/api/v1/cases", token: resident, json: body, headers: [HTTPField.Name("Idempotency-Key")!: key])
            }
            let first = try await send("4a6f0c1e-retry")
            #expect(first.status == .created, "\(first.json)")
            let again = try await send("4a6f0c1e-retry")
            #expect(again.status == .ok)
            #expect(again.json["id"].int == first.json["id"].int && again.json["number"].string == first.json["number"].string)
            let other = try await send("5b7e1d2f-new")
            #expect(other.status == .created && other.json["id"].int != first.json["id"].int)
            #expect(try await api.call(.get, "/api/v1/cases?mine=true", token: resident).json["total"].int == 2)
            // Another resident's same key is theirs alone.
            let theirs = try await api.call(.post, "/api/v1/cases", token: try await api.login("resident2"), json: body, headers: [HTTPField.Name("Idempotency-Key")!: "4a6f0c1e-retry"])
            #expect(theirs.status == .created && theirs.json["id"].int != first.json["id"].int)
            let bad = try await send("has space")
            #expect(bad.status == .badRequest)
            #expect(bad.json["error"]["code"].string == "request.idempotency_key" && bad.json["error"]["field"].string == "Idempotency-Key")
        }
    }

    @Test("须附处置后照片的类别（井盖）：无照片的处置反馈被拒（422 case.after_photo_needed），附照片后通过")
    func afterPhotoRequired() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let resident = try await api.login("resident1")
            let duty = try await api.login("duty.s1")
            let leader = try await api.login("leader")
            let p = TestCity.point(0, 0)
            let created = try await api.call(.post, "/api/v1/cases", token: resident, json: """
                {"source":"resident","categoryId":"component:0101","description":"井盖缺失","location":{"lon":\(p.lon),"lat":\(p.lat)}}
                """)
            let id = try #require(created.json["id"].int)
            let accepted = try await api.act(id, "accept", token: duty).json["case"]
            var lead = accepted["leadDepartmentId"].int
            if lead == nil {
                let choice = try #require(try await api.call(.get, "/api/v1/cases/\(id)", token: duty).json["departmentChoices"].array.first?["id"].int)
                #expect(try await api.act(id, "dispatch", token: duty, json: #"{"lead":\#(choice)}"#).status == .ok)
                lead = choice
            }
            let handler = try await api.handler(of: try #require(lead), token: leader)
            #expect(try await api.act(id, "start", token: handler).status == .ok)
            let bare = try await api.act(id, "reportBack", token: handler, json: #"{"note":"已更换井盖"}"#)
            #expect(bare.status == .unprocessableContent)
            #expect(bare.json["error"]["code"].string == "case.after_photo_needed" && bare.json["error"]["field"].string == "attachmentIds")
            let photo = try await api.photo(id, token: handler)
            let back = try await api.act(id, "reportBack", token: handler, json: #"{"note":"已更换井盖","attachmentIds":[\#(photo)]}"#)
            #expect(back.json["case"]["state"].string == "handled", "\(back.json)")
        }
    }

    @Test("催办：值班员或领导催促主办部门，状态与时限不变，历史记下并点名部门、可计数；居民与部门不能催办")
    func urging() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let resident = try await api.login("resident1")
            let duty = try await api.login("duty.s1")
            let leader = try await api.login("leader")
            let id = try #require(try await api.report(resident)["id"].int)
            let dispatched = try await api.act(id, "accept", token: duty).json["case"]
            let lead = try #require(dispatched["leadDepartmentId"].int)
            #expect(dispatched["availableActions"].array.compactMap(\.string).contains("urge"))
            let urged = try await api.act(id, "urge", token: duty, json: #"{"note":"群众反映强烈，请今日内处置"}"#)
            #expect(urged.status == .ok, "\(urged.json)")
            #expect(urged.json["case"]["state"].string == "dispatched" && urged.json["case"]["deadline"].string == dispatched["deadline"].string)
            #expect(urged.json["events"][0]["departmentIds"].array.compactMap(\.int) == [lead])
            #expect(try await api.act(id, "urge", token: leader, json: #"{"note":"再次催办"}"#).status == .ok)
            #expect(try await api.act(id, "urge", token: duty, json: #"{}"#).status == .badRequest, "what is urged is said")
            #expect(try await api.act(id, "urge", token: resident, json: #"{"note":"快点"}"#).status == .forbidden)
            #expect(try await api.act(id, "urge", token: try await api.handler(of: lead, token: leader), json: #"{"note":"x"}"#).status == .forbidden)
            let history = try await api.call(.get, "/api/v1/cases/\(id)/history", token: duty).json.array
            #expect(history.filter { $0["action"].string == "urge" }.count == 2)
            // Counted by the database, against the lead department: its ranking entry and the area's KPIs say 2.
            let ranking = try await api.call(.get, "/api/v1/rankings?of=departments", token: leader).json.array
            #expect(ranking.first { $0["id"].int == lead }?["report"]["urges"].int == 2, "\(ranking)")
            #expect(try await api.call(.get, "/api/v1/kpis", token: leader).json["urges"].int == 2)
        }
    }

    @Test("不满意重办：首次评价不满意自动退回原部门重办（计返工），再次办结后的评价不再退回；平台的步骤不能由人请求")
    func unsatisfiedRatingRedoesOnce() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let resident = try await api.login("resident1")
            let duty = try await api.login("duty.s1")
            let inspector = try await api.login("insp.990001001001")
            let leader = try await api.login("leader")
            let id = try #require(try await api.report(resident)["id"].int)
            let lead = try #require(try await api.act(id, "accept", token: duty).json["case"]["leadDepartmentId"].int)
            let handler = try await api.handler(of: lead, token: leader)
            func handleAndClose() async throws {
                #expect(try await api.act(id, "reportBack", token: handler, json: #"{"note":"已处置"}"#).status == .ok)
                #expect(try await api.act(id, "verify", token: inspector, json: #"{"passed":true}"#).status == .ok)
                #expect(try await api.act(id, "close", token: duty).json["case"]["state"].string == "closed")
            }
            #expect(try await api.act(id, "start", token: handler).status == .ok)
            try await handleAndClose()
            let rated = try await api.act(id, "rate", token: resident, json: #"{"score":2,"note":"没有修好"}"#)
            #expect(rated.json["case"]["state"].string == "inProgress", "\(rated.json)")
            #expect(rated.json["case"]["reworkCount"].int == 1 && rated.json["case"]["closedAt"].isNull)
            #expect(rated.json["events"].array.map { $0["action"].string } == ["rate", "redo"])
            #expect(try await api.call(.post, "/api/v1/cases/\(id)/actions/redo", token: duty, json: #"{"note":"x"}"#).status == .badRequest)
            try await handleAndClose()
            let again = try await api.act(id, "rate", token: resident, json: #"{"score":2}"#)
            #expect(again.json["case"]["state"].string == "rated" && again.json["events"].array.count == 1, "once only")
            let steps = try await api.call(.get, "/api/v1/cases/\(id)/history", token: resident).json.array
            #expect(steps.contains { $0["action"].string == "redo" && $0["own"].bool == false })
        }
    }

    @Test("居民上报 → 值班员立案并按规则派遣 → 部门处置（附照片）→ 监督员核查 → 结案 → 居民评价 → 指标变化")
    func wholeLoop() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let resident = try await api.login("resident1")
            let duty = try await api.login("duty.s1")
            let inspector = try await api.login("insp.990001001001")
            let leader = try await api.login("leader")
            let p = TestCity.point(0, 0)
            let created = try await api.call(.post, "/api/v1/cases", token: resident, json: """
                {"source":"resident","categoryId":"event:0110","description":"路边暴露垃圾","location":{"lon":\(p.lon),"lat":\(p.lat)},"reporterName":"王小明","reporterPhone":"13912345678"}
                """)
            #expect(created.status == .created, "\(created.json)")
            let id = try #require(created.json["id"].int)
            #expect(created.json["state"].string == "reported")
            #expect(created.json["reporterPhone"].string == "139****5678")
            #expect(created.json["reporterName"].string == "王**")

            let accepted = try await api.act(id, "accept", token: duty)
            #expect(accepted.status == .ok, "\(accepted.json)")
            #expect(accepted.json["case"]["state"].string == "dispatched")
            #expect(accepted.json["events"].array.map { $0["action"].string } == ["accept", "dispatch"])
            let lead = try #require(accepted.json["case"]["leadDepartmentId"].int)
            let departments = try await api.call(.get, "/api/v1/departments", token: leader).json.array
            let code = try #require(departments.first { $0["id"].int == lead }?["code"].string)
            let handler = try await api.login("h.\(code.lowercased())")

            #expect(try await api.act(id, "start", token: handler).status == .ok)
            let photo = try await api.call(.post, "/api/v1/cases/\(id)/attachments?fileName=after.jpg", token: handler, body: Self.jpeg, contentType: "image/jpeg")
            #expect(photo.status == .created, "\(photo.json)")
            let photoID = try #require(photo.json["id"].int)
            let back = try await api.act(id, "reportBack", token: handler, json: #"{"note":"已清理完毕","attachmentIds":[\#(photoID)]}"#)
            #expect(back.json["case"]["state"].string == "handled", "\(back.json)")
            // "My cases": the handler's are those they handled, the resident's those they reported.
            #expect(try await api.call(.get, "/api/v1/cases?mine=true", token: handler).json["items"].array.map { $0["id"].int } == [id])
            #expect(try await api.call(.get, "/api/v1/cases?mine=true", token: resident).json["items"].array.map { $0["id"].int } == [id])
            #expect(try await api.call(.get, "/api/v1/cases?mine=true", token: inspector).json["total"].int == 0)
            #expect(try await api.act(id, "verify", token: inspector, json: #"{"passed":true,"note":"现场已清理"}"#).json["case"]["state"].string == "verified")
            #expect(try await api.act(id, "close", token: duty).json["case"]["state"].string == "closed")
            #expect(try await api.act(id, "rate", token: resident, json: #"{"score":5}"#).json["case"]["state"].string == "rated")

            let history = try await api.call(.get, "/api/v1/cases/\(id)/history", token: duty).json.array
            #expect(history.map { $0["action"].string } == ["report", "accept", "dispatch", "start", "reportBack", "verify", "close", "rate"])
            #expect(history[4]["attachmentIds"].array.map(\.int) == [photoID])
            // Staff read who acted by name and role, never by login; the platform's own steps as 系统.
            #expect(!history.contains { ["duty.s1", "resident1", "platform", "h.\(code.lowercased())"].contains($0["actorName"].string) }, "\(history)")
            #expect(history[1]["actorRole"].string == "dutyOfficer" && history[3]["actorRole"].string == "departmentHandler")
            #expect(history[2]["actorName"].string == "系统")
            // The resident reads their own steps as theirs, the others by the department or the centre, without notes.
            let told = try await api.call(.get, "/api/v1/cases/\(id)/history", token: resident).json.array
            let leadName = try #require(departments.first { $0["id"].int == lead }?["name"].string)
            #expect(told[0]["own"].bool == true && told[1]["own"].bool == false)
            #expect(told[1]["actorName"].string == "城市运行中心" && told[2]["actorName"].string == leadName && told[4]["actorName"].string == leadName)
            #expect(told[4]["note"].isNull && told[6]["note"].isNull, "no staff notes for the resident")
            #expect(try await api.call(.get, "/api/v1/cases/\(id)", token: resident).json["handlerName"].isNull)
            #expect(try await api.call(.get, "/api/v1/cases/\(id)", token: duty).json["handlerName"].string?.hasPrefix("h.") == false)
            let download = try await api.call(.get, "/api/v1/attachments/\(photoID)", token: inspector)
            #expect(download.status == .ok)
            #expect(download.headers[.vary] == "Cookie, Authorization", "a photo kept by the browser is kept per caller")
            #expect(download.body.readableBytes == Self.jpeg.count)

            let kpi = try await api.call(.get, "/api/v1/kpis", token: leader).json
            #expect(kpi["closed"].int == 1)
            #expect(kpi["closureRate"].double == 1)
            #expect(kpi["acceptanceRate"].double == 1)
        }
    }

    @Test("错误：401、400（字段）、404、409、413、415、422")
    func errors() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let unauth = try await api.call(.get, "/api/v1/cases")
            #expect(unauth.status == .unauthorized)
            #expect(unauth.json["error"]["code"].string == "auth.required")
            #expect(try await api.call(.get, "/api/v1/cases", token: "cy_nonsense").status == .unauthorized)
            let wrong = try await api.call(.post, "/api/v1/auth/login", json: #"{"username":"duty","password":"nope-nope"}"#)
            #expect(wrong.status == .unauthorized)
            let duty = try await api.login("duty")
            let missing = try await api.call(.post, "/api/v1/cases", token: duty, json: #"{"source":"hotline","description":"x"}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.json["error"]["field"].string == "categoryId")
            let notJSON = try await api.call(.post, "/api/v1/cases", token: duty, json: "{nope")
            #expect(notJSON.status == .badRequest)
            let unknownCategory = try await api.call(.post, "/api/v1/cases", token: duty, json: #"{"source":"hotline","categoryId":"event:9999","description":"x","location":{"lon":121.4005,"lat":31.1505}}"#)
            #expect(unknownCategory.status == .unprocessableContent)
            #expect(unknownCategory.json["error"]["field"].string == "categoryId")
            let outside = try await api.call(.post, "/api/v1/cases", token: duty, json: #"{"source":"hotline","categoryId":"event:0110","description":"x","location":{"lon":31.15,"lat":121.4}}"#)
            #expect(outside.status == .badRequest || outside.status == .unprocessableContent)
            #expect(outside.json["error"]["field"].string == "location")
            let farAway = try await api.call(.post, "/api/v1/cases", token: duty, json: #"{"source":"hotline","categoryId":"event:0110","description":"x","location":{"lon":116.4,"lat":39.9}}"#)
            #expect(farAway.status == .unprocessableContent)
            #expect(farAway.json["error"]["code"].string == "geo.outside_city")
            #expect(try await api.call(.get, "/api/v1/cases/999999", token: duty).status == .notFound)
            let p = TestCity.point(1, 1)
            let created = try await api.call(.post, "/api/v1/cases", token: duty, json: """
                {"source":"hotline","categoryId":"event:0110","description":"热线：垃圾","location":{"lon":\(p.lon),"lat":\(p.lat)},"externalRef":"T-1"}
                """)
            #expect(created.status == .created, "\(created.json)")
            let id = try #require(created.json["id"].int)
            let again = try await api.call(.post, "/api/v1/cases", token: duty, json: """
                {"source":"hotline","categoryId":"event:0110","description":"热线：垃圾","location":{"lon":\(p.lon),"lat":\(p.lat)},"externalRef":"T-1"}
                """)
            #expect(again.status == .conflict)
            let close = try await api.act(id, "close", token: duty)
            #expect(close.status == .conflict)
            #expect(close.json["error"]["code"].string == "case.invalid_transition")
            let needsReason = try await api.act(id, "suspend", token: duty)
            #expect(needsReason.status == .badRequest)
            #expect(needsReason.json["error"]["field"].string == "reason")
            let exe = try await api.call(.post, "/api/v1/cases/\(id)/attachments", token: duty, body: [1, 2, 3], contentType: "application/x-msdownload")
            #expect(exe.status == .unsupportedMediaType)
            let huge = try await api.call(.post, "/api/v1/cases/\(id)/attachments", token: duty, body: Array(repeating: 0, count: Attachment.maxBytes + 10), contentType: "image/png")
            #expect(huge.status == .contentTooLarge)
            #expect(try await api.call(.get, "/api/v1/nowhere", token: duty).status == .notFound)
        }
    }

    @Test("12345 热线以 API 密钥推送工单：自动立案并按规则派遣")
    func hotlineAPIKey() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let cityNode = try await api.call(.get, "/api/v1/org/nodes?kind=city", token: admin).json[0]["id"].int!
            let key = try await api.call(.post, "/api/v1/apikeys", token: admin, json: #"{"name":"12345","sources":["hotline"],"nodeId":\#(cityNode)}"#)
            #expect(key.status == .created, "\(key.json)")
            let secret = try #require(key.json["key"].string)
            let p = TestCity.point(2, 2)
            let ticket = try await api.call(.post, "/api/v1/cases", token: secret, json: """
                {"source":"hotline","categoryId":"event:0509","description":"机动车乱停放","location":{"lon":\(p.lon),"lat":\(p.lat)},"externalRef":"12345-001"}
                """)
            #expect(ticket.status == .created, "\(ticket.json)")
            #expect(ticket.json["state"].string == "dispatched")
            let asSensor = try await api.call(.post, "/api/v1/cases", token: secret, json: #"{"source":"sensor","categoryId":"event:0509","description":"x","location":{"lon":\#(p.lon),"lat":\#(p.lat)}}"#)
            #expect(asSensor.status == .forbidden)
            let duty = try await api.login("duty")
            let listed = try await api.call(.get, "/api/v1/cases?source=hotline&state=dispatched", token: duty).json
            #expect(listed["total"].int == 1)
        }
    }
}
