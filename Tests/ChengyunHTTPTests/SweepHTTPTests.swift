import ChengyunCore
import ChengyunServices
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("拉网式排摸：发起、楼组长逐户填报（离线补传不重复）、进度、综合比对与更正、关闭 over HTTP")
struct SweepHTTPTests {
    static let committee = "990001001001"

    @Test("街道发起四查四清；楼组长只填本楼组，重发同一次填报不重复；进度逐级到楼组；差异由社工更正到底数；关闭后不再收；他人看不到；坏输入有代码")
    func sweeps() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let duty = try await api.login("duty.s1")
            let committee = try #require(try await city.store.node(code: Self.committee))
            let street = try #require(committee.parentID)
            func launch(_ token: String, _ body: String) async throws -> Reply { try await api.call(.post, "/api/v1/sweeps", token: token, json: body) }
            let made = try await launch(duty, #"{"code":"PM-T1","title":"四查四清","admissionCode":"PM-RK","areaNodeId":\#(street),"startsOn":"2026-12-01","dueOn":"2026-12-07","guide":"逐户核对"}"#)
            #expect(made.status == .created, "\(made.json)")
            #expect(made.json["form"].array.compactMap { $0["code"].string } == ["houseUse", "residents", "whereabouts", "measures", "gaps"], "四查四清 by default")
            let id = try #require(made.json["id"].int)
            func refused(_ token: String, _ body: String) async throws -> (HTTPResponse.Status, String?, String?) {
                let r = try await launch(token, body)
                return (r.status, r.json["error"]["code"].string, r.json["error"]["field"].string)
            }
            #expect(try await refused(duty, #"{"code":"PM-T2","title":"坏表单","admissionCode":"PM-RK","areaNodeId":\#(street),"startsOn":"2026-12-01","dueOn":"2026-12-07","form":[{"code":"1x","label":"题","kind":"text","options":[],"required":false}]}"#)
                == (.badRequest, "sweep.form", "form[0].code"))
            #expect(try await refused(duty, #"{"code":"PM-T2","title":"无选项","admissionCode":"PM-RK","areaNodeId":\#(street),"startsOn":"2026-12-01","dueOn":"2026-12-07","form":[{"code":"a","label":"题","kind":"choice","options":[],"required":true}]}"#)
                == (.badRequest, "sweep.form", "form[0].options"))
            #expect(try await refused(duty, #"{"code":"PM-T2","title":"倒日期","admissionCode":"PM-RK","areaNodeId":\#(street),"startsOn":"2026-12-07","dueOn":"2026-12-01"}"#) == (.badRequest, "sweep.dates", "dueOn"))
            #expect(try await refused(duty, #"{"code":"PM-T1","title":"重复","admissionCode":"PM-RK","areaNodeId":\#(street),"startsOn":"2026-12-01","dueOn":"2026-12-07"}"#).1 == "sweep.duplicate_code")
            let worker = try await api.login("cw.\(Self.committee)")
            #expect(try await refused(worker, #"{"code":"PM-T3","title":"社工不发起","admissionCode":"PM-RK","areaNodeId":\#(committee.id.rawValue),"startsOn":"2026-12-01","dueOn":"2026-12-07"}"#).0 == .forbidden,
                    "a sweep is launched from above")

            // The leader's phone: their group, its building, the open sweeps over it.
            let leader = try await api.login("lz.\(Self.committee)")
            let work = try await api.call(.get, "/api/v1/sweeps/mine", token: leader).json["groups"].array
            let group = try #require(work.first)
            #expect(group["sweeps"].array.contains { $0["id"].int == id })
            let building = try #require(group["buildings"][0]["id"].int)
            let targets = try await api.call(.get, "/api/v1/sweeps/\(id)/targets?buildingId=\(building)", token: leader).json.array
            #expect(targets.count == 24 && targets.allSatisfy { $0["result"].isNull }, "\(targets.count) houses")
            let house = try #require(targets[0]["subjectId"].int), second = try #require(targets[1]["subjectId"].int)
            func record(_ token: String, _ body: String) async throws -> Reply { try await api.call(.post, "/api/v1/sweeps/\(id)/results", token: token, json: body) }
            let found = try await city.store.house(HouseID(Int64(house)))?.use == .vacant ? "rented" : "vacant"
            let taking = #"{"subjectId":\#(house),"method":"doorIntercom","answers":{"houseUse":"\#(found)","residents":"0","measures":"yes"},"takenAt":"2026-12-02T08:00:00Z","clientKey":"phone-1-0001"}"#
            let first = try await record(leader, taking)
            #expect(first.status == .created && first.json["differs"].bool == true && first.json["takenAt"].string == "2026-12-02T08:00:00Z", "\(first.json)")
            let resent = try await record(leader, taking)
            #expect(resent.status == .ok && resent.json["clientKey"].string == "phone-1-0001" && resent.json["receivedAt"].string == first.json["receivedAt"].string, "sent again after a lost answer: one result")
            let missing = try await record(leader, #"{"subjectId":\#(second),"method":"phone","answers":{"houseUse":"rented"},"clientKey":"phone-1-0002"}"#)
            #expect(missing.status == .badRequest && missing.json["error"]["code"].string == "sweep.answer" && missing.json["error"]["field"].string == "answers.residents")
            let bad = try await record(leader, #"{"subjectId":\#(second),"method":"phone","answers":{"houseUse":"castle","residents":"2"},"clientKey":"phone-1-0002"}"#)
            #expect(bad.json["error"]["field"].string == "answers.houseUse")
            #expect(try await record(leader, #"{"subjectId":\#(second),"method":"phone","answers":{"houseUse":"rented","residents":"2"},"clientKey":"x"}"#)
                .json["error"]["code"].string == "sweep.client_key")
            let otherHouse = try #require(try await api.call(.get, "/api/v1/sweeps/\(id)/targets?buildingId=\(building + 1)", token: worker).json.array.first?["subjectId"].int)
            let notYours = try await record(leader, #"{"subjectId":\#(otherHouse),"method":"visit","answers":{"houseUse":"rented","residents":"2"},"clientKey":"phone-1-0003"}"#)
            #expect(notYours.status == .forbidden && notYours.json["error"]["code"].string == "sweep.not_yours", "a leader records for their own group only")
            #expect(try await record(worker, #"{"subjectId":\#(otherHouse),"method":"visit","answers":{"houseUse":"rented","residents":"2"},"clientKey":"cw-0000-0001"}"#).status == .created)
            // The committee's worker works every building of the committee, on the same phone page.
            let staffWork = try await api.call(.get, "/api/v1/sweeps/mine", token: worker).json
            let place = try #require(staffWork["committees"].array.first)
            #expect(place["id"].int == Int(committee.id.rawValue) && place["sweeps"].array.contains { $0["id"].int == id } && place["buildings"].array.count >= 2,
                    "\(staffWork)")

            // Progress from the street down to the committee's building groups.
            let progress = try await api.call(.get, "/api/v1/sweeps/\(id)/progress", token: duty).json
            #expect(progress["total"]["done"].int == 2 && (progress["total"]["targets"].int ?? 0) >= 48, "\(progress)")
            let committees = progress["children"].array
            #expect(committees.contains { $0["nodeId"].int == Int(committee.id.rawValue) && $0["done"].int == 2 })
            let groups = try await api.call(.get, "/api/v1/sweeps/\(id)/progress?nodeId=\(committee.id)", token: duty).json["children"].array
            #expect(groups.contains { $0["groupId"].int == group["id"].int && $0["done"].int == 1 && $0["targets"].int == 24 })
            let listed = try await api.call(.get, "/api/v1/sweeps", token: worker).json["sweeps"].array
            #expect(listed.contains { $0["sweep"]["id"].int == id && $0["progress"]["nodeId"].int == Int(committee.id.rawValue) }, "a committee sees its own progress")

            // 综合比对: the house was found in another use than recorded; the committee's worker corrects the base data.
            let differences = try await api.call(.get, "/api/v1/sweeps/\(id)/differences", token: worker).json["differences"].array
            if let difference = differences.first(where: { $0["result"]["subjectId"].int == house }) {
                #expect(difference["label"].string == "1单元 101" && difference["result"]["answers"]["houseUse"].string == found)
                #expect(try await api.call(.post, "/api/v1/sweeps/\(id)/differences/\(house)/apply", token: leader).status == .forbidden, "the leader reports, the committee corrects")
                let applied = try await api.call(.post, "/api/v1/sweeps/\(id)/differences/\(house)/apply", token: worker)
                #expect(applied.status == .ok && applied.json["recordedUse"].string == found, "\(applied.json)")
                #expect(try await city.store.house(HouseID(Int64(house)))?.use.rawValue == found)
                #expect(try await api.call(.post, "/api/v1/sweeps/\(id)/differences/\(house)/apply", token: worker).json["error"]["code"].string == "sweep.nothing_to_correct")
            } else {
                Issue.record("the first house's difference is not listed: \(differences)")
            }

            let outsider = try await api.login("cw.990001002001")
            #expect(try await api.call(.get, "/api/v1/sweeps/\(id)", token: outsider).status == .notFound)
            #expect(try await api.call(.get, "/api/v1/sweeps", token: try await api.login("resident1")).status == .forbidden)
            #expect(try await api.call(.post, "/api/v1/sweeps/\(id)/close", token: worker).status == .forbidden)
            let closed = try await api.call(.post, "/api/v1/sweeps/\(id)/close", token: duty)
            #expect(closed.status == .ok && closed.json["sweep"]["closedAt"].string != nil)
            let late = try await record(leader, #"{"subjectId":\#(second),"method":"phone","answers":{"houseUse":"rented","residents":"2"},"clientKey":"phone-1-0009"}"#)
            #expect(late.status == .conflict && late.json["error"]["code"].string == "sweep.closed")
        }
    }

    @Test("准入清单：清单外或非排摸事项不能下派；区级下派按街道错峰，窗口未到的居委看不到、不能填报；管理员维护清单")
    func admissionAndStaggeredWindows() async throws {
        let clock = ManualWallClock(Date())
        let city = try await TestCity(clock: clock)
        try await city.test { api in
            let district = try #require(try await city.store.node(code: "990001"))
            let leader = try await api.login("duty.d1")
            func launch(_ code: String) async throws -> Reply {
                try await api.call(.post, "/api/v1/sweeps", token: leader, json: """
                    {"code":"PM-D\(code)","title":"全区人口排摸","admissionCode":"\(code)","areaNodeId":\(district.id),"startsOn":"2026-12-01","dueOn":"2026-12-10"}
                    """)
            }
            for code in ["NOPE", "TZ-HY"] {
                let refused = try await launch(code)
                #expect(refused.status == .unprocessableContent && refused.json["error"]["code"].string == "admission.not_admitted"
                        && refused.json["error"]["field"].string == "admissionCode", "\(code): \(refused.json)")
            }
            let made = try await launch("PM-RK")
            #expect(made.status == .created, "\(made.json)")
            let id = try #require(made.json["id"].int)
            let windows = made.json["windows"].array
            #expect(windows.count == 2 && made.json["admissionCode"].string == "PM-RK" && made.json["guide"].string?.isEmpty == false, "one window a street: \(made.json)")
            let first = try await api.login("cw.990001001001"), second = try await api.login("cw.990001002001")
            #expect(try await api.call(.get, "/api/v1/sweeps/\(id)", token: first).status == .ok, "the first street's window opens at launch")
            #expect(try await api.call(.get, "/api/v1/sweeps/\(id)", token: second).status == .notFound, "the second street's committees wait 30 minutes")
            #expect(!(try await api.call(.get, "/api/v1/sweeps", token: second).json["sweeps"].array.contains { $0["sweep"]["id"].int == id }))
            #expect(try await api.call(.get, "/api/v1/sweeps/\(id)", token: try await api.login("duty.s2")).status == .ok, "the street itself sees it coming")
            clock.advance(hours: 0.51)
            #expect(try await api.call(.get, "/api/v1/sweeps/\(id)", token: second).status == .ok, "and then its committees")

            // The list itself: kept by leaders and administrators of the city or a district.
            let admin = try await api.login("admin")
            let cityNode = try #require(try await city.store.node(code: "990000")).id.rawValue
            let items = try await api.call(.get, "/api/v1/admission-items", token: first).json.array
            #expect(items.compactMap { $0["code"].string }.contains("PM-RK"))
            let added = try await api.call(.post, "/api/v1/admission-items", token: admin, json: #"{"code":"PM-QY","name":"企业排摸","kind":"sweep","nodeId":\#(cityNode),"staggerMinutes":15}"#)
            #expect(added.status == .created && added.json["staggerMinutes"].int == 15, "\(added.json)")
            #expect(try await api.call(.post, "/api/v1/admission-items", token: admin, json: #"{"code":"PM-QZ","name":"坏","kind":"sweep","nodeId":\#(cityNode),"staggerMinutes":999}"#)
                .json["error"]["code"].string == "admission.stagger")
            let street = try #require(try await city.store.node(code: "990001001")).id.rawValue
            #expect(try await api.call(.post, "/api/v1/admission-items", token: admin, json: #"{"code":"PM-QZ","name":"街道","kind":"sweep","nodeId":\#(street)}"#)
                .json["error"]["code"].string == "admission.level")
            #expect(try await api.call(.post, "/api/v1/admission-items", token: first, json: #"{"code":"PM-QZ","name":"社工","kind":"sweep","nodeId":\#(cityNode)}"#).status == .forbidden)
            let itemID = try #require(added.json["id"].int)
            let withdrawn = try await api.call(.post, "/api/v1/admission-items/\(itemID)/active", token: admin, json: #"{"active":false}"#)
            #expect(withdrawn.status == .ok && withdrawn.json["active"].bool == false)
            #expect(try await launch("PM-QY").json["error"]["code"].string == "admission.not_admitted", "a withdrawn item admits nothing")
        }
    }
}
