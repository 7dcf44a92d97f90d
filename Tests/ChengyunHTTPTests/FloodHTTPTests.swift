import ChengyunCore
import ChengyunServices
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("防汛：灾情直报、历史汛情回溯、按预警等级加强值守 over HTTP")
struct FloodHTTPTests {
    /// 2026-07-20 10:00 in Shanghai: in the flood season.
    static let july = Date(timeIntervalSince1970: 1_784_512_800)

    static func cap(_ identifier: String, level: String, event: String, expires: Date, codes: [String]) -> String {
        let geocodes = codes.map { "<geocode><valueName>chengyun:node</valueName><value>\($0)</value></geocode>" }.joined()
        let severity = ["yellow": "Moderate", "orange": "Severe", "red": "Extreme"][level] ?? "Minor"
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>\(identifier)</identifier><sender>qxj@sh.gov.cn</sender><sent>\(CAPTime.format(july))</sent>
              <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
              <info><language>zh-CN</language><category>Met</category><event>\(event)</event><urgency>Expected</urgency><severity>\(severity)</severity>
                <certainty>Likely</certainty><expires>\(CAPTime.format(expires))</expires>
                <headline>\(event)</headline><description>预计未来6小时有强降水</description>
                <area><areaDesc>东湖区</areaDesc>\(geocodes)</area></info>
            </alert>
            """
    }

    @Test("街道直报灾情：重发同一请求键只存一次；区、市立即看到；居委只看本居委；坏数据 400；居民无权")
    func directReports() async throws {
        let city = try await TestCity(clock: ManualWallClock(Self.july))
        try await city.test { api in
            let street = try await api.login("duty.s1")
            let body = #"{"kind":"waterlogging","count":2,"address":"长乐路下立交","description":"积水约 30 厘米，已设围挡","location":{"lon":121.401,"lat":31.151}}"#
            let made = try await api.call(.post, "/api/v1/flood/reports", token: street, json: body, headers: [FloodHTTPTests.key: "r-1"])
            #expect(made.status == .created, "\(made.json)")
            #expect(made.json["kind"].string == "waterlogging" && made.json["count"].int == 2 && made.json["reportedBy"].string == "duty.s1")
            #expect((made.json["reporterName"].string ?? "duty.s1") != "duty.s1", "staff read names, not logins")
            let again = try await api.call(.post, "/api/v1/flood/reports", token: street, json: body, headers: [FloodHTTPTests.key: "r-1"])
            #expect(again.status == .ok && again.json["id"].int == made.json["id"].int, "a retry stores nothing new")
            let worker = try await api.login("cw.990001001001")
            #expect(try await api.call(.post, "/api/v1/flood/reports", token: worker, json: #"{"kind":"relocated","count":35,"description":"转移独居老人"}"#).status == .created)
            let bad = try await api.call(.post, "/api/v1/flood/reports", token: street, json: #"{"kind":"waterlogging","count":-1,"description":"x"}"#)
            #expect(bad.status == .badRequest && bad.json["error"]["code"].string == "direct_report.invalid_count")
            let kind = try await api.call(.post, "/api/v1/flood/reports", token: street, json: #"{"kind":"meteor","count":1,"description":"x"}"#)
            #expect(kind.status == .badRequest && kind.json["error"]["field"].string == "kind", "\(kind.json)")
            #expect(try await api.call(.post, "/api/v1/flood/reports", token: try await api.login("resident1"), json: body).status == .forbidden)

            let duty = try await api.login("duty")
            let all = try await api.call(.get, "/api/v1/flood/reports", token: duty).json["reports"].array
            #expect(all.compactMap { $0["kind"].string } == ["relocated", "waterlogging"], "the city sees both at once")
            let mine = try await api.call(.get, "/api/v1/flood/reports", token: worker).json["reports"].array
            #expect(mine.count == 1 && mine[0]["nodeName"].string != nil)
            let page = try await api.call(.get, "/api/v1/flood/reports?limit=1", token: duty).json
            let next = try #require(page["nextBefore"].int)
            #expect(try await api.call(.get, "/api/v1/flood/reports?limit=1&before=\(next)", token: duty).json["reports"][0]["kind"].string == "waterlogging")
        }
    }

    @Test("历史汛情：今年汛期（至今）与往年逐年可比，雨量来自雨量计、积水告警与积水案件、直报计数")
    func seasons() async throws {
        let city = try await TestCity(cases: 60, clock: ManualWallClock(Self.july))
        try await city.test { api in
            let admin = try await api.login("admin")
            let key = try await api.apiKey("水务物联网关", sources: ["sensor"], admin: admin)
            let streams = try await city.store.datastreams(SensingQuery(filter: .or(.compare(.property, .eq, .text("waterLevel")), .compare(.property, .eq, .text("rainfall"))),
                                                                        top: 500, scope: SensingScope(paths: ["/"])))
            let gauge = try #require(streams.items.first { $0.kind == .waterLevel })
            let rain = try #require(streams.items.first { $0.kind == .rainfall })
            let ms = Int64(Self.july.timeIntervalSince1970 * 1000)
            let csv = "\(gauge.id.rawValue),\(ms - 20_000),0.42\n\(rain.id.rawValue),\(ms - 20_000),36\n"
            #expect(try await api.call(.post, "/api/v1/sensing/readings", token: key, body: Array(csv.utf8), contentType: "text/csv").json["accepted"].int == 2)
            _ = try await city.platform.sensing.compactReadings()
            let street = try await api.login("duty.s1")
            _ = try await api.call(.post, "/api/v1/flood/reports", token: street, json: #"{"kind":"houseFlooded","count":3,"description":"底层三户进水"}"#)

            let duty = try await api.login("duty")
            let seasons = try await api.call(.get, "/api/v1/flood/seasons?years=3", token: duty)
            #expect(seasons.status == .ok, "\(seasons.json)")
            let years = seasons.json.array
            #expect(years.compactMap { $0["year"].int } == [2026, 2025, 2024])
            let now = years[0]
            #expect(now["current"].bool == true && years[1]["current"].bool == false)
            #expect((now["rainfall"].double ?? 0) > 0 && (now["maxIntensity"].double ?? 0) >= 36, "\(now)")
            #expect((now["alarms"]["orange"].int ?? 0) >= 1 && (now["waterloggingPoints"].int ?? 0) >= 1, "\(now)")
            #expect((now["waterloggingCases"].int ?? 0) >= 1, "the underpass alarm's case")
            #expect(now["reports"].array.contains { $0["kind"].string == "houseFlooded" && $0["count"].int == 3 })
            // The demo's past seasons: their storms' rain over the gauges, no cases.
            #expect((years[1]["rainfall"].double ?? 0) > 0 && (years[2]["rainHours"].int ?? 0) > 0 && years[2]["waterloggingCases"].int == 0, "\(years)")
            #expect(try await api.call(.get, "/api/v1/flood/seasons?years=40", token: duty).status == .badRequest)
            #expect(try await api.call(.get, "/api/v1/flood/seasons", token: try await api.login("resident1")).status == .forbidden)
        }
    }

    @Test("暴雨黄色预警转发到区街居即加岗；升级橙色补足差额；值班长派人上岗即进排班；撤销预警结束其岗位")
    func reinforcement() async throws {
        let city = try await TestCity(clock: ManualWallClock(Self.july))
        try await city.test { api in
            let admin = try await api.login("admin")
            let met = try await api.apiKey("市气象台", sources: ["sensor"], admin: admin)
            let expires = Self.july.addingTimeInterval(6 * 3600)
            let yellow = try await api.call(.post, "/api/v1/warnings/cap", token: met,
                                            body: Array(Self.cap("sh-0720-1", level: "yellow", event: "暴雨黄色预警", expires: expires, codes: ["990001"]).utf8))
            #expect(yellow.status == .created, "\(yellow.json)")
            let duty = try await api.login("duty")
            let districtID = try #require(try await city.store.node(code: "990001")).id.rawValue
            var status = try await api.call(.get, "/api/v1/duty/reinforcements?nodeId=\(districtID)", token: duty).json
            // Yellow: the district a leader and an officer, its 2 streets and 4 committees an officer each.
            #expect(status["needed"].int == 8 && status["filled"].int == 0, "\(status)")
            let orange = try await api.call(.post, "/api/v1/warnings/cap", token: met,
                                            body: Array(Self.cap("sh-0720-2", level: "orange", event: "暴雨橙色预警", expires: expires, codes: ["990001"]).utf8))
            #expect(orange.status == .created)
            status = try await api.call(.get, "/api/v1/duty/reinforcements?nodeId=\(districtID)", token: duty).json
            // Orange adds the difference: the district a chief and an officer, each street a leader and an officer.
            #expect(status["needed"].int == 14, "\(status)")
            // An orange warning over both districts adds nothing to the first, the second's posts once, however often it comes.
            let secondID = try #require(try await city.store.node(code: "990002")).id.rawValue
            for n in 1...2 {
                let both = try await api.call(.post, "/api/v1/warnings/cap", token: met,
                                              body: Array(Self.cap("sh-0720-both-\(n)", level: "orange", event: "暴雨橙色预警", expires: expires, codes: ["990001", "990002"]).utf8))
                #expect(both.status == .created)
            }
            #expect(try await api.call(.get, "/api/v1/duty/reinforcements?nodeId=\(districtID)", token: duty).json["needed"].int == 14)
            let second = try await api.call(.get, "/api/v1/duty/reinforcements?nodeId=\(secondID)", token: duty).json
            let streets = try await city.store.nodes(under: try #require(try await city.store.node(NodeID(secondID))).path, kinds: [.street], limit: nil, offset: 0).count
            let committees = try await city.store.nodes(under: try #require(try await city.store.node(NodeID(secondID))).path, kinds: [.committee], limit: nil, offset: 0).count
            #expect(second["needed"].int == 4 + 3 * streets + committees, "the plan's orange seats, once: \(second)")

            // The first street's duty desk puts an inspector off the roster on its officer post: a shift till the warning expires.
            let street = try await api.login("duty.s1")
            let streetID = try #require(try await api.call(.get, "/api/v1/me", token: street).json["assignments"][0]["nodeId"].int)
            let me = try await api.call(.get, "/api/v1/me", token: try await api.login("insp.990001001001")).json
            let posts = try await api.call(.get, "/api/v1/duty/reinforcements?nodeId=\(streetID)", token: street).json["posts"].array
            let officer = try #require(posts.first { $0["post"].string == "dutyOfficer" && $0["nodeId"].int == streetID })
            let userID = try #require(me["id"].int)
            let filled = try await api.call(.post, "/api/v1/duty/reinforcements/\(officer["id"].int!)/assign", token: street, json: #"{"userId":\#(userID)}"#)
            #expect(filled.status == .ok && filled.json["userId"].int == userID, "\(filled.json)")
            let onDuty = try await api.call(.get, "/api/v1/duty/now?nodeId=\(streetID)", token: street).json
            #expect("\(onDuty)".contains(me["displayName"].string ?? "?"), "on duty now: \(onDuty)")
            let twice = try await api.call(.post, "/api/v1/duty/reinforcements/\(officer["id"].int!)/assign", token: street, json: #"{"userId":\#(userID)}"#)
            #expect(twice.status == .conflict && twice.json["error"]["code"].string == "duty.reinforcement_filled")
            let busy = try await api.call(.get, "/api/v1/me", token: street).json["id"].int!
            let spare = try #require(posts.first { $0["nodeId"].int == streetID && $0["userId"].isNull && $0["id"].int != officer["id"].int })
            let booked = try await api.call(.post, "/api/v1/duty/reinforcements/\(spare["id"].int!)/assign", token: street, json: #"{"userId":\#(busy)}"#)
            #expect(booked.status == .conflict && booked.json["error"]["code"].string == "duty.double_booked", "already on the roster then")
            let other = try #require(posts.first { $0["nodeId"].int != streetID })
            let worker = try await api.login("cw.990001001001")
            #expect(try await api.call(.post, "/api/v1/duty/reinforcements/\(other["id"].int!)/assign", token: worker, json: #"{"userId":\#(userID)}"#).status == .forbidden)

            // Cancelling the yellow warning ends its 8 posts; the orange one's 6 stay.
            let cancelled = try await api.call(.post, "/api/v1/warnings/\(yellow.json["id"].int!)/cancel", token: duty, json: #"{"note":"降雨减弱"}"#)
            #expect(cancelled.status == .created, "\(cancelled.json)")
            status = try await api.call(.get, "/api/v1/duty/reinforcements?nodeId=\(districtID)", token: duty).json
            #expect(status["needed"].int == 6, "\(status)")
        }
    }

    static let key = HTTPField.Name("Idempotency-Key")!
}
