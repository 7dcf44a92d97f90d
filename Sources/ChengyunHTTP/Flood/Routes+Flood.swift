import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 防汛 — direct reports from streets, committees and grids (灾情直报), and the flood-season history of an area
/// (历史汛情回溯) (docs/FLOOD.md).
extension APIRoutes {
    struct DirectReportPage: Encodable {
        var reports: [DirectReport]
        var nextBefore: Int64?
    }

    func addFloodRoutes(api: RouterGroup<AppContext>) {
        api.post("flood/reports") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(DirectReportInput.self, request, context)
            // The same Idempotency-Key again returns the report the first request stored (200, not 201).
            let (report, created) = try await platform.flood.report(input, requestKey: request.headers[Self.idempotencyKey], by: identity)
            return try JSONCoding.response(report, status: created ? .created : .ok)
        }
        api.get("flood/reports") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let limit = try q.int("limit", default: 50, range: 1...200) ?? 50
            let reports = try await platform.flood.reports(node: try q.id("nodeId"), before: try q.id("before"), limit: limit, by: identity)
            return try JSONCoding.response(DirectReportPage(reports: reports, nextBefore: reports.count == limit ? reports.last?.id.rawValue : nil))
        }
        api.get("flood/seasons") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let years = try q.int("years", default: 5, range: 1...20) ?? 5
            return try JSONCoding.response(try await platform.flood.seasons(node: try q.id("nodeId"), years: years, by: identity))
        }
    }
}
