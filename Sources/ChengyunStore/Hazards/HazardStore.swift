public import ChengyunCore

/// 隐患排查销项 — inspections, the hazards they find with their steps, and the rollups of the close-out rates per node and
/// kind kept in the transaction of every change.
public protocol HazardStore: Sendable {
    /// Stores an inspection with the hazards it found (numbered, each with its first step) and moves the rollups, in one
    /// transaction. The same client key is the same inspection: the stored one comes back (`created` false).
    func recordInspection(_ inspection: Inspection, hazards: [Hazard], by: String, clientKey: String) async throws -> (inspection: Inspection, hazards: [Hazard], created: Bool)
    func inspection(_ id: InspectionID) async throws -> Inspection?
    /// The inspections of areas on or under `path`, newest first, with ids below `before`.
    func inspections(under path: String, kind: Inspection.Kind?, before: InspectionID?, limit: Int) async throws -> [Inspection]
    /// Stores a hazard that no inspection found (a confirmed whistle-blower's report), numbered, with its first step and
    /// its rollups; the same `reference` is the same hazard (created false).
    func createHazard(_ hazard: Hazard, by: String, reference: String) async throws -> (hazard: Hazard, created: Bool)
    func hazard(_ id: HazardID) async throws -> Hazard?
    /// The hazards on or under `path` — of `state` or `kind`, open past their day before `overdueOn`, of an inspection —
    /// newest first, with ids below `before`.
    func hazards(under path: String, state: Hazard.State?, kind: HazardKind?, overdueOn: LocalDate?, inspection: InspectionID?, before: HazardID?, limit: Int) async throws -> [Hazard]
    /// The steps of these hazards, each's in order.
    func hazardSteps(_ ids: [HazardID]) async throws -> [HazardID: [HazardStep]]
    /// Moves a hazard read at `version` to `moved` with its step and moves its rollups (`closedDay`: the city's day it was
    /// closed out, if it was), in one transaction; nil when it moved in between.
    func moveHazard(_ id: HazardID, version: Int, to moved: Hazard, step: HazardStep, closedDay: Int?) async throws -> Hazard?
    /// The rollup rows `(node, kind, bucket, day, n)` of these nodes.
    func hazardRollups(_ nodes: [NodeID]) async throws -> [(node: Int64, kind: String, bucket: String, day: Int, n: Int)]
}
