public import ChengyunCore
public import Foundation

/// 类案治理 — what hotspot finding reads: a few facts of many cases, then the numbers of the few that make one; and
/// the city's last run, kept so that a screen's request does not find them again over a month of a city's cases.
public protocol HotspotStore: Sendable {
    /// What hotspot finding reads of the cases of `query` (scope, node path, category, reported since) that can make
    /// one — rejected and merged cases left out — without their numbers.
    func hotspotCases(_ query: CaseQuery) async throws -> [HotspotCase]
    /// The numbers of these cases.
    func caseNumbers(_ ids: [CaseID]) async throws -> [CaseID: String]
    /// Replaces the stored run with the hotspots found over the whole city with `policy` at `computedAt`, each with
    /// where its cases lie (`HotspotFinder.areas`). Written in batches: readers see the old run until the
    /// new one is complete.
    func saveHotspotRun(policy: HotspotPolicy, computedAt: Date, hotspots: [HotspotArea]) async throws
    /// The stored run's part of `query`'s answer (its scope's and node path's subtrees, its category; its other
    /// filters are not used), the hotspots inside listing their `casesEach` most recent cases; nil when no run is
    /// stored.
    func storedHotspots(_ query: CaseQuery, limit: Int, casesEach: Int) async throws -> StoredHotspots?
}

/// What a stored run holds for a query: the hotspots wholly inside its subtrees (the `limit` largest, their most
/// recent cases without numbers), and the cases inside them of the hotspots that cross their edge, which make hotspots only among
/// themselves (fewer cases can only split a hotspot).
public struct StoredHotspots: Sendable {
    public var policy: HotspotPolicy
    public var computedAt: Date
    public var inside: [Hotspot]
    public var crossing: [HotspotCase]

    public init(policy: HotspotPolicy, computedAt: Date, inside: [Hotspot], crossing: [HotspotCase]) {
        self.policy = policy
        self.computedAt = computedAt
        self.inside = inside
        self.crossing = crossing
    }

    /// The `limit` largest hotspots of the query: those inside, and those found again among the crossing cases.
    public func hotspots(limit: Int) -> [Hotspot] {
        let all = inside + HotspotFinder.find(crossing, policy: policy)
        return Array(all.sorted { ($0.count, $1.categoryID) > ($1.count, $0.categoryID) }.prefix(max(0, limit)))
    }
}
