import ChengyunCore
import ChengyunServices
import Hummingbird

extension APIRoutes {
    /// 类案治理: hotspots of recurring problems.
    func addHotspotRoutes(to api: RouterGroup<AppContext>) {
        api.get("hotspots") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let defaults = platform.settings.hotspots
            let policy = HotspotPolicy(minCases: try q.int("min") ?? defaults.minCases, days: try q.int("days") ?? defaults.days,
                                       metres: try q.double("metres") ?? defaults.metres)
            let limit = try q.int("limit", default: 100, range: 1...1_000) ?? 100
            let cases = try q.int("cases", default: 20, range: 0...10_000) ?? 20
            return try JSONCoding.response(try await platform.hotspots.find(under: try q.id("nodeId"), categoryID: q.string("categoryId"), policy: policy,
                                                                            limit: limit, casesEach: cases, by: identity))
        }
    }
}
