import ChengyunCore
import ChengyunServices
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("城市体征：目录、逐级下钻、读数与案件算出的状态、趋势、研判、体检报告 over HTTP")
struct VitalSignHTTPTests {
    static func figures(_ board: JSON) -> [JSON] { board["dimensions"].array.flatMap { $0["figures"].array } }

    @Test("领导看全市体征：五个维度 86 个一级指标，读数与案件算出数值；逐级下钻到居委；居委只看本居委；居民无权；趋势按小时；未接入的指标无趋势")
    func boardAndDrillDown() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let leader = try await api.login("leader")
            let board = try await api.call(.get, "/api/v1/vital-signs", token: leader)
            #expect(board.status == .ok, "\(board.json)")
            let dims = board.json["dimensions"].array
            #expect(dims.compactMap { $0["dimension"].string } == ["dynamics", "environment", "traffic", "supply", "infrastructure"])
            let firstLevel = dims.reduce(0) { sum, d in sum + ["normal", "blue", "yellow", "orange", "red", "noData", "noSource"].reduce(0) { $0 + (d["states"][$1].int ?? 0) } }
            #expect(firstLevel == 86, "86 first-level slots")
            let all = Self.figures(board.json)
            let voltage = try #require(all.first { $0["sign"]["code"].string == "SU02.01" })
            #expect((215...230).contains(voltage["value"].double ?? 0) && voltage["state"].string == "normal", "the demo's quiet hour: \(voltage)")
            #expect(all.contains { $0["sign"]["formula"]["source"].string == "cases" && ($0["value"].double ?? -1) >= 0 })
            #expect(all.first { $0["sign"]["code"].string == "TR01" }?["state"].string == "noSource")

            // Drill down: city → district → street → committee (no deeper).
            let districts = board.json["children"].array
            #expect(districts.count == 2)
            let district = try await api.call(.get, "/api/v1/vital-signs?nodeId=\(districts[0]["id"].int!)", token: leader).json
            #expect(district["ancestors"].array.count == 1 && district["node"]["level"].int == 1)
            let street = try await api.call(.get, "/api/v1/vital-signs?nodeId=\(district["children"][0]["id"].int!)", token: leader).json
            let committeeID = try #require(street["children"].array.first { $0["code"].string == "990001001001" }?["id"].int)
            let committee = try await api.call(.get, "/api/v1/vital-signs?nodeId=\(committeeID)", token: leader).json
            #expect(committee["node"]["code"].string == "990001001001" && committee["children"].array.isEmpty)

            // A committee's worker opens on its committee and may not look above it; a resident sees none.
            let worker = try await api.login("cw.990001001001")
            let own = try await api.call(.get, "/api/v1/vital-signs", token: worker)
            #expect(own.status == .ok && own.json["node"]["code"].string == "990001001001")
            let above = try await api.call(.get, "/api/v1/vital-signs?nodeId=\(districts[0]["id"].int!)", token: worker)
            #expect(above.status == .forbidden && above.json["error"]["code"].string == "auth.out_of_scope")
            #expect(try await api.call(.get, "/api/v1/vital-signs", token: try await api.login("resident1")).status == .forbidden)

            // A trend: 24 hours of an hourly indicator, with the demo's quiet readings in them.
            let series = try await api.call(.get, "/api/v1/vital-signs/SU02.01/series", token: leader)
            #expect(series.status == .ok && series.json["points"].array.count == 24, "\(series.json)")
            #expect(series.json["points"].array.filter { !$0["value"].isNull }.count >= 20)
            let unfed = try await api.call(.get, "/api/v1/vital-signs/TR01/series", token: leader)
            #expect(unfed.status == .badRequest && unfed.json["error"]["code"].string == "vital_sign.no_formula")
            #expect(try await api.call(.get, "/api/v1/vital-signs/XX99/series", token: leader).json["error"]["code"].string == "vital_sign.not_found")
        }
    }

    @Test("燃气读数超过红色阈值：该居委的燃气浓度指标变红，另一街道的居委不受影响；整点刚过时仍看得到上一小时的读数")
    func readingsSetTheState() async throws {
        // Thirty seconds past the hour: the reading came 45 s ago, in the hour before.
        let hour = (Date().timeIntervalSince1970 / 3600).rounded(.down) * 3600
        let city = try await TestCity(clock: ManualWallClock(Date(timeIntervalSince1970: hour + 30)))
        try await city.test { api in
            let admin = try await api.login("admin")
            let key = try await api.apiKey("燃气网关", sources: ["sensor"], admin: admin)
            let streams = try await city.store.datastreams(SensingQuery(filter: .compare(.property, .eq, .text("gasConcentration")), top: 500, scope: SensingScope(paths: ["/"])))
            let gas = try #require(streams.items.first { $0.kind == .gasMains })
            let ms = Int64((hour + 30) * 1000)
            let posted = try await api.call(.post, "/api/v1/sensing/readings", token: key, body: Array("\(gas.id.rawValue),\(ms - 45_000),30\n".utf8), contentType: "text/csv")
            #expect(posted.status == .accepted && posted.json["accepted"].int == 1)
            _ = try await city.platform.sensing.compactReadings()
            let ids = OrgNode.ids(inPath: gas.nodePath)
            let leader = try await api.login("leader")
            let committee = try await api.call(.get, "/api/v1/vital-signs?nodeId=\(ids[3].rawValue)", token: leader).json
            let sign = try #require(Self.figures(committee).first { $0["sign"]["code"].string == "SU03.02" })
            #expect(sign["value"].double == 30 && sign["state"].string == "red", "\(sign)")
            let supply = try #require(committee["dimensions"].array.first { $0["dimension"].string == "supply" })
            #expect((supply["states"]["red"].int ?? 0) >= 1, "the slot takes its worst child's state")
            let street = try await api.call(.get, "/api/v1/vital-signs?nodeId=\(ids[2].rawValue)", token: leader).json
            let otherID = try #require(street["children"].array.compactMap { $0["id"].int }.first { Int64($0) != ids[3].rawValue })
            let other = try await api.call(.get, "/api/v1/vital-signs?nodeId=\(otherID)", token: leader).json
            #expect(Self.figures(other).first { $0["sign"]["code"].string == "SU03.02" }?["state"].string != "red")
        }
    }

    @Test("研判：值班长写当天研判，改写覆盖；社工不能写；体检报告含各指标本期与上期、案件指标与研判")
    func notesAndReport() async throws {
        let city = try await TestCity(cases: 150)
        try await city.test { api in
            let duty = try await api.login("duty.s1")
            let written = try await api.call(.put, "/api/v1/vital-signs/notes", token: duty, json: #"{"text":"午后短时阵雨，积水点两处已处置"}"#)
            #expect(written.status == .ok, "\(written.json)")
            let nodeID = try #require(written.json["nodeId"].int)
            _ = try await api.call(.put, "/api/v1/vital-signs/notes", token: duty, json: #"{"text":"午后短时阵雨，积水点两处已处置；潮位偏高"}"#)
            let notes = try await api.call(.get, "/api/v1/vital-signs/notes?nodeId=\(nodeID)", token: duty).json.array
            #expect(notes.count == 1 && notes[0]["text"].string?.hasSuffix("潮位偏高") == true && notes[0]["author"].string == "duty.s1"
                    && notes[0]["authorName"].string != "duty.s1")
            let blank = try await api.call(.put, "/api/v1/vital-signs/notes", token: duty, json: #"{"text":"  "}"#)
            #expect(blank.status == .badRequest && blank.json["error"]["code"].string == "vital_sign.invalid_note")
            let future = try await api.call(.put, "/api/v1/vital-signs/notes", token: duty, json: #"{"text":"x","day":"2999-01-01"}"#)
            #expect(future.status == .badRequest && future.json["error"]["code"].string == "vital_sign.invalid_day")
            let worker = try await api.login("cw.990001001001")
            #expect(try await api.call(.put, "/api/v1/vital-signs/notes", token: worker, json: #"{"text":"居委研判"}"#).status == .forbidden)

            let report = try await api.call(.get, "/api/v1/vital-signs/report?nodeId=\(nodeID)&days=7", token: duty)
            #expect(report.status == .ok, "\(report.json)")
            #expect(report.json["days"].int == 7 && report.json["notes"].array.count == 1)
            let lines = report.json["lines"].array
            #expect(lines.count >= 30 && lines.allSatisfy { !$0["sign"]["formula"].isNull })
            #expect(lines.contains { $0["sign"]["code"].string == "DY03" && ($0["value"].double ?? 0) > 0 }, "the week's cases")
            #expect(report.json["kpis"]["reported"].int.map { $0 > 0 } == true)
            #expect(try await api.call(.get, "/api/v1/vital-signs/report?days=400", token: duty).status == .badRequest)
        }
    }

    @Test("目录：可读；市级管理员整体替换，校验不通过的说明哪一项哪一字段；非管理员不可替换；替换写入审计")
    func catalogue() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let leader = try await api.login("leader")
            let read = try await api.call(.get, "/api/v1/vital-signs/catalogue", token: leader).json
            #expect(read["signs"].array.filter { $0["parent"].isNull }.count == 86)
            let admin = try await api.login("admin")
            let small = #"{"version":2,"note":"试行","signs":[{"code":"EN01","dimension":"environment","name":"降雨","nameEn":"Rainfall","unit":"mm/h","windowHours":1,"formula":{"source":"readings","property":"rainfall","aggregate":"max"},"levels":{"mode":"absolute","direction":"above","yellow":30,"red":100}},{"code":"DY01","dimension":"dynamics","name":"热线","nameEn":"Hotline","unit":"件","windowHours":24,"formula":{"source":"cases","figure":"reported","caseSource":"hotline","categoryId":"event:0405"}}]}"#
            #expect(try await api.call(.put, "/api/v1/vital-signs/catalogue", token: leader, json: small).status == .forbidden)
            let replaced = try await api.call(.put, "/api/v1/vital-signs/catalogue", token: admin, json: small)
            #expect(replaced.status == .ok, "\(replaced.json)")
            let board = try await api.call(.get, "/api/v1/vital-signs", token: admin).json
            #expect(board["catalogueVersion"].int == 2 && Self.figures(board).count == 2)
            let bad = small.replacingOccurrences(of: #""property":"rainfall""#, with: #""property":"rain""#)
            let refused = try await api.call(.put, "/api/v1/vital-signs/catalogue", token: admin, json: bad)
            #expect(refused.status == .badRequest && refused.json["error"]["code"].string == "vital_sign.invalid_catalogue")
            #expect(refused.json["error"]["field"].string == "signs[0].formula.property", "\(refused.json)")
            let order = small.replacingOccurrences(of: #""yellow":30,"red":100"#, with: #""yellow":100,"red":30"#)
            #expect(try await api.call(.put, "/api/v1/vital-signs/catalogue", token: admin, json: order).json["error"]["field"].string == "signs[0].levels")
            let auditor = try await AccountSecurityHTTPTests().makeAuditor(api, admin: admin)
            let trail = try await api.call(.get, "/api/v1/audit?action=vital_signs.", token: auditor).json["items"].array
            #expect(trail.compactMap { $0["actor"].string } == ["admin", "platform"], "the demo's load, then the admin's: \(trail)")
            #expect(trail[0]["target"].string == "catalogue:v2")
        }
    }
}
