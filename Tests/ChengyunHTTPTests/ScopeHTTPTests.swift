import ChengyunCore
import ChengyunTesting
import Foundation
import Hummingbird
import Testing

@Suite("数据范围 data scope per role, over HTTP")
struct ScopeHTTPTests {
    /// One case in street 1 (cell 0,0), one in the other district (last cell).
    static func seed(_ api: API) async throws -> (inside: Int, outside: Int) {
        let duty = try await api.login("duty")
        var ids: [Int] = []
        for (c, r) in [(0, 0), (9, 7)] {
            let p = TestCity.point(c, r)
            let reply = try await api.call(.post, "/api/v1/cases", token: duty, json: """
                {"source":"hotline","categoryId":"event:0110","description":"scope","location":{"lon":\(p.lon),"lat":\(p.lat)}}
                """)
            #expect(reply.status == .created, "\(reply.json)")
            ids.append(reply.json["id"].int!)
        }
        return (ids[0], ids[1])
    }

    @Test("每个角色只看到自己范围内的案件", arguments: [
        ("duty", true, true), ("leader", true, true), ("admin", true, true),
        ("duty.d1", true, false), ("leader.d1", true, false), ("duty.s1", true, false), ("duty.s2", false, false),
        ("insp.990001001001", true, false), ("cw.990001001001", true, false), ("insp.990001002001", false, false),
        ("resident1", false, false),
    ])
    func areaRoles(user: String, seesInside: Bool, seesOutside: Bool) async throws {
        let city = try await TestCity()
        try await city.test { api in
            let (inside, outside) = try await Self.seed(api)
            let token = try await api.login(user)
            #expect((try await api.call(.get, "/api/v1/cases/\(inside)", token: token).status == .ok) == seesInside)
            #expect((try await api.call(.get, "/api/v1/cases/\(outside)", token: token).status == .ok) == seesOutside)
            let listed = try await api.call(.get, "/api/v1/cases?limit=500", token: token).json["items"].array.compactMap { $0["id"].int }
            #expect(listed.contains(inside) == seesInside)
            #expect(listed.contains(outside) == seesOutside)
            let history = try await api.call(.get, "/api/v1/cases/\(outside)/history", token: token)
            #expect((history.status == .ok) == seesOutside)
        }
    }

    @Test("部门处置员只看到派给本部门的案件；居民只看到自己的上报")
    func handlersAndResidents() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let (inside, _) = try await Self.seed(api)
            let leader = try await api.login("leader")
            let record = try await api.call(.get, "/api/v1/cases/\(inside)", token: leader).json
            let lead = try #require(record["leadDepartmentId"].int)
            let departments = try await api.call(.get, "/api/v1/departments", token: leader).json.array
            let mine = departments.first { $0["id"].int == lead }!["code"].string!.lowercased()
            let other = departments.first { $0["id"].int != lead }!["code"].string!.lowercased()
            #expect(try await api.call(.get, "/api/v1/cases/\(inside)", token: try await api.login("h.\(mine)")).status == .ok)
            let stranger = try await api.login("h.\(other)")
            #expect(try await api.call(.get, "/api/v1/cases/\(inside)", token: stranger).status == .notFound)
            #expect(try await api.act(inside, "start", token: stranger).status == .notFound)

            let resident = try await api.login("resident1")
            let p = TestCity.point(3, 3)
            let own = try await api.call(.post, "/api/v1/cases", token: resident, json: #"{"source":"resident","categoryId":"event:0110","description":"mine","location":{"lon":\#(p.lon),"lat":\#(p.lat)}}"#)
            #expect(own.status == .created)
            let listed = try await api.call(.get, "/api/v1/cases", token: resident).json
            #expect(listed["total"].int == 1)
            #expect(try await api.call(.get, "/api/v1/cases", token: try await api.login("resident2")).json["total"].int == 0)
            let asHotline = try await api.call(.post, "/api/v1/cases", token: resident, json: #"{"source":"hotline","categoryId":"event:0110","description":"x","location":{"lon":\#(p.lon),"lat":\#(p.lat)}}"#)
            #expect(asHotline.status == .forbidden)
        }
    }

    @Test("角色不对的动作返回 403，并说明谁可以")
    func wrongRoleForbidden() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let p = TestCity.point(0, 0)
            let resident = try await api.login("resident1")
            let id = try await api.call(.post, "/api/v1/cases", token: resident, json: #"{"source":"resident","categoryId":"event:0110","description":"x","location":{"lon":\#(p.lon),"lat":\#(p.lat)}}"#).json["id"].int!
            for user in ["admin", "leader", "insp.990001001001", "cw.990001001001"] {
                let reply = try await api.act(id, "accept", token: try await api.login(user))
                #expect(reply.status == .forbidden, "\(user) could accept")
                #expect(reply.json["error"]["message"].string?.contains("duty officer") == true)
            }
            #expect(try await api.act(id, "accept", token: resident).status == .forbidden)
            #expect(try await api.act(id, "accept", token: try await api.login("duty.s1")).status == .ok)
        }
    }
}
