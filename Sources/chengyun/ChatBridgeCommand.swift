import ArgumentParser
import ChengyunHTTP
import Foundation
import Hummingbird
import Logging

/// `chengyun chat-bridge` — our own gateway into WeChat Work group robots (docs/GROUP-NOTICES.md): the platform's
/// `notices.chatGateway` points at it, and it posts each group's notices to that group's robot.
struct ChatBridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-bridge",
        abstract: "Relay building-group notices from the platform's chat gateway into WeChat Work group robots.",
        discussion: """
            Set the server's notices.chatGateway to http://HOST:PORT/notices. The robots file maps building groups to their \
            robots' webhook keys — {"groups": {"<building group id>": "<key>"}} — and must be readable by its owner only; \
            the bridge reads it at start (restart it after a change). A group with no robot is refused (the platform tries \
            again later); a robot over its rate is told to wait.
            """)

    @Option(help: "The robots file (JSON, mode 600).") var robots: String
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8095
    @Option(help: "WeChat Work's API.") var wecomAPI = "https://qyapi.weixin.qq.com"
    @Flag(help: "Listen on an address other than the loopback: the bridge posts into any group's chat for whoever reaches it, so only behind a firewall that lets the servers alone in.")
    var listenBeyondLoopback = false

    func run() async throws {
        guard ["127.0.0.1", "::1", "localhost"].contains(host) || listenBeyondLoopback else {
            fail("--host \(host) is not the loopback: anyone who reaches the bridge can post into the groups' chats; add --listen-beyond-loopback once a firewall lets only the servers in")
        }
        let keys = await stopping { try WeComBridge.robots(file: robots) }
        guard let api = URL(string: wecomAPI), ["http", "https"].contains(api.scheme ?? "") else { fail("--wecom-api must be an http(s) URL") }
        let logger = Logger(label: "chengyun.chat-bridge")
        logger.info("chat bridge: \(keys.count) building groups' robots, WeChat Work at \(api.absoluteString)")
        let bridge = WeComBridge(robots: keys, api: api)
        let app = Application(router: bridge.router(), configuration: .init(address: .hostname(host, port: port)), logger: logger)
        try await app.runService()
    }
}
