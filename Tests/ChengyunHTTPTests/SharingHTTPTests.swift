import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird
import Testing

/// Issue 14, governance: 数据瞬时共享 — an emergency widening of an external system's scope, which expires by itself.
@Suite("数据瞬时共享 an emergency widening of sharing")
struct SharingHTTPTests {
    @Test("领导临时扩大一个系统的数据范围：立即生效、到期自动失效、可提前结束，全程留痕")
    func wideningExpiresByItself() async throws {
        let clock = ManualWallClock(Date())
        let city = try await TestCity(clock: clock)
        try await city.test { api in
            let seeded = try await ScopeHTTPTests.seed(api)
            let admin = try await api.login("admin")
            let nodes = try await api.call(.get, "/api/v1/org/nodes?kind=district", token: admin).json.array
            let (d1, d2) = (try #require(nodes.first?["id"].int), try #require(nodes.last?["id"].int))
            let created = try await api.call(.post, "/api/v1/apikeys", token: admin, json: #"{"name":"d1-hotline","sources":["hotline"],"nodeId":\#(d1)}"#)
            let key = try #require(created.json["key"].string)
            let keyID = try #require(created.json["record"]["id"].int)
            #expect(try await api.call(.get, "/api/v1/cases/\(seeded.outside)", token: key).status == .notFound)

            // The district's leader may not widen to the whole other district; the city's leader may.
            let leaderD1 = try await api.login("leader.d1")
            let body = #"{"nodeId":\#(d2),"hours":2,"reason":"暴雨红色预警，跨区调度"}"#
            #expect(try await api.call(.post, "/api/v1/apikeys/\(keyID)/widenings", token: leaderD1, json: body).status == .forbidden)
            let leader = try await api.login("leader")
            let noReason = try await api.call(.post, "/api/v1/apikeys/\(keyID)/widenings", token: leader, json: #"{"nodeId":\#(d2),"hours":2,"reason":""}"#)
            #expect(noReason.json["error"]["field"].string == "reason")
            #expect(try await api.call(.post, "/api/v1/apikeys/\(keyID)/widenings", token: leader, json: #"{"nodeId":\#(d2),"hours":200,"reason":"太久"}"#).status == .badRequest)
            let widened = try await api.call(.post, "/api/v1/apikeys/\(keyID)/widenings", token: leader, json: body)
            #expect(widened.status == .created, "\(widened.json)")
            #expect(try await api.call(.get, "/api/v1/cases/\(seeded.outside)", token: key).status == .ok)

            // Two hours later it is over by itself.
            clock.advance(hours: 2.01)
            #expect(try await api.call(.get, "/api/v1/cases/\(seeded.outside)", token: key).status == .notFound)

            // A second widening, ended early.
            let again = try await api.call(.post, "/api/v1/apikeys/\(keyID)/widenings", token: leader, json: body)
            let wideningID = try #require(again.json["id"].int)
            #expect(try await api.call(.get, "/api/v1/cases/\(seeded.outside)", token: key).status == .ok)
            #expect(try await api.call(.delete, "/api/v1/apikeys/\(keyID)/widenings/\(wideningID)", token: leader).status == .noContent)
            #expect(try await api.call(.get, "/api/v1/cases/\(seeded.outside)", token: key).status == .notFound)
            let list = try await api.call(.get, "/api/v1/apikeys/\(keyID)/widenings", token: admin).json.array
            #expect(list.count == 2)

            let auditor = try await AccountSecurityHTTPTests().makeAuditor(api, admin: admin)
            let trail = try await api.call(.get, "/api/v1/audit?action=sharing.", token: auditor).json["items"].array
            #expect(trail.compactMap { $0["action"].string }.sorted() == ["sharing.widened", "sharing.widened", "sharing.widening_ended"])
            #expect(trail.last?["reason"].string == "暴雨红色预警，跨区调度")
        }
    }
}
