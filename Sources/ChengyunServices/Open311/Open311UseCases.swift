public import ChengyunCore
import ChengyunStore
public import Foundation

/// What the public may ask of the case list (Open311 GET requests).
public struct PublicRequestQuery: Sendable, Hashable {
    public var ids: [CaseID]?
    public var categoryIDs: [String]?
    public var from: Date
    public var to: Date
    /// true: unfinished cases; false: finished; nil: both.
    public var open: Bool?
    public var limit: Int
    public var offset: Int

    public init(ids: [CaseID]? = nil, categoryIDs: [String]? = nil, from: Date, to: Date, open: Bool? = nil, limit: Int = 1000, offset: Int = 0) {
        self.ids = ids
        self.categoryIDs = categoryIDs
        self.from = from
        self.to = to
        self.open = open
        self.limit = limit
        self.offset = offset
    }
}

/// Open311 GeoReport v2 — the public cases citizen clients read: only sources published to the public, no personal data.
public struct Open311UseCases: Sendable {
    let store: any CaseStore
}

extension Open311UseCases {
    /// The sources whose cases are published to citizen clients. 12345 tickets and 110 calls are not: a caller
    /// phoned a government line in confidence, and the hotline answers its callers itself.
    public static let publicSources: Set<CaseSource> = [.resident, .inspector, .department, .sensor, .video, .station]

    static let publicScope = CaseScope(paths: ["/"], sources: publicSources)

    /// Public cases by the Open311 filters, newest first.
    public func publicRequests(_ q: PublicRequestQuery) async throws -> [CaseRecord] {
        if let ids = q.ids {
            var found: [CaseRecord] = []
            for id in ids.prefix(200) {
                if let r = try await store.caseRecord(id), Self.publicScope.contains(r) { found.append(r) }
            }
            return found
        }
        let states: [CaseState] = switch q.open {
        case true?: CaseState.allCases.filter { !$0.isTerminal }
        case false?: CaseState.allCases.filter(\.isTerminal)
        case nil: CaseState.allCases
        }
        let categories: [String?] = q.categoryIDs.map { $0.map(Optional.some) } ?? [nil]
        var result: [CaseRecord] = []
        for category in categories {
            let query = CaseQuery(scope: Self.publicScope, states: states, categoryID: category, reportedFrom: q.from, reportedTo: q.to,
                                  limit: q.limit + q.offset, offset: 0)
            result += try await store.cases(query).items
        }
        result.sort { ($0.reportedAt, $0.id) > ($1.reportedAt, $1.id) }
        return Array(result.dropFirst(q.offset).prefix(q.limit))
    }

    /// One public case, or nil when there is none or it is not published.
    public func publicRequest(_ id: CaseID) async throws -> CaseRecord? {
        guard let r = try await store.caseRecord(id), Self.publicScope.contains(r) else { return nil }
        return r
    }
}
