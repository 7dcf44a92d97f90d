import ChengyunCore
import ChengyunServices
import ChengyunSQLite
import ChengyunStore
import ChengyunTesting
import Foundation
import Hummingbird
import Testing

/// Issue 14 finding 6: `?q=` of 49,999 characters answered 500 — SQLite refuses a LIKE pattern over 50,000 bytes.
@Suite("查询参数限制 query limits over HTTP", .enabled(if: TestCity.storeKind == "sqlite", "the same on either store: run once, in the first pass"))
struct QueryLimitsHTTPTests {
    @Test("q 不超过 100 字；49,999 字的 q 是 400 query.too_long，不是 500")
    func searchText() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let duty = try await api.login("duty")
            let huge = try await api.call(.get, "/api/v1/cases?q=" + String(repeating: "a", count: 49_999), token: duty)
            #expect(huge.status == .badRequest, "\(huge.json)")
            #expect(huge.json["error"]["code"].string == "query.too_long")
            #expect(huge.json["error"]["field"].string == "query")
            let over = try await api.call(.get, "/api/v1/cases?q=" + String(repeating: "a", count: 101), token: duty)
            #expect(over.status == .badRequest && over.json["error"]["code"].string == "query.too_long" && over.json["error"]["field"].string == "q", "\(over.json)")
            #expect(try await api.call(.get, "/api/v1/cases?q=" + String(repeating: "a", count: 100), token: duty).status == .ok)
        }
    }

    @Test("其他查询参数不超过 200 字（400 query.too_long 并指明参数），Open311 的查询也一样")
    func otherParameters() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let duty = try await api.login("duty")
            let long = String(repeating: "x", count: 201)
            for path in ["/api/v1/cases?categoryId=\(long)", "/api/v1/hotspots?categoryId=\(long)", "/api/v1/kpis/export.csv?nodeId=\(long)",
                         "/api/v1/duty/queue?nodeId=\(long)"] {
                let reply = try await api.call(.get, path, token: duty)
                #expect(reply.status == .badRequest, "\(path): \(reply.json)")
                #expect(reply.json["error"]["code"].string == "query.too_long", "\(path): \(reply.json)")
            }
            let open311 = try await api.call(.get, "/open311/v2/requests.json?service_code=\(long)")
            #expect(open311.status == .badRequest, "\(open311.json)")
            #expect(open311.json[0]["code"].int == 400)
        }
    }

    @Test("存储的文本搜索不再受 LIKE 模式长度限制，仍按编号、描述与地址查找（英文不分大小写）")
    func storeSearch() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let resident = try await api.login("resident1")
            let created = try await api.report(resident, extra: #","address":"Century Avenue 100号""#)
            let number = try #require(created["number"].string)
            let store = city.store
            let nothing = try await store.cases(CaseQuery(scope: .everything, text: String(repeating: "%", count: 60_000)))
            #expect(nothing.total == 0)
            for text in [number, "测试问题", "century avenue", "AVENUE 100号"] {
                let page = try await store.cases(CaseQuery(scope: .everything, text: text))
                #expect(page.items.map(\.number) == [number], "\(text)")
            }
            #expect(try await store.cases(CaseQuery(scope: .everything, text: "100%")).total == 0)
        }
    }
}
