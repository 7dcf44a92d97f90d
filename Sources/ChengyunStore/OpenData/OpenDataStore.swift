public import ChengyunCore
public import Foundation

/// Counts the database makes for the public (open data) and for the reviewers of the dispatch rules — aggregates over
/// typed columns and child tables, never decoded case bodies.
public protocol OpenDataStore: Sendable {
    /// Cases reported in [`from`, `to`), per local day × district × major class: how many, and how many of them are
    /// closed now (state `closed` or `rated`). Cases placed above a district (at the city) are not counted. Ordered by
    /// day, district path and major class.
    func caseCounts(from: Date, to: Date, utcOffsetSeconds: Int) async throws -> [CaseCountRow]
    /// For each rule that ever dispatched a case: the cases it dispatched since `since`, in all, and the last time.
    func ruleDispatchCounts(since: Date) async throws -> [RuleDispatchCount]
}

/// One row of the open case counts.
public struct CaseCountRow: Sendable, Hashable {
    /// The local date of the reports.
    public var day: LocalDate
    public var districtID: NodeID
    /// The category's kind and major code, e.g. `event:05`.
    public var majorClass: String
    public var reported: Int
    /// Of those reported, how many are closed now.
    public var closed: Int

    public init(day: LocalDate, districtID: NodeID, majorClass: String, reported: Int, closed: Int) {
        self.day = day
        self.districtID = districtID
        self.majorClass = majorClass
        self.reported = reported
        self.closed = closed
    }
}

/// How many cases one dispatch rule dispatched.
public struct RuleDispatchCount: Sendable, Hashable {
    public var ruleID: RuleID
    /// Distinct cases dispatched at or after the `since` asked for.
    public var recent: Int
    /// Distinct cases dispatched since the dispatches were first recorded.
    public var total: Int
    public var lastAt: Date

    public init(ruleID: RuleID, recent: Int, total: Int, lastAt: Date) {
        self.ruleID = ruleID
        self.recent = recent
        self.total = total
        self.lastAt = lastAt
    }
}
