public import ChengyunCore
public import Foundation

/// 指令 — instructions and their receipts down the tree.
public protocol InstructionStore: Sendable {
    /// Stores an instruction and its receipts in one commit.
    func createInstruction(_ instruction: Instruction, receipts: [InstructionReceipt]) async throws -> Instruction
    func instruction(_ id: InstructionID) async throws -> Instruction?
    /// Instructions sent from a node on or under `path`, or received by one: newest first, before a cursor.
    func instructions(touching path: String, before: InstructionID?, limit: Int) async throws -> [Instruction]
    /// The receipts of an instruction under `path`, by path.
    func receipts(of id: InstructionID, under path: String) async throws -> [InstructionReceipt]
    /// Marks the receipts of `nodes` acknowledged (those not yet), with the reply; returns how many.
    func acknowledgeInstruction(_ id: InstructionID, nodes: [NodeID], by: String, reply: String?, at: Date) async throws -> Int
    /// Marks escalated the receipts unacknowledged and not escalated whose due time is before `now`; returns them.
    func escalateOverdueReceipts(now: Date, limit: Int) async throws -> [InstructionReceipt]
}
