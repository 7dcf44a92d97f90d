import ChengyunCore
import ChengyunHTTP
import ChengyunServices
import ChengyunTesting
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@Suite("登录高峰 a storm of sign-ins", .enabled(if: TestCity.storeKind == "sqlite", "the same on either store: run once, in the first pass"))
struct SignInStormHTTPTests {
    @Test("登录排在自己的闸门里：超出排队的立即 503；等待中的登录不占已登录人员的请求名额，也不占匿名与 Open311 的闸门")
    func signInsQueueApart() async throws {
        let city = try await TestCity()
        defer { city.remove() }
        var limits = LoadLimits()
        limits.inFlight = 16
        limits.signInConcurrent = 1
        limits.signInWaiting = 24
        limits.signInMaxWait = .seconds(60)
        // The anonymous gate holds nobody: a sign-in that went through it would be refused.
        limits.publicConcurrent = 1
        limits.publicWaiting = 0
        limits.publicRequestsPerWindow = 1_000
        let app = Application(router: APIRoutes(platform: city.platform, load: limits).router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.serveOnLoopback { client in
            let api = API(client: client)
            let staff = try await api.login("duty")
            let cw = "cw.990001001001"
            // 26 sign-ins at once: one checking its password, 24 waiting, the rest refused at once.
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<26 {
                    group.addTask { try await api.call(.post, "/api/v1/auth/login", json: #"{"username":"\#(cw)","password":"chengyun-demo"}"#).status }
                }
                // While they wait — more than `inFlight` of them — a signed-in duty officer is served.
                try await Task.sleep(for: .milliseconds(50))
                let desk = try await api.call(.get, "/api/v1/cases?limit=5", token: staff)
                #expect(desk.status == .ok, "staff are served during the storm: \(desk.json)")
                var seen: [HTTPResponse.Status] = []
                for try await s in group { seen.append(s) }
                return seen
            }
            #expect(statuses.filter { $0 == .ok }.count >= 25, "\(statuses.map(\.code))")
            #expect(statuses.allSatisfy { $0 == .ok || $0 == .serviceUnavailable }, "\(statuses.map(\.code))")
        }
    }

    @Test("控制台自身的文件不计入已登录用户的请求限额：刷新几次页面不会把用户的 API 名额用完；API 请求照常计数")
    func consoleFilesAreNotCounted() async throws {
        let city = try await TestCity()
        defer { city.remove() }
        var limits = LoadLimits()
        limits.requestsPerWindow = 5
        limits.rateWindowSeconds = 3_600
        limits.tarpit = .zero
        let app = Application(router: APIRoutes(platform: city.platform, load: limits).router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.serveOnLoopback { client in
            let api = API(client: client)
            let staff = try await api.login("duty")
            for path in ["/console/", "/console/style.css", "/console/config.json", "/console/js/desk.js"] {
                for _ in 0..<3 {
                    let file = try await api.call(.get, path, token: staff)
                    #expect(file.status == .ok, "\(path): \(file.status)")
                }
            }
            var statuses: [Int] = []
            for _ in 0..<6 { statuses.append(try await api.call(.get, "/api/v1/me", token: staff).status.code) }
            #expect(statuses == [200, 200, 200, 200, 200, 429], "the API is counted: \(statuses)")
        }
    }
}
