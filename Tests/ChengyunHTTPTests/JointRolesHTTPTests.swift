import ChengyunTesting
import Foundation
import Hummingbird
import Testing

@Suite("联勤联动 endpoints × roles")
struct JointRolesHTTPTests {
    /// Each account and the statuses it gets from: hotspots, diversion stats, handling powers (read), cameras (read),
    /// its first committee's view, handling powers (replace), camera (register), 110 intake.
    static let expected: [(String, [Int])] = [
        ("admin", [200, 200, 200, 200, 200, 200, 201, 403]),
        ("duty", [200, 200, 200, 200, 200, 403, 403, 201]),
        ("duty.s1", [200, 200, 200, 200, 200, 403, 403, 201]),
        ("leader", [200, 200, 200, 200, 200, 403, 403, 403]),
        ("insp.990001001001", [200, 403, 403, 200, 200, 403, 403, 403]),
        ("cw.990001001001", [200, 403, 403, 200, 200, 403, 403, 403]),
        ("chief.990001001001", [200, 403, 403, 200, 200, 403, 403, 403]),
        ("resident1", [403, 403, 403, 200, 403, 403, 403, 403]),
    ]

    @Test("各角色访问热点、分流统计、处置权、摄像头、居委视图与110接入的结果")
    func everyRole() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let committee = try #require(try await api.call(.get, "/api/v1/me", token: try await api.login("chief.990001001001")).json["assignments"][0]["nodeId"].int)
            let powers = String(buffer: try await api.call(.get, "/api/v1/handling-powers", token: admin).body)
            let p = TestCity.point(2, 2)
            for (n, (username, statuses)) in Self.expected.enumerated() {
                let token = try await api.login(username)
                let camera = #"{"code":"CAM-R\#(n)","name":"测试","location":{"lon":\#(p.lon),"lat":\#(p.lat)}}"#
                // Entering a 110 call by hand is a duty officer's job; everyone else is refused.
                let call = #"{"callId":"R\#(n)","categoryId":"event:0110","description":"测试","location":{"lon":\#(p.lon),"lat":\#(p.lat)}}"#
                let got = [
                    try await api.call(.get, "/api/v1/hotspots", token: token).status.code,
                    try await api.call(.get, "/api/v1/diversion/stats", token: token).status.code,
                    try await api.call(.get, "/api/v1/handling-powers", token: token).status.code,
                    try await api.call(.get, "/api/v1/cameras", token: token).status.code,
                    try await api.call(.get, "/api/v1/committees/\(committee)/view", token: token).status.code,
                    try await api.call(.put, "/api/v1/handling-powers", token: token, json: powers).status.code,
                    try await api.call(.post, "/api/v1/cameras", token: token, json: camera).status.code,
                    try await api.call(.post, "/api/v1/intake/110", token: token, json: call).status.code,
                ]
                #expect(got == statuses, "\(username)")
            }
            // Without a token every one of them is 401.
            #expect(try await api.call(.get, "/api/v1/hotspots").status == .unauthorized)
            #expect(try await api.call(.post, "/api/v1/intake/12345", json: "{}").status == .unauthorized)
        }
    }
}
