import ChengyunCore
import ChengyunServices
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@Suite("隐患排查销项：三类排查记录隐患、工作日计整改期限、整改—复查（他人）—销项、未通过重开、逾期、各级各类销项率来自汇总 over HTTP")
struct HazardHTTPTests {
    static let committee = "990001001001"

    @Test("社区工作者记录第三方暗访（两处隐患、默认期限按工作日）、重试同一次；督察只归区市；整改要说明、复查换人、通过销项（按期）、未通过重开并给新期限；逾期列表；别的居委看不到；销项率按街道各居委与类别；坏输入有代码和字段")
    func inspectRectifyRecheckCloseOut() async throws {
        let clock = ManualWallClock(Date())
        let city = try await TestCity(clock: clock)
        try await city.test { api in
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }
            let committee = try #require(try await city.store.node(code: Self.committee))
            let street = try #require(try await city.store.node(code: "990001001")), district = try #require(try await city.store.node(code: "990001"))
            var worker = try await api.login("cw.\(Self.committee)")
            let chief = try await api.login("chief.\(Self.committee)")
            let today = city.platform.data.calendar.localDate(of: clock.now())
            // The demo city has hazards of its own: what is counted here is counted from them on.
            var leader = try await api.login("leader.s1")
            let before = try await api.call(.get, "/api/v1/hazards/rates?nodeId=\(street.id)", token: leader).json
            let beforeDistrict = try await api.call(.get, "/api/v1/hazards/rates?nodeId=\(district.id)", token: try await api.login("duty.d1")).json["tally"]["found"].int ?? 0
            func inspection(_ hazards: String, kind: String = "thirdPartyRound", node: Int64 = committee.id.rawValue, key: String) -> String {
                #"{"kind":"\#(kind)","method":"unannounced","nodeId":\#(node),"inspector":"某安全技术服务公司","inspectedOn":"\#(today)","hazards":[\#(hazards)],"clientKey":"\#(key)"}"#
            }
            let fire = #"{"kind":"fireSafety","severity":"general","description":"3号楼消防通道堆放杂物","responsibleUnit":"某物业公司"}"#
            let wire = #"{"kind":"flyingWireCharging","severity":"major","description":"5号楼飞线充电","responsibleUnit":"5号楼业主","rectifyBy":"\#(LocalDate(daysSince1970: today.daysSince1970 + 3))"}"#

            // Bad input first: each with its code and the field, down to the hazard in the list.
            let past = #"{"kind":"other","severity":"general","description":"井盖松动","responsibleUnit":"某单位","rectifyBy":"\#(today)"}"#
            #expect(code(try await api.call(.post, "/api/v1/inspections", token: worker, json: inspection("\(fire),\(past)", key: "inspection-bad-1")))
                    == (.unprocessableContent, "hazard.rectify_by", "hazards[1].rectifyBy"))
            #expect(code(try await api.call(.post, "/api/v1/inspections", token: worker, json: inspection(#"{"kind":"other","severity":"general","description":"x","responsibleUnit":"y"}"#, key: "inspection-bad-2")))
                    == (.badRequest, "hazard.description", "hazards[0].description"))
            #expect(code(try await api.call(.post, "/api/v1/inspections", token: worker, json: inspection(fire, node: street.id.rawValue, key: "inspection-bad-3"))).1
                    == "auth.out_of_scope", "a committee's worker inspects their committee")
            #expect(code(try await api.call(.post, "/api/v1/inspections", token: worker, json: inspection(fire, kind: "oversight", key: "inspection-bad-4")))
                    == (.forbidden, "hazard.oversight", "kind"))

            // A third party's unannounced round in the committee: two hazards, the first due ten working days on.
            let recorded = try await api.call(.post, "/api/v1/inspections", token: worker, json: inspection("\(fire),\(wire)", key: "inspection-key-1"))
            #expect(recorded.status == .created && recorded.json["hazards"].array.count == 2 && recorded.json["inspection"]["findings"].int == 2, "\(recorded.json)")
            let due = city.platform.data.calendar.day(10, workingDaysAfter: today)
            #expect(recorded.json["hazards"][0]["hazard"]["rectifyBy"].string == due.description && recorded.json["hazards"][0]["nodeName"].string == committee.name)
            #expect(recorded.json["hazards"][0]["hazard"]["number"].string?.hasPrefix("YH") == true)
            #expect(try await api.call(.post, "/api/v1/inspections", token: worker, json: inspection("\(fire),\(wire)", key: "inspection-key-1")).status == .ok, "a retry")
            let fireID = try #require(recorded.json["hazards"][0]["hazard"]["id"].int), wireID = try #require(recorded.json["hazards"][1]["hazard"]["id"].int)

            // The district's oversight finds one in the committee too.
            var overseer = try await api.login("duty.d1")
            let oversight = try await api.call(.post, "/api/v1/inspections", token: overseer,
                                               json: inspection(#"{"kind":"gasWaterMains","severity":"general","description":"燃气立管锈蚀","responsibleUnit":"燃气公司","nodeId":\#(committee.id)}"#,
                                                                kind: "oversight", node: district.id.rawValue, key: "inspection-key-2"))
            #expect(oversight.status == .created, "\(oversight.json)")
            #expect(code(try await api.call(.post, "/api/v1/inspections", token: overseer, json: inspection(fire, kind: "selfInspection", node: district.id.rawValue, key: "inspection-key-3")))
                    == (.unprocessableContent, "hazard.area", "hazards[0].nodeId"), "a district-wide inspection places each hazard")

            // 整改 → 复查 → 销项.
            let steps = "/api/v1/hazards/\(fireID)/steps"
            #expect(code(try await api.call(.post, steps, token: worker, json: #"{"action":"pass","version":1}"#)) == (.conflict, "hazard.state", "action"))
            #expect(code(try await api.call(.post, steps, token: worker, json: #"{"action":"rectify","version":1}"#)) == (.badRequest, "hazard.note_required", "note"))
            #expect(try await api.call(.post, steps, token: worker, json: #"{"action":"rectify","note":"杂物已清理","version":1}"#).json["hazard"]["state"].string == "rectified")
            #expect(code(try await api.call(.post, steps, token: worker, json: #"{"action":"pass","version":2}"#)) == (.conflict, "hazard.same_person", nil))
            #expect(code(try await api.call(.post, steps, token: chief, json: #"{"action":"pass","version":1}"#)) == (.conflict, "hazard.version", "version"))
            let closed = try await api.call(.post, steps, token: chief, json: #"{"action":"pass","version":2}"#)
            #expect(closed.json["hazard"]["state"].string == "closedOut" && closed.json["hazard"]["closedOnTime"].bool == true, "\(closed.json)")
            #expect(closed.json["steps"].array.map { $0["action"].string } == ["find", "rectify", "pass"])

            // The major one: rectified, the recheck fails with a new day; then it runs past its day.
            let wireSteps = "/api/v1/hazards/\(wireID)/steps"
            _ = try await api.call(.post, wireSteps, token: worker, json: #"{"action":"rectify","note":"已拆除飞线","version":1}"#)
            let later = LocalDate(daysSince1970: today.daysSince1970 + 2)
            let failed = try await api.call(.post, wireSteps, token: chief, json: #"{"action":"fail","note":"仍有飞线","rectifyBy":"\#(later)","version":2}"#)
            #expect(failed.json["hazard"]["state"].string == "open" && failed.json["hazard"]["rectifyBy"].string == later.description, "\(failed.json)")
            clock.advance(hours: 24 * 5)
            // Five days on, everyone signs in again (sessions last a working day).
            (worker, leader, overseer) = (try await api.login("cw.\(Self.committee)"), try await api.login("leader.s1"), try await api.login("duty.d1"))
            let overdue = try await api.call(.get, "/api/v1/hazards?nodeId=\(committee.id)&overdue=true", token: worker)
            let late = overdue.json["hazards"].array.map { $0["hazard"]["id"].int }
            #expect(late.contains(wireID) && !late.contains(fireID) && overdue.json["hazards"].array.allSatisfy { $0["overdue"].bool == true }, "\(overdue.json)")

            // Another committee's worker sees none of it.
            let elsewhere = try await api.login("cw.990001002001")
            #expect(code(try await api.call(.get, "/api/v1/hazards/\(fireID)", token: elsewhere)).1 == "hazard.not_found")
            #expect(try await api.call(.get, "/api/v1/hazards?nodeId=\(committee.id)", token: elsewhere).status == .forbidden)

            // The rates: the street, each committee, each kind.
            let rates = try await api.call(.get, "/api/v1/hazards/rates?nodeId=\(street.id)", token: leader)
            func moved(_ json: JSON, _ key: String, _ old: JSON) -> Int { (json["tally"][key].int ?? 0) - (old["tally"][key].int ?? 0) }
            #expect(rates.status == .ok && moved(rates.json, "found", before) == 3 && moved(rates.json, "closedOut", before) == 1, "\(rates.json)")
            #expect(moved(rates.json, "open", before) == 2 && moved(rates.json, "closedOnTime", before) == 1 && (rates.json["tally"]["overdue"].int ?? 0) >= 1)
            func part(_ json: JSON) -> Int { json["parts"].array.first { $0["id"].int == Int(committee.id.rawValue) }?["tally"]["found"].int ?? 0 }
            #expect(part(rates.json) - part(before) == 3 && rates.json["parts"].array.count >= 2)
            func fireClosed(_ json: JSON) -> Int { json["kinds"].array.first { $0["kind"].string == "fireSafety" }?["tally"]["closedOut"].int ?? 0 }
            #expect(fireClosed(rates.json) - fireClosed(before) == 1)
            let districtRates = try await api.call(.get, "/api/v1/hazards/rates", token: overseer).json
            #expect(districtRates["nodeId"].int == Int(district.id.rawValue) && (districtRates["tally"]["found"].int ?? 0) - beforeDistrict == 3)

            // The inspections of the street and one with what it found.
            let listed = try await api.call(.get, "/api/v1/inspections?nodeId=\(street.id)", token: leader)
            #expect(listed.json["inspections"][0]["inspection"]["id"].int == recorded.json["inspection"]["id"].int, "newest first: \(listed.json)")
            #expect(!listed.json["inspections"].array.contains { $0["inspection"]["kind"].string == "oversight" }, "the district's oversight is the district's")
            let one = try await api.call(.get, "/api/v1/inspections/\(try #require(recorded.json["inspection"]["id"].int))", token: worker)
            #expect(one.json["hazards"].array.map { $0["hazard"]["id"].int } == [fireID, wireID])
            let trail = try await city.store.audit(AuditQuery(actionPrefix: "hazard.", limit: 50)).filter { ["hazard:\(fireID)", "hazard:\(wireID)"].contains($0.target) }
            #expect(trail.map(\.action).sorted() == ["hazard.fail", "hazard.pass", "hazard.rectify", "hazard.rectify"], "\(trail.map(\.action))")
        }
    }
}
