import ChengyunCore
import ChengyunDemo
import ChengyunHTTP
import ChengyunServer
import ChengyunServices
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Hummingbird
import Testing

/// 代理: behind a load balancer every request comes from its address. Only a peer named in `server.trustedProxies`
/// may say whom it forwards (`X-Forwarded-For`); that address is the one the per-address sign-in limit and the audit
/// trail see. From any other peer the header is ignored, so a client cannot pick an address to dodge the limit.
@Suite("代理 X-Forwarded-For behind a trusted proxy", .enabled(if: TestCity.storeKind == "sqlite", "the same on either store: run once, in the first pass"))
struct ForwardedForHTTPTests {
    static let forwarded = HTTPField.Name("X-Forwarded-For")!

    /// The production application over real loopback HTTP (the peer is 127.0.0.1), trusting `proxies`, with a
    /// per-address sign-in limit of three failures.
    func serve(trusting proxies: Set<String>, _ body: @escaping @Sendable (API, any ChengyunStore) async throws -> Void) async throws {
        var settings = PlatformSettings()
        settings.security.signIn.maxFailuresPerAddress = 3
        let city = try await TestCity(settings: settings)
        defer { city.remove() }
        var limits = ServerLimits()
        limits.connections.trustedProxies = proxies
        let app = ServerBuilder.application(platform: city.platform, host: "127.0.0.1", port: 0, limits: limits, logger: city.root.logger(label: "test"))
        try await ForegroundApplication(app).serveOnLoopback { client in try await body(API(client: client), city.store) }
    }

    func signIn(_ api: API, password: String, from address: String) async throws -> HTTPResponse.Status {
        try await api.call(.post, "/api/v1/auth/login", json: #"{"username":"duty","password":"\#(password)"}"#,
                           headers: [Self.forwarded: "\(address), 10.9.8.7"]).status
    }

    @Test("受信任的代理：按其转发的地址限制登录失败并记入审计，别的地址不受牵连")
    func trustedProxyForwardsTheCaller() async throws {
        // The chain ends with another proxy of ours (10.9.8.7): the caller is the first address from the right
        // that no proxy of ours added.
        try await serve(trusting: ["127.0.0.1", "10.9.8.7"]) { api, store in
            for _ in 0..<3 { #expect(try await signIn(api, password: "wrong-password", from: "203.0.113.7") == .unauthorized) }
            #expect(try await signIn(api, password: DemoCity.password, from: "203.0.113.7") == .tooManyRequests, "that caller is held back")
            #expect(try await signIn(api, password: DemoCity.password, from: "198.51.100.9") == .ok, "another caller behind the same proxy is not")
            let trail = try await store.audit(AuditQuery(actionPrefix: "auth.sign_in_failed", limit: 10))
            #expect(trail.count == 3 && trail.allSatisfy { $0.address == "203.0.113.7" }, "\(trail.map(\.address))")
        }
    }

    @Test("不受信任的来源：X-Forwarded-For 被忽略，伪造地址躲不过限制")
    func untrustedPeerCannotChooseItsAddress() async throws {
        try await serve(trusting: []) { api, store in
            for i in 0..<3 { #expect(try await signIn(api, password: "wrong-password", from: "203.0.113.\(i)") == .unauthorized) }
            #expect(try await signIn(api, password: DemoCity.password, from: "198.51.100.9") == .tooManyRequests, "all from 127.0.0.1")
            let trail = try await store.audit(AuditQuery(actionPrefix: "auth.sign_in_failed", limit: 10))
            #expect(trail.count == 3 && trail.allSatisfy { $0.address == "127.0.0.1" }, "\(trail.map(\.address))")
        }
    }
}
