import ChengyunCore
import ChengyunHTTP
import ChengyunServices
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization
import Testing

@Suite("企业微信群机器人网关 chengyun chat-bridge: notices into WeChat Work group robots over HTTP")
struct WeComBridgeHTTPTests {
    static let committee = "990001001001"

    /// What a WeChat Work stand-in on loopback took: each robot's key and text, in order.
    final class Robots: Sendable {
        let taken = Mutex<[(key: String, text: String)]>([])
        /// Answers 45009 (over the rate) to the calls whose number (from 1) is in `limited`.
        let limited: Set<Int>
        let calls = Mutex(0)
        init(limited: Set<Int>) { self.limited = limited }

        func router() -> Router<BasicRequestContext> {
            let router = Router()
            router.post("cgi-bin/webhook/send") { request, _ -> Response in
                let key = request.uri.queryParameters.get("key") ?? ""
                let body = try await request.body.collect(upTo: 1 << 20)
                let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
                let text = (json?["text"] as? [String: Any])?["content"] as? String ?? ""
                let n = self.calls.withLock { $0 += 1; return $0 }
                let answer: String
                if self.limited.contains(n) {
                    answer = #"{"errcode":45009,"errmsg":"api freq out of limit"}"#
                } else if json?["msgtype"] as? String != "text" || text.utf8.count > WeComBridge.partBytes {
                    answer = #"{"errcode":40008,"errmsg":"invalid message type"}"#
                } else {
                    self.taken.withLock { $0.append((key, text)) }
                    answer = #"{"errcode":0,"errmsg":"ok"}"#
                }
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
            }
            return router
        }
    }

    @Test("每个有机器人的楼组群收到通知原文（长通知按行切成不超过 2048 字节的几段，按序）；机器人超频（45009）时网关让平台稍后重试，重试从没发出的那段接着发，群里不重复；没有机器人的楼组被拒、通知不计为已转发；同一条消息再投一次不再发")
    func noticesReachTheRobots() async throws {
        let robots = Robots(limited: [2])
        let wecom = Application(router: robots.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "wecom"))
        try await wecom.serveOnLoopback { wecomSide in
            let clock = ManualWallClock(Date())
            // With a gateway configured, a notice writes its chat messages (the bridge's address is given to the dispatcher).
            var settings = PlatformSettings()
            settings.groupChatGateway = URL(string: "http://127.0.0.1:9/notices")
            let city = try await TestCity(settings: settings, clock: clock)
            let committee = try #require(try await city.store.node(code: Self.committee))
            let chats = try await city.store.buildingGroups(under: committee.path, afterCode: nil, limit: 500).filter { ($0.chatGroup ?? "").isEmpty == false }
            #expect(chats.count >= 2, "the demo's groups have their chats")
            // Every group's robot but the last's.
            let keys = Dictionary(uniqueKeysWithValues: chats.dropLast().map { ($0.id.rawValue, "key-\($0.id.rawValue)") })
            let bridge = WeComBridge(robots: keys, api: URL(string: "http://127.0.0.1:\(wecomSide.port)")!)
            let bridgeApp = Application(router: bridge.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "bridge"))
            try await bridgeApp.serveOnLoopback { bridgeSide in
                let gateway = URL(string: "http://127.0.0.1:\(bridgeSide.port)/notices")!
                let dispatcher = OutboxDispatcher.groupChats(platform: city.platform, url: gateway)
                try await city.test { api in
                    let worker = try await api.login("cw.\(Self.committee)")
                    // A long notice: 30 lines of 30 characters (~2,800 bytes): two parts.
                    let lines = (1...30).map { n in "第\(n)条：" + String(repeating: "请各位居民按时参加消防演练", count: 2) }
                    let text = lines.joined(separator: "\\n")
                    let posted = try await api.call(.post, "/api/v1/group-notices", token: worker,
                                                    json: #"{"title":"消防演练","body":"\#(text)","clientKey":"wecom-key-0001"}"#)
                    let id = try #require(posted.json["notice"]["id"].int, "\(posted.json)")

                    // The first group's second part meets the rate limit; the last group has no robot.
                    #expect(try await dispatcher.deliverDue() == chats.count - 2)
                    clock.advance(hours: 10.0 / 3600)
                    #expect(try await dispatcher.deliverDue() == 1, "resumed after the part taken")
                    clock.advance(hours: 1)
                    #expect(try await dispatcher.deliverDue() == 0, "no robot: refused again")

                    let taken = robots.taken.withLock { $0 }
                    let chatText = "【\(committee.name)】消防演练\n" + lines.joined(separator: "\n")
                    for group in chats.dropLast() {
                        let parts = taken.filter { $0.key == "key-\(group.id.rawValue)" }.map(\.text)
                        #expect(parts.count == 2 && parts.allSatisfy { $0.utf8.count <= WeComBridge.partBytes }, "group \(group.id): \(parts.map(\.utf8.count))")
                        #expect(parts.joined(separator: "\n") == chatText, "group \(group.id): the notice whole, in order, once")
                    }
                    #expect(!taken.contains { $0.key == "key-\(chats.last!.id.rawValue)" })
                    let listed = try await api.call(.get, "/api/v1/group-notices?nodeId=\(committee.id)", token: worker).json.array.first { $0["notice"]["id"].int == id }
                    #expect(listed?["relayed"].int == chats.count - 1, "\(String(describing: listed))")

                    // The same message again (its answer lost on the way): taken, nothing posted twice.
                    let message = try #require(try await city.store.messages(topic: GroupChatMessage.topic, key: "group:\(chats[0].id.rawValue)").first)
                    let before = robots.taken.withLock { $0.count }
                    let status = try await bridgeSide.execute(uri: "/notices", method: .post, headers: [HTTPField.Name("X-Chengyun-Message")!: String(message.id ?? 0)],
                                                              body: ByteBuffer(string: message.payload)) { $0.status }
                    #expect(status == .ok && robots.taken.withLock { $0.count } == before)
                }
            }
        }
    }

    @Test("机器人文件：只有属主可读，格式错、楼组编号错、密钥有空白都说清楚")
    func robotsFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("robots-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func file(_ text: String, mode: Int = 0o600) -> String {
            let path = folder.appendingPathComponent(UUID().uuidString).path
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
            return path
        }
        #expect(try WeComBridge.robots(file: file(#"{"groups":{"12":"abc-123","7":"xyz"}}"#)) == [12: "abc-123", 7: "xyz"])
        func refusal(_ path: String) -> String {
            do { _ = try WeComBridge.robots(file: path); return "" } catch { return "\(error)" }
        }
        #expect(refusal(file(#"{"groups":{"12":"abc"}}"#, mode: 0o644)).contains("chmod 600"))
        #expect(refusal(file("groups: 12")).contains("expected"))
        #expect(refusal(file(#"{"groups":{"x12":"abc"}}"#)).contains("not a building group"))
        #expect(refusal(file(#"{"groups":{"12":"a b"}}"#)).contains("not a webhook key"))
        #expect(refusal(folder.appendingPathComponent("none").path).contains("cannot be read"))
        // The command refuses to start on such a file, saying why.
        let open = try Binary.run(["chat-bridge", "--robots", file(#"{"groups":{"12":"abc"}}"#, mode: 0o644), "--port", "0"])
        #expect(open.status == 1 && open.output.contains("chmod 600"), "\(open.output)")
        let anywhere = try Binary.run(["chat-bridge", "--robots", file(#"{"groups":{"12":"abc"}}"#), "--host", "0.0.0.0", "--port", "0"])
        #expect(anywhere.status == 1 && anywhere.output.contains("not the loopback"), "\(anywhere.output)")
    }

    @Test("切段：按行切，每段不超过 2048 字节，拼回原文")
    func parts() {
        let long = (1...200).map { "第\($0)行，住户请注意" }.joined(separator: "\n")
        let parts = WeComBridge.parts(long)
        #expect(parts.count > 1 && parts.allSatisfy { $0.utf8.count <= WeComBridge.partBytes })
        #expect(parts.joined(separator: "\n") == long)
        #expect(WeComBridge.parts("短通知") == ["短通知"])
        let oneLine = String(repeating: "长", count: 1_000)
        #expect(WeComBridge.parts(oneLine).joined() == oneLine && WeComBridge.parts(oneLine).count == 2)
        // One character bigger than a part (a letter under 999 combining marks, ~3 KB): cut between its scalars, not forever.
        let piled = "a" + String(repeating: "\u{20D2}", count: 999)
        let cut = WeComBridge.parts(piled)
        #expect(cut.count == 2 && cut.allSatisfy { $0.utf8.count <= WeComBridge.partBytes } && cut.joined() == piled)
    }
}
