import ChengyunCore
import ChengyunHTTP
import ChengyunServices
import ChengyunTesting
import Foundation
import Hummingbird
import Testing

@Suite("控制台 console assets, translations and map data", .enabled(if: TestCity.storeKind == "sqlite", "the same on either store: run once, in the first pass"))
struct ConsoleHTTPTests {
    static let console = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/ChengyunHTTP/Resources/console")

    static func strings(_ lang: String) throws -> [String: String] {
        try ConsoleStrings.table(lang, in: console.appendingPathComponent("i18n"))
    }

    /// The page and every script of the console.
    static func sources() throws -> [String] {
        let scripts = try FileManager.default.contentsOfDirectory(atPath: console.appendingPathComponent("js").path).filter { $0.hasSuffix(".js") }
        return ["index.html"] + scripts.sorted().map { "js/\($0)" }
    }

    @Test("中英文翻译表键完全一致，页面与脚本用到的每个键都存在")
    func translations() throws {
        let zh = try Self.strings("zh-CN"), en = try Self.strings("en")
        #expect(Set(zh.keys).subtracting(en.keys).sorted() == [], "keys missing in en")
        #expect(Set(en.keys).subtracting(zh.keys).sorted() == [], "keys missing in zh-CN")
        #expect(zh.values.allSatisfy { !$0.isEmpty } && en.values.allSatisfy { !$0.isEmpty })
        // Every quoted literal that looks like a key of the tables (its first part is one of theirs, as in
        // 'admin.users.username' or t('menu.desk')) must be a key; keys built at run time end in '.' or use `${}`.
        let prefixes = Set(zh.keys.map { String($0.split(separator: ".")[0]) })
        var used: Set<String> = []
        let files = try Self.sources()
        #expect(files.count > 8)
        let literal = try NSRegularExpression(pattern: #"['"]([a-zA-Z]+\.[a-zA-Z0-9.]*[a-zA-Z0-9])['"]"#)
        for file in files {
            let text = try String(contentsOf: Self.console.appendingPathComponent(file), encoding: .utf8)
            for m in literal.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let key = String(text[Range(m.range(at: 1), in: text)!])
                if prefixes.contains(String(key.split(separator: ".")[0])) { used.insert(key) }
            }
        }
        #expect(used.count > 20)
        #expect(used.subtracting(zh.keys).sorted() == [], "keys used but not translated")
        // Keys built at run time: every state, action and duty post.
        for prefix in ["state.", "action.", "post."] { #expect(zh.keys.contains { $0.hasPrefix(prefix) }) }
        for state in ["reported", "accepted", "rejected", "merged", "dispatched", "inProgress", "handled", "verified", "closed", "rated", "returnedToPolice"] {
            #expect(zh["state.\(state)"] != nil && en["state.\(state)"] != nil, "state.\(state)")
        }
    }

    @Test("控制台与地图库由本服务器提供，不越出目录；地图数据按范围返回")
    func assetsAndMap() async throws {
        let city = try await TestCity(cases: 60)
        try await city.test { api in
            let index = try await api.call(.get, "/console/")
            #expect(index.status == .ok)
            #expect(String(buffer: index.body).contains("/assets/vendor/leaflet/leaflet.js"))
            #expect(!String(buffer: index.body).contains("http"), "no outside URL in the page")
            let core = try await api.call(.get, "/console/js/core.js")
            #expect(core.headers[.contentType] == "text/javascript; charset=utf-8")
            // A reload asks again (no-cache) and, holding the same file, gets 304 with no body; another tag, the file.
            let tag = try #require(core.headers[.eTag], "an entity tag")
            let again = try await api.call(.get, "/console/js/core.js", headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified && again.body.readableBytes == 0 && again.headers[.eTag] == tag)
            #expect(try await api.call(.get, "/console/js/core.js", headers: [.ifNoneMatch: #"W/"1-1""#]).body.readableBytes == core.body.readableBytes)
            let strings = try await api.call(.get, "/console/i18n/zh-CN.json")
            #expect(try await api.call(.get, "/console/i18n/zh-CN.json", headers: [.ifNoneMatch: try #require(strings.headers[.eTag])]).status == .notModified)
            let leaflet = try await api.call(.get, "/assets/vendor/leaflet/leaflet.js")
            #expect(try await api.call(.get, "/assets/vendor/leaflet/leaflet.js", headers: [.ifNoneMatch: try #require(leaflet.headers[.eTag])]).status == .notModified)
            // Each language's table is merged from its parts; the page asks for it in one request.
            let zh = try await api.call(.get, "/console/i18n/zh-CN.json").json
            #expect(zh["menu.screen"].string == "城运大屏")
            #expect(try await api.call(.get, "/console/i18n/en.json").json["menu.screen"].string != nil)
            #expect(try await api.call(.get, "/console/i18n/fr.json").status == .notFound)
            // No tile server unless the operator configures one: the base map is the grids.
            #expect(try await api.call(.get, "/console/config.json").json["tileURL"].string == nil)
            #expect(try await api.call(.get, "/console/../Package.swift").status == .notFound)
            #expect(try await api.call(.get, "/assets/vendor/jquery/jquery.js").status == .notFound)
            #expect(try await api.call(.get, "/").headers[.location] == "/console/")

            let leader = try await api.login("leader")
            let grids = try await api.call(.get, "/api/v1/map/areas?kind=grid", token: leader)
            #expect(grids.headers[.contentType] == "application/geo+json")
            // Kept by the browser per caller: two people signing in in turn on one browser each get their own areas.
            #expect(grids.headers[.vary] == "Cookie, Authorization" && grids.headers[.cacheControl]?.hasPrefix("private") == true)
            #expect(grids.json["features"].array.count == 80)
            let inspector = try await api.login("insp.990001001001")
            let own = try await api.call(.get, "/api/v1/map/areas?kind=grid", token: inspector).json["features"].array.count
            #expect(own > 0 && own < 80)
            // The report map of an inspector or a station chief: the street that holds their area, not nothing.
            for person in [inspector, try await api.login("chief.990001001001")] {
                let streets = try await api.call(.get, "/api/v1/map/areas?kind=street", token: person).json["features"].array
                #expect(streets.count == 1 && streets[0]["properties"]["kind"].string == "street", "\(streets)")
            }
            let resident = try await api.login("resident1")
            #expect(try await api.call(.get, "/api/v1/map/areas", token: resident).status == .forbidden)
            #expect(try await api.call(.get, "/api/v1/map/areas?kind=street", token: resident).json["features"].array.count == 4)
            // A resident's case page: the street holding the case's grid.
            let grid = try #require(try await api.call(.get, "/api/v1/map/areas?kind=grid", token: leader).json["features"].array.first?["properties"]["id"].string)
            #expect(try await api.call(.get, "/api/v1/map/areas?kind=street&nodeId=\(grid)", token: resident).json["features"].array.count == 1)
            let markers = try await api.call(.get, "/api/v1/map/cases?days=90", token: leader).json.array
            #expect(!markers.isEmpty && markers.allSatisfy { $0["lon"].double != nil && $0["state"].string != nil })
            let csv = try await api.call(.get, "/api/v1/kpis/export.csv", token: leader)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let bytes = Array(csv.body.readableBytesView)
            #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
            let rows = String(decoding: bytes.dropFirst(3), as: UTF8.self).split(separator: "\r\n")
            // The first row is the grade and watermark (who exported it, when); the table follows.
            #expect(rows.first?.hasPrefix("# 内部 internal") == true)
            // 考核通报: the title with the area and the period, Chinese headers, ranks and scores, rates as percentages.
            let lines = Array(rows.dropFirst())
            #expect(lines.first?.hasPrefix("城运考核通报 · 全部辖区 · ") == true && lines.first?.contains(" 至 ") == true, "\(lines.first ?? "")")
            #expect(lines.dropFirst().first?.hasPrefix("类别,排名,名称,综合得分,上报,立案,结案,自处置,立案率(%)") == true, "\(lines.dropFirst().first ?? "")")
            #expect(lines.count > 3 && lines[2].hasPrefix("区域,,全部辖区,,"))
            let first = try #require(lines.first { $0.hasPrefix("部门,1,") }).split(separator: ",").map(String.init)
            #expect(Double(first[3]) != nil, "a score")
            let onTime = try #require(Double(first[10]))
            #expect(onTime >= 0 && onTime <= 100, "a percentage, not a fraction: \(first)")
            #expect(!lines.contains { $0.contains("kind") || $0.hasPrefix("department,") })
            let english = String(decoding: Array(try await api.call(.get, "/api/v1/kpis/export.csv?lang=en", token: leader).body.readableBytesView).dropFirst(3), as: UTF8.self)
            #expect(english.contains("Kind,Rank,Name,Score,Reported") && english.contains("\r\nDepartment,1,"))
            #expect(try await api.call(.get, "/api/v1/kpis/export.csv", token: try await api.login("resident1")).status == .forbidden)
            let kinds = try await api.call(.get, "/api/v1/department-kinds", token: leader).json.array
            #expect(kinds.count == DepartmentKinds.all.count && kinds.contains { $0["code"].string == "chengguan" && $0["name"].string == "城管执法" })
            let xlsx = try await api.call(.get, "/api/v1/kpis/export.xlsx", token: leader)
            #expect(xlsx.status == .ok)
            #expect(xlsx.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(Array(xlsx.body.readableBytesView.prefix(2)) == [0x50, 0x4B], "a ZIP container")
            #expect(try await api.call(.get, "/api/v1/kpis/export.xlsx", token: try await api.login("resident1")).status == .forbidden)
            // Rankings follow the area drilled into: a district's departments are those of its own cases.
            let district = try await api.call(.get, "/api/v1/org/nodes?kind=district", token: leader).json[0]["id"].int!
            let all = try await api.call(.get, "/api/v1/rankings?of=departments", token: leader).json.array
            let there = try await api.call(.get, "/api/v1/rankings?of=departments&nodeId=\(district)", token: leader).json.array
            #expect(!there.isEmpty)
            #expect(there.reduce(0) { $0 + ($1["report"]["reported"].int ?? 0) } < all.reduce(0) { $0 + ($1["report"]["reported"].int ?? 0) })
            #expect(try await api.call(.get, "/api/v1/rankings?of=departments&nodeId=999999", token: leader).status == .notFound)
            let trend = try await api.call(.get, "/api/v1/kpis/trend?days=30", token: leader).json.array
            #expect(trend.count == 30)
            #expect(trend.reduce(0) { $0 + ($1["reported"].int ?? 0) } > 0)
        }
    }

    @Test("运营方可配置自己的瓦片服务；未配置时不取任何外部瓦片")
    func tileURL() async throws {
        var settings = PlatformSettings()
        settings.console = ConsoleSettings(tileURL: try ConsoleSettings.validTileURL("http://tiles.city.local/{z}/{x}/{y}.png"), tileAttribution: "市测绘院")
        let city = try await TestCity(settings: settings)
        try await city.test { api in
            let config = try await api.call(.get, "/console/config.json").json
            #expect(config["tileURL"].string == "http://tiles.city.local/{z}/{x}/{y}.png")
            #expect(config["tileAttribution"].string == "市测绘院")
        }
        #expect(throws: DomainError.self) { try ConsoleSettings.validTileURL("tiles.city.local/{z}/{x}/{y}.png") }
        #expect(throws: DomainError.self) { try ConsoleSettings.validTileURL("http://tiles.city.local/{z}/{x}.png") }
    }
}
