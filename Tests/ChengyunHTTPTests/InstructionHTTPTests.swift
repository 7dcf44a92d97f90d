import ChengyunCore
import ChengyunServices
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("指令：沿值班通道下达到区、街、居，逐级签收并回复，超时未签收的升级 over HTTP")
struct InstructionHTTPTests {
    @Test("市值班下达到东湖区：区、两街、四居各一份回执；街道签收并回复；居委社工签收；超时未签收的升级；越权下达被拒")
    func sentAcknowledgedEscalated() async throws {
        let clock = ManualWallClock(Date())
        let city = try await TestCity(clock: clock)
        try await city.test { api in
            let duty = try await api.login("duty")
            let district = try #require(try await city.store.node(code: "990001"))
            let sent = try await api.call(.post, "/api/v1/instructions", token: duty, json: """
                {"title":"加强下立交巡查","text":"各街道即刻巡查辖区下立交，发现积水立即设置围挡并上报","targetIds":[\(district.id.rawValue)],"acknowledgeMinutes":30}
                """)
            #expect(sent.status == .created, "\(sent.json)")
            let id = try #require(sent.json["id"].int)
            #expect(!(sent.json["issuedBy"].string ?? "duty").hasPrefix("duty") && sent.json["targetIds"].array.compactMap(\.int) == [Int(district.id.rawValue)])
            var receipts = try await api.call(.get, "/api/v1/instructions/\(id)/receipts", token: duty).json.array
            #expect(receipts.count == 7, "the district, its 2 streets and 4 committees: \(receipts.count)")
            #expect(receipts.contains { !$0["onDuty"].array.isEmpty }, "who was on duty when it came")

            let street = try await api.login("duty.s1")
            let owed = try await api.call(.get, "/api/v1/instructions", token: street).json["instructions"].array
            #expect(owed.first?["owed"].array.count == 1 && owed.first?["instruction"]["title"].string == "加强下立交巡查")
            let ack = try await api.call(.post, "/api/v1/instructions/\(id)/acknowledge", token: street, json: #"{"reply":"已布置 3 个下立交巡查"}"#)
            #expect(ack.status == .ok && ack.json["acknowledged"].int == 1)
            #expect(try await api.call(.post, "/api/v1/instructions/\(id)/acknowledge", token: street).json["error"]["code"].string == "instruction.nothing_to_acknowledge")
            let worker = try await api.login("cw.990001001001")
            #expect(try await api.call(.post, "/api/v1/instructions/\(id)/acknowledge", token: worker).status == .ok)
            let mine = try await api.call(.get, "/api/v1/instructions/\(id)/receipts", token: worker).json.array
            #expect(mine.count == 1, "a committee sees its own receipt")

            // Thirty-one minutes on, the five that did not acknowledge are escalated.
            clock.advance(hours: 31.0 / 60)
            #expect(try await city.platform.instructions.escalate() == 5)
            receipts = try await api.call(.get, "/api/v1/instructions/\(id)/receipts", token: duty).json.array
            #expect(receipts.filter { !$0["escalatedAt"].isNull }.count == 5)
            let replied = try #require(receipts.first { $0["reply"].string == "已布置 3 个下立交巡查" })
            #expect(replied["acknowledgedBy"].string?.contains("值班") == true, "a name, not a login: \(replied)")
            let listed = try await api.call(.get, "/api/v1/instructions", token: duty).json["instructions"][0]
            #expect(listed["sent"].int == 7 && listed["acknowledged"].int == 2 && listed["escalated"].int == 5)

            // A street's officer sends within its street only; nobody else sends.
            let city0 = try #require(try await city.store.children(of: nil).first)
            let above = try await api.call(.post, "/api/v1/instructions", token: street, json: #"{"nodeId":\#(city0.id.rawValue),"title":"x","text":"y"}"#)
            #expect(above.status == .forbidden)
            let outside = try await api.call(.post, "/api/v1/instructions", token: street, json: #"{"title":"x","text":"y","targetIds":[\#(district.id.rawValue)]}"#)
            #expect(outside.status == .badRequest && outside.json["error"]["code"].string == "instruction.invalid_targets")
            let minutes = try await api.call(.post, "/api/v1/instructions", token: street, json: #"{"title":"x","text":"y","acknowledgeMinutes":2}"#)
            #expect(minutes.json["error"]["code"].string == "instruction.invalid_minutes")
            #expect(try await api.call(.post, "/api/v1/instructions", token: street, json: #"{"title":"雨后排查","text":"各居委排查积水点"}"#).status == .created)
            #expect(try await api.call(.post, "/api/v1/instructions", token: worker, json: #"{"title":"x","text":"y"}"#).status == .forbidden)
        }
    }
}
