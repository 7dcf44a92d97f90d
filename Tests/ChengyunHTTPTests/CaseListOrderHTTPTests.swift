import ChengyunTesting
import Foundation
import Hummingbird
import Testing

/// The case list's orders: the newest report first, or the soonest deadline first (the work desk's overdue and
/// due-soon queues), each paged by its own cursor.
@Suite("案件列表的顺序 the case list's orders")
struct CaseListOrderHTTPTests {
    static func instant(_ text: String?) -> Date? {
        guard let text else { return nil }
        let precise = ISO8601DateFormatter()
        precise.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return precise.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    @Test("按时限排序：最早到期（超期最久）在前，游标分页不重不漏，只列有时限的案件；未知的排序给出 400")
    func deadlineOrder() async throws {
        let city = try await TestCity(cases: 150)
        try await city.test { api in
            let duty = try await api.login("duty")
            func page(_ query: String) async throws -> JSON { try await api.call(.get, "/api/v1/cases?\(query)", token: duty).json }
            let everything = try await page("limit=500")["items"].array
            let withDeadline = everything.filter { !$0["deadline"].isNull }
            #expect(withDeadline.count > 20 && withDeadline.count < everything.count, "the demo city has cases with and without a deadline")

            var walked: [(deadline: Date, id: Int)] = []
            var next: String?
            repeat {
                let p = try await page("sort=deadline&limit=7" + (next.map { "&after=\($0)" } ?? ""))
                walked += try p["items"].array.map { (try #require(Self.instant($0["deadline"].string)), try #require($0["id"].int)) }
                next = p["next"].string
            } while next != nil
            #expect(walked.map(\.id).sorted() == withDeadline.compactMap { $0["id"].int }.sorted(), "every case with a deadline, once")
            #expect(zip(walked, walked.dropFirst()).allSatisfy { a, b in a.deadline < b.deadline || (a.deadline == b.deadline && a.id < b.id) },
                    "the soonest deadline first")
            #expect(try await page("sort=deadline&limit=1")["total"].int == withDeadline.count)

            // The overdue queue in deadline order: the longest overdue first.
            let overdue = try await page("overdue=true&sort=deadline&limit=500")["items"].array.compactMap { Self.instant($0["deadline"].string) }
            #expect(overdue == overdue.sorted())
            let refused = try await api.call(.get, "/api/v1/cases?sort=oldest", token: duty)
            #expect(refused.status == .badRequest && refused.json["error"]["field"].string == "sort", "\(refused.json)")
        }
    }
}
