import ChengyunCore
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("重点场所与设施：目录、登记、无人维护的设施、地图框、按版本修改、计数 over HTTP")
struct KeyPlaceHTTPTests {
    static let committee = "990001001001"

    @Test("社工登记学校与灭火器箱（无人维护即为问题）；列表、问题单列、地图框、计数照此；找到维护单位后按版本修改；错类别、重复代码、别的居委的小区、旧版本各有代码；巡查员只读，别的居委看不到")
    func keepKeyPlaces() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let worker = try await api.login("cw.\(Self.committee)")
            let committee = try #require(try await city.store.node(code: Self.committee))
            let kinds = try await api.call(.get, "/api/v1/places/kinds", token: worker).json.array
            #expect(kinds.contains { $0["code"].string == "hazardousChemicals" && $0["supervised"].bool == true && $0["placeClass"].string == "place" })
            #expect(kinds.contains { $0["code"].string == "miniFireStation" && $0["placeClass"].string == "facility" })
            let demo = try await api.call(.get, "/api/v1/places?nodeId=\(committee.id)&limit=200", token: worker).json["places"].array
            #expect(demo.contains { $0["kind"].string == "miniFireStation" }, "the demo's committee has its places")
            let before = try await api.call(.get, "/api/v1/base-data/counts?nodeId=\(committee.id)", token: worker).json["counts"]["places"]
            let compound = try #require(try await api.call(.get, "/api/v1/compounds?nodeId=\(committee.id)&limit=1", token: worker).json["compounds"][0]["id"].int)
            let (lon, lat) = TestCity.point(2, 2)

            let school = try await api.call(.post, "/api/v1/places", token: worker, json: """
                {"code":"ZD-T1","name":"  长乐小学 ","kind":"school","nodeId":\(committee.id),"location":{"lon":\(lon),"lat":\(lat)},"operatorName":"长乐小学","capacity":900,"maintainer":" "}
                """)
            #expect(school.status == .created, "\(school.json)")
            #expect(school.json["name"].string == "长乐小学" && school.json["maintainer"].isNull && school.json["version"].int == 1)
            let box = try await api.call(.post, "/api/v1/places", token: worker, json: """
                {"code":"ZD-T2","name":"测试灭火器箱","kind":"extinguishers","nodeId":\(committee.id),"compoundId":\(compound),"location":{"lon":\(lon + 0.0002),"lat":\(lat)}}
                """)
            #expect(box.status == .created, "\(box.json)")
            let boxID = try #require(box.json["id"].int)

            let findings = try await api.call(.get, "/api/v1/places?nodeId=\(committee.id)&unmaintained=true", token: worker).json["places"].array
            #expect(findings.contains { $0["id"].int == boxID } && findings.allSatisfy { $0["maintainer"].isNull }, "a facility nobody maintains is a finding; a school is no facility")
            #expect(!findings.contains { $0["code"].string == "ZD-T1" })
            let schools = try await api.call(.get, "/api/v1/places?nodeId=\(committee.id)&kind=school", token: worker).json["places"].array
            #expect(schools.contains { $0["code"].string == "ZD-T1" } && schools.allSatisfy { $0["kind"].string == "school" })
            let layer = try await api.call(.get, "/api/v1/places/map?bbox=\(lon - 0.001),\(lat - 0.001),\(lon + 0.001),\(lat + 0.001)", token: try await api.login("leader")).json
            #expect(Set(layer["places"].array.compactMap { $0["code"].string }).isSuperset(of: ["ZD-T1", "ZD-T2"]) && layer["truncated"].bool == false)
            var after = try await api.call(.get, "/api/v1/base-data/counts?nodeId=\(committee.id)", token: worker).json["counts"]["places"]
            #expect(after["places"].int == (before["places"].int ?? 0) + 1 && after["facilities"].int == (before["facilities"].int ?? 0) + 1)
            #expect(after["unmaintained"].int == (before["unmaintained"].int ?? 0) + 1 && after["byKind"]["school"].int == (before["byKind"]["school"].int ?? 0) + 1)

            // The maintainer found: changed on the version read; the finding is gone.
            let body = #"{"name":"测试灭火器箱","kind":"extinguishers","compoundId":\#(compound),"location":{"lon":\#(lon + 0.0002),"lat":\#(lat)},"maintainer":"长乐物业","version":1}"#
            let changed = try await api.call(.put, "/api/v1/places/\(boxID)", token: worker, json: body)
            #expect(changed.status == .ok && changed.json["maintainer"].string == "长乐物业" && changed.json["version"].int == 2, "\(changed.json)")
            let stale = try await api.call(.put, "/api/v1/places/\(boxID)", token: worker, json: body)
            #expect(stale.status == .conflict && stale.json["error"]["code"].string == "place.changed")
            let unversioned = try await api.call(.put, "/api/v1/places/\(boxID)", token: worker, json: body.replacingOccurrences(of: #","version":1"#, with: ""))
            #expect(unversioned.status == .badRequest && unversioned.json["error"]["field"].string == "version", "\(unversioned.json)")
            after = try await api.call(.get, "/api/v1/base-data/counts?nodeId=\(committee.id)", token: worker).json["counts"]["places"]
            #expect(after["unmaintained"].int == before["unmaintained"].int ?? 0)

            func refused(_ json: String) async throws -> (HTTPResponse.Status, String?, String?) {
                let r = try await api.call(.post, "/api/v1/places", token: worker, json: json)
                return (r.status, r.json["error"]["code"].string, r.json["error"]["field"].string)
            }
            let point = #""location":{"lon":\#(lon),"lat":\#(lat)}"#
            #expect(try await refused(#"{"code":"ZD-T3","name":"化工厂","kind":"factory","nodeId":\#(committee.id),\#(point)}"#) == (.badRequest, "place.kind", "kind"))
            #expect(try await refused(#"{"code":"ZD-T1","name":"又一所","kind":"school","nodeId":\#(committee.id),\#(point)}"#) == (.conflict, "place.duplicate_code", "code"))
            #expect(try await refused(#"{"code":"ZD-T4","name":"远处","kind":"school","nodeId":\#(committee.id),"location":{"lon":200,"lat":\#(lat)}}"#) == (.badRequest, "place.location", "location"))
            #expect(try await refused(#"{"code":"ZD-T5","name":"大学","kind":"school","nodeId":\#(committee.id),\#(point),"capacity":0}"#) == (.badRequest, "place.capacity", "capacity"))
            let otherCommittee = try #require(try await city.store.node(code: "990001002001"))
            let otherCompound = try #require(try await api.call(.get, "/api/v1/compounds?nodeId=\(otherCommittee.id)&limit=1",
                                                                token: try await api.login("admin")).json["compounds"][0]["id"].int)
            #expect(try await refused(#"{"code":"ZD-T6","name":"充电棚","kind":"ebikeCharging","nodeId":\#(committee.id),"compoundId":\#(otherCompound),\#(point)}"#)
                    == (.unprocessableContent, "place.compound", "compoundId"))

            let inspector = try await api.login("insp.\(Self.committee)")
            #expect(try await api.call(.get, "/api/v1/places/\(boxID)", token: inspector).status == .ok, "an inspector reads")
            #expect(try await api.call(.put, "/api/v1/places/\(boxID)", token: inspector, json: body).status == .forbidden, "and does not keep")
            let other = try await api.login("cw.990001002001")
            #expect(try await api.call(.get, "/api/v1/places/\(boxID)", token: other).status == .notFound)
            #expect(try await api.call(.get, "/api/v1/places", token: try await api.login("resident1")).status == .forbidden)
            let trail = try await api.call(.get, "/api/v1/audit?action=place.created&limit=50", token: try await api.login("auditor")).json["items"].array
            #expect(trail.contains { $0["target"].string == "place:\(boxID)" && ($0["detail"].string ?? "").contains("no maintainer") }, "\(trail)")
        }
    }

    @Test("导入部门清单：类型可写中文名称；有一行不对（坐标、类型、重复编码、别的居委）整表不导入并逐行说明；改正后一次导入、计数照此；再导入一次不重复；坏文件有代码")
    func importPlaces() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let worker = try await api.login("cw.\(Self.committee)")
            let committee = try #require(try await city.store.node(code: Self.committee))
            let counts = "/api/v1/base-data/counts?nodeId=\(committee.id)"
            let before = try await api.call(.get, counts, token: worker).json["counts"]["places"]
            let (lon, lat) = TestCity.point(3, 3)
            func send(_ text: String) async throws -> Reply {
                try await api.call(.post, "/api/v1/places/import?nodeId=\(committee.id)", token: worker, body: Array(text.utf8), contentType: "text/csv")
            }
            let header = "编码,类型,名称,经度,纬度,居委编码,维护单位\n"
            let bad = header + """
                XF-001,消火栓,长乐路1号消火栓,\(lon),\(lat),,区消防救援支队
                XF-002,消火栓,长乐路9号消火栓,abc,\(lat),,
                XF-003,水塔,长乐路水塔,\(lon),\(lat),,
                XF-001,消火栓,重复的,\(lon),\(lat),,
                XF-004,hydrant,别的居委的,\(lon),\(lat),990001002001,
                """
            let refused = try await send(bad)
            #expect(refused.status == .unprocessableContent && refused.json["error"]["code"].string == "place_import.rejected", "\(refused.json)")
            let report = refused.json["report"]["rejected"].array
            #expect(report.map { $0["line"].int ?? 0 } == [3, 4, 5, 6], "\(report)")
            #expect(report.map { $0["code"].string ?? "" } == ["place.location", "place.kind", "place_import.duplicate_row", "place_import.committee"])
            #expect(report.map { $0["field"].string ?? "" } == ["lon", "kind", "code", "committee"])
            func figures(_ j: JSON) -> [Int?] { [j["places"].int, j["facilities"].int, j["unmaintained"].int] }
            #expect(figures(try await api.call(.get, counts, token: worker).json["counts"]["places"]) == figures(before), "nothing applied")

            let good = header + """
                XF-001,消火栓,长乐路1号消火栓,\(lon),\(lat),,区消防救援支队
                XF-002,Fire hydrant,长乐路9号消火栓,\(lon),\(lat),\(Self.committee),
                """
            let imported = try await send(good)
            #expect(imported.status == .created && imported.json["accepted"].int == 2, "\(imported.json)")
            let after = try await api.call(.get, counts, token: worker).json["counts"]["places"]
            #expect(after["facilities"].int == (before["facilities"].int ?? 0) + 2 && after["unmaintained"].int == (before["unmaintained"].int ?? 0) + 1,
                    "the hydrant nobody maintains is a finding")
            let listed = try await api.call(.get, "/api/v1/places?nodeId=\(committee.id)&kind=hydrant", token: worker).json["places"].array
            #expect(listed.compactMap { $0["code"].string }.filter { $0.hasPrefix("XF-") } == ["XF-001", "XF-002"])
            #expect(try await send(good).status == .created)
            #expect(figures(try await api.call(.get, counts, token: worker).json["counts"]["places"]) == figures(after), "imported again: nothing added")

            #expect(try await send("名称,地址\n某处,某路\n").json["error"]["code"].string == "place.unreadable", "no code, kind or point columns")
            let inspector = try await api.login("insp.\(Self.committee)")
            #expect(try await api.call(.post, "/api/v1/places/import?nodeId=\(committee.id)", token: inspector, body: Array(good.utf8), contentType: "text/csv").status == .forbidden)
        }
    }
}
