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
}
