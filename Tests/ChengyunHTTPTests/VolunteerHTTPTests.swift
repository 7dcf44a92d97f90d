import ChengyunCore
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("志愿者：加入、队伍、抢单与微心愿、确认记积分、结对 over HTTP")
struct VolunteerHTTPTests {
    static let committee = "990001001001"

    @Test("核验过的居民加入志愿者（未核验的不行），社工登记队员、建护楼队；发布任务（重试同一任务）、抢单到满额即止、确认一次记积分；微心愿写明居民；关闭后不能抢；与独居老人结对；坏输入有代码")
    func volunteering() async throws {
        let city = try await TestCity()
        try await city.test { api in
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }
            let committee = try #require(try await city.store.node(code: Self.committee))
            let worker = try await api.login("cw.\(Self.committee)")
            let first = try await api.login("jm.\(Self.committee).1"), second = try await api.login("jm.\(Self.committee).2")
            let secondUser = try #require(try await city.store.credentials(username: "jm.\(Self.committee).2")?.user)

            // Joining: a verified resident themselves; a second time refused; an unverified newcomer refused.
            let joined = try await api.call(.post, "/api/v1/volunteers", token: first, json: #"{"skills":"理发、陪聊"}"#)
            #expect(joined.status == .created && joined.json["points"].int == 0 && joined.json["skills"].string == "理发、陪聊", "\(joined.json)")
            let firstID = try #require(joined.json["id"].int)
            #expect(code(try await api.call(.post, "/api/v1/volunteers", token: first, json: "{}")) == (.conflict, "volunteer.already", "userId"))
            let group = try #require(try await city.store.buildingGroups(under: committee.path, afterCode: nil, limit: 50).first { $0.kind == .building && !$0.buildingIDs.isEmpty })
            _ = try await api.call(.post, "/api/v1/join/\(group.registrationCode)", json: """
                {"name":"新来的","phone":"13912345678","buildingId":\(group.buildingIDs[0]),"room":"1单元101","username":"xin.lai","password":"xinlai-2026-ok","clientKey":"vol-key-0001"}
                """)
            let newcomer = try await api.login("xin.lai", password: "xinlai-2026-ok")
            #expect(code(try await api.call(.post, "/api/v1/volunteers", token: newcomer, json: "{}")) == (.unprocessableContent, "volunteer.not_verified", "userId"))
            #expect(code(try await api.call(.get, "/api/v1/volunteer-tasks", token: newcomer)).1 == "volunteer.not_volunteer")

            // The worker sets up a 护楼队 and enrols the second resident in it; another committee's worker may not.
            let team = try await api.call(.post, "/api/v1/volunteer-teams", token: worker, json: #"{"kind":"buildingGuard","name":"1号楼护楼队"}"#)
            #expect(team.status == .created && team.json["nodeId"].int == Int(committee.id.rawValue), "\(team.json)")
            let teamID = try #require(team.json["id"].int)
            let elsewhere = try await api.login("cw.990001002001")
            #expect(try await api.call(.post, "/api/v1/volunteers", token: elsewhere, json: #"{"userId":\#(secondUser.id)}"#).status == .forbidden)
            let enrolled = try await api.call(.post, "/api/v1/volunteers", token: worker, json: #"{"userId":\#(secondUser.id),"teamId":\#(teamID)}"#)
            #expect(enrolled.status == .created && enrolled.json["teamId"].int == teamID)
            let secondID = try #require(enrolled.json["id"].int)
            #expect(try await api.call(.get, "/api/v1/volunteer-teams", token: first).json.array.first { $0["id"].int == teamID }?["members"].int == 1,
                    "a volunteer reads their committee's teams")
            #expect(try await api.call(.get, "/api/v1/volunteers?nodeId=\(committee.id)", token: worker).json.array.compactMap { $0["id"].int }.suffix(2) == [firstID, secondID],
                    "by id, after the demo's volunteers")

            // A task with one place: posted once per key; the first volunteer grabs it, a retry is the same place, the second finds it full.
            let day = try #require(try await api.call(.get, "/api/v1/registrations/mine", token: first).json["lastActiveDay"].string)
            let body = #"{"kind":"task","title":"楼道杂物清理","place":"1号楼","day":"\#(day)","slots":1,"points":5,"minutes":120,"clientKey":"task-key-0001"}"#
            let posted = try await api.call(.post, "/api/v1/volunteer-tasks", token: worker, json: body)
            #expect(posted.status == .created && posted.json["task"]["slots"].int == 1 && posted.json["task"]["state"].string == "open", "\(posted.json)")
            let taskID = try #require(posted.json["task"]["id"].int)
            #expect(try await api.call(.post, "/api/v1/volunteer-tasks", token: worker, json: body).status == .ok)
            let open = try await api.call(.get, "/api/v1/volunteer-tasks", token: first)
            #expect(open.json["tasks"].array.contains { $0["task"]["id"].int == taskID && $0["mine"].bool == false })
            let grabbed = try await api.call(.post, "/api/v1/volunteer-tasks/\(taskID)/grab", token: first)
            #expect(grabbed.status == .created && grabbed.json["mine"].bool == true && grabbed.json["task"]["taken"].int == 1)
            #expect(try await api.call(.post, "/api/v1/volunteer-tasks/\(taskID)/grab", token: first).status == .ok)
            #expect(code(try await api.call(.post, "/api/v1/volunteer-tasks/\(taskID)/grab", token: second)) == (.conflict, "volunteer_task.full", nil))
            #expect(try await api.call(.post, "/api/v1/volunteer-tasks/\(taskID)/grab", token: worker).status == .notFound, "a worker is no volunteer")

            // Confirmed done: five points, once; a volunteer without a place cannot be confirmed. The month's 志愿服务记录 counts it.
            func figure() async throws -> JSON? {
                let report = try await api.call(.get, "/api/v1/ledgers/report?nodeId=\(committee.id)", token: worker).json
                return report["rows"][0]["figures"].array.first { $0["itemId"].int == Int(LedgerRollups.volunteerServices.rawValue) }
            }
            func served() async throws -> Int? { try await figure()?["count"].int }
            let servedBefore = try #require(try await served()), minutesBefore = try await figure()?["minutes"].int ?? 0
            let hoursBefore = try await api.call(.get, "/api/v1/volunteers/me", token: first).json["volunteer"]["minutes"].int ?? -1
            let confirm = "/api/v1/volunteer-tasks/\(taskID)/confirm"
            let confirmed = try await api.call(.post, confirm, token: worker, json: #"{"volunteerId":\#(firstID)}"#)
            #expect(confirmed.status == .ok && confirmed.json["points"].int == 5, "\(confirmed.json)")
            #expect(try await api.call(.post, confirm, token: worker, json: #"{"volunteerId":\#(firstID)}"#).status == .ok)
            #expect(try await served() == servedBefore + 1, "one place confirmed, once")
            let minutesAfter = try await figure()?["minutes"].int
            #expect(confirmed.json["minutes"].int == 120 && minutesAfter == minutesBefore + 120, "两小时服务时长, in the 志愿服务记录 too")
            #expect(try await api.call(.get, "/api/v1/volunteers/me", token: first).json["volunteer"]["minutes"].int == hoursBefore + 120)
            #expect(code(try await api.call(.post, confirm, token: worker, json: #"{"volunteerId":\#(secondID)}"#)).1 == "volunteer_task.no_claim")
            #expect(try await api.call(.post, confirm, token: first, json: #"{"volunteerId":\#(firstID)}"#).status == .forbidden, "a volunteer does not confirm")
            let me = try await api.call(.get, "/api/v1/volunteers/me", token: first)
            #expect(me.json["volunteer"]["points"].int == 5 && me.json["places"].array.first?["title"].string == "楼道杂物清理", "\(me.json)")

            // A micro-wish names a resident of the committee; a task names nobody. Closed, it is grabbed no more.
            let people = try await city.store.residents(under: committee.path, kind: nil, tag: "elderlyAlone", after: nil, limit: 5)
            let elder = try #require(people.first { $0.movedOutOn == nil })
            let wish = try await api.call(.post, "/api/v1/volunteer-tasks", token: worker, json: """
                {"kind":"microWish","title":"想要一台收音机","day":"\(day)","points":10,"beneficiaryId":\(elder.id),"clientKey":"wish-key-0001"}
                """)
            #expect(wish.status == .created && wish.json["task"]["slots"].int == 1 && wish.json["beneficiaryName"].string == Masking.name(elder.name), "\(wish.json)")
            #expect(code(try await api.call(.post, "/api/v1/volunteer-tasks", token: worker, json: """
                {"kind":"task","title":"x","day":"\(day)","slots":1,"points":1,"beneficiaryId":\(elder.id),"clientKey":"task-key-0002"}
                """)) == (.unprocessableContent, "volunteer_task.beneficiary", "beneficiaryId"))
            let wishID = try #require(wish.json["task"]["id"].int)
            #expect(try await api.call(.post, "/api/v1/volunteer-tasks/\(wishID)/close", token: worker).json["task"]["state"].string == "closed")
            #expect(code(try await api.call(.post, "/api/v1/volunteer-tasks/\(wishID)/grab", token: second)).1 == "volunteer_task.closed")

            // Bad input.
            func post(_ json: String) async throws -> (HTTPResponse.Status, String?, String?) { code(try await api.call(.post, "/api/v1/volunteer-tasks", token: worker, json: json)) }
            #expect(try await post(#"{"kind":"task","title":"昨天","day":"2000-01-01","slots":1,"points":1,"clientKey":"task-key-0003"}"#).1 == "volunteer_task.day")
            #expect(try await post(#"{"kind":"task","title":"零人","day":"\#(day)","slots":0,"points":1,"clientKey":"task-key-0004"}"#).1 == "volunteer_task.slots")
            #expect(try await post(#"{"kind":"microWish","title":"两人","day":"\#(day)","slots":2,"points":1,"beneficiaryId":\#(elder.id),"clientKey":"task-key-0005"}"#).1
                    == "volunteer_task.slots")
            #expect(try await post(#"{"kind":"task","title":"太多分","day":"\#(day)","slots":1,"points":1000,"clientKey":"task-key-0006"}"#).1 == "volunteer_task.points")
            #expect(try await post(#"{"kind":"task","title":"太久","day":"\#(day)","slots":1,"points":1,"minutes":2000,"clientKey":"task-key-0008"}"#).1 == "volunteer_task.minutes")
            #expect(try await post(#"{"kind":"task","title":" ","day":"\#(day)","slots":1,"points":1,"clientKey":"task-key-0007"}"#).1 == "volunteer_task.title")

            // 结对: with a resident in need, once; not with one who is not.
            let paired = try await api.call(.post, "/api/v1/pairings", token: worker, json: #"{"volunteerId":\#(firstID),"residentId":\#(elder.id),"note":"每周二上门"}"#)
            #expect(paired.status == .created && paired.json["needs"].array.compactMap(\.string).contains("elderlyAlone") && paired.json["residentName"].string == Masking.name(elder.name))
            #expect(code(try await api.call(.post, "/api/v1/pairings", token: worker, json: #"{"volunteerId":\#(firstID),"residentId":\#(elder.id)}"#)).1 == "pairing.duplicate")
            let plain = try #require(try await city.store.residents(under: committee.path, kind: nil, tag: nil, after: nil, limit: 200)
                .first { $0.movedOutOn == nil && Pairing.inNeed.isDisjoint(with: $0.tags) })
            #expect(code(try await api.call(.post, "/api/v1/pairings", token: worker, json: #"{"volunteerId":\#(firstID),"residentId":\#(plain.id)}"#))
                    == (.unprocessableContent, "pairing.not_in_need", "residentId"))
            #expect(try await api.call(.get, "/api/v1/volunteers/me", token: first).json["pairings"].array.count == 1)
            #expect(try await api.call(.get, "/api/v1/pairings", token: worker).json.array.count >= 1)
            let street = try #require(try await city.store.node(code: "990001001"))
            #expect(code(try await api.call(.get, "/api/v1/volunteers?nodeId=\(street.id)", token: try await api.login("leader"))) == (.unprocessableContent, "volunteer.list_level", "nodeId"))
        }
    }

    @Test("积分兑换：居委上架（重试同一件）、志愿者用积分兑换（不超库存、不超余额、重试同一笔）、补货、领取、本人取消退回积分、下架后不能兑换；坏输入有代码")
    func exchangingPoints() async throws {
        let city = try await TestCity()
        try await city.test { api in
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }
            let committee = try #require(try await city.store.node(code: Self.committee))
            let worker = try await api.login("cw.\(Self.committee)")
            let third = try await api.login("jm.\(Self.committee).3"), fourth = try await api.login("jm.\(Self.committee).4"), fifth = try await api.login("jm.\(Self.committee).5")
            func balance(_ token: String) async throws -> Int {
                let me = try await api.call(.get, "/api/v1/volunteers/me", token: token).json["volunteer"]
                return (me["points"].int ?? 0) - (me["spent"].int ?? 0)
            }
            let (b3, b4, b5) = (try await balance(third), try await balance(fourth), try await balance(fifth))
            #expect(b3 >= 2 && b4 >= 2 && b5 < 2, "the demo confirmed 5 points for the first two volunteers (the first spent 3)")

            let offer = #"{"name":"洗衣液","cost":2,"stock":1,"clientKey":"reward-key-01"}"#
            let offered = try await api.call(.post, "/api/v1/rewards", token: worker, json: offer)
            #expect(offered.status == .created && offered.json["stock"].int == 1 && offered.json["active"].bool == true, "\(offered.json)")
            let id = try #require(offered.json["id"].int)
            #expect(try await api.call(.post, "/api/v1/rewards", token: worker, json: offer).status == .ok)
            #expect(try await api.call(.get, "/api/v1/rewards", token: third).json.array.contains { $0["id"].int == id })
            #expect(try await api.call(.post, "/api/v1/rewards", token: third, json: #"{"name":"x","cost":1,"stock":1,"clientKey":"reward-key-02"}"#).status == .forbidden)

            // The one in stock goes to the first; a retry is the same exchange; the next finds none left.
            let before = try await balance(third)
            let redeem = "/api/v1/rewards/\(id)/redeem"
            let first = try await api.call(.post, redeem, token: third, json: #"{"clientKey":"redeem-key-01"}"#)
            #expect(first.status == .created && first.json["state"].string == "requested" && first.json["points"].int == 2, "\(first.json)")
            #expect(try await api.call(.post, redeem, token: third, json: #"{"clientKey":"redeem-key-01"}"#).json["id"].int == first.json["id"].int)
            #expect(try await balance(third) == before - 2, "two points spent once")
            #expect(code(try await api.call(.post, redeem, token: fourth, json: #"{"clientKey":"redeem-key-02"}"#)) == (.conflict, "reward.out_of_stock", nil))
            // Restocked: the second volunteer gets one; a volunteer without the points does not.
            #expect(try await api.call(.patch, "/api/v1/rewards/\(id)", token: worker, json: #"{"addStock":2}"#).json["stock"].int == 2)
            let second = try await api.call(.post, redeem, token: fourth, json: #"{"clientKey":"redeem-key-03"}"#)
            #expect(second.status == .created)
            #expect(code(try await api.call(.post, redeem, token: fifth, json: #"{"clientKey":"redeem-key-04"}"#)) == (.conflict, "reward.not_enough_points", nil))

            // Handed over by the committee; cancelled by its volunteer (the points given back); closed ones stay closed.
            let firstID = try #require(first.json["id"].int), secondID = try #require(second.json["id"].int)
            #expect(try await api.call(.post, "/api/v1/redemptions/\(firstID)/hand-over", token: third).status == .forbidden, "a volunteer does not hand over")
            #expect(try await api.call(.post, "/api/v1/redemptions/\(firstID)/hand-over", token: worker).json["state"].string == "handedOver")
            #expect(code(try await api.call(.post, "/api/v1/redemptions/\(firstID)/cancel", token: third)).1 == "redemption.closed")
            let fourthBefore = try await balance(fourth)
            #expect(try await api.call(.post, "/api/v1/redemptions/\(secondID)/cancel", token: fourth).json["state"].string == "cancelled")
            #expect(try await balance(fourth) == fourthBefore + 2)
            #expect(try await api.call(.post, "/api/v1/redemptions/\(secondID)/cancel", token: third).status == .notFound, "another volunteer's exchange")
            let listed = try await api.call(.get, "/api/v1/redemptions?nodeId=\(committee.id)", token: worker)
            #expect(listed.json["redemptions"].array.prefix(2).compactMap { $0["id"].int } == [secondID, firstID])
            #expect(try await api.call(.get, "/api/v1/volunteers/me", token: third).json["redemptions"].array.first?["id"].int == firstID)

            // Withdrawn: offered no more.
            #expect(try await api.call(.patch, "/api/v1/rewards/\(id)", token: worker, json: #"{"active":false}"#).json["active"].bool == false)
            #expect(code(try await api.call(.post, redeem, token: third, json: #"{"clientKey":"redeem-key-05"}"#)).1 == "reward.withdrawn")
            let offeredNow = try await api.call(.get, "/api/v1/rewards", token: third).json.array
            #expect(!offeredNow.contains { $0["id"].int == id })

            // Bad input.
            func post(_ json: String) async throws -> String? { code(try await api.call(.post, "/api/v1/rewards", token: worker, json: json)).1 }
            #expect(try await post(#"{"name":"零分","cost":0,"stock":1,"clientKey":"reward-key-03"}"#) == "reward.cost")
            #expect(try await post(#"{"name":" ","cost":1,"stock":1,"clientKey":"reward-key-04"}"#) == "reward.name")
            #expect(try await post(#"{"name":"太多","cost":1,"stock":1000000,"clientKey":"reward-key-05"}"#) == "reward.stock")
            #expect(code(try await api.call(.patch, "/api/v1/rewards/\(id)", token: worker, json: #"{"addStock":-50}"#)).1 == "reward.stock")
        }
    }
}
