public import ChengyunCore
import ChengyunStore
import Foundation

extension Platform {
    /// Replaces the taxonomy (admin of the whole city).
    public func replaceTaxonomy(_ taxonomy: Taxonomy, by identity: Identity) async throws {
        try requireCityAdmin(identity, "change the taxonomy")
        try taxonomy.checkText()
        do { try taxonomy.validate(knownDepartmentKinds: Set(DepartmentKinds.all.map(\.code))) } catch {
            throw DomainError.unprocessable(error.code, error.message, field: error.field)
        }
        try await store.saveTaxonomy(taxonomy)
        try await reload()
    }

    /// Adds or replaces one category (admin of the whole city).
    public func upsertCategory(_ category: Category, by identity: Identity) async throws -> Category {
        try requireCityAdmin(identity, "change the taxonomy")
        var taxonomy = data.taxonomy
        taxonomy.categories.removeAll { $0.id == category.id }
        taxonomy.categories.append(category)
        taxonomy.categories.sort { ($0.kind.rawValue, $0.code) < ($1.kind.rawValue, $1.code) }
        do {
            try await replaceTaxonomy(taxonomy, by: identity)
        } catch var error as DomainError {
            // The whole taxonomy was checked; name the field of this one category, not its place in the list.
            if let field = error.field, field.hasPrefix("categories["), let dot = field.firstIndex(of: ".") {
                error.field = String(field[field.index(after: dot)...])
            }
            throw error
        }
        return category
    }

    /// Replaces the working calendar (admin of the whole city).
    public func replaceCalendar(_ calendar: WorkingCalendar, by identity: Identity) async throws {
        try requireCityAdmin(identity, "change the working calendar")
        do { try calendar.validate() } catch {
            throw DomainError.invalid(error.code, error.message, field: error.field)
        }
        try await store.saveCalendar(calendar)
        try await reload()
    }

    /// Rules the identity sees: those whose area lies in its scope or above it.
    public func rules(by identity: Identity) -> [DispatchRule] {
        data.rules.filter { r in identity.sees(path: r.areaPath) || identity.assignments.contains { $0.nodePath.hasPrefix(r.areaPath) } }
    }

    /// Creates or updates a dispatch rule for an area the admin administers.
    public func saveRule(_ input: DispatchRule, isNew: Bool, by identity: Identity) async throws -> DispatchRule {
        var rule = input
        if let area = rule.areaNodeID {
            rule.areaPath = try await requireNode(area, field: "areaNodeId").path
        } else {
            // No area: the whole city, which only the city's admin may give rules for.
            guard let city = try await store.children(of: nil).first else {
                throw DomainError.unprocessable("node.no_city", "The deployment has no city yet; import its boundary first.", field: "areaNodeId")
            }
            rule.areaNodeID = city.id
            rule.areaPath = city.path
        }
        try identity.require(anyOf: [.admin], at: rule.areaPath, to: "set dispatch rules for this area")
        try InputLimits.check(rule.name, field: "name", max: InputLimits.label)
        guard !rule.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.invalid("rule.invalid_name", "Give the rule a name (at most \(InputLimits.label) characters).", field: "name")
        }
        try InputLimits.check(rule.categoryID, field: "categoryId", max: InputLimits.code)
        if let c = rule.categoryID { _ = try data.category(c) }
        try rule.window?.validate(field: "window")
        for (field, d) in [("leadDepartmentId", rule.leadDepartmentID)] + rule.coHandlerIDs.map({ ("coHandlerIds", $0) }) {
            guard let path = data.departmentPaths[d] else {
                throw DomainError.unprocessable("department.not_found", "Department \(d) does not exist.", field: field)
            }
            guard rule.areaPath.hasPrefix(path) else {
                throw DomainError.unprocessable("department.out_of_area", "Department \(d) does not serve this rule's area; choose one of the area's street, district or city.", field: field)
            }
        }
        let saved: DispatchRule
        if isNew {
            saved = try await store.createRule(rule)
        } else {
            guard let old = data.rules.first(where: { $0.id == rule.id }) else { throw DomainError.notFound("rule.not_found", "Dispatch rule \(rule.id) does not exist.") }
            try identity.require(anyOf: [.admin], at: old.areaPath, to: "change this rule")
            try await store.updateRule(rule)
            saved = rule
        }
        try await reload()
        return saved
    }

    /// Deletes a rule of an area the admin administers.
    public func deleteRule(_ id: RuleID, by identity: Identity) async throws {
        guard let rule = data.rules.first(where: { $0.id == id }) else { throw DomainError.notFound("rule.not_found", "Dispatch rule \(id) does not exist.") }
        try identity.require(anyOf: [.admin], at: rule.areaPath, to: "delete this rule")
        try await store.deleteRule(id)
        try await reload()
    }

    func requireCityAdmin(_ identity: Identity, _ action: String) throws {
        guard identity.assignments.contains(where: { $0.role == .admin && OrgNode.ids(inPath: $0.nodePath).count == 1 }) else {
            throw DomainError.forbidden("auth.city_admin_required", "Only an admin of the whole city may \(action).")
        }
    }
}
