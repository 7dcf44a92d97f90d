import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 预警: a warning with its nodes in order, one per sender and identifier; pending → published once; relay rows
    /// under a path with their counts; acknowledgement once per node.
    public static func warnings(_ fresh: @Sendable () async throws -> any OrganisationStore & WarningStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let at = Date(timeIntervalSince1970: 1_796_090_000)
        let draft = Warning(id: WarningID(0), identifier: "sh-1", sender: "qxj@sh.gov.cn", sentAt: at, references: ["a,b,2026-12-05T14:00:00+08:00"],
                            hazard: .rainstorm, event: "暴雨黄色预警", level: .yellow, headline: "暴雨黄色预警", description: "50 毫米", onset: at.addingTimeInterval(3600),
                            areaDescription: "东湖区", nodeIDs: [t.district.id, t.street.id], step: .hour3, origin: .received, state: .pending, issuedBy: "met")
        let w = try await store.createWarning(draft)
        #expect(w.id.rawValue > 0)
        #expect(try await store.warning(w.id) == w)
        #expect(try await store.warning(identifier: "sh-1", sender: "qxj@sh.gov.cn")?.nodeIDs == [t.district.id, t.street.id])
        await #expect(throws: DomainError.self) { try await store.createWarning(draft) }
        var other = draft
        other.identifier = "sh-2"
        let second = try await store.createWarning(other)
        #expect(try await store.warnings(publishedOnly: true, before: nil, limit: 10).isEmpty)
        #expect(try await store.warnings(publishedOnly: false, before: nil, limit: 10).map(\.id) == [second.id, w.id])
        #expect(try await store.warnings(publishedOnly: false, before: second.id, limit: 10).map(\.id) == [w.id])
        #expect(try await store.decideWarning(second.id, publish: false, by: "leader", at: at))
        #expect(try await store.decideWarning(second.id, publish: true, by: "leader", at: at) == false, "decided once")
        #expect(try await store.warning(second.id)?.state == .refused)

        let rows = [t.district, t.street, t.committee, t.otherGrid].map {
            WarningRelay(warningID: w.id, nodeID: $0.id, nodePath: $0.path, nodeName: $0.name, kind: $0.kind, sentAt: at, onDuty: $0 == t.street ? ["张三", "李四"] : [])
        }
        try await store.relay(w.id, to: rows, publishedAt: at, outbox: [])
        #expect(try await store.warning(w.id)?.state == .published)
        #expect(try await store.warning(w.id)?.publishedAt == at)
        #expect(try await store.warnings(publishedOnly: true, before: nil, limit: 10).map(\.id) == [w.id])
        #expect(try await store.relayRows(w.id, under: t.street.path).map(\.nodeID) == [t.street.id, t.committee.id])
        #expect(try await store.relayRows(w.id, under: t.street.path).first?.onDuty == ["张三", "李四"])
        #expect(try await store.acknowledgeRelay(w.id, nodes: [t.street.id, t.city.id], by: "duty.s1", at: at.addingTimeInterval(60)) == 1)
        #expect(try await store.acknowledgeRelay(w.id, nodes: [t.street.id], by: "duty.s1", at: at) == 0, "once")
        let counts = try await store.relayCounts(w.id, under: t.district.path)
        #expect(counts.relayed == 4 && counts.acknowledged == 1)
        let street = try await store.relayRows(w.id, under: t.street.path)[0]
        #expect(street.acknowledgedBy == "duty.s1" && street.acknowledgedAt == at.addingTimeInterval(60))
    }
}
