import ChengyunCore
import ChengyunHTTP
import ChengyunServices
import ChengyunTesting
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization
import Testing

@Suite("预警渠道：发布的预警经发件箱以 CAP 推送到各渠道（对方宕机时重试），并从气象台的 Atom 源拉取新预警")
struct WarningChannelHTTPTests {
    @Test("推送：收到的和撤销的预警都以 CAP 1.2 文件推到渠道，渠道宕机时等待重试、不丢")
    func pushed() async throws {
        let received = Mutex<[String]>([])
        let router = Router()
        router.post("cap") { request, _ -> HTTPResponse.Status in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let count = received.withLock { r -> Int in r.append(body); return r.count }
            return count == 1 ? .serviceUnavailable : .ok
        }
        let channel = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "channel"))
        try await channel.serveOnLoopback { side in
            let port = side.port
            let url = try #require(URL(string: "http://127.0.0.1:\(port)/cap"))
            var settings = PlatformSettings()
            settings.warnings = WarningSettings(channels: [url])
            let clock = ManualWallClock(Date())
            let city = try await TestCity(settings: settings, clock: clock)
            let dispatcher = WarningChannels.dispatcher(city.platform, channel: 0, url: url)
            try await city.test { api in
                let admin = try await api.login("admin")
                let met = try await api.apiKey("市气象台", sources: ["sensor"], admin: admin)
                let made = try await api.call(.post, "/api/v1/warnings/cap", token: met, body: Array(WarningHTTPTests.cap("sh-push-1", codes: ["990001"]).utf8))
                #expect(made.status == .created)
                #expect(try await dispatcher.deliverDue() == 0, "the channel is down: kept for later")
                clock.advance(hours: 10.0 / 3600)
                #expect(try await dispatcher.deliverDue() == 1)
                let id = try #require(made.json["id"].int)
                #expect(try await api.call(.post, "/api/v1/warnings/\(id)/cancel", token: try await api.login("duty"), json: #"{"note":"预警解除"}"#).status == .created)
                #expect(try await dispatcher.deliverDue() == 1)
            }
            let bodies = received.withLock { $0 }
            #expect(bodies.count == 3)
            #expect(bodies[1].contains("<identifier>sh-push-1</identifier>") && bodies[1].contains("urn:oasis:names:tc:emergency:cap:1.2"))
            #expect(bodies[2].contains("<msgType>Cancel</msgType>") && bodies[2].contains("<references>qxj@sh.gov.cn,sh-push-1,"))
        }
    }

    @Test("拉取：气象台的 Atom 源列出的新预警逐一取回、接收并下发；再拉不重复；坏文件不影响其他")
    func pulled() async throws {
        let router = Router()
        let feed = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><id>urn:met</id><title>气象预警</title><updated>2026-12-05T06:00:00Z</updated>
            <entry><id>urn:met:2</id><title>坏文件</title><updated>2026-12-05T06:00:00Z</updated><link rel="alternate" type="application/cap+xml" href="broken.xml"/></entry>
            <entry><id>urn:met:1</id><title>暴雨黄色预警</title><updated>2026-12-05T06:00:00Z</updated><link rel="alternate" type="application/cap+xml" href="/met/a1.xml"/></entry>
            </feed>
            """
        router.get("met/feed.atom") { _, _ in Response(status: .ok, headers: [.contentType: "application/atom+xml"], body: .init(byteBuffer: ByteBuffer(string: feed))) }
        router.get("met/a1.xml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/cap+xml"], body: .init(byteBuffer: ByteBuffer(string: WarningHTTPTests.cap("met-a1", codes: ["990001"]))))
        }
        router.get("met/broken.xml") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "<html/>"))) }
        let met = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "met"))
        try await met.serveOnLoopback { side in
            let port = side.port
            let url = try #require(URL(string: "http://127.0.0.1:\(port)/met/feed.atom"))
            let city = try await TestCity()
            let pull = WarningPull(platform: city.platform, url: url, logger: Logger(label: "pull"))
            #expect(try await pull.pull() == 1)
            #expect(try await pull.pull() == 0, "seen already")
            #expect(try await WarningPull(platform: city.platform, url: url, logger: Logger(label: "pull")).pull() == 0, "a restarted node: a duplicate, passed over")
            try await city.test { api in
                let duty = try await api.login("duty")
                let list = try await api.call(.get, "/api/v1/warnings", token: duty).json.array
                let pulled = try #require(list.first { $0["identifier"].string == "met-a1" })
                #expect(pulled["origin"].string == "received" && pulled["state"].string == "published")
                let relay = try await api.call(.get, "/api/v1/warnings/\(pulled["id"].int!)/relay", token: duty).json
                #expect(relay["relayed"].int == 7, "relayed down the district like a posted one")
            }
        }
    }
}
