public import ChengyunCore

/// Taxonomy and working calendar (the dispatch rules are `DispatchRuleStore`'s).
public protocol ConfigStore: Sendable {
    func taxonomy() async throws -> Taxonomy?
    func saveTaxonomy(_ taxonomy: Taxonomy) async throws
    func calendar() async throws -> WorkingCalendar?
    func saveCalendar(_ calendar: WorkingCalendar) async throws
}
