public import ChengyunCore
import Foundation

/// 台账 — the ledgers the city and districts add to the catalogue (the baseline, `LedgerItem.baseline`, is the
/// platform's and not stored), the entries committees keep, and what the database counts for the generated report.
public protocol LedgerStore: Sendable {
    /// - Throws: `LedgerError.duplicateCode` when the catalogue has a ledger of that code.
    func createLedgerItem(_ item: LedgerItem) async throws -> LedgerItem
    func ledgerItem(_ id: LedgerItemID) async throws -> LedgerItem?
    /// The stored ledgers that apply over `path` — the city's and its district's — and, with `under`, those kept
    /// under it; by code.
    func ledgerItems(over path: String, under: Bool) async throws -> [LedgerItem]
    /// Withdraws a ledger or puts it back; the version goes up. Nil when there is none.
    func setLedgerItemActive(_ id: LedgerItemID, _ active: Bool) async throws -> LedgerItem?
    /// Stores entries in one commit. An entry whose committee already has its `clientKey` is not stored again: the
    /// stored one comes back with `created` false.
    func addLedgerEntries(_ entries: [LedgerEntry]) async throws -> [(entry: LedgerEntry, created: Bool)]
    /// An entry, withdrawn or not.
    func ledgerEntry(_ id: LedgerEntryID) async throws -> LedgerEntry?
    /// 更正 / 撤回 — replaces an entry read at `version` with `revised` (its day, title, place, participants, content, the
    /// correction's or the withdrawal's who, when and why), the version up, and moves its share of the rollups (out of
    /// them when withdrawn) and keeps what it said before (`ledgerEntryVersions`) in the same transaction. Nil when the version differs, there is none, or it was withdrawn.
    func reviseLedgerEntry(_ id: LedgerEntryID, version: Int, to revised: LedgerEntry) async throws -> LedgerEntry?
    /// 更正前的版本 — the versions an entry had before its corrections changed what it says, the latest first (kept by
    /// `reviseLedgerEntry` in its transaction; a withdrawal keeps none).
    func ledgerEntryVersions(_ id: LedgerEntryID) async throws -> [LedgerEntry.Version]
    /// A page of the entries under `path` not withdrawn (of one ledger, or all) whose day lies in `days` (days since 1970), the
    /// latest day first, then the latest entered; `after` is where the previous page ended.
    func ledgerEntries(under path: String, item: LedgerItemID?, days: Range<Int>, after: LedgerEntry.Cursor?, limit: Int) async throws -> [LedgerEntry]
    /// The ledger rollups of `nodes` (city down to committee) for `month` (`yyyymm`): 三会 held with their
    /// participants, houses visited door to door, entries and participants per kept ledger (`LedgerRollups`).
    func ledgerRollups(nodes: [NodeID], month: Int) async throws -> [NodeID: LedgerTally]
    /// Counts the ledger rollups again from the data when they were counted with another local time offset (or never):
    /// once, the other nodes finding it done.
    func countLedgerRollups() async throws
    /// Cases reported and closed on the days `days` under each node (city to committee), from the KPI rollups.
    func caseDayCounts(nodes: [NodeID], days: Range<Int>) async throws -> [NodeID: (reported: Int, closed: Int)]
}
