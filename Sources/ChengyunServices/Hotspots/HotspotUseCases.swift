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
    /// largest first: a city's month holds thousands, of which a screen shows the largest. Each lists its `casesEach`
    /// most recent cases (in report order; `count` is all of them): a city's largest hotspot holds thousands.
    public func find(under nodeID: NodeID?, categoryID: String?, policy: HotspotPolicy, limit: Int = 100, casesEach: Int = 20,
                     by identity: Identity) async throws -> [Hotspot] {
        try identity.require(anyOf: [.leader, .dutyOfficer, .admin, .gridInspector, .communityWorker, .stationChief], to: "read hotspots")
        let policy = try policy.validated()
        if let categoryID { _ = try data.category(categoryID) }
        let now = clock.now()
        var query = CaseQuery(scope: CaseScope.of(identity), categoryID: categoryID, reportedFrom: now.addingTimeInterval(-Double(policy.days) * 86_400), limit: nil)
        if let nodeID { query.nodePath = try await store.visibleNode(nodeID, by: identity).path }
        var hotspots: [Hotspot]
        if let stored = try await storedRun(query, policy: policy, limit: limit, casesEach: casesEach, now: now) {
            hotspots = stored.hotspots(limit: limit)
        } else {
            // The few columns hotspot finding reads come from an index; the numbers only of the cases that make one.
            hotspots = Array(HotspotFinder.find(try await store.hotspotCases(query), policy: policy).prefix(max(0, limit)))
        }
        for i in hotspots.indices { hotspots[i].caseIDs = Array(hotspots[i].caseIDs.suffix(max(0, casesEach))) }
        let numbers = try await store.caseNumbers(hotspots.flatMap(\.caseIDs))
        for i in hotspots.indices { hotspots[i].numbers = hotspots[i].caseIDs.map { numbers[$0] ?? "" } }
        return hotspots
    }
}

extension HotspotUseCases {
    /// The stored run's answer when it can give it: the default policy, a scope of subtrees (and own reports) not
    /// cut by department or source, a run of that policy younger than twice the refresh interval.
    func storedRun(_ query: CaseQuery, policy: HotspotPolicy, limit: Int, casesEach: Int, now: Date) async throws -> StoredHotspots? {
        let refresh = settings.hotspotRefreshSeconds
        guard refresh > 0, policy == settings.hotspots, query.scope.departments.isEmpty, query.scope.sources == nil,
              let stored = try await store.storedHotspots(query, limit: limit, casesEach: casesEach),
              stored.policy == policy, now.timeIntervalSince(stored.computedAt) <= 2 * refresh else { return nil }
        return stored
    }

    /// 类案治理 — finds the whole city's hotspots with the default policy at this instant and stores them (what
    /// the server runs every `hotspotRefreshSeconds`); returns how many were found.
    @discardableResult
    public func refresh() async throws -> Int {
        let now = clock.now()
        let policy = settings.hotspots
        let query = CaseQuery(scope: .everything, reportedFrom: now.addingTimeInterval(-Double(policy.days) * 86_400), limit: nil)
        let found = HotspotFinder.areas(try await store.hotspotCases(query), policy: policy)
        try await store.saveHotspotRun(policy: policy, computedAt: now, hotspots: found)
        return found.count
    }
}
