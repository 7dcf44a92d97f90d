import ChengyunCore
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("指引图：居家隔离索引图与涉外服务指引图，市定标准、区定本区 over HTTP")
struct WallGuideHTTPTests {
    @Test("未设时是内置标准；管理员为全市设定后全市照此，为一个区设定后只有该区照此；旧版本、空步骤、坏语言标签各有代码；社工读不能设；居委层级不能设；留痕")
    func setAndRead() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let worker = try await api.login("cw.990001001001")
            let otherWorker = try await api.login("cw.990001002001")
            let standard = try await api.call(.get, "/api/v1/wall-guides/homeIsolation", token: worker)
            #expect(standard.status == .ok && standard.json["source"].string == "standard" && standard.json["guide"]["version"].int == 0, "\(standard.json)")
            #expect(standard.json["guide"]["steps"].array.count == WallGuide.standard(.homeIsolation).steps.count)
            let foreign = try await api.call(.get, "/api/v1/wall-guides/foreignResidents", token: worker).json["guide"]["steps"][0]["signs"].array
            #expect(foreign.contains { $0["lang"].string == "ja" }, "the standard's signs in other languages")

            let district = try #require(try await city.store.node(code: "990001"))
            let street1 = try #require(try await city.store.node(code: "990001001"))
            let cityNode = try #require(try await city.store.children(of: nil).first)
            let body = { (node: Int64, title: String, version: Int) in """
                {"nodeId":\(node),"title":" \(title) ","version":\(version),"steps":[
                 {"title":"确认与告知","content":"电话告知隔离期限","responsible":"居委会","protection":"","signs":[]},
                 {"title":"上门签约","content":"送达告知书","signs":[{"lang":"en","text":"Home observation notice"}]}]}
                """ }
            let set = try await api.call(.put, "/api/v1/wall-guides/homeIsolation", token: admin, json: body(cityNode.id.rawValue, "全市居家隔离索引图", 0))
            #expect(set.status == .ok && set.json["version"].int == 1 && set.json["title"].string == "全市居家隔离索引图", "\(set.json)")
            #expect(set.json["steps"][0]["protection"].isNull, "an empty text is none")
            var read = try await api.call(.get, "/api/v1/wall-guides/homeIsolation", token: otherWorker).json
            #expect(read["source"].string == "city" && read["guide"]["steps"].array.count == 2)
            #expect(read["guide"]["steps"][1]["signs"][0]["text"].string == "Home observation notice")

            let own = try await api.call(.put, "/api/v1/wall-guides/homeIsolation", token: admin, json: body(district.id.rawValue, "东湖区居家隔离索引图", 0))
            #expect(own.status == .ok, "\(own.json)")
            read = try await api.call(.get, "/api/v1/wall-guides/homeIsolation", token: worker).json
            #expect(read["source"].string == "district" && read["sourceName"].string == district.name && read["guide"]["title"].string == "东湖区居家隔离索引图")
            #expect(try await api.call(.get, "/api/v1/wall-guides/homeIsolation?nodeId=\(street1.id)", token: admin).json["source"].string == "district")
            #expect(try await api.call(.get, "/api/v1/wall-guides/foreignResidents", token: worker).json["source"].string == "standard", "another guide untouched")

            func refused(_ json: String, token: String? = nil) async throws -> (HTTPResponse.Status, String?, String?) {
                let r = try await api.call(.put, "/api/v1/wall-guides/homeIsolation", token: token ?? admin, json: json)
                return (r.status, r.json["error"]["code"].string, r.json["error"]["field"].string)
            }
            #expect(try await refused(body(cityNode.id.rawValue, "旧版本", 0)) == (.conflict, "wall_guide.changed", "version"))
            #expect(try await refused(#"{"nodeId":\#(cityNode.id),"title":"空","steps":[]}"#) == (.badRequest, "wall_guide.steps", "steps"))
            #expect(try await refused(#"{"nodeId":\#(cityNode.id),"title":"坏","steps":[{"title":"a","content":"b","signs":[{"lang":"English","text":"x"}]}]}"#)
                    == (.badRequest, "wall_guide.signs", "steps[0].signs[0].lang"))
            #expect(try await refused(#"{"nodeId":\#(cityNode.id),"title":"","steps":[{"title":"a","content":"b"}]}"#) == (.badRequest, "wall_guide.text", "title"))
            #expect(try await refused(body(street1.id.rawValue, "街道的", 0)).1 == "wall_guide.level")
            #expect(try await refused(body(cityNode.id.rawValue, "社工的", 1), token: worker).0 == .forbidden)
            #expect(try await api.call(.get, "/api/v1/wall-guides/quarantine", token: worker).status == .notFound)
            #expect(try await api.call(.get, "/api/v1/wall-guides/homeIsolation", token: try await api.login("resident1")).status == .forbidden)
            let trail = try await api.call(.get, "/api/v1/audit?action=wall_guide.set&limit=10", token: try await api.login("auditor")).json["items"].array
            #expect(trail.count == 2 && trail.allSatisfy { ($0["target"].string ?? "").hasPrefix("wall-guide:homeIsolation@") }, "\(trail)")

            // The district withdraws its own: the city's is in force there again; a stale version and a second withdrawal are refused.
            let withdraw = "/api/v1/wall-guides/homeIsolation?nodeId=\(district.id)"
            #expect(try await api.call(.delete, withdraw + "&version=2", token: admin).json["error"]["code"].string == "wall_guide.changed")
            #expect(try await api.call(.delete, withdraw, token: admin).json["error"]["code"].string == "wall_guide.version_required")
            #expect(try await api.call(.delete, withdraw + "&version=1", token: worker).status == .forbidden)
            let back = try await api.call(.delete, withdraw + "&version=1", token: admin)
            #expect(back.status == .ok && back.json["source"].string == "city" && back.json["guide"]["title"].string == "全市居家隔离索引图", "\(back.json)")
            #expect(try await api.call(.get, "/api/v1/wall-guides/homeIsolation", token: worker).json["source"].string == "city")
            #expect(try await api.call(.delete, withdraw + "&version=1", token: admin).json["error"]["code"].string == "wall_guide.not_set")
        }
    }
}
