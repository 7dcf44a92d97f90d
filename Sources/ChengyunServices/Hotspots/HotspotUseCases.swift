public import ChengyunCore
import ChengyunStore
import Foundation

/// 类案治理 — hotspots of recurring problems: the same category again and again in one place.
public struct HotspotUseCases: UseCaseGroup {
    let store: any CaseStore & OrganisationStore
    let shared: UseCaseContext
}

extension HotspotUseCases {
    /// 类案治理 — hotspots of recurring problems in the identity's scope (optionally under a node).
    public func find(under nodeID: NodeID?, categoryID: String?, policy: HotspotPolicy, by identity: Identity) async throws -> [Hotspot] {
        try identity.require(anyOf: [.leader, .dutyOfficer, .admin, .gridInspector, .communityWorker, .stationChief], to: "read hotspots")
        let policy = try policy.validated()
        if let categoryID { _ = try data.category(categoryID) }
        var query = CaseQuery(scope: CaseScope.of(identity), categoryID: categoryID, reportedFrom: clock.now().addingTimeInterval(-Double(policy.days) * 86_400), limit: nil)
        if let nodeID { query.nodePath = try await store.visibleNode(nodeID, by: identity).path }
        return HotspotFinder.find(try await store.caseHeads(query), policy: policy)
    }
}
