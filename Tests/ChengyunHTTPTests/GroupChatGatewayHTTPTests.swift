import ChengyunCore
import ChengyunServices
import ChengyunStore
import ChengyunTesting
import Foundation
import Hummingbird
import Logging
import Synchronization
import Testing

@Suite("楼组通知经群机器人网关发到楼组群 over HTTP")
struct GroupChatGatewayHTTPTests {
    static let committee = "990001001001"

    @Test("发给全体楼组的通知经发件箱推到网关，每个有楼组群的楼组一条（网关先宕一次也不丢，按序重试），推到即计为已转发；重试发布不再推；没有网关就不推")
    func noticesReachTheChats() async throws {
        let received = Mutex<[Data]>([])
        let router = Router()
        router.post("notices") { request, _ -> HTTPResponse.Status in
            let body = Data(String(buffer: try await request.body.collect(upTo: 1 << 20)).utf8)
            let count = received.withLock { r -> Int in r.append(body); return r.count }
            return count == 1 ? .serviceUnavailable : .ok
        }
        let gateway = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "chat-gateway"))
        try await gateway.serveOnLoopback { side in
            let clock = ManualWallClock(Date())
            var settings = PlatformSettings()
            settings.groupChatGateway = URL(string: "http://127.0.0.1:\(side.port)/notices")
            let city = try await TestCity(settings: settings, clock: clock)
            let dispatcher = OutboxDispatcher.groupChats(platform: city.platform, url: settings.groupChatGateway!)
            try await city.test { api in
                let committee = try #require(try await city.store.node(code: Self.committee))
                let chats = try await city.store.buildingGroups(under: committee.path, afterCode: nil, limit: 500).filter { ($0.chatGroup ?? "").isEmpty == false }
                #expect(chats.count >= 2, "the demo's groups have their chats")
                let worker = try await api.login("cw.\(Self.committee)")
                let body = #"{"title":"停水通知","body":"明天 9 点至 12 点检修水管，请提前储水。","clientKey":"chat-key-0001"}"#
                let posted = try await api.call(.post, "/api/v1/group-notices", token: worker, json: body)
                let id = try #require(posted.json["notice"]["id"].int)
                #expect(posted.status == .created && posted.json["relayed"].int == 0)
                #expect(try await api.call(.post, "/api/v1/group-notices", token: worker, json: body).status == .ok, "a retry")

                // The gateway is down for the first message: the others go, that group's waits for its retry.
                #expect(try await dispatcher.deliverDue() == chats.count - 1)
                clock.advance(hours: 10.0 / 3600)
                #expect(try await dispatcher.deliverDue() == 1)
                #expect(try await dispatcher.deliverDue() == 0, "each once: the retried post wrote none again")
                let messages = try received.withLock { try $0.map { try JSONDecoder().decode(GroupChatMessage.self, from: $0) } }
                #expect(messages.count == chats.count + 1, "one refused, then every group's once")
                #expect(Set(messages.map(\.groupID)) == Set(chats.map(\.id)) && messages.allSatisfy { $0.noticeID.rawValue == Int64(id) })
                let first = try #require(messages.first)
                #expect(first.text == "【\(committee.name)】停水通知\n明天 9 点至 12 点检修水管，请提前储水。" && first.chat == chats.first { $0.id == first.groupID }?.chatGroup)

                // Taken by the gateway: relayed, by the robot.
                let listed = try await api.call(.get, "/api/v1/group-notices?nodeId=\(committee.id)", token: worker).json.array.first { $0["notice"]["id"].int == id }
                #expect(listed?["relayed"].int == chats.count, "\(String(describing: listed))")
                #expect(listed?["notice"]["relays"].array.allSatisfy { $0["by"].string == GroupChatMessage.relayedBy } == true)
                #expect(try await city.store.messages(topic: GroupChatMessage.topic, key: "group:\(first.groupID.rawValue)").allSatisfy { $0.deliveredAt != nil })
            }
        }
    }
}
