public import ChengyunCore
public import ChengyunStore
public import Foundation

/// One day of the trend on the big screen.
public struct TrendDay: Sendable, Hashable, Codable {
    /// Local date, e.g. `2026-11-24`.
    public var date: String
    public var reported: Int
    public var closed: Int
    public var overdue: Int
}

extension Platform {
    /// 趋势 — cases reported and closed per local day over the last `days`, in the identity's scope (closures and
    /// deadlines of cases reported up to 30 days before the window count too).
    public func trend(under nodeID: NodeID?, days: Int, by identity: Identity) async throws -> [TrendDay] {
        try identity.require(anyOf: Self.kpiRoles, to: "read trends")
        let calendar = data.calendar
        let now = clock.now()
        let today = calendar.localDate(of: now).daysSince1970
        let first = today - max(1, min(days, 90)) + 1
        let start = Date(timeIntervalSince1970: Double(first * 86_400 - calendar.utcOffsetSeconds))
        var query = CaseQuery(scope: CaseScope.of(identity), reportedFrom: start.addingTimeInterval(-30 * 86_400), limit: nil)
        if let nodeID { query.nodePath = try await visibleNode(nodeID, by: identity).path }
        var days: [Int: TrendDay] = [:]
        for d in first...today { days[d] = TrendDay(date: LocalDate(daysSince1970: d).description, reported: 0, closed: 0, overdue: 0) }
        for c in try await store.cases(query).items where c.state != .merged {
            let reported = calendar.localDate(of: c.reportedAt).daysSince1970
            if reported >= first { days[reported]?.reported += 1 }
            if let closed = c.closedAt { days[calendar.localDate(of: closed).daysSince1970]?.closed += 1 }
            if let deadline = c.deadline, c.acceptedAt != nil, (c.firstHandledAt ?? now) > deadline, deadline <= now {
                days[calendar.localDate(of: deadline).daysSince1970]?.overdue += 1
            }
        }
        return (first...today).compactMap { days[$0] }
    }
}
