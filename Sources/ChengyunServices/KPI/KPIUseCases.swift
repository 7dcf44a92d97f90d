public import ChengyunCore
import ChengyunStore
public import Foundation

/// Whose KPIs: a node of the tree, a department or an inspector.
public struct KPISubject: Sendable, Hashable, Codable {
    public var nodeID: NodeID?
    public var departmentID: DepartmentID?
    public var inspectorID: UserID?
    public init(nodeID: NodeID? = nil, departmentID: DepartmentID? = nil, inspectorID: UserID? = nil) {
        self.nodeID = nodeID
        self.departmentID = departmentID
        self.inspectorID = inspectorID
    }
}

/// One row of a ranking.
public struct RankingEntry: Sendable, Hashable, Codable {
    public var rank: Int
    public var id: Int64
    public var name: String
    public var score: Double
    public var report: KPIReport
}

/// 考核指标 — KPIs, rankings and the trend, counted by the database (rollups and aggregate queries) and computed by
/// `KPICalculator` from the counts.
public struct KPIUseCases: UseCaseGroup {
    let store: any CaseAnalyticsStore & OrganisationStore & UserStore
    let shared: UseCaseContext
}

extension KPIUseCases {
    static let kpiRoles: Set<Role> = [.leader, .dutyOfficer, .admin, .departmentHandler, .communityWorker, .gridInspector]

    /// 考核指标 — the KPIs of a node, department or inspector for the cases reported in [from, to).
    public func kpis(_ subject: KPISubject, from: Date, to: Date, by identity: Identity) async throws -> KPIReport {
        guard from < to else { throw KPIError.invalidPeriod }
        try identity.require(anyOf: Self.kpiRoles, to: "read KPIs")
        var query = CaseQuery(scope: CaseScope.of(identity), reportedFrom: from, reportedTo: to, limit: nil)
        if let nodeID = subject.nodeID {
            let node = try await store.visibleNode(nodeID, by: identity)
            query.nodePath = node.path
        }
        if let d = subject.departmentID {
            guard data.departments[d] != nil else { throw KPIError.departmentNotFound(d) }
            query.departmentID = d
        }
        if let inspector = subject.inspectorID { query.reporterID = inspector }
        return try await store.kpiCount(query, leadDepartment: subject.departmentID, now: clock.now()).report
    }

    /// Moves the rollups' overdue mark to now (`CaseAnalyticsStore.markOverdue`): the server does it every minute, so
    /// that "overdue now" reads at most a minute's deadlines from the open cases.
    public func markOverdue() async throws {
        try await store.markOverdue(before: clock.now())
    }

    /// 排名 — departments, their handlers or streets in the identity's scope, best first. Committees are never ranked.
    /// With `nodeID`, only the cases of that part of the tree (the big screen's drill-down).
    public func ranking(of kind: String, under nodeID: NodeID? = nil, from: Date, to: Date, by identity: Identity) async throws -> [RankingEntry] {
        try identity.require(anyOf: [.leader, .dutyOfficer, .admin], to: "read rankings")
        var query = CaseQuery(scope: CaseScope.of(identity), reportedFrom: from, reportedTo: to, limit: nil)
        if let nodeID { query.nodePath = try await store.visibleNode(nodeID, by: identity).path }
        let now = clock.now()
        var entries: [(key: Int64, report: KPIReport)] = []
        var names: [Int64: String] = [:]
        switch kind {
        case "departments":
            for (id, count) in try await store.kpiCounts(query, by: .leadDepartment, now: now) {
                entries.append((id, count.report))
                names[id] = data.departments[DepartmentID(id)]?.name ?? "#\(id)"
            }
        case "handlers":
            let counts = try await store.kpiCounts(query, by: .handler, now: now)
            let known = try await store.displayNames(of: counts.keys.map(UserID.init(rawValue:)))
            for (id, count) in counts {
                entries.append((id, count.report))
                names[id] = known[UserID(id)] ?? "#\(id)"
            }
        case "streets":
            let counts = try await store.kpiCounts(query, by: .street, now: now)
            let known = try await store.nodes(counts.keys.map(NodeID.init(rawValue:)))
            for (id, count) in counts {
                entries.append((id, count.report))
                names[id] = known[NodeID(id)]?.name ?? "#\(id)"
            }
        default:
            throw KPIError.invalidRanking
        }
        return KPICalculator.rank(entries).enumerated().map { i, e in
            RankingEntry(rank: i + 1, id: e.key, name: names[e.key] ?? "", score: (e.score * 1000).rounded() / 1000, report: e.report)
        }
    }
}
