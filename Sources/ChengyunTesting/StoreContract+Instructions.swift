import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 指令: an instruction stored with its targets and receipts in one commit; listed for the centre that sent it and
    /// for the nodes that received it, newest first; receipts under a path; acknowledged once per node with a reply;
    /// receipts past due escalated once.
    public static func instructions(_ fresh: @Sendable () async throws -> any OrganisationStore & InstructionStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let at = Date(timeIntervalSince1970: 1_781_000_000)
        func receipt(_ n: OrgNode, due minutes: Double) -> InstructionReceipt {
            InstructionReceipt(instructionID: InstructionID(0), nodeID: n.id, nodePath: n.path, nodeName: n.name, kind: n.kind, sentAt: at,
                               dueAt: at.addingTimeInterval(minutes * 60), onDuty: n.id == t.street.id ? ["张三", "李四"] : [])
        }
        let first = try await store.createInstruction(
            Instruction(id: InstructionID(0), nodeID: t.district.id, nodePath: t.district.path, nodeName: t.district.name, title: "加强下立交巡查",
                        text: "各街道即刻巡查辖区下立交", targetIDs: [t.street.id], acknowledgeMinutes: 30, issuedBy: "duty.d1", issuedAt: at),
            receipts: [receipt(t.street, due: 30), receipt(t.committee, due: 30)])
        #expect(first.id.rawValue > 0)
        #expect(try await store.instruction(first.id) == first)
        let second = try await store.createInstruction(
            Instruction(id: InstructionID(0), nodeID: t.city.id, nodePath: t.city.path, nodeName: t.city.name, title: "防台风", text: "全市", targetIDs: [t.city.id],
                        acknowledgeMinutes: 60, issuedBy: "duty", issuedAt: at.addingTimeInterval(60)),
            receipts: [receipt(t.district, due: 60)])
        #expect(try await store.instructions(touching: t.city.path, before: nil, limit: 10).map(\.id) == [second.id, first.id])
        #expect(try await store.instructions(touching: t.committee.path, before: nil, limit: 10).map(\.id) == [first.id], "received")
        #expect(try await store.instructions(touching: t.city.path, before: second.id, limit: 10).map(\.id) == [first.id])
        #expect(try await store.instructions(touching: t.otherGrid.path, before: nil, limit: 10).isEmpty)
        let receipts = try await store.receipts(of: first.id, under: t.district.path)
        #expect(receipts.map(\.nodeID) == [t.street.id, t.committee.id] && receipts[0].onDuty == ["张三", "李四"] && receipts[0].dueAt == at.addingTimeInterval(1800))
        #expect(try await store.acknowledgeInstruction(first.id, nodes: [t.street.id, t.otherGrid.id], by: "duty.s1", reply: "已布置", at: at.addingTimeInterval(600)) == 1)
        #expect(try await store.acknowledgeInstruction(first.id, nodes: [t.street.id], by: "duty.s1", reply: nil, at: at.addingTimeInterval(700)) == 0, "once")
        let acknowledged = try await store.receipts(of: first.id, under: t.street.path)
        #expect(acknowledged[0].acknowledgedBy == "duty.s1" && acknowledged[0].reply == "已布置" && acknowledged[0].acknowledgedAt == at.addingTimeInterval(600))
        // Forty minutes on, the committee's receipt is overdue; the district's (60 min) is not yet.
        let escalated = try await store.escalateOverdueReceipts(now: at.addingTimeInterval(40 * 60), limit: 10)
        #expect(escalated.map(\.nodeID) == [t.committee.id] && escalated[0].escalatedAt == at.addingTimeInterval(40 * 60))
        #expect(try await store.escalateOverdueReceipts(now: at.addingTimeInterval(45 * 60), limit: 10).isEmpty, "once")
        #expect(try await store.escalateOverdueReceipts(now: at.addingTimeInterval(90 * 60), limit: 10).map(\.nodeID) == [t.district.id])
        #expect(try await store.receipts(of: first.id, under: t.committee.path)[0].escalatedAt != nil)
    }
}
