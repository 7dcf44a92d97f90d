public import ChengyunCore
public import Foundation

/// The counts behind a committee's own view, with the helping departments by id.
public struct CommitteeCounts: Sendable, Hashable {
    public var workload = CommitteeView.Workload()
    public var raised = CommitteeView.Raised()
    public var help = CommitteeView.Help()
    /// Departments that answered a call-in or led a dispatched case, with counts.
    public var helpingDepartments: [DepartmentID: Int] = [:]
    public init() {}
}

/// 居委视图 — the committee's own view, counted by the database over the cases' columns and child tables.
public protocol CommitteeStore: Sendable {
    /// The counts of a committee's view: the cases of `query` (its scope, the committee's path and the period).
    func committeeCounts(_ query: CaseQuery) async throws -> CommitteeCounts
}

/// 居委简报 — the counts behind a committee's digest, each one grouped read of its own rows.
public protocol CommitteeDigestStore: Sendable {
    /// Cases reported under `path` in [from, to) by category (rejected and merged ones not).
    func categoryCounts(under path: String, from: Date, to: Date) async throws -> [String: Int]
    /// Cases reported under `path` in [from, to) placed in a compound, by compound and category, where there are at
    /// least `atLeast`; the compound's name with each.
    func compoundCategoryCounts(under path: String, from: Date, to: Date, atLeast: Int) async throws -> [CommitteeDigest.SuggestedTopic]
    /// Houses under `path` where at least `atLeast` residents live now, the most first (at most `limit`).
    func crowdedHouses(under path: String, atLeast: Int, limit: Int) async throws -> [CommitteeDigest.Pattern]
    /// Open cases under `path` past their deadline at `now`.
    func overdueOpenCount(under path: String, now: Date) async throws -> Int
}
