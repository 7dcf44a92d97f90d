public import ChengyunCore
import ChengyunStore
public import Foundation

/// A department named for the reader.
public struct NamedDepartment: Sendable, Hashable, Codable {
    public var id: DepartmentID
    public var name: String
}

/// 派遣说明 of one case, with the names of the departments it mentions.
public struct CaseDispatchExplanation: Sendable, Hashable, Codable {
    public var caseID: CaseID
    public var number: String
    public var categoryID: String
    public var nodeID: NodeID
    public var nodePath: String
    public var explanation: DispatchExplanation
    public var departments: [NamedDepartment]
}

/// One rule as the review shows it: the rule and how much it dispatched.
public struct RuleReviewEntry: Sendable, Hashable, Codable {
    public var rule: DispatchRule
    /// Cases it dispatched in the review's period (the last `RuleReviewReport.periodDays` days).
    public var dispatchedInPeriod: Int
    /// Cases it dispatched since dispatches are recorded.
    public var dispatchedTotal: Int
    public var lastDispatchedAt: Date?
}

/// 规则审查 — what a reviewer of the dispatch rules looks at (legality, fairness, ethics are theirs to judge).
public struct RuleReviewReport: Sendable, Hashable, Codable {
    public var generatedAt: Date
    public var periodDays: Int
    public var since: Date
    /// Every active rule in the reviewer's area, with its counts, in rule-id order.
    public var rules: [RuleReviewEntry]
    /// Active rules that never dispatched a case.
    public var neverMatched: [RuleID]
    /// Pairs of active rules that can both apply to one case.
    public var overlaps: [RuleOverlap]
    /// Inactive rules, with their counts.
    public var inactive: [RuleReviewEntry]
}

extension DispatchUseCases {
    /// The roles that read a case's dispatch explanation: staff, not residents or external systems.
    static let explanationReaders: Set<Role> = Set(Role.allCases).subtracting([.resident])

    /// 派遣说明 — why a visible case went to its department (or did not), by the same rules and order as the dispatch.
    /// - Throws: `DomainError` 403 for a resident or an external system, 404 for a case outside the caller's scope.
    public func explanation(_ id: CaseID, by identity: Identity) async throws -> CaseDispatchExplanation {
        try identity.require(anyOf: Self.explanationReaders, to: "read why a case was dispatched")
        let record = try await store.visibleCase(id, by: identity)
        let history = try await store.events(of: id)
        let data = self.data
        let explanation = Dispatcher.explain(record, history: history, rules: data.rules, utcOffsetSeconds: data.calendar.utcOffsetSeconds)
        var mentioned: [DepartmentID] = []
        for d in [explanation.leadDepartmentID].compactMap({ $0 }) + explanation.coHandlerIDs + explanation.considered.map(\.leadDepartmentID)
            + explanation.steps.flatMap(\.departmentIDs) where !mentioned.contains(d) {
            mentioned.append(d)
        }
        return CaseDispatchExplanation(
            caseID: record.id, number: record.number, categoryID: record.categoryID, nodeID: record.nodeID, nodePath: record.nodePath,
            explanation: explanation, departments: mentioned.sorted().map { NamedDepartment(id: $0, name: data.departments[$0]?.name ?? "") })
    }

    /// 规则审查 — the dispatch rules of the reviewer's area: each active rule with the cases it dispatched in the last
    /// 30 days (counted by the database), those that never dispatched one, and the pairs that overlap.
    /// - Throws: `DomainError` 403 unless the caller is an admin or an auditor.
    public func ruleReview(by identity: Identity) async throws -> RuleReviewReport {
        let reviewers: Set<Role> = [.admin, .auditor]
        try identity.require(anyOf: reviewers, to: "review the dispatch rules")
        let areas = identity.paths(for: reviewers)
        let rules = data.rules.filter { r in areas.contains { r.areaPath.hasPrefix($0) || $0.hasPrefix(r.areaPath) } }.sorted { $0.id < $1.id }
        let now = clock.now()
        let days = 30
        let since = now.addingTimeInterval(-Double(days) * 86_400)
        let counts = Dictionary(uniqueKeysWithValues: try await store.ruleDispatchCounts(since: since).map { ($0.ruleID, $0) })
        let entries = rules.map { r in
            RuleReviewEntry(rule: r, dispatchedInPeriod: counts[r.id]?.recent ?? 0, dispatchedTotal: counts[r.id]?.total ?? 0, lastDispatchedAt: counts[r.id]?.lastAt)
        }
        let active = entries.filter(\.rule.active)
        return RuleReviewReport(
            generatedAt: now, periodDays: days, since: since, rules: active, neverMatched: active.filter { $0.dispatchedTotal == 0 }.map(\.rule.id),
            overlaps: RuleReview.overlaps(rules), inactive: entries.filter { !$0.rule.active })
    }
}
