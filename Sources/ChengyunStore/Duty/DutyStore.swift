public import ChengyunCore
public import Foundation

/// 值班值守 — rosters of shifts and the handover log.
public protocol DutyStore: Sendable {
    /// Stores the shifts in one transaction (ids given are ignored), refusing them all when one double-books a person
    /// against a stored shift or another of the batch (`duty.double_booked`, field `[index]`).
    func createShifts(_ shifts: [Shift]) async throws -> [Shift]
    /// Replaces a shift, with the same double-booking check.
    func updateShift(_ shift: Shift) async throws
    func deleteShift(_ id: ShiftID) async throws
    func shift(_ id: ShiftID) async throws -> Shift?
    /// Shifts at any of the nodes that overlap [from, to), ordered by start.
    func shifts(at nodes: [NodeID], from: Date, to: Date) async throws -> [Shift]
    /// A person's shifts that overlap [from, to), ordered by start.
    func shifts(of user: UserID, from: Date, to: Date) async throws -> [Shift]
    func createHandover(_ handover: Handover) async throws -> Handover
    /// The newest handovers at a node first.
    func handovers(at node: NodeID, limit: Int) async throws -> [Handover]

    // 加强值班值守 — extra posts a flood-season warning adds.
    /// Stores the posts (ids given are ignored).
    func addReinforcements(_ posts: [DutyReinforcement]) async throws -> [DutyReinforcement]
    /// The posts open at `at` (ending after it) at nodes on or under `path`, by node path, post and id.
    func openReinforcements(under path: String, at: Date) async throws -> [DutyReinforcement]
    func reinforcement(_ id: DutyReinforcementID) async throws -> DutyReinforcement?
    /// Puts `shift` on the roster and its person on the open post in one transaction: `duty.reinforcement_filled`
    /// 409 when someone holds the post already, `duty.double_booked` 409 when the person is on duty then.
    func assignReinforcement(_ id: DutyReinforcementID, shift: Shift) async throws -> DutyReinforcement
    /// Ends the posts `warning` raised that are still open at `at` (and the shifts on them), returning how many.
    func endReinforcements(of warning: WarningID, at: Date) async throws -> Int
}
