public import ChengyunCore
public import Foundation

/// 派遣规则 — the dispatch rules, and how much each dispatched (for the rule review).
public protocol DispatchRuleStore: Sendable {
    func rules() async throws -> [DispatchRule]
    /// Creates a rule (the id given is ignored) and returns it with its id.
    func createRule(_ rule: DispatchRule) async throws -> DispatchRule
    func updateRule(_ rule: DispatchRule) async throws
    func deleteRule(_ id: RuleID) async throws
    /// For each rule that ever dispatched a case: the cases it dispatched since `since`, in all, and the last time
    /// (counted over the history's typed columns).
    func ruleDispatchCounts(since: Date) async throws -> [RuleDispatchCount]
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
