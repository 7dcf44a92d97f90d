public import ChengyunCore
public import Foundation

/// 拉网式排摸 — sweeps, their results (typed columns, answers as child rows) and their progress, counted per building
/// group and up the tree to the sweep's area in the commit of each result.
public protocol SweepStore: Sendable {
    /// Stores a sweep and counts its targets — the houses (or buildings) of its area per building group, committee and
    /// every node up to the area — in the same commit.
    /// - Throws: `SweepError.duplicateCode`.
    func createSweep(_ sweep: Sweep) async throws -> Sweep
    func sweep(_ id: SweepID) async throws -> Sweep?
    /// The sweeps whose area holds or lies under `path` (launched newest first), before `before`.
    func sweeps(touching path: String, before: SweepID?, limit: Int) async throws -> [Sweep]
    /// Closes a sweep; false when it was closed already or there is none.
    func closeSweep(_ id: SweepID, at: Date) async throws -> Bool

    /// Records a result. A result with the `clientKey` of the one stored is the same taking sent again: nothing changes
    /// and `created` is false. Another result for the same house replaces it (a revisit); only the first counts as done.
    /// The reconciled fields' base-data values are read and `differs` set in the same commit.
    func recordSweepResult(_ result: SweepResult) async throws -> (result: SweepResult, created: Bool)
    func sweepResult(_ sweep: SweepID, subject: Int64) async throws -> SweepResult?
    /// Progress at a node and its children: for a committee, its building groups (and its houses in no group).
    func sweepProgress(_ sweep: SweepID, at node: NodeID) async throws -> (total: SweepProgress?, children: [SweepProgress])
    /// The houses (or the building) of a building, each with its result.
    func sweepTargets(_ sweep: SweepID, building: BuildingID) async throws -> [SweepTarget]
    /// The results on or under `path` that differed from the base data when taken, by subject after `after`.
    func sweepDifferences(_ sweep: SweepID, under path: String, after: Int64?, limit: Int) async throws -> [SweepResult]
    /// 综合比对 — sets a house's use to what the sweep found and clears the result's difference where nothing else
    /// differs (the counts change in the same commit). False when the result found no use or the house has it already.
    func applySweepUse(_ sweep: SweepID, house: HouseID) async throws -> Bool
}
