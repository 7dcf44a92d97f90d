public import ChengyunCore
import ChengyunStore
import Foundation

/// 派遣 — the dispatch rules, why a case went where it did (派遣说明), and the review of the rules (规则审查).
/// The dispatch itself happens inside the case's own unit of work (`UseCaseContext.dispatchByRule`).
public struct DispatchUseCases: UseCaseGroup {
    let store: any DispatchRuleStore & CaseStore & OrganisationStore
    let shared: UseCaseContext
}

extension DispatchUseCases {
    /// Rules the identity sees: those whose area lies in its scope or above it.
    public func rules(by identity: Identity) -> [DispatchRule] {
        data.rules.filter { r in identity.sees(path: r.areaPath) || identity.assignments.contains { $0.nodePath.hasPrefix(r.areaPath) } }
    }

    /// Creates or updates a dispatch rule for an area the admin administers.
    public func saveRule(_ input: DispatchRule, isNew: Bool, by identity: Identity) async throws -> DispatchRule {
        var rule = input
        if let area = rule.areaNodeID {
            rule.areaPath = try await store.requireNode(area, field: "areaNodeId").path
        } else {
            // No area: the whole city, which only the city's admin may give rules for.
            guard let city = try await store.children(of: nil).first else {
                throw DispatchError.noCity
            }
            rule.areaNodeID = city.id
            rule.areaPath = city.path
        }
        try identity.require(anyOf: [.admin], at: rule.areaPath, to: "set dispatch rules for this area")
        try InputLimits.check(rule.name, field: "name", max: InputLimits.label)
        guard !rule.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DispatchError.invalidName
        }
        try InputLimits.check(rule.categoryID, field: "categoryId", max: InputLimits.code)
        if let c = rule.categoryID { _ = try data.category(c) }
        try rule.window?.validate(field: "window")
        for (field, d) in [("leadDepartmentId", rule.leadDepartmentID)] + rule.coHandlerIDs.map({ ("coHandlerIds", $0) }) {
            guard let path = data.departmentPaths[d] else {
                throw DispatchError.departmentNotFound(d, field: field)
            }
            guard rule.areaPath.hasPrefix(path) else {
                throw DispatchError.departmentOutOfArea(d, field: field)
            }
            guard !data.notForCases.contains(d) else { throw CaseError.departmentNotForCases(d, field: field) }
        }
        let saved: DispatchRule
        if isNew {
            saved = try await store.createRule(rule)
        } else {
            guard let old = data.rules.first(where: { $0.id == rule.id }) else { throw DispatchError.ruleNotFound(rule.id) }
            try identity.require(anyOf: [.admin], at: old.areaPath, to: "change this rule")
            try await store.updateRule(rule)
            saved = rule
        }
        try await reload()
        return saved
    }

    /// Deletes a rule of an area the admin administers.
    public func deleteRule(_ id: RuleID, by identity: Identity) async throws {
        guard let rule = data.rules.first(where: { $0.id == id }) else { throw DispatchError.ruleNotFound(id) }
        try identity.require(anyOf: [.admin], at: rule.areaPath, to: "delete this rule")
        try await store.deleteRule(id)
        try await reload()
    }
}
