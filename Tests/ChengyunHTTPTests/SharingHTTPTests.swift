import ChengyunCore
import ChengyunServices
import ChengyunTesting
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

/// Issue 14, governance: each department's sharing terms (purpose, daily volume, end) enforced on its key, and the
/// periodic sharing report (数据共享情况通报).
@Suite("共享条款 sharing terms and the sharing report")
struct SharingTermsHTTPTests {
    @Test("共享条款：每日限额到即拒绝（429），条款到期即停用；通报按天列出使用与拒绝")
    func termsAreEnforcedAndReported() async throws {
        let clock = ManualWallClock(Date())
        let city = try await TestCity(clock: clock)
        try await city.test { api in
            let admin = try await api.login("admin")
            let key = try await api.apiKey("water-dept", sources: ["sensor"], admin: admin)
            let keyID = try #require(try await api.call(.get, "/api/v1/apikeys", token: admin).json.array.first { $0["name"].string == "water-dept" }?["id"].int)
            #expect(try await api.call(.put, "/api/v1/apikeys/\(keyID)/terms", token: admin, json: #"{"purpose":""}"#).json["error"]["field"].string == "purpose")
            let until = ISO8601DateFormatter().string(from: clock.now().addingTimeInterval(3 * 86_400))
            let set = try await api.call(.put, "/api/v1/apikeys/\(keyID)/terms", token: admin,
                                         json: #"{"purpose":"排水设施监测与防汛调度","dailyLimit":3,"until":"\#(until)"}"#)
            #expect(set.status == .ok, "\(set.json)")
            #expect(set.json["terms"]["dailyLimit"].int == 3)
            for _ in 0..<3 { #expect(try await api.call(.get, "/api/v1/me", token: key).status == .ok) }
            let over = try await api.call(.get, "/api/v1/me", token: key)
            #expect(over.status == .tooManyRequests)
            #expect(over.json["error"]["code"].string == "apikey.daily_limit")
            #expect(Int(over.headers[.retryAfter] ?? "") ?? 0 > 0)
            // A new day, a new allowance; after the terms' end the key stops.
            clock.advance(hours: 24)
            #expect(try await api.call(.get, "/api/v1/me", token: key).status == .ok)
            clock.advance(hours: 49)
            let ended = try await api.call(.get, "/api/v1/me", token: key)
            #expect(ended.status == .forbidden)
            #expect(ended.json["error"]["code"].string == "apikey.terms_ended")

            // Three days on, the sessions of the morning have ended: sign in again.
            let auditor = try await AccountSecurityHTTPTests().makeAuditor(api, admin: try await api.login("admin"))
            let report = try await api.call(.get, "/api/v1/sharing/report?days=7", token: auditor)
            #expect(report.status == .ok, "\(report.json)")
            let entry = try #require(report.json["keys"].array.first { $0["key"]["name"].string == "water-dept" })
            #expect(entry["requests"].int == 4)
            #expect(entry["refused"].int == 1)
            #expect(entry["days"].array.count == 2)
            #expect(entry["key"]["terms"]["purpose"].string == "排水设施监测与防汛调度")
            #expect(try await api.call(.get, "/api/v1/sharing/report", token: try await api.login("duty")).status == .forbidden)
            let trail = try await api.call(.get, "/api/v1/audit?action=sharing.terms", token: auditor).json["items"].array
            #expect(trail.first?["reason"].string == "排水设施监测与防汛调度")
        }
    }
}
