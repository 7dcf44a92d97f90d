import ChengyunCore
import ChengyunTesting
import Foundation
import Hummingbird
import Testing

@Suite("Open311 GeoReport v2 over HTTP")
struct Open311HTTPTests {
    @Test("服务列表、服务定义、提交与查询（JSON 与 XML），公开响应不含个人信息，110/12345 不公开")
    func georeport() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let services = try await api.call(.get, "/open311/v2/services.json")
            #expect(services.status == .ok)
            #expect(services.json.array.count >= 50)
            #expect(services.json[0]["metadata"].bool == true)
            let xml = try await api.call(.get, "/open311/v2/services.xml")
            #expect(xml.headers[.contentType] == "text/xml; charset=utf-8")
            #expect(String(buffer: xml.body).hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<services><service><service_code>"))
            #expect(try await api.call(.get, "/open311/v2/services/event-0110.json").json["attributes"][0]["code"].string == "urgency")
            #expect(try await api.call(.get, "/open311/v2/services/event-9999.json").status == .notFound)

            let key = try await api.apiKey("app", sources: ["resident"], admin: admin)
            let p = TestCity.point(0, 0)
            let form = "api_key=\(key)&service_code=event-0110&lat=\(p.lat)&long=\(p.lon)&description=%E5%9E%83%E5%9C%BE&first_name=%E5%B0%8F%E6%98%8E&phone=13912345678"
            let posted = try await api.call(.post, "/open311/v2/requests.json", body: Array(form.utf8), contentType: "application/x-www-form-urlencoded")
            #expect(posted.status == .created, "\(posted.json)")
            let id = try #require(posted.json[0]["service_request_id"].string)
            let one = try await api.call(.get, "/open311/v2/requests/\(id).json")
            #expect(one.json[0]["status"].string == "open")
            #expect(one.json[0]["description"].string == "垃圾")
            #expect(one.json[0]["status_notes"].string == "已接收，等待受理")
            let stored = try #require(try await api.call(.get, "/api/v1/cases/\(id)", token: admin).json["reporterPhone"].string)
            #expect(stored == "139****5678")
            for path in ["/open311/v2/requests/\(id).json", "/open311/v2/requests/\(id).xml", "/open311/v2/requests.json", "/open311/v2/requests.xml"] {
                let text = String(buffer: try await api.call(.get, path).body)
                #expect(!text.contains("13912345678") && !text.contains("小明"), "\(path)")
            }
            #expect(try await api.call(.get, "/open311/v2/requests.json?status=closed").json.array.allSatisfy { $0["status"].string == "closed" })
            #expect(try await api.call(.get, "/open311/v2/requests.json?service_request_id=\(id)").json.array.count == 1)
            #expect(try await api.call(.get, "/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-12-01T00:00:00Z").status == .badRequest)

            // A 12345 ticket is not published.
            let hotline = try await api.apiKey("12345", sources: ["hotline"], admin: admin)
            let ticket = try await api.call(.post, "/api/v1/intake/12345", token: hotline, json: #"{"ticketId":"T1","categoryId":"event:0110","description":"热线","location":{"lon":\#(p.lon),"lat":\#(p.lat)}}"#)
            let ticketCase = try #require(ticket.json["status"]["caseId"].int)
            #expect(try await api.call(.get, "/open311/v2/requests/\(ticketCase).json").status == .notFound)
            // Posting needs a key allowed to report as a resident; errors come as Open311 error lists.
            let refused = try await api.call(.post, "/open311/v2/requests.xml", body: Array(form.replacingOccurrences(of: key, with: hotline).utf8), contentType: "application/x-www-form-urlencoded")
            #expect(refused.status == .forbidden)
            #expect(String(buffer: refused.body).contains("<errors><error><code>403</code>"))
        }
    }
}
