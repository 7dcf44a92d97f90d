public import ChengyunCore

/// 房态图 / 楼态图 — each committee's maps as drawn on a day (a row per house and per building, typed), the tallies of
/// every node from the committee up to the city (moved by the drawing's change in its commit), the day and rules each
/// committee was last drawn under, and the city's rules.
public protocol StatusMapStore: Sendable {
    /// The city's rules as last set; nil until set (the standard rules apply).
    func statusRules() async throws -> StatusRules?
    /// Stores the rules as the next version and returns them with it.
    func setStatusRules(_ rules: StatusRules) async throws -> StatusRules

    /// Committees whose maps were last drawn before `day` or under another version of the rules (or never), by path,
    /// at most `limit`.
    func committeesDueForStatus(day: LocalDate, rulesVersion: Int, limit: Int) async throws -> [(id: NodeID, path: String)]
    /// Everything a committee's maps are drawn from, in one read: its compounds' buildings and houses, the residents
    /// living in them (tags only: nothing personal), the cases open in its compounds, and the open sweeps' results
    /// over its houses (sweeps started by `day`).
    func statusFacts(committee path: String, day: LocalDate) async throws -> StatusFacts
    /// Replaces the committee's houses', buildings' and tallies' rows with the drawing, moves the tallies of the nodes
    /// above it by the change, and records the run, in one commit.
    func saveStatusDrawing(_ drawing: StatusDrawing, committee: NodeID, path: String, run: StatusRun) async throws
    /// When the committee's maps were last drawn.
    func statusRun(committee: NodeID) async throws -> StatusRun?

    /// A compound's buildings as drawn, each with its houses counted by rule.
    func buildingStatuses(compound: CompoundID) async throws -> [(status: BuildingStatus, houses: [String: Int])]
    /// A building as drawn and its houses.
    func houseStatuses(building: BuildingID) async throws -> (building: BuildingStatus?, houses: [HouseStatus])
    /// 分级评估 — stores the committee's grading of a building (its class over the rules'), or withdraws it (nil).
    func assessBuilding(_ building: BuildingID, _ assessment: BuildingAssessment?) async throws
    /// The gradings of these buildings, in one read.
    func buildingAssessments(_ buildings: [BuildingID]) async throws -> [BuildingID: BuildingAssessment]
    /// The buildings with a point inside `box` on or under any of `paths` (at most `limit`, in no set order), each
    /// with its compound and as last drawn: the status map as a layer of the city map.
    func mapBuildings(in box: BoundingBox, under paths: [String], limit: Int) async throws -> [MapBuilding]
    /// The tallies of these nodes (a committee's own, an area's the sum of its committees'), in one read.
    func statusTallies(_ nodes: [NodeID]) async throws -> [NodeID: [String: Int]]
}
