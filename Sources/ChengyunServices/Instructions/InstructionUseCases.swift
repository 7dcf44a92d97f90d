public import ChengyunCore
import ChengyunStore
import Foundation
import Logging

/// 指令 — a centre sends an instruction down the duty path (every district, street and committee under the nodes it
/// names, through whoever is on duty there); each node acknowledges with an optional reply; a node that has not in
/// time is escalated (`escalate`, run once across the nodes).
public struct InstructionUseCases: UseCaseGroup {
    let store: any InstructionStore & OrganisationStore & DutyStore & WarningStore & UserStore
    let shared: UseCaseContext

    /// Who sends: a centre's duty desk, its leaders, administrators.
    static let senders: Set<Role> = [.dutyOfficer, .leader, .admin]
    /// Who acknowledges at a node: as for warnings.
    static let receivers: Set<Role> = [.dutyOfficer, .leader, .stationChief, .communityWorker, .admin]
}

public struct InstructionInput: Sendable, Hashable, Codable {
    public var nodeID: Int64?
    public var title: String
    public var text: String
    public var targetIDs: [Int64]?
    public var acknowledgeMinutes: Int?
    public var warningID: Int64?
}

/// An instruction with where it stands under the caller's area.
public struct InstructionSummary: Sendable, Hashable, Codable {
    public var instruction: Instruction
    public var sent: Int
    public var acknowledged: Int
    public var escalated: Int
    /// The caller's own nodes that still owe an acknowledgement.
    public var owed: [NodeID]
}

extension InstructionUseCases {
    /// 下达 — sends an instruction from a centre the caller serves to nodes under it (the whole centre when none named).
    public func send(_ input: InstructionInput, by identity: Identity) async throws -> Instruction {
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines), text = input.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw InstructionError.missing("title") }
        guard !text.isEmpty else { throw InstructionError.missing("text") }
        try InputLimits.check(title, field: "title", max: InputLimits.label)
        try InputLimits.check(text, field: "text", max: InputLimits.description, multiline: true)
        let minutes = input.acknowledgeMinutes ?? 30
        guard (5...1_440).contains(minutes) else { throw InstructionError.minutes }
        let centre: OrgNode
        if let id = input.nodeID {
            centre = try await store.requireNode(NodeID(id))
        } else {
            guard let own = identity.assignments.filter({ Self.senders.contains($0.role) }).min(by: { $0.nodePath.count < $1.nodePath.count }) else {
                throw AccessError.roleRequired(Self.senders, to: "send instructions")
            }
            centre = try await store.requireNode(own.nodeID)
        }
        try identity.require(anyOf: Self.senders, at: centre.path, to: "send instructions from \(centre.name)")
        let ids = (input.targetIDs ?? [centre.id.rawValue]).map { NodeID($0) }
        guard (1...200).contains(ids.count) else { throw InstructionError.targets }
        let found = try await store.nodes(ids)
        let targets = try ids.map { id throws(DomainError) -> OrgNode in
            guard let n = found[id], n.path.hasPrefix(centre.path), n.kind != .grid else { throw InstructionError.targets }
            return n
        }
        if let w = input.warningID, try await store.warning(WarningID(w)) == nil { throw WarningError.notFound("\(w)") }
        let now = clock.now()
        let receipts = try await DutyPath.targets(targets, store: store, now: now).filter { $0.node.id != centre.id }.map {
            InstructionReceipt(instructionID: InstructionID(0), nodeID: $0.node.id, nodePath: $0.node.path, nodeName: $0.node.name, kind: $0.node.kind,
                               sentAt: now, dueAt: now.addingTimeInterval(Double(minutes) * 60), onDuty: $0.onDuty)
        }
        guard !receipts.isEmpty else { throw InstructionError.targets }
        let instruction = Instruction(id: InstructionID(0), nodeID: centre.id, nodePath: centre.path, nodeName: centre.name, title: title, text: text,
                                      targetIDs: targets.map(\.id), acknowledgeMinutes: minutes, warningID: input.warningID.map { WarningID($0) },
                                      issuedBy: try await store.displayName(of: identity), issuedAt: now)
        return try await store.createInstruction(instruction, receipts: receipts)
    }

    func area(by identity: Identity) throws -> String {
        guard let path = identity.paths(for: Self.receivers.union(Self.senders)).min(by: { $0.count < $1.count }) else {
            throw AccessError.roleRequired(Self.receivers, to: "see instructions")
        }
        return path
    }

    /// The instructions the caller's area sent or received, newest first, each with its counts under that area.
    public func list(before: InstructionID?, limit: Int, by identity: Identity) async throws -> [InstructionSummary] {
        let path = try area(by: identity)
        let mine = Set(identity.assignments.filter { Self.receivers.contains($0.role) }.map(\.nodeID))
        var out: [InstructionSummary] = []
        for i in try await store.instructions(touching: path, before: before, limit: limit) {
            let receipts = try await store.receipts(of: i.id, under: i.nodePath.hasPrefix(path) ? i.nodePath : path)
            out.append(InstructionSummary(instruction: i, sent: receipts.count, acknowledged: receipts.filter { $0.acknowledgedAt != nil }.count,
                                          escalated: receipts.filter { $0.escalatedAt != nil }.count,
                                          owed: receipts.filter { $0.acknowledgedAt == nil && mine.contains($0.nodeID) }.map(\.nodeID)))
        }
        return out
    }

    /// Each node's receipt of an instruction under the caller's area (the sender's centre sees them all).
    public func receipts(_ id: InstructionID, by identity: Identity) async throws -> [InstructionReceipt] {
        guard let i = try await store.instruction(id) else { throw InstructionError.notFound(id) }
        let path = try area(by: identity)
        let receipts = try await store.receipts(of: id, under: i.nodePath.hasPrefix(path) ? i.nodePath : path)
        guard i.nodePath.hasPrefix(path) || !receipts.isEmpty else { throw InstructionError.notFound(id) }
        return receipts
    }

    /// 签收 — the caller acknowledges for the nodes it serves (or one of them), with an optional reply.
    public func acknowledge(_ id: InstructionID, nodeID: NodeID?, reply: String?, by identity: Identity) async throws -> Int {
        guard try await store.instruction(id) != nil else { throw InstructionError.notFound(id) }
        try InputLimits.check(reply, field: "reply", max: InputLimits.note, multiline: true)
        var mine = identity.assignments.filter { Self.receivers.contains($0.role) }.map(\.nodeID)
        if let nodeID {
            guard mine.contains(nodeID) else { throw OrganisationError.outOfScope }
            mine = [nodeID]
        }
        let n = try await store.acknowledgeInstruction(id, nodes: mine, by: try await store.displayName(of: identity), reply: reply.flatMap { $0.isEmpty ? nil : $0 }, at: clock.now())
        guard n > 0 else { throw InstructionError.nothingToAcknowledge }
        return n
    }

    /// 超时升级 — marks the receipts past their time unacknowledged; returns how many.
    public func escalate() async throws -> Int {
        let overdue = try await store.escalateOverdueReceipts(now: clock.now(), limit: 1_000)
        for r in overdue {
            logger.warning("instruction not acknowledged in time", metadata: ["instruction": "\(r.instructionID)", "node": "\(r.nodeName)", "due": "\(r.dueAt)"])
        }
        return overdue.count
    }
}
