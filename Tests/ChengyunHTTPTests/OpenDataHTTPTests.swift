import ChengyunCore
import ChengyunTesting
import Foundation
import Hummingbird
import Testing

@Suite("开放数据 open data: the catalogue and its downloads")
struct OpenDataHTTPTests {
    /// The CSV's data rows as cells (the byte-order mark and header dropped; no cell of these counts holds a comma).
    static func rows(_ reply: Reply) -> [[String]] {
        var text = String(buffer: reply.body)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test("目录无需登录：列出开放、有条件开放和不予开放的数据集；只有开放的给出下载地址，且都能下载")
    func catalogue() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let reply = try await api.call(.get, "/open-data/catalogue.json")
            #expect(reply.status == .ok)
            #expect(reply.headers[.cacheControl]?.hasPrefix("public") == true)
            let datasets = reply.json["datasets"].array
            #expect(Set(datasets.compactMap { $0["openness"].string }) == ["open", "conditional", "closed"])
            for d in datasets {
                #expect(d["title"].string?.isEmpty == false && d["titleEn"].string?.isEmpty == false && d["department"].string?.isEmpty == false)
                #expect(["csv", "geojson", "json"].contains(d["form"].string ?? ""))
                #expect(d["updateFrequency"].string != nil && !d["fields"].array.isEmpty)
                if d["openness"].string == "open" {
                    #expect(d["grade"].string == "public")
                    let url = try #require(d["downloadUrl"].string)
                    let download = try await api.call(.get, url)
                    #expect(download.status == .ok, "\(url)")
                    #expect(download.body.readableBytes > 0, "\(url)")
                } else {
                    #expect(d["downloadUrl"].isNull, "\(d["id"])")
                    #expect(d["access"].string?.isEmpty == false)
                }
            }
            #expect(datasets.first { $0["id"].string == "case-reporters" }?["grade"].string == "sensitive")
            #expect(datasets.map { $0["id"].string } == OpenDataCatalogue.datasets.map(\.id))
        }
    }

    @Test("案件数量 CSV 与案件列表接口对同一时段、同一区的上报数和结案数一致")
    func countsMatchTheCaseList() async throws {
        let city = try await TestCity(cases: 240)
        try await city.test { api in
            let duty = try await api.login("duty")
            let reply = try await api.call(.get, "/open-data/datasets/case-counts.csv?days=31")
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(Array(reply.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let disposition = try #require(reply.headers[.contentDisposition])
            // case-counts-<first day>-<last day>.csv
            let name = try #require(disposition.split(separator: "\"").dropFirst().first)
            let first = try #require(LocalDate(String(name.dropFirst("case-counts-".count).prefix(10))))
            let last = try #require(LocalDate(String(name.dropFirst("case-counts-".count + 11).prefix(10))))
            #expect(last.daysSince1970 - first.daysSince1970 == 30)
            let next = LocalDate(daysSince1970: last.daysSince1970 + 1)
            let rows = Self.rows(reply)
            #expect(rows.allSatisfy { $0.count == 7 })
            #expect(rows.reduce(0) { $0 + Int($1[5])! } > 0, "the demo city reported cases in the period")

            let districts = try await api.call(.get, "/api/v1/org/nodes?kind=district", token: duty).json.array
            #expect(districts.count == 2)
            for district in districts {
                let id = try #require(district["id"].int)
                let code = try #require(district["code"].string)
                let mine = rows.filter { $0[1] == code }
                #expect(mine.allSatisfy { $0[2] == district["name"].string })
                func total(_ from: LocalDate, _ to: LocalDate, _ states: String = "") async throws -> Int {
                    try #require(try await api.call(.get, "/api/v1/cases?nodeId=\(id)&from=\(from)&to=\(to)&limit=1\(states)", token: duty).json["total"].int)
                }
                #expect(mine.reduce(0) { $0 + Int($1[5])! } == (try await total(first, next)), "reported in district \(code)")
                #expect(mine.reduce(0) { $0 + Int($1[6])! } == (try await total(first, next, "&state=closed,rated")), "closed in district \(code)")
                // One day at a time, for the busiest day.
                let busiest = try #require(Dictionary(grouping: mine, by: { $0[0] }).max { a, b in
                    a.value.reduce(0) { $0 + Int($1[5])! } < b.value.reduce(0) { $0 + Int($1[5])! }
                })
                let day = try #require(LocalDate(busiest.key))
                #expect(busiest.value.reduce(0) { $0 + Int($1[5])! } == (try await total(day, LocalDate(daysSince1970: day.daysSince1970 + 1))))
            }
            // A case reported now is counted today.
            let resident = try await api.login("resident1")
            let before = rows.filter { $0[0] == last.description }.reduce(0) { $0 + Int($1[5])! }
            _ = try await api.report(resident)
            let after = Self.rows(try await api.call(.get, "/open-data/datasets/case-counts.csv?days=1"))
            #expect(after.allSatisfy { $0[0] == last.description })
            #expect(after.reduce(0) { $0 + Int($1[5])! } == before + 1)
        }
    }

    @Test("days 须为 1–366 的整数")
    func days() async throws {
        let city = try await TestCity()
        try await city.test { api in
            for bad in ["0", "367", "abc", "-3"] {
                let reply = try await api.call(.get, "/open-data/datasets/case-counts.csv?days=\(bad)")
                #expect(reply.status == .badRequest, "days=\(bad)")
                #expect(reply.json["error"]["field"].string == "days")
            }
            #expect(try await api.call(.get, "/open-data/datasets/case-counts.csv?days=366").status == .ok)
        }
    }

    @Test("下载中没有个人信息和居民自写的文字；表格单元不会被当作公式执行")
    func nothingPersonal() async throws {
        let city = try await TestCity(cases: 60)
        try await city.test { api in
            let admin = try await api.login("admin")
            // A hostile major-class name, written by an admin, must reach the CSV inert.
            var taxonomy = try #require(try await api.call(.get, "/api/v1/taxonomy", token: admin).json.value as? [String: Any])
            var categories = try #require(taxonomy["categories"] as? [[String: Any]])
            for i in categories.indices where categories[i]["kind"] as? String == "event" && (categories[i]["code"] as? String)?.hasPrefix("01") == true {
                categories[i]["majorName"] = "=HYPERLINK(\"http://x\")"
            }
            taxonomy["categories"] = categories
            let saved = try await api.call(.put, "/api/v1/taxonomy", token: admin, json: String(decoding: try JSONSerialization.data(withJSONObject: taxonomy), as: UTF8.self))
            #expect(saved.status == .ok, "\(saved.json)")

            let resident = try await api.login("resident1")
            let secrets = ["独一无二的居民描述", "幸福路八十八号", "欧阳秘密", "13987654321"]
            _ = try await api.report(resident, extra: #","address":"\#(secrets[1])","reporterName":"\#(secrets[2])","reporterPhone":"\#(secrets[3])""#)
            let described = try await api.call(.post, "/api/v1/cases", token: resident, json: """
                {"source":"resident","categoryId":"event:0110","description":"\(secrets[0])","location":{"lon":\(TestCity.point(1, 1).lon),"lat":\(TestCity.point(1, 1).lat)}}
                """)
            #expect(described.status == .created)
            // The demo city's own reports: their text, addresses and reporters.
            let duty = try await api.login("duty")
            var personal = secrets
            for c in try await api.call(.get, "/api/v1/cases?limit=500", token: duty).json["items"].array {
                if let d = c["description"].string, d.count > 12 { personal.append(d) }
                if let a = c["address"].string, a.count > 4 { personal.append(a) }
            }
            for user in try await api.call(.get, "/api/v1/users?limit=500", token: admin).json.array {
                if let name = user["displayName"].string, name.count > 2 { personal.append(name) }
            }
            #expect(personal.count > 10)

            var all = ""
            for path in ["/open-data/catalogue.json", "/open-data/datasets/case-counts.csv?days=366",
                         "/open-data/datasets/boundaries.geojson", "/open-data/datasets/taxonomy.json"] {
                let reply = try await api.call(.get, path)
                #expect(reply.status == .ok, "\(path)")
                all += String(buffer: reply.body)
            }
            for text in personal { #expect(!all.contains(text), "a download holds \(text)") }
            let csv = String(buffer: try await api.call(.get, "/open-data/datasets/case-counts.csv?days=366").body)
            #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "the formula is written as text")
            #expect(!csv.contains(",=HYPERLINK"))
        }
    }

    @Test("区、街道边界为 GeoJSON，带代码、名称与上级代码；分类与接口一致")
    func boundariesAndTaxonomy() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let reply = try await api.call(.get, "/open-data/datasets/boundaries.geojson")
            #expect(reply.headers[.contentType] == "application/geo+json")
            #expect(reply.json["type"].string == "FeatureCollection")
            let features = reply.json["features"].array
            let levels = features.compactMap { $0["properties"]["level"].string }
            #expect(levels.filter { $0 == "district" }.count == 2 && levels.filter { $0 == "street" }.count == 4 && levels.count == 6)
            let districtCodes = Set(features.filter { $0["properties"]["level"].string == "district" }.compactMap { $0["properties"]["code"].string })
            for f in features where f["properties"]["level"].string == "street" {
                #expect(districtCodes.contains(f["properties"]["parentCode"].string ?? ""))
            }
            #expect(features.allSatisfy { ["Polygon", "MultiPolygon"].contains($0["geometry"]["type"].string ?? "") && $0["properties"]["name"].string != nil })

            let duty = try await api.login("duty")
            let open = try await api.call(.get, "/open-data/datasets/taxonomy.json").json
            let staff = try await api.call(.get, "/api/v1/taxonomy", token: duty).json
            #expect(open["categories"].array.count == staff["categories"].array.count)
            #expect(open["categories"][0]["id"].string?.contains(":") == true)
            #expect(open["categories"][0]["deadlineHours"]["normal"].double != nil)
        }
    }
}
