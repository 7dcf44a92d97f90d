import ChengyunCore
import ChengyunHTTP
import ChengyunTesting
import Foundation
import Hummingbird
import Testing

@Suite("管理 administration, grids, OpenAPI, operations")
struct AdminHTTPTests {
    @Test("分类与规则只能由范围内的管理员修改")
    func configNeedsAdmin() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let duty = try await api.login("duty")
            let admin = try await api.login("admin")
            let districtAdmin = try await api.login("admin.d1")
            let taxonomy = try await api.call(.get, "/api/v1/taxonomy", token: duty)
            #expect(taxonomy.json["categories"].array.count >= 90)
            let category = #"{"kind":"event","code":"0699","majorName":"其他事件","name":"共享单车乱停放","nameEn":"Shared bikes parked badly","leadDepartmentKind":"chengguan","urgency":"normal","deadlineHours":{"normal":24,"urgent":8,"critical":2},"hoursKind":"natural","acceptanceCriteria":"影响通行","closingCriteria":"已清理"}"#
            #expect(try await api.call(.put, "/api/v1/taxonomy/categories", token: duty, json: category).status == .forbidden)
            #expect(try await api.call(.put, "/api/v1/taxonomy/categories", token: districtAdmin, json: category).status == .forbidden)
            let added = try await api.call(.put, "/api/v1/taxonomy/categories", token: admin, json: category)
            #expect(added.status == .ok, "\(added.json)")
            let bad = category.replacingOccurrences(of: "\"chengguan\"", with: "\"nobody\"")
            let rejected = try await api.call(.put, "/api/v1/taxonomy/categories", token: admin, json: bad)
            #expect(rejected.status == .unprocessableContent)

            let nodes = try await api.call(.get, "/api/v1/org/nodes?kind=district", token: admin).json.array
            let d1 = nodes[0]["id"].int!
            let cityID = try await api.call(.get, "/api/v1/org/nodes?kind=city", token: admin).json[0]["id"].int!
            let departments = try await api.call(.get, "/api/v1/departments", token: admin).json.array
            let districtDept = departments.first { $0["nodeId"].int == d1 }!["id"].int!
            let rule = #"{"name":"东湖区共享单车","categoryId":"event:0699","areaNodeId":\#(d1),"leadDepartmentId":\#(districtDept),"window":{"weekdays":[1,2,3,4,5],"start":"08:00","end":"20:00"}}"#
            let created = try await api.call(.post, "/api/v1/rules", token: districtAdmin, json: rule)
            #expect(created.status == .created, "\(created.json)")
            let cityRule = rule.replacingOccurrences(of: "\"areaNodeId\":\(d1)", with: "\"areaNodeId\":\(cityID)")
            #expect(try await api.call(.post, "/api/v1/rules", token: districtAdmin, json: cityRule).status == .forbidden)
            let badWindow = rule.replacingOccurrences(of: "\"08:00\"", with: "\"8am\"")
            let invalid = try await api.call(.post, "/api/v1/rules", token: districtAdmin, json: badWindow)
            #expect(invalid.status == .badRequest)
            #expect(invalid.json["error"]["field"].string == "window.start")
            // A rule with no area is for the whole city: the city's admin may give one, a district's may not.
            let citywide = #"{"name":"全市共享单车","categoryId":"event:0699","leadDepartmentId":\#(departments.first { $0["nodeId"].int == cityID }!["id"].int!)}"#
            #expect(try await api.call(.post, "/api/v1/rules", token: districtAdmin, json: citywide).status == .forbidden)
            let made = try await api.call(.post, "/api/v1/rules", token: admin, json: citywide)
            #expect(made.status == .created, "\(made.json)")
            #expect(made.json["areaNodeId"].int == cityID)
            let ruleID = created.json["id"].int!
            #expect(try await api.call(.delete, "/api/v1/rules/\(ruleID)", token: duty).status == .forbidden)
            #expect(try await api.call(.delete, "/api/v1/rules/\(ruleID)", token: districtAdmin).status == .noContent)
        }
    }

    @Test("GeoJSON 网格导入：自相交、越出上级或压在别的网格上都被拒绝并指出要素；一分为二的网格导入后可定位")
    func gridImport() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let duty = try await api.login("duty")
            let bowtie = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"990001001001900","name":"坏网格","kind":"grid","parentCode":"990001001001"},"geometry":{"type":"Polygon","coordinates":[[[121.5,31.5],[121.501,31.501],[121.501,31.5],[121.5,31.501],[121.5,31.5]]]}}]}"#
            let rejected = try await api.call(.post, "/api/v1/grids/import", token: admin, body: Array(bowtie.utf8), contentType: "application/geo+json")
            #expect(rejected.status == .unprocessableContent, "\(rejected.json)")
            #expect(rejected.json["error"]["field"].string?.hasPrefix("features[0]") == true)
            let notJSON = try await api.call(.post, "/api/v1/grids/import", token: admin, body: Array("hello".utf8), contentType: "application/geo+json")
            #expect(notJSON.status == .unprocessableContent)
            // A grid far from its committee is refused, naming the feature and what to check.
            let faraway = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"990001001001900","name":"新网格","kind":"grid","parentCode":"990001001001"},"geometry":{"type":"Polygon","coordinates":[[[121.6,31.6],[121.601,31.6],[121.601,31.601],[121.6,31.601],[121.6,31.6]]]}}]}"#
            #expect(try await api.call(.post, "/api/v1/grids/import", token: duty, body: Array(faraway.utf8)).status == .forbidden)
            let outside = try await api.call(.post, "/api/v1/grids/import?dryRun=true", token: admin, body: Array(faraway.utf8), contentType: "application/geo+json")
            #expect(outside.status == .unprocessableContent)
            #expect(outside.json["error"]["code"].string == "geojson.outside_parent" && outside.json["error"]["field"].string == "features[0].geometry")

            // Splitting a grid: the old one gets its western half (its own code), the new one the eastern half.
            let p = TestCity.point(0, 0)
            let old = try await api.call(.get, "/api/v1/grids/locate?lon=\(p.lon)&lat=\(p.lat)", token: duty).json["grid"]
            let oldCode = try #require(old["code"].string)
            let ring = try await api.call(.get, "/api/v1/org/nodes/\(old["id"].int!)/area", token: admin).json["coordinates"][0].array
                .map { ($0[0].double!, $0[1].double!) }
            let (west, east) = (ring.map(\.0).min()!, ring.map(\.0).max()!)
            let (south, north) = (ring.map(\.1).min()!, ring.map(\.1).max()!)
            let middle = (west + east) / 2
            func box(_ w: Double, _ e: Double) -> String { "[[[\(w),\(south)],[\(e),\(south)],[\(e),\(north)],[\(w),\(north)],[\(w),\(south)]]]" }
            func feature(_ code: String, _ name: String, _ coordinates: String) -> String {
                #"{"type":"Feature","properties":{"code":"\#(code)","name":"\#(name)","kind":"grid","parentCode":"990001001001"},"geometry":{"type":"Polygon","coordinates":\#(coordinates)}}"#
            }
            let newHalf = feature("990001001001900", "新网格", box(middle, east))
            // The new half alone lies on the old grid: refused, saying how to split.
            let alone = try await api.call(.post, "/api/v1/grids/import?dryRun=true", token: admin, body: Array(#"{"type":"FeatureCollection","features":[\#(newHalf)]}"#.utf8))
            #expect(alone.json["error"]["code"].string == "geojson.overlaps", "\(alone.json)")
            let split = #"{"type":"FeatureCollection","features":[\#(newHalf),\#(feature(oldCode, "旧网格", box(west, middle)))]}"#
            // A dry run (the console's preview) checks the file and counts, storing nothing.
            let preview = try await api.call(.post, "/api/v1/grids/import?dryRun=true", token: admin, body: Array(split.utf8), contentType: "application/geo+json")
            #expect(preview.status == .ok, "\(preview.json)")
            #expect(preview.json["dryRun"].bool == true && preview.json["created"].int == 1 && preview.json["updated"].int == 1 && preview.json["kinds"]["grid"].int == 1)
            let eastPoint = (lon: (middle + east) / 2, lat: (south + north) / 2)
            #expect(try await api.call(.get, "/api/v1/grids/locate?lon=\(eastPoint.lon)&lat=\(eastPoint.lat)", token: duty).json["grid"]["code"].string == oldCode)
            let badPreview = try await api.call(.post, "/api/v1/grids/import?dryRun=true", token: admin, body: Array(bowtie.utf8), contentType: "application/geo+json")
            #expect(badPreview.status == .unprocessableContent)
            let imported = try await api.call(.post, "/api/v1/grids/import", token: admin, body: Array(split.utf8), contentType: "application/geo+json")
            #expect(imported.status == .created, "\(imported.json)")
            #expect(imported.json["created"].int == 1 && imported.json["updated"].int == 1)
            let located = try await api.call(.get, "/api/v1/grids/locate?lon=\(eastPoint.lon)&lat=\(eastPoint.lat)", token: duty).json
            #expect(located["grid"]["code"].string == "990001001001900")
            #expect(located["ancestors"].array.map { $0["kind"].string } == ["city", "district", "street", "committee"])
            let westPoint = (lon: (west + middle) / 2, lat: (south + north) / 2)
            #expect(try await api.call(.get, "/api/v1/grids/locate?lon=\(westPoint.lon)&lat=\(westPoint.lat)", token: duty).json["grid"]["code"].string == oldCode)
        }
    }

    @Test("整表保存带版本：两位管理员同时改工作日历或处置权，后保存的一方得到 412 而不是悄悄覆盖")
    func wholeTablesCarryTheirVersion() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            for path in ["/api/v1/calendar", "/api/v1/handling-powers"] {
                let loaded = try await api.call(.get, path, token: admin)
                let tag = try #require(loaded.headers[.eTag])
                let body = String(buffer: loaded.body)
                // The first admin saves (the table as it was: the tag stays the same)…
                let first = try await api.call(.put, path, token: admin, json: body, headers: [.ifMatch: tag])
                #expect(first.status == .ok, "\(path): \(first.json)")
                #expect(first.headers[.eTag] == tag)
                // …a real change gives a new tag, and a save based on the old one is refused.
                let changed = path.hasSuffix("calendar")
                    ? body.replacingOccurrences(of: #""holidays":["#, with: #""holidays":["2031-01-01","#)
                    : "[]"
                let second = try await api.call(.put, path, token: admin, json: changed, headers: [.ifMatch: tag])
                #expect(second.status == .ok, "\(path): \(second.json)")
                #expect(second.headers[.eTag] != tag)
                let stale = try await api.call(.put, path, token: admin, json: body, headers: [.ifMatch: tag])
                #expect(stale.status == .preconditionFailed, "\(path): \(stale.json)")
                #expect(stale.json["error"]["code"].string == "edit.stale")
                // Without If-Match the table is replaced as before.
                #expect(try await api.call(.put, path, token: admin, json: body).status == .ok)
            }
        }
    }

    @Test("日期参数取工作日历所在时区的零点：时区改为 UTC 后，from=当天不再包含当地凌晨报的案件")
    func datesAreLocalMidnights() async throws {
        // 2026-11-23T20:00Z: 04:00 on the 24th at UTC+8, still the 23rd at UTC.
        let city = try await TestCity(clock: ManualWallClock(Date(timeIntervalSince1970: 1_795_464_000)))
        try await city.test { api in
            let resident = try await api.login("resident1")
            let id = try #require(try await api.report(resident)["id"].int)
            func listed() async throws -> Bool {
                let page = try await api.call(.get, "/api/v1/cases?mine=true&from=2026-11-24&to=2026-11-25", token: resident)
                #expect(page.status == .ok, "\(page.json)")
                return page.json["items"].array.contains { $0["id"].int == id }
            }
            #expect(try await listed(), "at UTC+8 it was reported on the 24th")
            let admin = try await api.login("admin")
            let loaded = try await api.call(.get, "/api/v1/calendar", token: admin)
            var calendar = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: loaded.body).utf8)) as? [String: Any])
            #expect(calendar["utcOffsetSeconds"] as? Int == 28_800)
            calendar["utcOffsetSeconds"] = 0
            let utc = String(decoding: try JSONSerialization.data(withJSONObject: calendar), as: UTF8.self)
            let saved = try await api.call(.put, "/api/v1/calendar", token: admin, json: utc)
            #expect(saved.status == .ok, "\(saved.json)")
            #expect(try await listed() == false, "at UTC it was reported on the 23rd")
        }
    }

    @Test("OpenAPI 文档覆盖每一条路由，且没有多余的路径")
    func openAPICoversRoutes() async throws {
        let city = try await TestCity()
        defer { city.remove() }
        let router = APIRoutes(platform: city.platform).router()
        let routes = Set(router.routes.map { route -> String in
            // A catch-all `**` is documented as `{path}`.
            let path = route.path.description.split(separator: "/").map { $0 == "**" ? "{path}" : $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            return "\(route.method.rawValue.lowercased()) /\(path)"
        })
        let document = try #require(try JSONSerialization.jsonObject(with: OpenAPIDocument.data) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented: Set<String> = []
        for (path, operations) in paths {
            for method in operations.keys where ["get", "post", "put", "delete", "patch"].contains(method) {
                documented.insert("\(method) \(path)")
                let op = operations[method] as? [String: Any]
                #expect(op?["summary"] != nil, "\(method) \(path) has no summary")
                #expect(op?["responses"] != nil, "\(method) \(path) has no responses")
            }
        }
        #expect(routes.subtracting(documented).sorted() == [], "routes missing from the OpenAPI document")
        #expect(documented.subtracting(routes).sorted() == [], "documented paths with no route")
    }

    @Test("/healthz、/metrics 与 OpenAPI 文档可匿名读取")
    func operations() async throws {
        let city = try await TestCity()
        try await city.test { api in
            #expect(try await api.call(.get, "/healthz").json["status"].string == "ok")
            _ = try await api.call(.get, "/api/v1/cases")
            let metrics = try await api.call(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(String(buffer: metrics.body).contains("hb_requests"))
            #expect(try await api.call(.get, "/api/v1/openapi.json").json["info"]["title"].string == "Chengyun 城运 API")
        }
    }

    @Test("用户管理：管理员在范围内建用户，手机号脱敏；弱密码被拒绝")
    func users() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin.d1")
            let district = try await api.call(.get, "/api/v1/org/nodes?kind=district", token: admin).json[0]["id"].int!
            let weak = try await api.call(.post, "/api/v1/users", token: admin, json: #"{"username":"new.duty","displayName":"新值班员","password":"short","assignments":[{"role":"dutyOfficer","nodeId":\#(district)}]}"#)
            #expect(weak.status == .badRequest)
            let made = try await api.call(.post, "/api/v1/users", token: admin, json: #"{"username":"new.duty","displayName":"新值班员","phone":"13700001111","password":"long-enough-1","assignments":[{"role":"dutyOfficer","nodeId":\#(district)}]}"#)
            #expect(made.status == .created, "\(made.json)")
            #expect(made.json["phone"].string == "137****1111")
            let listed = try await api.call(.get, "/api/v1/users?nodeId=\(district)&limit=1000", token: admin).json.array
            #expect(listed.contains { $0["username"].string == "new.duty" })
            let me = try await api.call(.get, "/api/v1/me", token: try await api.login("duty")).json
            #expect(me["username"].string == "duty")

            // Changing a user: new roles replace the old and end the user's sessions; out-of-scope nodes are refused.
            let id = made.json["id"].int!
            let session = try await api.login("new.duty", password: "long-enough-1")
            let street = try await api.call(.get, "/api/v1/org/nodes?under=\(district)&kind=street", token: admin).json[0]["id"].int!
            let moved = try await api.call(.patch, "/api/v1/users/\(id)", token: admin, json: #"{"displayName":"街道值班员","assignments":[{"role":"dutyOfficer","nodeId":\#(street)},{"role":"leader","nodeId":\#(street)}]}"#)
            #expect(moved.status == .ok, "\(moved.json)")
            #expect(moved.json["displayName"].string == "街道值班员" && moved.json["assignments"].array.count == 2)
            #expect(moved.json["phone"].string == "137****1111", "the phone is kept, and masked")
            #expect(try await api.call(.get, "/api/v1/me", token: session).status == .unauthorized)
            let cityID = try await api.call(.get, "/api/v1/org/nodes?kind=city", token: try await api.login("admin")).json[0]["id"].int!
            #expect(try await api.call(.patch, "/api/v1/users/\(id)", token: admin, json: #"{"assignments":[{"role":"leader","nodeId":\#(cityID)}]}"#).status == .forbidden)
            let badPhone = try await api.call(.patch, "/api/v1/users/\(id)", token: admin, json: #"{"phone":"call me"}"#)
            #expect(badPhone.status == .badRequest && badPhone.json["error"]["field"].string == "phone")
            #expect(try await api.call(.patch, "/api/v1/users/\(id)", token: admin, json: #"{"active":false}"#).json["active"].bool == false)
            #expect(try await api.call(.post, "/api/v1/auth/login", json: #"{"username":"new.duty","password":"long-enough-1"}"#).status == .unauthorized)
            #expect(try await api.call(.patch, "/api/v1/users/\(id)", token: try await api.login("duty"), json: #"{"active":true}"#).status == .forbidden)
            #expect(try await api.call(.patch, "/api/v1/users/999999", token: admin, json: "{}").status == .notFound)
        }
    }
}
