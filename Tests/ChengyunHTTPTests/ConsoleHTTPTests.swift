import ChengyunHTTP
import Foundation
import Hummingbird
import Testing

@Suite("控制台 console assets, translations and map data")
struct ConsoleHTTPTests {
    static let console = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/ChengyunHTTP/Resources/console")

    static func strings(_ lang: String) throws -> [String: String] {
        let data = try Data(contentsOf: console.appendingPathComponent("i18n/\(lang).json"))
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    @Test("中英文翻译表键完全一致，页面与脚本用到的每个键都存在")
    func translations() throws {
        let zh = try Self.strings("zh-CN"), en = try Self.strings("en")
        #expect(Set(zh.keys).subtracting(en.keys).sorted() == [], "keys missing in en")
        #expect(Set(en.keys).subtracting(zh.keys).sorted() == [], "keys missing in zh-CN")
        #expect(zh.values.allSatisfy { !$0.isEmpty } && en.values.allSatisfy { !$0.isEmpty })
        var used: Set<String> = []
        for file in ["index.html", "app.js"] {
            let text = try String(contentsOf: Self.console.appendingPathComponent(file), encoding: .utf8)
            for pattern in [#"(?<![A-Za-z0-9_.])t\('([a-zA-Z0-9.]+)'"#, #"data-i18n(?:-label)?="([a-zA-Z0-9.]+)""#] {
                let regex = try NSRegularExpression(pattern: pattern)
                for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    used.insert(String(text[Range(m.range(at: 1), in: text)!]))
                }
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
            #expect(try await api.call(.get, "/console/app.js").headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(try await api.call(.get, "/console/../Package.swift").status == .notFound)
            #expect(try await api.call(.get, "/assets/vendor/jquery/jquery.js").status == .notFound)
            #expect(try await api.call(.get, "/").headers[.location] == "/console/")

            let leader = try await api.login("leader")
            let grids = try await api.call(.get, "/api/v1/map/areas?kind=grid", token: leader)
            #expect(grids.headers[.contentType] == "application/geo+json")
            #expect(grids.json["features"].array.count == 80)
            let inspector = try await api.login("insp.990001001001")
            let own = try await api.call(.get, "/api/v1/map/areas?kind=grid", token: inspector).json["features"].array.count
            #expect(own > 0 && own < 80)
            let resident = try await api.login("resident1")
            #expect(try await api.call(.get, "/api/v1/map/areas", token: resident).status == .forbidden)
            #expect(try await api.call(.get, "/api/v1/map/areas?kind=street", token: resident).json["features"].array.count == 4)
            let markers = try await api.call(.get, "/api/v1/map/cases?days=90", token: leader).json.array
            #expect(!markers.isEmpty && markers.allSatisfy { $0["lon"].double != nil && $0["state"].string != nil })
            let csv = try await api.call(.get, "/api/v1/kpis/export.csv", token: leader)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let bytes = Array(csv.body.readableBytesView)
            #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
            let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).split(separator: "\r\n")
            #expect(lines.first?.hasPrefix("对象 kind,名称 name,上报 reported") == true)
            #expect(lines.count > 2 && lines[1].hasPrefix("area,全部辖区,"))
            #expect(lines.contains { $0.hasPrefix("department,") })
            #expect(try await api.call(.get, "/api/v1/kpis/export.csv", token: try await api.login("resident1")).status == .forbidden)
            let trend = try await api.call(.get, "/api/v1/kpis/trend?days=30", token: leader).json.array
            #expect(trend.count == 30)
            #expect(trend.reduce(0) { $0 + ($1["reported"].int ?? 0) } > 0)
        }
    }
}
