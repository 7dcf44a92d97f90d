import ChengyunCore
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("楼组通知：居委发通知到楼组、居民读（计一次）、楼组长转发到楼组群 over HTTP")
struct GroupNoticeHTTPTests {
    static let committee = "990001001001"

    @Test("社工给一个楼组发通知（重试同一通知），受众是该楼组已注册的居民；该楼组居民读到并计一次，别的楼组看不到；楼组长转发到楼组群，别人不能；全体通知人人可见；坏输入有代码")
    func noticesThroughGroups() async throws {
        let city = try await TestCity()
        try await city.test { api in
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }
            let committee = try #require(try await city.store.node(code: Self.committee))
            let worker = try await api.login("cw.\(Self.committee)")
            // The demo's registered residents of the committee and their groups; the group led by `lz.<committee>`.
            let leaderUser = try #require(try await city.store.credentials(username: "lz.\(Self.committee)")?.user)
            let led = try #require(try await city.store.buildingGroups(ledBy: leaderUser.id).first)
            var inGroup: String?, elsewhere: String?
            for n in 1...30 {
                guard let user = try await city.store.credentials(username: "jm.\(Self.committee).\(n)")?.user,
                      let r = try await city.store.registration(user: user.id), r.status != .refused else { continue }
                if r.groupID == led.id { inGroup = inGroup ?? user.username } else { elsewhere = elsewhere ?? user.username }
            }
            let member = try await api.login(try #require(inGroup, "a registered resident of the leader's group")), other = try await api.login(try #require(elsewhere))
            let audience = try await city.store.registrations(under: committee.path, status: nil, before: nil, limit: 500).filter { $0.groupID == led.id && $0.status != .refused }.count

            let body = #"{"title":"停水通知","body":"明天 9 点至 12 点检修水管，请提前储水。","groupIds":[\#(led.id)],"clientKey":"notice-key-01"}"#
            let posted = try await api.call(.post, "/api/v1/group-notices", token: worker, json: body)
            #expect(posted.status == .created && posted.json["notice"]["audience"].int == audience && posted.json["groups"].array.compactMap(\.string) == [led.name], "\(posted.json)")
            #expect(posted.json["groupCount"].int == 1 && posted.json["relayed"].int == 0 && posted.json["committee"].string == committee.name)
            let id = try #require(posted.json["notice"]["id"].int)
            #expect(try await api.call(.post, "/api/v1/group-notices", token: worker, json: body).json["notice"]["id"].int == id, "a retry is the same notice")
            #expect(try await city.store.dueMessages(topic: GroupChatMessage.topic, now: .distantFuture, limit: 10).isEmpty, "no gateway configured: nothing for the chats")

            // The group's resident sees it, unread, then read (counted once); another group's resident does not.
            let inbox = try await api.call(.get, "/api/v1/group-notices/mine", token: member).json["items"].array
            #expect(inbox.first { $0["notice"]["notice"]["id"].int == id }?["read"].bool == false)
            #expect(try await api.call(.get, "/api/v1/group-notices/mine", token: other).json["items"].array.allSatisfy { $0["notice"]["notice"]["id"].int != id })
            #expect(try await api.call(.post, "/api/v1/group-notices/\(id)/read", token: member).json["notice"]["reads"].int == 1)
            #expect(try await api.call(.post, "/api/v1/group-notices/\(id)/read", token: member).json["notice"]["reads"].int == 1, "once")
            #expect(try await api.call(.post, "/api/v1/group-notices/\(id)/read", token: other).status == .notFound)

            // The leader relays it to the group's chat; a resident who does not lead the group cannot.
            let leader = try await api.login("lz.\(Self.committee)")
            let mine = try await api.call(.get, "/api/v1/group-notices/mine", token: leader).json["items"].array.first { $0["notice"]["notice"]["id"].int == id }
            #expect(mine?["relay"].array.first?["groupId"].int == Int(led.id.rawValue) && mine?["relay"].array.first?["relayed"].bool == false, "\(String(describing: mine))")
            #expect(code(try await api.call(.post, "/api/v1/group-notices/\(id)/relay", token: member, json: #"{"groupId":\#(led.id)}"#)) == (.forbidden, "group_notice.not_leader", "groupId"))
            let relayed = try await api.call(.post, "/api/v1/group-notices/\(id)/relay", token: leader, json: #"{"groupId":\#(led.id)}"#)
            #expect(relayed.status == .ok && relayed.json["relayed"].int == 1, "\(relayed.json)")
            let otherGroup = try #require(try await city.store.buildingGroups(under: committee.path, afterCode: nil, limit: 50).first { $0.id != led.id })
            #expect(code(try await api.call(.post, "/api/v1/group-notices/\(id)/relay", token: worker, json: #"{"groupId":\#(otherGroup.id)}"#)).1 == "group_notice.not_for_group")

            // To every group: everyone registered in the committee sees it.
            let all = try await api.call(.post, "/api/v1/group-notices", token: worker, json: #"{"title":"垃圾分类宣传周","body":"本周六上午在小区广场","clientKey":"notice-key-02"}"#)
            let allID = try #require(all.json["notice"]["id"].int)
            #expect(all.json["groups"].array.isEmpty && (all.json["groupCount"].int ?? 0) > 1)
            #expect(try await api.call(.get, "/api/v1/group-notices/mine", token: other).json["items"].array.contains { $0["notice"]["notice"]["id"].int == allID })
            let list = try await api.call(.get, "/api/v1/group-notices", token: worker).json.array
            #expect(Array(list.prefix(2)).compactMap { $0["notice"]["id"].int } == [allID, id])

            // Bad input; another committee's worker and a street.
            #expect(code(try await api.call(.post, "/api/v1/group-notices", token: worker, json: #"{"title":" ","body":"x","clientKey":"notice-key-03"}"#)) == (.badRequest, "group_notice.title", "title"))
            #expect(code(try await api.call(.post, "/api/v1/group-notices", token: worker, json: #"{"title":"x","body":"","clientKey":"notice-key-04"}"#)).1 == "group_notice.body")
            let foreign = try #require(try await city.store.buildingGroups(under: "/", afterCode: nil, limit: 2000).first { $0.nodeID != committee.id })
            #expect(code(try await api.call(.post, "/api/v1/group-notices", token: worker, json: #"{"title":"x","body":"y","groupIds":[\#(foreign.id)],"clientKey":"notice-key-05"}"#))
                    == (.unprocessableContent, "group_notice.groups", "groupIds[0]"))
            #expect(try await api.call(.get, "/api/v1/group-notices?nodeId=\(committee.id)", token: try await api.login("cw.990001002001")).status == .forbidden)
            let street = try #require(try await city.store.node(code: "990001001"))
            #expect(code(try await api.call(.get, "/api/v1/group-notices?nodeId=\(street.id)", token: try await api.login("leader"))).1 == "group_notice.level")
        }
    }
}
