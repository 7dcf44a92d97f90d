import ChengyunCore
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("房态图 / 楼态图：城市规则、居委重画、小区与楼栋的图、区域计数 over HTTP")
struct StatusMapHTTPTests {
    static let committee = "990001001001"
    static let keyGroup: Set<String> = ["homeIsolation", "communityCorrection", "drugRehab", "mentalDisorder"]
    static func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }

    /// The city's administrators set the rules; a new version is drawn; bad rules are refused with the field.
    static func setRules(_ api: API, worker: String, admin: String, buildingID: Int, rented: Set<Int>) async throws {
        let bodies = try Self.ruleBodies(try await api.call(.get, "/api/v1/status-rules", token: admin).json)
        #expect(try await api.call(.put, "/api/v1/status-rules", token: worker, json: bodies.good).status == .forbidden)
        let set = try await api.call(.put, "/api/v1/status-rules", token: admin, json: bodies.good)
        #expect(set.status == .ok && set.json["version"].int == 1 && set.json["houses"][0]["code"].string == "letOut", "\(set.json)")
        #expect(try await api.call(.post, "/api/v1/status-maps/draw", token: worker, json: "{}").json["rulesVersion"].int == 1)
        let recoloured = try await api.call(.get, "/api/v1/status-maps/buildings/\(buildingID)", token: worker).json["houses"].array
        #expect(recoloured.allSatisfy { $0["rule"].string != "rented" })
        let letOut = Set(recoloured.filter { $0["rule"].string == "letOut" }.compactMap { $0["id"].int })
        #expect(rented == letOut, "a rented house is now the first rule's")
        #expect(Self.code(try await api.call(.put, "/api/v1/status-rules", token: admin, json: bodies.unknownTag)) == (.badRequest, "tag.unknown", "houses[0].when[0].houseTags[0]"))
        #expect(Self.code(try await api.call(.put, "/api/v1/status-rules", token: admin, json: bodies.lastConditional)) == (.unprocessableContent, "status_rules.invalid", "buildings[3].when"))
    }

    /// 分级评估: the worker grades a building by hand over the rules' class (the maps drawn again with it, the counts with
    /// them), a grading needs a reason and a class of the rules, another committee cannot, and withdrawn it is the rules'.
    static func assess(_ api: API, worker: String, buildingID: Int, compoundID: Int, committee: Int) async throws {
        let path = "/api/v1/status-maps/buildings/\(buildingID)/assessment"
        let before = try await api.call(.get, "/api/v1/status-maps/buildings/\(buildingID)", token: worker).json["buildingClass"].string
        let target = before == "assured" ? "attention" : "assured"
        let counted = try await api.call(.get, "/api/v1/status-maps/counts?nodeId=\(committee)", token: worker).json["rows"][0]["classes"][target].int ?? 0
        let graded = try await api.call(.put, path, token: worker, json: #"{"buildingClass":"\#(target)","reason":"楼组长每日巡楼，邻里互助好"}"#)
        #expect(graded.status == .ok && graded.json["buildingClass"].string == target && graded.json["assessment"]["reason"].string == "楼组长每日巡楼，邻里互助好", "\(graded.json)")
        let plan = try await api.call(.get, "/api/v1/status-maps/compounds/\(compoundID)", token: worker).json["buildings"].array.first { $0["id"].int == buildingID }
        #expect(plan?["buildingClass"].string == target && plan?["assessment"]["buildingClass"].string == target)
        #expect(try await api.call(.get, "/api/v1/status-maps/counts?nodeId=\(committee)", token: worker).json["rows"][0]["classes"][target].int == counted + 1, "the counts with it")
        #expect(code(try await api.call(.put, path, token: worker, json: #"{"buildingClass":"assured","reason":" "}"#)) == (.badRequest, "status_map.reason_required", "reason"))
        #expect(code(try await api.call(.put, path, token: worker, json: #"{"buildingClass":"safest","reason":"很好的楼"}"#)) == (.unprocessableContent, "status_map.class", "buildingClass"))
        #expect(try await api.call(.put, path, token: try await api.login("cw.990001002001"), json: #"{"buildingClass":"assured","reason":"很好的楼"}"#).status == .notFound)
        #expect(try await api.call(.put, path, token: try await api.login("duty.s1"), json: #"{"buildingClass":"assured","reason":"很好的楼"}"#).status == .forbidden)
        let withdrawn = try await api.call(.delete, path, token: worker)
        #expect(withdrawn.status == .ok && withdrawn.json["buildingClass"].string == before && withdrawn.json["assessment"].isNull, "\(withdrawn.json)")
    }

    /// The rules read, changed three ways: rented houses first and orange (good), a tag outside the dictionary, the last
    /// building rule with a condition.
    static func ruleBodies(_ json: JSON) throws -> (good: String, unknownTag: String, lastConditional: String) {
        var changed = try JSONDecoder().decode(StatusRules.self, from: try JSONSerialization.data(withJSONObject: json.value ?? [:]))
        changed.houses.removeAll { $0.code == "rented" }
        changed.houses.insert(StatusRules.HouseRule(code: "letOut", label: "出租户", colour: .orange, when: [HouseCondition(uses: [.rented])]), at: 0)
        var unknown = changed
        unknown.houses[0].when = [HouseCondition(houseTags: ["麻烦户"])]
        var open = changed
        open.buildings[open.buildings.count - 1].when = [BuildingCondition(openCasesAtLeast: 1)]
        func text(_ r: StatusRules) throws -> String { String(decoding: try JSONEncoder().encode(r), as: UTF8.self) }
        return (try text(changed), try text(unknown), try text(open))
    }
    static func total(_ counts: JSON) -> Int { ((counts.value as? [String: Any]) ?? [:]).values.compactMap { ($0 as? NSNumber)?.intValue }.reduce(0, +) }

    @Test("社工重画本居委的图；小区的楼按规则分类、楼内每户的颜色与图形和基础数据一致；小区里报的问题算到最近的楼；管理员改规则后重画按新规则；街道看到各居委的计数与基础数据相符；别的居委、居民、网格层级各有代码")
    func statusMaps() async throws {
        let city = try await TestCity()
        try await city.test { api in
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }
            let committee = try #require(try await city.store.node(code: Self.committee))
            let worker = try await api.login("cw.\(Self.committee)")
            let drawn = try await api.call(.post, "/api/v1/status-maps/draw", token: worker, json: "{}")
            #expect(drawn.status == .ok && drawn.json["rulesVersion"].int == 0 && drawn.json["day"].string != nil, "\(drawn.json)")
            let rules = try await api.call(.get, "/api/v1/status-rules", token: worker).json
            #expect(rules["houses"].array.compactMap { $0["code"].string }.first == "keyPerson" && rules["buildings"].array.count == 4)

            // A compound's map: every building classed, its houses counted by colour; each house of one building as the base data has it.
            let compounds = try await api.call(.get, "/api/v1/compounds?nodeId=\(committee.id)", token: worker).json["compounds"].array
            let compoundID = try #require(compounds.first?["id"].int)
            let map = try await api.call(.get, "/api/v1/status-maps/compounds/\(compoundID)", token: worker)
            #expect(map.status == .ok, "\(map.json)")
            let buildings = map.json["buildings"].array
            #expect(!buildings.isEmpty && buildings.allSatisfy { ["key", "attention", "mutualAid", "assured"].contains($0["buildingClass"].string ?? "") })
            let first = try #require(buildings.first)
            let buildingID = try #require(first["id"].int)
            let base = try await api.call(.get, "/api/v1/buildings/\(buildingID)/houses", token: worker).json.array
            let total = Self.total(first["houses"])
            #expect(total == base.count, "every house drawn once")
            let floor = try await api.call(.get, "/api/v1/status-maps/buildings/\(buildingID)", token: worker)
            #expect(floor.status == .ok && floor.json["houses"].array.count == base.count && floor.json["buildingClass"].string == first["buildingClass"].string)
            let cells = Dictionary(uniqueKeysWithValues: floor.json["houses"].array.map { ($0["id"].int ?? 0, $0) })
            for entry in base {
                let id = entry["house"]["id"].int ?? 0, people = entry["residents"].array
                let watched = people.filter { $0["tags"].array.contains { Self.keyGroup.contains($0.string ?? "") } }.count
                let cell = try #require(cells[id])
                #expect(cell["triangles"].int == watched && (cell["triangles"].int ?? 0) + (cell["squares"].int ?? 0) + (cell["circles"].int ?? 0) == people.count)
                if watched > 0 { #expect(cell["rule"].string == "keyPerson") }
                if entry["house"]["use"].string == "vacant" && people.isEmpty && entry["house"]["tags"].array.isEmpty { #expect(["vacant", "mismatch"].contains(cell["rule"].string ?? "")) }
            }
            let trail = try await api.call(.get, "/api/v1/audit?action=status_map.read&limit=20", token: try await api.login("auditor")).json["items"].array
            #expect(trail.contains { $0["target"].string == "building:\(buildingID)" })

            // A problem reported at a building of the compound belongs to it once drawn again.
            let target = try #require(buildings.first { $0["location"]["lon"].double != nil })
            let inspector = try await api.login("insp.\(Self.committee)")
            let reported = try await api.call(.post, "/api/v1/cases", token: inspector, json: """
                {"source":"inspector","categoryId":"event:0110","description":"楼道堆物","location":{"lon":\(target["location"]["lon"].double!),"lat":\(target["location"]["lat"].double!)},"compoundId":\(compoundID)}
                """)
            #expect(reported.status == .created, "\(reported.json)")
            _ = try await api.call(.post, "/api/v1/status-maps/draw", token: worker, json: #"{"nodeId":\#(committee.id)}"#)
            let withCase = try await api.call(.get, "/api/v1/status-maps/compounds/\(compoundID)", token: worker).json["buildings"].array.first { $0["id"].int == target["id"].int }
            #expect((withCase?["openCases"].int ?? 0) == (target["openCases"].int ?? 0) + 1 && withCase?["buildingClass"].string != "assured", "\(String(describing: withCase))")

            // The city's administrators set the rules; a new version is drawn; bad rules are refused with the field.
            let admin = try await api.login("admin")
            try await Self.setRules(api, worker: worker, admin: admin, buildingID: buildingID, rented: Set(base.filter { $0["house"]["use"].string == "rented" }.compactMap { $0["house"]["id"].int }))
            try await Self.assess(api, worker: worker, buildingID: buildingID, compoundID: compoundID, committee: Int(committee.id.rawValue))

            // The street's counts: its row and its committees' in the tree's order, the drawn committee's as its base data.
            let street = try #require(try await city.store.node(code: "990001001"))
            let counts = try await api.call(.get, "/api/v1/status-maps/counts?nodeId=\(street.id)", token: try await api.login("duty.s1"))
            #expect(counts.status == .ok, "\(counts.json)")
            let rows = counts.json["rows"].array
            #expect(rows.first?["area"].bool == true && rows.dropFirst().allSatisfy { $0["level"].string == "committee" })
            let row = try #require(rows.first { $0["nodeId"].int == Int(committee.id.rawValue) })
            let baseCounts = try await api.call(.get, "/api/v1/base-data/counts?nodeId=\(committee.id)", token: worker).json["counts"]
            #expect(row["buildings"].int == baseCounts["buildings"].int && row["houses"].int == baseCounts["houses"].int, "\(row) \(baseCounts)")
            #expect(Self.total(row["classes"]) == baseCounts["buildings"].int)
            #expect((rows.first?["houses"].int ?? 0) >= (row["houses"].int ?? 0))

            // Who may not.
            let other = try await api.login("cw.990001002001")
            #expect(try await api.call(.get, "/api/v1/status-maps/compounds/\(compoundID)", token: other).status == .notFound)
            #expect(try await api.call(.get, "/api/v1/status-maps/buildings/\(buildingID)", token: other).status == .notFound)
            #expect(try await api.call(.get, "/api/v1/status-maps/counts", token: try await api.login("resident1")).status == .forbidden)
            #expect(code(try await api.call(.post, "/api/v1/status-maps/draw", token: try await api.login("duty.s1"), json: #"{"nodeId":\#(street.id)}"#)).0 == .forbidden)
            #expect(code(try await api.call(.post, "/api/v1/status-maps/draw", token: admin, json: #"{"nodeId":\#(street.id)}"#)) == (.unprocessableContent, "status_map.level", "nodeId"))
        }
    }
}
