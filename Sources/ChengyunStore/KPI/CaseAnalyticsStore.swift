public import ChengyunCore
public import Foundation

/// The KPI counts of a set of cases at an instant: the rollup tally and the unhandled cases past their deadline.
public struct KPICount: Sendable, Hashable {
    public var tally: KPITally
    /// Accepted, unhandled, unsuspended, unfinished cases whose deadline has passed.
    public var openOverdue: Int
    public init(tally: KPITally = KPITally(), openOverdue: Int = 0) {
        self.tally = tally
        self.openOverdue = openOverdue
    }
    public static func += (a: inout KPICount, b: KPICount) {
        a.tally += b.tally
        a.openOverdue += b.openOverdue
    }
    /// The KPIs of these counts (docs/KPI.md).
    public var report: KPIReport { KPICalculator.report(tally, openOverdue: openOverdue) }
}

/// What a ranking groups cases by.
public enum KPIGrouping: String, Sendable, Hashable {
    /// 牵头部门 — the lead department.
    case leadDepartment
    /// 处置人 — who reported the handling back (self-handled cases left out).
    case handler
    /// 街镇 — the street or town the case lies in.
    case street
}

/// One local day of the trend.
public struct TrendCount: Sendable, Hashable {
    public var reported = 0
    public var closed = 0
    public var overdue = 0
    public init() {}
}

/// Cases counted by state, with whether they have a lead department and were ever dispatched (110 diversion counts).
public struct StateCount: Sendable, Hashable {
    public var state: CaseState
    public var hasLead: Bool
    public var dispatched: Bool
    public var count: Int
    public init(state: CaseState, hasLead: Bool, dispatched: Bool, count: Int) {
        self.state = state
        self.hasLead = hasLead
        self.dispatched = dispatched
        self.count = count
    }
}

/// 统计 — counting in the database. Every figure is an aggregate query over typed columns, helped by rollup rows that
/// each change of a case updates in its own transaction; nothing here reads whole cases into memory.
public protocol CaseAnalyticsStore: Sendable {
    /// Counts the rollups with these KPI settings (recounting them if they were counted with others).
    func useKPIPolicy(_ policy: KPIPolicy) async throws
    /// Moves the instant up to which the rollups count the open cases past their deadline to `now` (every figure is
    /// the same whatever that instant is; the closer to the time asked, the fewer cases are read to answer).
    func markOverdue(before now: Date) async throws
    /// The KPI counts of the cases of `query` (scope, node path, reporter, period; the other filters too, more slowly),
    /// limited to those led by `leadDepartment` when given, at `now`.
    func kpiCount(_ query: CaseQuery, leadDepartment: DepartmentID?, now: Date) async throws -> KPICount
    /// The same, per lead department, handler or street.
    func kpiCounts(_ query: CaseQuery, by grouping: KPIGrouping, now: Date) async throws -> [Int64: KPICount]
    /// Per local day (days since 1970) in `days`: cases reported, closed and gone past their deadline unhandled or
    /// handled late, of the cases in the query's scope and node path.
    func trend(_ query: CaseQuery, days: ClosedRange<Int>, now: Date) async throws -> [Int: TrendCount]
    /// The cases of `query` counted by state, lead and dispatch.
    func stateCounts(_ query: CaseQuery) async throws -> [StateCount]
}
