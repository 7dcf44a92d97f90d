import ChengyunServices
import ChengyunTesting
import Foundation
import Hummingbird
import Testing

@Suite("值班值守 duty over HTTP")
struct DutyHTTPTests {
    /// Tuesday 2026-11-24 11:00 at UTC+8: the day shifts are on.
    static let morning = Date(timeIntervalSince1970: 1_795_489_200)

    @Test("谁在值班：网格查询得到本居委站点和街道、区、市中心的值班人员；夜间只有中心")
    func whoIsOnDuty() async throws {
        let clock = ManualWallClock(Self.morning)
        let city = try await TestCity(clock: clock)
        try await city.test { api in
            let inspector = try await api.login("insp.990001001001")
            let grid = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=grid&limit=1", token: inspector).json[0]["id"].int)
            let levels = try await api.call(.get, "/api/v1/duty/now?nodeId=\(grid)", token: inspector).json.array
            #expect(levels.map { $0["kind"].string } == ["committee", "street", "district", "city"], "\(levels)")
            #expect(levels[0]["shifts"].array.compactMap { $0["post"].string }.sorted() == ["dutyChief", "dutyOfficer"])
            #expect(levels[1]["shifts"].array.contains { $0["post"].string == "leaderOnDuty" })
            let night = ISO8601DateFormatter().string(from: Self.morning.addingTimeInterval(12 * 3600))
            let atNight = try await api.call(.get, "/api/v1/duty/now?nodeId=\(grid)&at=\(night)", token: inspector).json.array
            #expect(atNight.map { $0["kind"].string } == ["street", "district", "city"])
            #expect(try await api.call(.get, "/api/v1/duty/now?nodeId=\(grid)", token: try await api.login("resident1")).status == .forbidden)
            let mine = try await api.call(.get, "/api/v1/duty/mine", token: try await api.login("duty.s1")).json.array
            #expect(mine.contains { $0["post"].string == "dutyOfficer" })
        }
    }

    @Test("排班：编辑、CSV 导入（整批生效或整批拒绝，错误指明行列）、同一人不可重复排班；按角色授权")
    func rosters() async throws {
        let clock = ManualWallClock(Self.morning)
        let city = try await TestCity(clock: clock)
        try await city.test { api in
            let leader = try await api.login("leader.s1")
            let street = try #require(try await api.call(.get, "/api/v1/me", token: leader).json["assignments"][0]["nodeId"].int)
            let dutyID = try #require(try await api.call(.get, "/api/v1/me", token: try await api.login("duty.s1")).json["id"].int)
            let day = "2026-12-10"
            let csv = "date,start,end,post,username\n\(day),08:30,17:30,值班员,duty.s1\n\(day),17:30,08:30,dutyOfficer,duty.s1\n"
            let imported = try await api.call(.post, "/api/v1/duty/shifts/import?nodeId=\(street)", token: leader, body: Array(csv.utf8), contentType: "text/csv")
            #expect(imported.status == .created, "\(imported.json)")
            #expect(imported.json.array.count == 2)
            #expect(imported.json[1]["end"].string == "2026-12-11T00:30:00Z")
            let bad = "date,start,end,post,username\n2026-12-12,08:30,17:30,dutyOfficer,duty.s1\n2026-12-12,17:30,20:00,boss,duty.s1\n"
            let refused = try await api.call(.post, "/api/v1/duty/shifts/import?nodeId=\(street)", token: leader, body: Array(bad.utf8), contentType: "text/csv")
            #expect(refused.status == .badRequest)
            #expect(refused.json["error"]["field"].string == "line 3 post")
            let dec12 = try await api.call(.get, "/api/v1/duty/shifts?nodeId=\(street)&from=2026-12-12&to=2026-12-13", token: leader).json.array
            #expect(dec12.isEmpty, "a refused import stored nothing")
            let clash = #"[{"nodeId":\#(street),"post":"dutyChief","userId":\#(dutyID),"start":"2026-12-10T02:00:00Z","end":"2026-12-10T04:00:00Z"}]"#
            let doubled = try await api.call(.post, "/api/v1/duty/shifts", token: leader, json: clash)
            #expect(doubled.status == .conflict)
            #expect(doubled.json["error"]["code"].string == "duty.double_booked")
            let free = #"{"nodeId":\#(street),"post":"dutyChief","userId":\#(dutyID),"start":"2026-12-20T02:00:00Z","end":"2026-12-20T04:00:00Z"}"#
            let made = try await api.call(.post, "/api/v1/duty/shifts", token: leader, json: "[\(free)]")
            #expect(made.status == .created, "\(made.json)")
            let id = try #require(made.json[0]["id"].int)
            let longer = free.replacingOccurrences(of: "04:00:00Z", with: "06:00:00Z")
            #expect(try await api.call(.put, "/api/v1/duty/shifts/\(id)", token: leader, json: longer).json["end"].string == "2026-12-20T06:00:00Z")
            let tooLong = free.replacingOccurrences(of: "2026-12-20T04:00:00Z", with: "2026-12-21T06:00:00Z")
            #expect(try await api.call(.put, "/api/v1/duty/shifts/\(id)", token: leader, json: tooLong).status == .badRequest)
            // Who may edit: the street's leader and duty officer, admins above; not an inspector, handler or station chief.
            for (user, status) in [("insp.990001001001", 403), ("chief.990001001001", 403), ("admin.d1", 204)] {
                #expect(try await api.call(.delete, "/api/v1/duty/shifts/\(id)", token: try await api.login(user)).status.code == status, "\(user)")
            }
            // A station chief keeps the station's roster.
            let chief = try await api.login("chief.990001001001")
            let committee = try #require(try await api.call(.get, "/api/v1/me", token: chief).json["assignments"][0]["nodeId"].int)
            let chiefID = try #require(try await api.call(.get, "/api/v1/me", token: chief).json["id"].int)
            let station = #"[{"nodeId":\#(committee),"post":"dutyChief","userId":\#(chiefID),"start":"2026-12-20T00:30:00Z","end":"2026-12-20T09:30:00Z"}]"#
            #expect(try await api.call(.post, "/api/v1/duty/shifts", token: chief, json: station).status == .created)
        }
    }

    @Test("交接班带上未结事项；值班员队列与升级都送到正在值班的人")
    func handoverQueueAndEscalation() async throws {
        let clock = ManualWallClock(Self.morning)
        let city = try await TestCity(clock: clock)
        try await city.test { api in
            let duty = try await api.login("duty.s1")
            let street = try #require(try await api.call(.get, "/api/v1/me", token: duty).json["assignments"][0]["nodeId"].int)
            let resident = try await api.login("resident1")
            let waiting = try #require(try await api.report(resident)["id"].int)
            let supervised = try #require(try await api.report(resident, cell: (1, 0))["id"].int)
            _ = try await api.act(supervised, "accept", token: duty)
            _ = try await api.act(supervised, "supervise", token: try await api.login("leader"), json: #"{"note":"请加快"}"#)

            let queue = try await api.call(.get, "/api/v1/duty/queue?nodeId=\(street)", token: duty).json
            #expect(queue["waiting"].array.map { $0["id"].int } == [waiting])
            #expect(!queue["onDuty"].array.isEmpty)
            #expect(try await api.call(.get, "/api/v1/duty/queue?nodeId=\(street)", token: try await api.login("insp.990001001001")).status == .forbidden)

            let handover = try await api.call(.post, "/api/v1/duty/handovers", token: duty, json: #"{"nodeId":\#(street),"note":"白班平稳","items":["周三有上级检查"]}"#)
            #expect(handover.status == .created, "\(handover.json)")
            #expect(handover.json["openMatters"].array.map { $0["caseId"].int } == [supervised])
            #expect(handover.json["items"].array.map(\.string) == ["周三有上级检查"])
            let log = try await api.call(.get, "/api/v1/duty/handovers?nodeId=\(street)", token: try await api.login("leader.s1")).json.array
            #expect(log.first?["note"].string == "白班平稳")
            #expect(try await api.call(.post, "/api/v1/duty/handovers", token: duty, json: #"{"nodeId":\#(street),"note":" "}"#).status == .badRequest)

            let district = try #require(try await api.call(.get, "/api/v1/org/nodes/\(street)", token: duty).json["parentId"].int)
            let escalated = try await api.act(supervised, "escalate", token: duty, json: #"{"to":\#(district),"reason":"跨街道，需区协调"}"#)
            #expect(escalated.json["events"][0]["detail"]["onDuty"].string?.contains("值班员") == true, "\(escalated.json)")
            // 被升级: the district centre's queue lists it, the street's does not.
            let admin = try await api.login("admin")
            #expect(try await api.call(.get, "/api/v1/cases?escalatedTo=\(district)", token: admin).json["items"].array.map { $0["id"].int } == [supervised])
            #expect(try await api.call(.get, "/api/v1/cases?escalatedTo=\(street)", token: admin).json["total"].int == 0)
            #expect(try await api.call(.get, "/api/v1/cases?escalatedTo=999999", token: admin).status == .notFound)
        }
    }
}
