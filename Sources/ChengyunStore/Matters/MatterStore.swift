public import ChengyunCore
public import Foundation

/// 知事项 — the positive and responsibility lists kept by the city and districts, a station's cases counted by their
/// categories, and the daily tasks stations tick.
public protocol MatterStore: Sendable {
    /// - Throws: `MatterError.duplicateCode` when the list has an item of that code.
    func createMatterItem(_ item: MatterItem) async throws -> MatterItem
    func matterItem(_ id: MatterItemID) async throws -> MatterItem?
    /// The items that apply over `path`: the city's and those of the district it lies in (with `under`, also those kept
    /// under `path`), of `list` (nil: both), by list and code.
    func matterItems(over path: String, under: Bool, list: MatterItem.List?) async throws -> [MatterItem]
    /// Takes an item off its list or puts it back; the version goes up. Nil when there is none.
    func setMatterItemActive(_ id: MatterItemID, _ active: Bool) async throws -> MatterItem?
    /// The station's cases of `categories` by category, counted by the database: open and overdue at `now`, reported
    /// and closed in [from, to) (rejected and merged reports are not matters).
    func matterCounts(station: StationID, categories: [String], from: Date, to: Date, now: Date) async throws -> [String: MatterCount]
    /// Ticks a daily task; when it was ticked already that day the stored one comes back with `created` false.
    func recordMatterTask(_ done: MatterTaskDone) async throws -> (done: MatterTaskDone, created: Bool)
    /// The tasks the station ticked on `day`.
    func matterTasksDone(station: StationID, day: String) async throws -> [MatterTaskDone]
}
