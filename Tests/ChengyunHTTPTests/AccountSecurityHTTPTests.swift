import ChengyunCore
import ChengyunDemo
import ChengyunHTTP
import ChengyunServices
import ChengyunTesting
import Foundation
import HTTPTypes
import Hummingbird
import Testing

/// Issue 14, findings 4 and 5: sign-in that cannot be guessed through, passwords and keys that can be changed and
/// revoked, and revocation that takes effect at once.
@Suite("账号安全 sign-in, passwords, keys, revocation")
struct AccountSecurityHTTPTests {
    static let newPassword = "街道-巡查-2026-春"

    @Test("五次错误密码后账号锁定，已知与未知用户同样回答，并记入使用痕迹")
    func lockoutAfterFailures() async throws {
        let city = try await TestCity()
        try await city.test { api in
            for _ in 0..<5 {
                let wrong = try await api.call(.post, "/api/v1/auth/login", json: #"{"username":"duty","password":"wrong-password-1"}"#)
                #expect(wrong.status == .unauthorized)
                #expect(wrong.json["error"]["code"].string == "auth.invalid_credentials")
                let unknown = try await api.call(.post, "/api/v1/auth/login", json: #"{"username":"nobody.here","password":"wrong-password-1"}"#)
                #expect(unknown.status == .unauthorized)
                #expect(unknown.json["error"]["code"].string == wrong.json["error"]["code"].string)
            }
            // Locked now, even with the right password; an unknown name is locked the same way.
            let locked = try await api.call(.post, "/api/v1/auth/login", json: #"{"username":"duty","password":"\#(DemoCity.password)"}"#)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.json["error"]["code"].string == "auth.locked")
            #expect(Int(locked.headers[.retryAfter] ?? "") ?? 0 > 0)
            let lockedUnknown = try await api.call(.post, "/api/v1/auth/login", json: #"{"username":"nobody.here","password":"x-password-1"}"#)
            #expect(lockedUnknown.json["error"]["code"].string == "auth.locked")
            // Another account is not affected.
            _ = try await api.login("leader")
            // An admin's reset lifts the lock; the auditor sees every failure.
            let admin = try await api.login("admin")
            let duty = try await api.call(.get, "/api/v1/me", token: try await api.login("duty.d1"))
            #expect(duty.status == .ok)
            let dutyID = try #require(try await api.call(.get, "/api/v1/users?nodeId=\(try await cityID(api, admin))&limit=5", token: admin).json.array.first { $0["username"].string == "duty" }?["id"].int)
            let reset = try await api.call(.post, "/api/v1/users/\(dutyID)/password", token: admin, json: #"{"newPassword":"\#(Self.newPassword)"}"#)
            #expect(reset.status == .noContent, "\(reset.json)")
            _ = try await api.login("duty", password: Self.newPassword)
            let auditor = try await makeAuditor(api, admin: admin)
            let trail = try await api.call(.get, "/api/v1/audit?action=auth.&limit=100", token: auditor)
            #expect(trail.status == .ok, "\(trail.json)")
            let actions = trail.json["items"].array.compactMap { $0["action"].string }
            #expect(actions.filter { $0 == "auth.sign_in_failed" }.count >= 8)
            #expect(actions.contains("auth.account_locked"))
            #expect(actions.contains("auth.sign_in_locked"))
            let resets = try await api.call(.get, "/api/v1/audit?subjectUserId=\(dutyID)", token: auditor)
            #expect(resets.json["items"].array.contains { $0["action"].string == "user.password_reset" })
            // Only an auditor reads the trail.
            #expect(try await api.call(.get, "/api/v1/audit", token: admin).status == .forbidden)
        }
    }

    @Test("本人修改密码：需旧密码、符合策略，其他会话立即失效")
    func ownPasswordChange() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let first = try await api.login("duty.s1")
            let second = try await api.login("duty.s1")
            let wrongOld = try await api.call(.post, "/api/v1/me/password", token: first, json: #"{"oldPassword":"not-it-at-all","newPassword":"\#(Self.newPassword)"}"#)
            #expect(wrongOld.status == .badRequest)
            #expect(wrongOld.json["error"]["field"].string == "oldPassword")
            for weak in ["short1", "duty.s1-password", "123456789012", DemoCity.password] {
                let refused = try await api.call(.post, "/api/v1/me/password", token: first, json: #"{"oldPassword":"\#(DemoCity.password)","newPassword":"\#(weak)"}"#)
                #expect(refused.status == .badRequest, "\(weak)")
                #expect(refused.json["error"]["field"].string == "newPassword")
            }
            let changed = try await api.call(.post, "/api/v1/me/password", token: first, json: #"{"oldPassword":"\#(DemoCity.password)","newPassword":"\#(Self.newPassword)"}"#)
            #expect(changed.status == .noContent, "\(changed.json)")
            #expect(try await api.call(.get, "/api/v1/me", token: first).status == .ok)
            #expect(try await api.call(.get, "/api/v1/me", token: second).status == .unauthorized)
            let old = try await api.call(.post, "/api/v1/auth/login", json: #"{"username":"duty.s1","password":"\#(DemoCity.password)"}"#)
            #expect(old.status == .unauthorized)
            _ = try await api.login("duty.s1", password: Self.newPassword)
            // PATCH no longer pretends to change a password.
            let admin = try await api.login("admin")
            let me = try await api.call(.get, "/api/v1/me", token: first)
            let patched = try await api.call(.patch, "/api/v1/users/\(me.json["id"].int ?? 0)", token: admin, json: #"{"password":"\#(Self.newPassword)x"}"#)
            #expect(patched.status == .badRequest)
            #expect(patched.json["error"]["code"].string == "user.password_not_here")
        }
    }

    @Test("API 密钥可列出、轮换、吊销，旧密钥立即失效")
    func apiKeysListRotateRevoke() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let key = try await api.apiKey("hotline-test", sources: ["hotline"], admin: admin)
            #expect(try await api.call(.get, "/api/v1/me", token: key).status == .ok)
            let list = try await api.call(.get, "/api/v1/apikeys", token: admin)
            let record = try #require(list.json.array.first { $0["name"].string == "hotline-test" })
            #expect(record["keyHash"].isNull && record["key"].isNull)
            let id = try #require(record["id"].int)
            let rotated = try await api.call(.post, "/api/v1/apikeys/\(id)/rotate", token: admin)
            #expect(rotated.status == .ok)
            let newKey = try #require(rotated.json["key"].string)
            #expect(try await api.call(.get, "/api/v1/me", token: key).status == .unauthorized)
            #expect(try await api.call(.get, "/api/v1/me", token: newKey).status == .ok)
            #expect(try await api.call(.delete, "/api/v1/apikeys/\(id)", token: admin).status == .noContent)
            #expect(try await api.call(.get, "/api/v1/me", token: newKey).status == .unauthorized)
            let after = try await api.call(.get, "/api/v1/apikeys", token: admin)
            #expect(after.json.array.first { $0["id"].int == id }?["active"].bool == false)
            // Not for a street's duty officer.
            #expect(try await api.call(.get, "/api/v1/apikeys", token: try await api.login("duty.s1")).status == .forbidden)
        }
    }

    @Test("缓存的身份不超过会话到期")
    func cachedIdentityEndsWithTheSession() async throws {
        let clock = ManualWallClock(Date())
        var settings = PlatformSettings()
        settings.sessionHours = 1
        let city = try await TestCity(settings: settings, clock: clock)
        try await city.test { api in
            let token = try await api.login("duty")
            #expect(try await api.call(.get, "/api/v1/me", token: token).status == .ok)
            clock.advance(hours: 1.0 + 1.0 / 3600)
            #expect(try await api.call(.get, "/api/v1/me", token: token).status == .unauthorized)
        }
    }

    @Test("实时推送：每人限数，退出、停用时立即结束")
    func streamsAreLimitedAndEndWithTheSession() async throws {
        var settings = PlatformSettings()
        settings.security.streams.perIdentity = 3
        let city = try await TestCity(settings: settings)
        try await city.test { api in
            let token = try await api.login("resident1")
            let open = (0..<3).map { _ in Task { try await api.call(.get, "/api/v1/stream", token: token) } }
            try await waitUntil { city.platform.streams.count == 3 }
            let fourth = try await api.call(.get, "/api/v1/stream", token: token)
            #expect(fourth.status == .tooManyRequests)
            #expect(fourth.json["error"]["code"].string == "stream.too_many")
            // Another user is not affected by resident1's streams.
            let other = Task { try await api.call(.get, "/api/v1/stream", token: try await api.login("resident2")) }
            try await waitUntil { city.platform.streams.count == 4 }
            #expect(try await api.call(.post, "/api/v1/auth/logout", token: token).status == .noContent)
            for stream in open {
                let reply = try await stream.value
                #expect(String(buffer: reply.body).contains("event: end"))
            }
            // Disabling resident2 ends theirs.
            let admin = try await api.login("admin")
            let me = try await api.call(.get, "/api/v1/me", token: try await api.login("resident2"))
            #expect(try await api.call(.patch, "/api/v1/users/\(me.json["id"].int ?? 0)", token: admin, json: #"{"active":false}"#).status == .ok)
            #expect(String(buffer: try await other.value.body).contains("event: end"))
            #expect(city.platform.streams.count == 0)
        }
    }

    @Test("控制台会话在 HttpOnly Cookie 中，修改请求需控制台标头")
    func consoleSessionCookie() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let login = try await api.call(.post, "/api/v1/auth/login", json: #"{"username":"resident1","password":"\#(DemoCity.password)","cookie":true}"#)
            #expect(login.status == .ok)
            #expect(login.json["token"].isNull)
            let cookie = try #require(login.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.hasPrefix("cy_session=cy_"))
            let pair = String(cookie.split(separator: ";")[0])
            #expect(try await api.call(.get, "/api/v1/me", headers: [.cookie: pair]).json["username"].string == "resident1")
            let p = TestCity.point(0, 0)
            let body = #"{"source":"resident","categoryId":"event:0110","description":"测试","location":{"lon":\#(p.lon),"lat":\#(p.lat)}}"#
            let forged = try await api.call(.post, "/api/v1/cases", json: body, headers: [.cookie: pair])
            #expect(forged.status == .forbidden)
            #expect(forged.json["error"]["code"].string == "auth.csrf")
            let fromConsole = try await api.call(.post, "/api/v1/cases", json: body, headers: [.cookie: pair, AuthMiddleware.consoleHeader: "1"])
            #expect(fromConsole.status == .created, "\(fromConsole.json)")
            let out = try await api.call(.post, "/api/v1/auth/logout", headers: [.cookie: pair, AuthMiddleware.consoleHeader: "1"])
            #expect(out.status == .noContent)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await api.call(.get, "/api/v1/me", headers: [.cookie: pair]).status == .unauthorized)
            // A stale cookie does not stand in the way of signing in again.
            let again = try await api.call(.post, "/api/v1/auth/login", json: #"{"username":"resident1","password":"\#(DemoCity.password)","cookie":true}"#,
                                           headers: [.cookie: pair])
            #expect(again.status == .ok)
        }
    }

    @Test("每个回答带安全标头；脚本只来自本站")
    func securityHeaders() async throws {
        let city = try await TestCity()
        try await city.test { api in
            for path in ["/console/", "/api/v1/me", "/api/v1/no-such-thing", "/healthz"] {
                let reply = try await api.call(.get, path)
                let csp = try #require(reply.headers[.contentSecurityPolicy], "\(path)")
                let script = csp.split(separator: ";").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("script-src") }
                #expect(script?.trimmingCharacters(in: .whitespaces) == "script-src 'self'")
                #expect(reply.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(reply.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            }
            #expect(try await api.call(.get, "/api/v1/me", token: try await api.login("duty")).headers[.cacheControl] == "no-store")
        }
    }

    @Test("地图瓦片来自运营方自己的服务器时，CSP 只放行它（含 {s} 子域）")
    func tileServerInThePolicy() async throws {
        var settings = PlatformSettings()
        settings.console.tileURL = "http://{s}.tiles.city.local:8081/{z}/{x}/{y}.png"
        let city = try await TestCity(settings: settings)
        try await city.test { api in
            let csp = try #require(try await api.call(.get, "/console/").headers[.contentSecurityPolicy])
            #expect(csp.contains("img-src 'self' data: blob: http://*.tiles.city.local:8081;"))
        }
    }

    func cityID(_ api: API, _ token: String) async throws -> Int {
        try #require(try await api.call(.get, "/api/v1/org/nodes?kind=city", token: token).json[0]["id"].int)
    }

    /// Creates an auditor at the city and signs in.
    func makeAuditor(_ api: API, admin: String) async throws -> String {
        let city = try await cityID(api, admin)
        let created = try await api.call(.post, "/api/v1/users", token: admin, json: """
            {"username":"auditor1","displayName":"审计员","password":"\(Self.newPassword)","assignments":[{"role":"auditor","nodeId":\(city)}]}
            """)
        #expect(created.status == .created, "\(created.json)")
        return try await api.login("auditor1", password: Self.newPassword)
    }
}

/// Waits (up to 5 s) for a condition that another task makes true.
func waitUntil(_ condition: @Sendable () -> Bool) async throws {
    for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
    #expect(condition())
}
