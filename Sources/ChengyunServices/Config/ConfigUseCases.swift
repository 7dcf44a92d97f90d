public import ChengyunCore
import ChengyunStore
import Foundation

/// 配置 — the taxonomy (components and events) and the working calendar, which an admin of the whole city keeps.
public struct ConfigUseCases: UseCaseGroup {
    let store: any ConfigStore
    let shared: UseCaseContext
}

extension ConfigUseCases {
    /// Replaces the taxonomy (admin of the whole city).
    public func replaceTaxonomy(_ taxonomy: Taxonomy, by identity: Identity) async throws {
        try identity.requireCityAdmin("change the taxonomy")
        try taxonomy.checkText()
        do { try taxonomy.validate(knownDepartmentKinds: Set(DepartmentKinds.all.map(\.code))) } catch {
            throw DomainError.unprocessable(error.code, error.message, field: error.field)
        }
        try await store.saveTaxonomy(taxonomy)
        try await reload()
    }

    /// Adds or replaces one category (admin of the whole city).
    public func upsertCategory(_ category: Category, by identity: Identity) async throws -> Category {
        try identity.requireCityAdmin("change the taxonomy")
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
        try identity.requireCityAdmin("change the working calendar")
        do { try calendar.validate() } catch {
            throw DomainError.invalid(error.code, error.message, field: error.field)
        }
        try await store.saveCalendar(calendar)
        try await reload()
    }
}
