public import ChengyunCore
import ChengyunStore
import Foundation

/// 类案治理 — hotspots of recurring problems: the same category again and again in one place.
public struct HotspotUseCases: UseCaseGroup {
    let store: any HotspotStore & OrganisationStore
    let shared: UseCaseContext
}

extension HotspotUseCases {
    /// 类案治理 — the `limit` largest hotspots of recurring problems in the identity's scope (optionally under a node),
    /// largest first: a city's month holds thousands, of which a screen shows the largest.
    public func find(under nodeID: NodeID?, categoryID: String?, policy: HotspotPolicy, limit: Int = 100, by identity: Identity) async throws -> [Hotspot] {
        try identity.require(anyOf: [.leader, .dutyOfficer, .admin, .gridInspector, .communityWorker, .stationChief], to: "read hotspots")
        let policy = try policy.validated()
        if let categoryID { _ = try data.category(categoryID) }
        var query = CaseQuery(scope: CaseScope.of(identity), categoryID: categoryID, reportedFrom: clock.now().addingTimeInterval(-Double(policy.days) * 86_400), limit: nil)
        if let nodeID { query.nodePath = try await store.visibleNode(nodeID, by: identity).path }
        // The few columns hotspot finding reads come from an index; the numbers only of the cases that make one.
        var hotspots = Array(HotspotFinder.find(try await store.hotspotCases(query), policy: policy).prefix(max(0, limit)))
        let numbers = try await store.caseNumbers(hotspots.flatMap(\.caseIDs))
        for i in hotspots.indices { hotspots[i].numbers = hotspots[i].caseIDs.map { numbers[$0] ?? "" } }
        return hotspots
    }
}
