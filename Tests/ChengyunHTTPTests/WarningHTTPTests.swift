import ChengyunCore
import ChengyunServices
import ChengyunTesting
import Foundation
import Hummingbird
import Testing

@Suite("预警：接收 CAP、逐级转发签收、发布审批、CAP 与 Atom 输出 over HTTP")
struct WarningHTTPTests {
    static func cap(_ identifier: String, event: String = "暴雨黄色预警", codes: [String], msgType: String = "Alert", references: String? = nil) -> String {
        let geocodes = codes.map { "<geocode><valueName>chengyun:node</valueName><value>\($0)</value></geocode>" }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>\(identifier)</identifier><sender>qxj@sh.gov.cn</sender><sent>2026-12-05T14:00:00+08:00</sent>
              <status>Actual</status><msgType>\(msgType)</msgType><scope>Public</scope>\(references.map { "<references>\($0)</references>" } ?? "")
              <info><language>zh-CN</language><category>Met</category><event>\(event)</event><urgency>Expected</urgency><severity>Moderate</severity>
                <certainty>Likely</certainty><onset>2026-12-05T15:00:00+08:00</onset><expires>2026-12-05T23:00:00+08:00</expires>
                <headline>东湖区发布暴雨黄色预警</headline><description>预计未来6小时降雨量将达50毫米以上</description><instruction>注意防范积水</instruction>
                <parameter><valueName>chengyun:step</valueName><value>hour3</value></parameter>
                <area><areaDesc>东湖区</areaDesc>\(geocodes)</area></info>
            </alert>
            """
    }

    @Test("气象台 CAP 预警进来即转发到区、街道、居委的值班，按节点签收、统计未签收；同号重发 409；坏文件 400；CAP 与 Atom 可取回")
    func receivedAndRelayed() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let met = try await api.apiKey("市气象台", sources: ["sensor"], admin: admin)
            let made = try await api.call(.post, "/api/v1/warnings/cap", token: met, body: Array(Self.cap("sh-2026-1205-001", codes: ["990001"]).utf8), contentType: "application/cap+xml")
            #expect(made.status == .created, "\(made.json)")
            let id = try #require(made.json["id"].int)
            #expect(made.json["level"].string == "yellow" && made.json["hazard"].string == "rainstorm" && made.json["step"].string == "hour3")
            #expect(made.json["state"].string == "published" && made.json["origin"].string == "received")
            let again = try await api.call(.post, "/api/v1/warnings/cap", token: met, body: Array(Self.cap("sh-2026-1205-001", codes: ["990001"]).utf8))
            #expect(again.status == .conflict && again.json["error"]["code"].string == "warning.duplicate")
            let junk = try await api.call(.post, "/api/v1/warnings/cap", token: met, body: Array("<html/>".utf8))
            #expect(junk.status == .badRequest && junk.json["error"]["code"].string == "warning.invalid_cap")
            let resident = try await api.login("resident1")
            #expect(try await api.call(.post, "/api/v1/warnings/cap", token: resident, body: Array(Self.cap("x", codes: ["990001"]).utf8)).status == .forbidden)

            // Relayed to the district, its 2 streets and 4 committees; the street's duty desk and a committee acknowledge.
            let duty = try await api.login("duty")
            var relay = try await api.call(.get, "/api/v1/warnings/\(id)/relay", token: duty).json
            #expect(relay["relayed"].int == 7 && relay["acknowledged"].int == 0, "\(relay)")
            let street = try await api.login("duty.s1")
            let ack = try await api.call(.post, "/api/v1/warnings/\(id)/acknowledge", token: street)
            #expect(ack.status == .ok && ack.json["acknowledged"].int == 1, "\(ack.json)")
            #expect(try await api.call(.post, "/api/v1/warnings/\(id)/acknowledge", token: street).status == .conflict, "once")
            let worker = try await api.login("cw.990001001001")
            #expect(try await api.call(.post, "/api/v1/warnings/\(id)/acknowledge", token: worker).status == .ok)
            relay = try await api.call(.get, "/api/v1/warnings/\(id)/relay", token: duty).json
            #expect(relay["acknowledged"].int == 2)
            let pending = relay["nodes"].array.filter { $0["acknowledgedAt"].isNull }.compactMap { $0["nodeName"].string }
            #expect(pending.count == 5, "who has not acknowledged: \(pending)")
            #expect(relay["nodes"].array.first { $0["acknowledgedBy"].string == "duty.s1" } != nil)

            // Published as CAP (times with their offset) and in the Atom feed, without signing in.
            let xml = String(buffer: try await api.call(.get, "/cap/warnings/\(id).xml").body)
            #expect(xml.contains("<identifier>sh-2026-1205-001</identifier>") && xml.contains("<sent>2026-12-05T14:00:00+08:00</sent>"))
            #expect(xml.contains("<severity>Moderate</severity>") && xml.contains("<value>990001</value>"))
            let atom = String(buffer: try await api.call(.get, "/cap/warnings.atom").body)
            #expect(atom.contains("/cap/warnings/\(id).xml") && atom.contains("东湖区发布暴雨黄色预警"))
        }
    }

    @Test("31631 序列：提前 1 天全市、3 小时到区、1 小时到街道，逐步收窄；按提前量判断是否及时，缺的步骤列出；每个街道收到了哪几步")
    func sequence() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let met = try await api.apiKey("市气象台", sources: ["sensor"], admin: admin)
            let cityCode = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=city", token: admin).json[0]["code"].string)
            func post(_ id: String, step: String, sent: String, code: String) async throws -> Int {
                var xml = Self.cap(id, codes: [code]).replacingOccurrences(of: "<value>hour3</value>", with: "<value>\(step)</value>")
                xml = xml.replacingOccurrences(of: "<sent>2026-12-05T14:00:00+08:00</sent>", with: "<sent>\(sent)</sent>")
                let reply = try await api.call(.post, "/api/v1/warnings/cap", token: met, body: Array(xml.utf8))
                #expect(reply.status == .created, "\(reply.json)")
                return try #require(reply.json["id"].int)
            }
            _ = try await post("seq-1", step: "day1", sent: "2026-12-04T10:00:00+08:00", code: cityCode)
            _ = try await post("seq-2", step: "hour3", sent: "2026-12-05T11:30:00+08:00", code: "990001")
            let last = try await post("seq-3", step: "hour1", sent: "2026-12-05T14:30:00+08:00", code: "990001001")
            let duty = try await api.login("duty")
            let seq = try await api.call(.get, "/api/v1/warnings/\(last)/sequence", token: duty).json
            #expect(seq["steps"].array.map { $0["step"].string ?? "" } == ["day1", "hour3", "hour1"], "\(seq)")
            #expect(seq["steps"].array.map { $0["onTime"].bool ?? false } == [true, true, false], "the last step came 30 minutes late")
            #expect(seq["steps"].array.allSatisfy { $0["narrower"].bool == true })
            #expect(seq["missing"].array.map { $0.string ?? "" } == ["day3", "hour6"])
            let streets = seq["streets"].array
            let told = Dictionary(uniqueKeysWithValues: streets.map { ($0["name"].string ?? "", $0["told"].array.map { $0.string ?? "" }) })
            #expect(told.values.contains(["day1", "hour3", "hour1"]) && told.values.contains(["day1"]), "\(told)")
        }
    }

    @Test("值班员拟发预警待审批：本人不能批，领导批准后发布转发；解除生成 Cancel 并引用原预警")
    func issuedWithApproval() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let duty = try await api.login("duty")
            let leader = try await api.login("leader")
            let district = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=district", token: leader).json[0]["id"].int)
            let draft = #"{"hazard":"highTide","level":"orange","headline":"东湖区高潮位橙色预警","description":"天文大潮叠加台风外围","nodeIds":[\#(district)],"step":"day1"}"#
            let issued = try await api.call(.post, "/api/v1/warnings", token: duty, json: draft)
            #expect(issued.status == .created, "\(issued.json)")
            let id = try #require(issued.json["id"].int)
            #expect(issued.json["state"].string == "pending")
            #expect(try await api.call(.get, "/api/v1/warnings/\(id)/relay", token: duty).json["relayed"].int == 0, "not relayed before approval")
            #expect(try await api.call(.get, "/cap/warnings/\(id).xml").status == .notFound, "not public before approval")
            let own = try await api.call(.post, "/api/v1/warnings/\(id)/approve", token: duty)
            #expect(own.status == .forbidden)
            let approved = try await api.call(.post, "/api/v1/warnings/\(id)/approve", token: leader)
            #expect(approved.json["state"].string == "published" && approved.json["approvedBy"].string == "leader", "\(approved.json)")
            #expect(try await api.call(.get, "/api/v1/warnings/\(id)/relay", token: duty).json["relayed"].int == 7)
            let cancelled = try await api.call(.post, "/api/v1/warnings/\(id)/cancel", token: duty, json: #"{"note":"潮位回落"}"#)
            #expect(cancelled.status == .created && cancelled.json["msgType"].string == "Cancel", "\(cancelled.json)")
            let ref = try #require(cancelled.json["references"][0].string)
            #expect(ref.hasPrefix("chengyun@city.local,cy-") && ref.hasSuffix("+08:00"))
            let resident = try await api.login("resident1")
            let list = try await api.call(.get, "/api/v1/warnings", token: resident).json.array
            #expect(list.count == 2 && list.allSatisfy { $0["state"].string == "published" })
        }
    }
}
