public import Foundation

public typealias InstructionID = Identifier<Instruction>

/// 指令 — an instruction sent down the duty path from a centre (city, district, street) to every node under the
/// nodes it names, acknowledged node by node by whoever is on duty there; a node that has not acknowledged in time
/// is escalated (marked, and shown to the centre that sent it and to its own parent's duty desk).
public struct Instruction: Sendable, Hashable, Codable, Identifiable {
    public var id: InstructionID
    /// The centre that sent it.
    public var nodeID: NodeID
    public var nodePath: String
    public var nodeName: String
    public var title: String
    public var text: String
    /// The nodes it was sent down to.
    public var targetIDs: [NodeID]
    /// How long each node has to acknowledge.
    public var acknowledgeMinutes: Int
    /// The warning it was sent under, if any (a flood-season warning's instruction).
    public var warningID: WarningID?
    public var issuedBy: String
    public var issuedAt: Date

    public init(id: InstructionID, nodeID: NodeID, nodePath: String, nodeName: String, title: String, text: String, targetIDs: [NodeID],
                acknowledgeMinutes: Int, warningID: WarningID? = nil, issuedBy: String, issuedAt: Date) {
        self.id = id
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.nodeName = nodeName
        self.title = title
        self.text = text
        self.targetIDs = targetIDs
        self.acknowledgeMinutes = acknowledgeMinutes
        self.warningID = warningID
        self.issuedBy = issuedBy
        self.issuedAt = issuedAt
    }
}

/// An instruction at one node: who was on duty when it came, when it was acknowledged and by whom with what reply,
/// when it is due and whether it was escalated.
public struct InstructionReceipt: Sendable, Hashable, Codable {
    public var instructionID: InstructionID
    public var nodeID: NodeID
    public var nodePath: String
    public var nodeName: String
    public var kind: OrgNode.Kind
    public var sentAt: Date
    public var dueAt: Date
    public var onDuty: [String]
    public var acknowledgedAt: Date?
    public var acknowledgedBy: String?
    public var reply: String?
    public var escalatedAt: Date?

    public init(instructionID: InstructionID, nodeID: NodeID, nodePath: String, nodeName: String, kind: OrgNode.Kind, sentAt: Date, dueAt: Date,
                onDuty: [String], acknowledgedAt: Date? = nil, acknowledgedBy: String? = nil, reply: String? = nil, escalatedAt: Date? = nil) {
        self.instructionID = instructionID
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.nodeName = nodeName
        self.kind = kind
        self.sentAt = sentAt
        self.dueAt = dueAt
        self.onDuty = onDuty
        self.acknowledgedAt = acknowledgedAt
        self.acknowledgedBy = acknowledgedBy
        self.reply = reply
        self.escalatedAt = escalatedAt
    }
}

/// 指令 — the error codes of instructions.
public enum InstructionError {
    /// 400 `instruction.invalid_minutes`
    public static let minutes = DomainError.invalid("instruction.invalid_minutes", "Give 5 to 1,440 minutes to acknowledge.", field: "acknowledgeMinutes")
    /// 400 `instruction.missing`
    public static func missing(_ field: String) -> DomainError { .invalid("instruction.missing", "Give the instruction's \(field).", field: field) }
    /// 400 `instruction.invalid_targets` — a target outside the sender's area, or none.
    public static let targets = DomainError.invalid("instruction.invalid_targets", "Name 1 to 200 nodes under the sending centre.", field: "targetIds")
    /// 404 `instruction.not_found`
    public static func notFound(_ id: InstructionID) -> DomainError { .notFound("instruction.not_found", "There is no instruction \(id) you may see.") }
    /// 409 `instruction.nothing_to_acknowledge` — the caller's nodes have acknowledged it already, or it never reached them.
    public static let nothingToAcknowledge = DomainError.conflict("instruction.nothing_to_acknowledge", "There is nothing of this instruction for you to acknowledge.")
}
