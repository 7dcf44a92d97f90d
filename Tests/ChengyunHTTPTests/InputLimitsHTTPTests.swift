import ChengyunCore
import ChengyunTesting
import Foundation
import Hummingbird
import Testing

/// Issue 14 finding 6: every free-text field has a limit, text holds no control characters, phones are phones, and a
/// JSON body is small.
@Suite("输入限制 input limits over HTTP", .enabled(if: TestCity.storeKind == "sqlite", "the same on either store: run once, in the first pass"))
struct InputLimitsHTTPTests {
    static func long(_ n: Int, _ unit: String = "字") -> String { String(repeating: unit, count: n) }

    func report(_ api: API, _ token: String, _ extra: String, description: String = "测试问题") async throws -> Reply {
        let p = TestCity.point(0, 0)
        return try await api.call(.post, "/api/v1/cases", token: token, json: """
            {"source":"resident","categoryId":"event:0110","description":"\(description)","location":{"lon":\(p.lon),"lat":\(p.lat)}\(extra)}
            """)
    }

    func expectRefused(_ reply: Reply, _ status: HTTPResponse.Status = .badRequest, code: String, field: String?, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == status, "\(reply.json)", sourceLocation: sourceLocation)
        #expect(reply.json["error"]["code"].string == code, "\(reply.json)", sourceLocation: sourceLocation)
        if let field { #expect(reply.json["error"]["field"].string == field, "\(reply.json)", sourceLocation: sourceLocation) }
    }

    @Test("上报：描述 ≤ 2000、地址 ≤ 200、姓名 ≤ 50 字，超出即 400 input.too_long 并指明字段")
    func reportLengths() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let resident = try await api.login("resident1")
            #expect(try await report(api, resident, "", description: Self.long(2000)).status == .created)
            expectRefused(try await report(api, resident, "", description: Self.long(2001)), code: "input.too_long", field: "description")
            #expect(try await report(api, resident, #","address":"\#(Self.long(200))","reporterName":"\#(Self.long(50))""#).status == .created)
            expectRefused(try await report(api, resident, #","address":"\#(Self.long(201))""#), code: "input.too_long", field: "address")
            expectRefused(try await report(api, resident, #","reporterName":"\#(Self.long(51))""#), code: "input.too_long", field: "reporterName")
            expectRefused(try await report(api, resident, #","externalRef":"\#(Self.long(65, "x"))""#), code: "input.too_long", field: "externalRef")
            // Nothing of the refused reports was stored.
            let mine = try await api.call(.get, "/api/v1/cases?mine=true", token: resident).json
            #expect(mine["total"].int == 2)
        }
    }

    @Test("文本中的控制字符被拒绝；描述可以换行，姓名与地址不可以")
    func controlCharacters() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let resident = try await api.login("resident1")
            #expect(try await report(api, resident, "", description: #"第一行\n第二行\t完"#).status == .created)
            expectRefused(try await report(api, resident, "", description: #"响铃\u0007"#), code: "input.control_character", field: "description")
            expectRefused(try await report(api, resident, #","reporterName":"王\u0000明""#), code: "input.control_character", field: "reporterName")
            expectRefused(try await report(api, resident, #","address":"某路\n1号""#), code: "input.control_character", field: "address")
        }
    }

    @Test("电话：手机、带区号的固话（可带分机）与 +86 形式可用，其余 400 input.phone")
    func phones() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let resident = try await api.login("resident1")
            for phone in ["13912345678", "139-1234-5678", "021-12345678", "01012345678", "0571-8765432", "021-12345678-123", "021-12345678转8",
                          "+86 139 1234 5678", "+8613912345678", "+86-21-12345678", "008613912345678", " 13912345678 "] {
                let reply = try await report(api, resident, #","reporterPhone":"\#(phone)""#)
                #expect(reply.status == .created, "\(phone): \(reply.json)")
            }
            for phone in ["12345", "call me", "1391234567", "139123456789", "12912345678", "12345678", "+1 415 555 1234", "021-123", "13912345678; DROP"] {
                expectRefused(try await report(api, resident, #","reporterPhone":"\#(phone)""#), code: "input.phone", field: "reporterPhone")
            }
            let admin = try await api.login("admin")
            let district = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=district", token: admin).json[0]["id"].int)
            let user = try await api.call(.post, "/api/v1/users", token: admin, json: #"{"username":"phone.test","displayName":"测试","phone":"555-CALL","password":"long-enough-1","assignments":[{"role":"dutyOfficer","nodeId":\#(district)}]}"#)
            expectRefused(user, code: "input.phone", field: "phone")
            let police = try await api.apiKey("110", sources: ["police110"], admin: admin)
            let p = TestCity.point(0, 0)
            let call = try await api.call(.post, "/api/v1/intake/110", token: police, json: #"{"callId":"C-1","categoryId":"event:0110","description":"噪声","location":{"lon":\#(p.lon),"lat":\#(p.lat)},"callerPhone":"110"}"#)
            expectRefused(call, code: "input.phone", field: "callerPhone")
        }
    }

    @Test("动作说明 ≤ 1000、会商决定 ≤ 2000、交接班与列表有上限")
    func actionsAndDuty() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let resident = try await api.login("resident1")
            let duty = try await api.login("duty.s1")
            let id = try #require(try await report(api, resident, "").json["id"].int)
            expectRefused(try await api.act(id, "reject", token: duty, json: #"{"reason":"\#(Self.long(1001))"}"#), code: "input.too_long", field: "reason")
            expectRefused(try await api.act(id, "accept", token: duty, json: #"{"note":"\#(Self.long(1001))"}"#), code: "input.too_long", field: "note")
            #expect(try await api.call(.get, "/api/v1/cases/\(id)", token: duty).json["state"].string == "reported")
            #expect(try await api.act(id, "accept", token: duty, json: #"{"note":"\#(Self.long(1000))"}"#).status == .ok)

            let street = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=street", token: duty).json[0]["id"].int)
            let handover = try await api.call(.post, "/api/v1/duty/handovers", token: duty, json: #"{"nodeId":\#(street),"note":"\#(Self.long(2001))"}"#)
            expectRefused(handover, code: "input.too_long", field: "note")
            let items = Array(repeating: #""一件事""#, count: 51).joined(separator: ",")
            expectRefused(try await api.call(.post, "/api/v1/duty/handovers", token: duty, json: #"{"nodeId":\#(street),"note":"平稳","items":[\#(items)]}"#),
                          code: "input.too_many", field: "items")
        }
    }

    @Test("组织节点、部门、类别、规则、摄像头、用户与 API 密钥的名称有上限")
    func names() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let cityID = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=city", token: admin).json[0]["id"].int)
            let district = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=district", token: admin).json[0]["id"].int)
            expectRefused(try await api.call(.post, "/api/v1/org/nodes", token: admin, json: #"{"parentId":\#(cityID),"kind":"district","code":"990009","name":"\#(Self.long(51))"}"#),
                          code: "input.too_long", field: "name")
            expectRefused(try await api.call(.post, "/api/v1/org/nodes", token: admin, json: #"{"parentId":\#(cityID),"kind":"district","code":"990009","name":"  "}"#),
                          code: "input.required", field: "name")
            expectRefused(try await api.call(.post, "/api/v1/org/nodes", token: admin, json: #"{"parentId":\#(cityID),"kind":"district","variant":"castle","code":"990009","name":"新区"}"#),
                          code: "node.invalid_variant", field: "variant")
            let kind = try #require(try await api.call(.get, "/api/v1/department-kinds", token: admin).json[0]["code"].string)
            expectRefused(try await api.call(.post, "/api/v1/departments", token: admin, json: #"{"nodeId":\#(cityID),"kind":"\#(kind)","code":"D-X","name":"局\u0001"}"#),
                          code: "input.control_character", field: "name")
            var category = try #require(try await api.call(.get, "/api/v1/taxonomy", token: admin).json["categories"][0].value as? [String: Any])
            category["name"] = Self.long(51)
            let body = String(decoding: try JSONSerialization.data(withJSONObject: category), as: UTF8.self)
            expectRefused(try await api.call(.put, "/api/v1/taxonomy/categories", token: admin, json: body), code: "input.too_long", field: "name")
            let lead = try #require(try await api.departments(token: admin).first { $0["nodeId"].int == cityID }?["id"].int)
            expectRefused(try await api.call(.post, "/api/v1/rules", token: admin, json: #"{"name":"\#(Self.long(101))","leadDepartmentId":\#(lead)}"#),
                          code: "input.too_long", field: "name")
            let p = TestCity.point(0, 0)
            expectRefused(try await api.call(.post, "/api/v1/cameras", token: admin, json: #"{"code":"CAM-1","name":"\#(Self.long(101))","location":{"lon":\#(p.lon),"lat":\#(p.lat)}}"#),
                          code: "input.too_long", field: "name")
            expectRefused(try await api.call(.post, "/api/v1/users", token: admin, json: #"{"username":"long.name","displayName":"\#(Self.long(51))","password":"long-enough-1","assignments":[{"role":"dutyOfficer","nodeId":\#(district)}]}"#),
                          code: "input.too_long", field: "displayName")
            expectRefused(try await api.call(.post, "/api/v1/apikeys", token: admin, json: #"{"name":"\#(Self.long(51, "k"))","sources":["hotline"],"nodeId":\#(cityID)}"#),
                          code: "input.too_long", field: "name")
        }
    }

    @Test("普通 JSON 请求体上限 256 KiB（413 request.too_large）；整表替换（分类表）可更大")
    func bodySize() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let resident = try await api.login("resident1")
            // The finding: a 15 MiB address. The body is refused before it is read whole.
            let huge = try await report(api, resident, #","address":"\#(Self.long(300 * 1024, "a"))""#)
            expectRefused(huge, .contentTooLarge, code: "request.too_large", field: "body")
            let admin = try await api.login("admin")
            let taxonomy = try await api.call(.get, "/api/v1/taxonomy", token: admin)
            var whole = try #require(taxonomy.json.value as? [String: Any])
            var categories = try #require(whole["categories"] as? [[String: Any]])
            // A bigger table than an ordinary body may be: the categories' criteria at their longest.
            for i in categories.indices { categories[i]["acceptanceCriteria"] = Self.long(1000, "甲") }
            whole["categories"] = categories
            let data = try JSONSerialization.data(withJSONObject: whole)
            #expect(data.count > 256 * 1024)
            let saved = try await api.call(.put, "/api/v1/taxonomy", token: admin, json: String(decoding: data, as: UTF8.self))
            #expect(saved.status == .ok, "\(saved.json)")
        }
    }

    @Test("Open311 提交：字段以 GeoReport 名称检查，紧急程度须为已知值")
    func open311() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let key = try await api.apiKey("app", sources: ["resident"], admin: admin)
            let p = TestCity.point(0, 0)
            let base = "api_key=\(key)&service_code=event-0110&lat=\(p.lat)&long=\(p.lon)&description=%E5%9E%83%E5%9C%BE"
            for (extra, word) in [("&address_string=" + Self.long(201, "a"), "address_string"), ("&phone=12345", "phone"),
                                  ("&attribute%5Burgency%5D=panic", "urgency"), ("&first_name=" + Self.long(51, "a"), "first_name")] {
                let reply = try await api.call(.post, "/open311/v2/requests.json", body: Array((base + extra).utf8), contentType: "application/x-www-form-urlencoded")
                #expect(reply.status == .badRequest, "\(word): \(reply.json)")
                #expect(reply.json[0]["description"].string?.contains(word) == true, "\(reply.json)")
            }
            let fine = try await api.call(.post, "/open311/v2/requests.json", body: Array((base + "&phone=021-12345678&attribute%5Burgency%5D=urgent").utf8), contentType: "application/x-www-form-urlencoded")
            #expect(fine.status == .created, "\(fine.json)")
        }
    }
}
