import ChengyunTesting
import Hummingbird
import Foundation
import Testing

/// 挂账 — a case that cannot be solved now is parked with a reason and a review date: it stops its clock, leaves the
/// overdue count and stays on the 挂账 list until it is resumed.
@Suite("挂账 parking a case")
struct ParkingHTTPTests {
    /// The local day (China Standard Time) `days` after the clock's now, as the API takes it.
    static func day(_ clock: ManualWallClock, plus days: Int) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        return formatter.string(from: clock.now().addingTimeInterval(Double(days) * 86_400))
    }

    @Test("超期案件挂账：写明原因与复核日期，停表、不计超期、列入挂账清单；可改期再挂；恢复后离开清单；日期须在今天之后一年之内；居民、部门与领导不能挂账")
    func parking() async throws {
        let clock = ManualWallClock(Date())
        let city = try await TestCity(clock: clock)
        try await city.test { api in
            let id = try #require(try await api.report(try await api.login("resident1"))["id"].int)
            let dispatched = try await api.act(id, "accept", token: try await api.login("duty.s1")).json["case"]
            let lead = try #require(dispatched["leadDepartmentId"].int)
            #expect(dispatched["availableActions"].array.compactMap(\.string).contains("park"))
            // A week on, the case is overdue.
            clock.advance(hours: 24 * 7)
            let duty = try await api.login("duty.s1")
            let leader = try await api.login("leader")
            let resident = try await api.login("resident1")
            func listed(_ filter: String) async throws -> [Int] {
                try await api.call(.get, "/api/v1/cases?\(filter)&limit=500", token: duty).json["items"].array.compactMap { $0["id"].int }
            }
            #expect(try await listed("overdue=true").contains(id))

            for bad in [Self.day(clock, plus: 0), Self.day(clock, plus: 400)] {
                let refused = try await api.act(id, "park", token: duty, json: #"{"reason":"待旧改统一实施","reviewOn":"\#(bad)"}"#)
                #expect(refused.status == .unprocessableContent && refused.json["error"]["code"].string == "case.review_date", "\(refused.json)")
                #expect(refused.json["error"]["field"].string == "reviewOn")
            }
            #expect(try await api.act(id, "park", token: duty, json: #"{"reviewOn":"\#(Self.day(clock, plus: 30))"}"#).status == .badRequest,
                    "the reason is said")
            #expect(try await api.act(id, "park", token: resident, json: #"{"reason":"x","reviewOn":"\#(Self.day(clock, plus: 30))"}"#).status == .forbidden)
            let handler = try await api.handler(of: lead, token: leader)
            #expect(try await api.act(id, "park", token: handler, json: #"{"reason":"x","reviewOn":"\#(Self.day(clock, plus: 30))"}"#).status == .forbidden)

            let parked = try await api.act(id, "park", token: duty, json: #"{"reason":"待旧改统一实施","reviewOn":"\#(Self.day(clock, plus: 30))"}"#)
            #expect(parked.status == .ok, "\(parked.json)")
            let first = try #require(parked.json["case"]["parkedUntil"].string)
            #expect(parked.json["case"]["suspended"].bool == true && parked.json["case"]["overdue"].bool == false)
            #expect(parked.json["case"]["state"].string == "dispatched")
            #expect(try await listed("overdue=true").contains(id) == false, "a parked case leaves the overdue count")
            #expect(try await listed("parked=true").contains(id))
            #expect(try await listed("parked=false").contains(id) == false)

            // Parked again: a new review date (a duty officer's act, as parking is; not a leader's).
            #expect(try await api.act(id, "park", token: leader, json: #"{"reason":"x","reviewOn":"\#(Self.day(clock, plus: 60))"}"#).status == .forbidden)
            let again = try await api.act(id, "park", token: duty, json: #"{"reason":"改造推迟","reviewOn":"\#(Self.day(clock, plus: 60))"}"#)
            #expect(again.status == .ok, "\(again.json)")
            #expect(try #require(again.json["case"]["parkedUntil"].string) > first)
            #expect(try await api.act(id, "urge", token: duty, json: #"{"note":"x"}"#).status == .conflict, "a parked case is suspended")

            let resumed = try await api.act(id, "resume", token: duty, json: #"{"note":"改造已开工"}"#)
            #expect(resumed.status == .ok, "\(resumed.json)")
            #expect(resumed.json["case"]["parkedUntil"].isNull && resumed.json["case"]["suspended"].bool == false)
            #expect(try await listed("parked=true").contains(id) == false)
            let history = try await api.call(.get, "/api/v1/cases/\(id)/history", token: duty).json.array
            #expect(history.filter { $0["action"].string == "park" }.map { $0["note"].string } == ["待旧改统一实施", "改造推迟"])
        }
    }
}
