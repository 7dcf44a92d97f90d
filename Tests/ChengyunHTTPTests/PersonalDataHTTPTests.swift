import ChengyunCore
import ChengyunDemo
import ChengyunHTTP
import ChengyunServices
import ChengyunTesting
import Foundation
import HTTPTypes
import Hummingbird
import Testing

/// Issue 14, finding 7: reads of unmasked personal data are on the record, with a purpose, and unusual ones alert.
@Suite("个人信息 reads on the record")
struct PersonalDataHTTPTests {
    @Test("查看报告人联系方式须说明理由并记入使用痕迹；超量告警审计员")
    func revealIsAudited() async throws {
        var settings = PlatformSettings()
        settings.security.accessWatch.readsPerHour = 2
        settings.security.accessWatch.offHoursFrom = 0
        settings.security.accessWatch.offHoursTo = 0
        let city = try await TestCity(settings: settings)
        try await city.test { api in
            let resident = try await api.login("resident1")
            let created = try await api.report(resident, extra: #","reporterName":"王小明","reporterPhone":"13912345678""#)
            let id = try #require(created["id"].int)
            #expect(created["reporterPhone"].string != "13912345678")
            let duty = try await api.login("duty")
            let noReason = try await api.call(.post, "/api/v1/cases/\(id)/reporter", token: duty, json: #"{"reason":""}"#)
            #expect(noReason.status == .badRequest)
            #expect(noReason.json["error"]["field"].string == "reason")
            #expect(try await api.call(.post, "/api/v1/cases/\(id)/reporter", token: resident, json: #"{"reason":"看看"}"#).status == .forbidden)
            let elsewhere = try await api.login("duty.d2")
            #expect(try await api.call(.post, "/api/v1/cases/\(id)/reporter", token: elsewhere, json: #"{"reason":"回访"}"#).status != .ok)
            for _ in 0..<3 {
                let shown = try await api.call(.post, "/api/v1/cases/\(id)/reporter", token: duty, json: #"{"reason":"回访核实处置结果"}"#)
                #expect(shown.status == .ok)
                #expect(shown.json["phone"].string == "13912345678")
            }
            let admin = try await api.login("admin")
            let auditor = try await AccountSecurityHTTPTests().makeAuditor(api, admin: admin)
            let reads = try await api.call(.get, "/api/v1/audit?action=personal.read", token: auditor).json["items"].array
            #expect(reads.count == 3)
            #expect(reads.first?["reason"].string == "回访核实处置结果")
            #expect(reads.first?["actor"].string == "duty")
            let residentID = try #require(try await api.call(.get, "/api/v1/me", token: resident).json["id"].int)
            #expect(try await api.call(.get, "/api/v1/audit?subjectUserId=\(residentID)&action=personal.", token: auditor).json["items"].array.count == 3)
            let alerts = try await api.call(.get, "/api/v1/audit?action=alert.", token: auditor).json["items"].array
            #expect(alerts.count == 1)
            #expect(alerts.first?["detail"].string?.contains("within an hour") == true)
        }
    }
}

/// Issue 14, finding 7: what the public and an Open311 client may read.
@Suite("公开数据 the public feed and a client key's terms")
struct PublicFeedHTTPTests {
    @Test("Open311 公开列表去掉文字中的电话、身份证号与标记；Open311 客户端密钥读不到案件列表")
    func publicTextAndClientTerms() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let resident = try await api.login("resident1")
            let p = TestCity.point(0, 0)
            let body = #"{"source":"resident","categoryId":"event:0110","description":"垃圾没人收，联系我 13912345678 或 310101199003071234","address":"<b>长乐路</b>1号","location":{"lon":\#(p.lon),"lat":\#(p.lat)}}"#
            let created = try await api.call(.post, "/api/v1/cases", token: resident, json: body)
            #expect(created.status == .created, "\(created.json)")
            let id = try #require(created.json["id"].int)
            let feed = try await api.call(.get, "/open311/v2/requests/\(id).json")
            #expect(feed.status == .ok)
            let text = String(buffer: feed.body)
            #expect(!text.contains("13912345678") && !text.contains("310101199003071234") && !text.contains("<b>"))
            #expect(feed.json[0]["description"].string == "垃圾没人收，联系我 ＊＊＊ 或 ＊＊＊")
            #expect(feed.json[0]["address"].string == "长乐路1号")
            let admin = try await api.login("admin")
            let key = try await api.apiKey("open311-app", sources: ["resident"], admin: admin)
            let list = try await api.call(.get, "/api/v1/cases", token: key)
            #expect(list.status == .forbidden)
            #expect(list.json["error"]["code"].string == "apikey.terms")
            #expect(try await api.call(.get, "/api/v1/cases/\(id)", token: key).status == .notFound)
        }
    }
}
