public import ChengyunCore

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
