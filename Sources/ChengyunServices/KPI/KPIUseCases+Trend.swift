public import ChengyunCore
import ChengyunStore
import Foundation

/// One day of the trend on the big screen.
public struct TrendDay: Sendable, Hashable, Codable {
    /// Local date, e.g. `2026-11-24`.
    public var date: String
    public var reported: Int
    public var closed: Int
    public var overdue: Int
}

extension KPIUseCases {
    /// 趋势 — per local day over the last `days`, in the identity's scope: cases reported, cases closed, and cases
    /// whose deadline passed that day that were handled late or are still unhandled (counted in the database).
    public func trend(under nodeID: NodeID?, days: Int, by identity: Identity) async throws -> [TrendDay] {
        try identity.require(anyOf: Self.kpiRoles, to: "read trends")
        let calendar = data.calendar
        let now = clock.now()
        let today = calendar.localDate(of: now).daysSince1970
        let first = today - max(1, min(days, 90)) + 1
        var query = CaseQuery(scope: CaseScope.of(identity), limit: nil)
        if let nodeID { query.nodePath = try await store.visibleNode(nodeID, by: identity).path }
        let counts = try await store.trend(query, days: first...today, now: now)
        var days: [Int: TrendDay] = [:]
        for d in first...today {
            let c = counts[d] ?? TrendCount()
            days[d] = TrendDay(date: LocalDate(daysSince1970: d).description, reported: c.reported, closed: c.closed, overdue: c.overdue)
        }
        return (first...today).compactMap { days[$0] }
    }
}
