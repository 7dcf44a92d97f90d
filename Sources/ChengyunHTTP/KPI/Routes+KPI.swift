import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

extension APIRoutes {
    /// KPIs, rankings and the trend.
    func addKPIRoutes(to api: RouterGroup<AppContext>) {
        api.get("kpis") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let (from, to) = try period(q)
            let subject = KPISubject(nodeID: try q.id("nodeId"), departmentID: try q.id("departmentId"), inspectorID: try q.id("inspectorId"))
            return try JSONCoding.response(try await platform.kpi.kpis(subject, from: from, to: to, by: identity))
        }
        api.get("rankings") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let (from, to) = try period(q)
            return try JSONCoding.response(try await platform.kpi.ranking(of: q.string("of") ?? "departments", under: try q.id("nodeId"), from: from, to: to, by: identity))
        }
        api.get("kpis/trend") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            return try JSONCoding.response(try await platform.kpi.trend(under: try q.id("nodeId"), days: try q.int("days", default: 30, range: 1...90)!, by: identity))
        }
    }

    /// The period of a KPI query: `from`/`to`, by default the last 30 local days up to `to` (today's part included):
    /// whole days, which the rollups answer without reading cases.
    func period(_ q: Query) throws -> (Date, Date) {
        let calendar = platform.data.calendar
        let to = try q.date("to", in: calendar) ?? platform.clock.now()
        let from = try q.date("from", in: calendar) ?? calendar.startOfLast(30, at: to)
        return (from, to)
    }
}
