import ChengyunCore
import ChengyunServices
import ChengyunTesting
import Foundation
import Hummingbird
import Logging
import Synchronization
import Testing

@Suite("110 分流、12345 热线、类案、排名与居委视图 over HTTP")
struct IntakeHTTPTests {
    @Test("110 非警务警情分流：按处置权派遣、无处置权留中心、退回公安兜底、公安读回结果、分流统计；处置权表由管理员维护")
    func policeDiversion() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let duty = try await api.login("duty.s1")
            let leader = try await api.login("leader")
            let police = try await api.apiKey("公安110", sources: ["police110"], admin: admin)
            let p = TestCity.point(0, 0)
            func call(_ id: String, _ category: String) -> String {
                #"{"callId":"\#(id)","classification":"噪声扰民","categoryId":"\#(category)","description":"夜间施工噪声","location":{"lon":\#(p.lon),"lat":\#(p.lat)},"callerName":"李先生","callerPhone":"13911112222"}"#
            }
            let diverted = try await api.call(.post, "/api/v1/intake/110", token: police, json: call("110-0001", "event:0110"))
            #expect(diverted.status == .created, "\(diverted.json)")
            #expect(diverted.json["state"].string == "dispatched")
            #expect(diverted.json["classification"].string == "噪声扰民")
            #expect(diverted.json["department"].string != nil)
            #expect(!String(buffer: diverted.body).contains("13911112222"))
            #expect(try await api.call(.post, "/api/v1/intake/110", token: police, json: call("110-0001", "event:0110")).status == .conflict)

            // With no department holding the power the call waits at the centre, which returns it to the police.
            let powers = try await api.call(.get, "/api/v1/handling-powers", token: admin).json.array
            let kept = powers.filter { $0["categoryId"].string != "event:0501" }
            let body = "[" + kept.map { #"{"departmentId":\#($0["departmentId"].int!),"categoryId":"\#($0["categoryId"].string!)"}"# }.joined(separator: ",") + "]"
            #expect(try await api.call(.put, "/api/v1/handling-powers", token: duty, json: body).status == .forbidden)
            #expect(try await api.call(.put, "/api/v1/handling-powers", token: admin, json: body).status == .ok)
            let bad = try await api.call(.put, "/api/v1/handling-powers", token: admin, json: #"[{"departmentId":99999,"categoryId":"event:0110"}]"#)
            #expect(bad.status == .unprocessableContent)
            let waiting = try await api.call(.post, "/api/v1/intake/110", token: police, json: call("110-0002", "event:0501")).json
            #expect(waiting["state"].string == "accepted")
            let caseID = try #require(waiting["caseId"].int)
            let anyDepartment = try #require(kept.first?["departmentId"].int)
            let refused = try await api.act(caseID, "dispatch", token: duty, json: #"{"lead":\#(anyDepartment)}"#)
            #expect(refused.json["error"]["code"].string == "department.no_handling_power")
            #expect(try await api.act(caseID, "returnToPolice", token: duty, json: #"{"reason":"涉及治安纠纷，需警方处置"}"#).status == .ok)
            let outcome = try await api.call(.get, "/api/v1/intake/110/110-0002", token: police).json
            #expect(outcome["state"].string == "returnedToPolice")
            #expect(outcome["returnReason"].string == "涉及治安纠纷，需警方处置")
            #expect(outcome["finished"].bool == true)
            #expect(try await api.call(.get, "/api/v1/intake/110/110-9999", token: police).status == .notFound)

            let stats = try await api.call(.get, "/api/v1/diversion/stats", token: police).json
            #expect(stats["diverted"].int == 2)
            #expect(stats["accepted"].int == 1)
            #expect(stats["returned"].int == 1)
            #expect(try await api.call(.get, "/api/v1/diversion/stats", token: leader).json["diverted"].int == 2)
            #expect(try await api.call(.get, "/api/v1/diversion/stats", token: try await api.login("resident1")).status == .forbidden)
            // The police key lists its own calls only, never the residents' or the hotline's cases.
            _ = try await api.report(try await api.login("resident1"))
            let listed = try await api.call(.get, "/api/v1/cases", token: police).json
            #expect(listed["total"].int == 2)
            #expect(listed["items"].array.allSatisfy { $0["source"].string == "police110" })
            // A hotline key cannot divert police calls.
            let hotline = try await api.apiKey("12345", sources: ["hotline"], admin: admin)
            #expect(try await api.call(.post, "/api/v1/intake/110", token: hotline, json: call("110-0003", "event:0110")).status == .forbidden)
        }
    }

    @Test("12345 工单：受理即派遣，状态与答复可按工单号读回，并经发件箱推送到热线系统（对方宕机时重试，不丢）")
    func hotlineOutbox() async throws {
        let received = Mutex<[String]>([])
        let router = Router()
        router.post("status") { request, _ -> HTTPResponse.Status in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let count = received.withLock { r -> Int in r.append(body); return r.count }
            return count == 1 ? .serviceUnavailable : .ok
        }
        let receiver = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "hotline"))
        try await receiver.serveOnLoopback { hotlineSide in
            let port = hotlineSide.port
            let clock = ManualWallClock(Date())
            var settings = PlatformSettings()
            settings.hotlineWebhook = URL(string: "http://127.0.0.1:\(port)/status")
            let city = try await TestCity(settings: settings, clock: clock)
            let dispatcher = OutboxDispatcher(platform: city.platform, url: settings.hotlineWebhook!)
            try await city.test { api in
                let admin = try await api.login("admin")
                let key = try await api.apiKey("12345", sources: ["hotline"], admin: admin)
                let p = TestCity.point(0, 0)
                let ticket = try await api.call(.post, "/api/v1/intake/12345", token: key, json: """
                    {"ticketId":"T-20261124-0001","categoryId":"event:0110","description":"小区门口垃圾堆放","location":{"lon":\(p.lon),"lat":\(p.lat)},"callerName":"张女士","callerPhone":"13700001234"}
                    """)
                #expect(ticket.status == .created, "\(ticket.json)")
                #expect(ticket.json["status"]["state"].string == "dispatched")
                #expect(!String(buffer: ticket.body).contains("13700001234"))
                // The hotline is down at first: nothing is lost, the message waits and is retried.
                #expect(try await dispatcher.deliverDue() == 0)
                let pending = try await api.call(.get, "/api/v1/intake/12345/T-20261124-0001", token: key).json
                #expect(pending["deliveries"][0]["attempts"].int == 1)
                #expect(pending["deliveries"][0]["deliveredAt"].isNull)
                #expect(try await dispatcher.deliverDue() == 0, "retried before its pause was over")
                clock.advance(hours: 10.0 / 3600)
                #expect(try await dispatcher.deliverDue() == 1)

                let caseID = try #require(ticket.json["status"]["caseId"].int)
                let lead = try #require(try await api.call(.get, "/api/v1/cases/\(caseID)", token: admin).json["leadDepartmentId"].int)
                let handler = try await api.handler(of: lead, token: try await api.login("leader"))
                _ = try await api.act(caseID, "start", token: handler)
                _ = try await api.act(caseID, "reportBack", token: handler, json: #"{"note":"已清运，并告知物业加强管理"}"#)
                #expect(try await dispatcher.deliverDue() == 2)
                let status = try await api.call(.get, "/api/v1/intake/12345/T-20261124-0001", token: key).json
                #expect(status["status"]["answer"].string == "已清运，并告知物业加强管理")
                #expect(status["deliveries"].array.count == 3)
                #expect(status["deliveries"].array.allSatisfy { !$0["deliveredAt"].isNull })
                // Another system's key may not read the ticket.
                let police = try await api.apiKey("110", sources: ["police110"], admin: admin)
                #expect(try await api.call(.get, "/api/v1/intake/12345/T-20261124-0001", token: police).status == .notFound)
            }
            let bodies = received.withLock { $0 }
            #expect(bodies.count == 4)
            #expect(bodies[1].contains("\"ticketId\":\"T-20261124-0001\""))
            #expect(bodies.last?.contains("已清运") == true)
            #expect(!bodies.joined().contains("13700001234"))
        }
    }

    @Test("类案治理：同一网格同类问题多次出现成为热点；排名只排部门与处置人员，居委看自己的工作视图")
    func hotspotsRankingsAndCommitteeView() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let inspector = try await api.login("insp.990001001001")
            let leader = try await api.login("leader")
            for _ in 0..<3 { _ = try await api.report(inspector, source: "inspector", category: "event:0501") }
            let hotspots = try await api.call(.get, "/api/v1/hotspots?min=3&days=7", token: leader).json.array
            #expect(hotspots.count == 1)
            #expect(hotspots.first?["count"].int == 3)
            #expect(hotspots.first?["categoryId"].string == "event:0501")
            #expect(try await api.call(.get, "/api/v1/hotspots?min=4", token: leader).json.array.isEmpty)
            #expect(try await api.call(.get, "/api/v1/hotspots?min=1", token: leader).status == .badRequest)
            #expect(try await api.call(.get, "/api/v1/hotspots", token: try await api.login("resident1")).status == .forbidden)

            #expect(try await api.call(.get, "/api/v1/rankings?of=handlers", token: leader).status == .ok)
            #expect(try await api.call(.get, "/api/v1/rankings?of=committees", token: leader).status == .badRequest)
            let chief = try await api.login("chief.990001001001")
            let committee = try #require(try await api.call(.get, "/api/v1/me", token: chief).json["assignments"][0]["nodeId"].int)
            let view = try await api.call(.get, "/api/v1/committees/\(committee)/view", token: chief)
            #expect(view.status == .ok, "\(view.json)")
            #expect(view.json["workload"]["cases"].int == 3)
            #expect(view.json["help"]["departments"].value != nil)
            let other = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=committee", token: leader).json.array.compactMap { $0["id"].int }.first { $0 != committee })
            #expect(try await api.call(.get, "/api/v1/committees/\(other)/view", token: chief).status == .forbidden)

            // A city's month holds thousands of hotspots: the largest come first, `limit` of them.
            for _ in 0..<2 { _ = try await api.report(inspector, source: "inspector", category: "event:0110", cell: (1, 1)) }
            #expect(try await api.call(.get, "/api/v1/hotspots?min=2&days=7", token: leader).json.array.map { $0["count"].int } == [3, 2])
            #expect(try await api.call(.get, "/api/v1/hotspots?min=2&days=7&limit=1", token: leader).json.array.map { $0["count"].int } == [3])
            #expect(try await api.call(.get, "/api/v1/hotspots?limit=0", token: leader).status == .badRequest)
            // Each lists its most recent cases only, as many as asked; `count` holds them all.
            let trimmed = try await api.call(.get, "/api/v1/hotspots?min=2&days=7&cases=1", token: leader).json.array
            #expect(trimmed.map { $0["count"].int } == [3, 2] && trimmed.allSatisfy { $0["caseIds"].array.count == 1 && $0["numbers"].array.count == 1 })
            let all = try await api.call(.get, "/api/v1/hotspots?min=2&days=7", token: leader).json.array
            #expect(trimmed.first?["caseIds"].array.last?.int == all.first?["caseIds"].array.last?.int, "the most recent")
            #expect(try await api.call(.get, "/api/v1/hotspots?cases=-1", token: leader).status == .badRequest)

            // With the defaults (3 cases, 30 days, 100 m) the answer comes from the city's last stored run: as of that
            // run until the next one; other numbers find their own.
            func counts(_ query: String) async throws -> [Int?] {
                try await api.call(.get, "/api/v1/hotspots\(query)", token: leader).json.array.map { $0["count"].int }
            }
            #expect(try await counts("") == [3], "no run stored yet: found at once")
            #expect(try await city.platform.hotspots.refresh() == 1)
            _ = try await api.report(inspector, source: "inspector", category: "event:0110", cell: (1, 1))
            #expect(try await counts("") == [3], "as of the stored run")
            #expect(try await counts("?metres=99") == [3, 3], "other numbers: found at once")
            #expect(try await city.platform.hotspots.refresh() == 2)
            #expect(try await counts("?min=3&days=30&metres=100") == [3, 3], "the next run")
        }
    }
}
