public import ChengyunCore
import Foundation

/// 类案治理 — what hotspot finding reads: a few facts of many cases, then the numbers of the few that make one.
public protocol HotspotStore: Sendable {
    /// What hotspot finding reads of the cases of `query` (scope, node path, category, reported since) that can make
    /// one — rejected and merged cases left out — without their numbers.
    func hotspotCases(_ query: CaseQuery) async throws -> [HotspotCase]
    /// The numbers of these cases.
    func caseNumbers(_ ids: [CaseID]) async throws -> [CaseID: String]
}
