public import ChengyunCore
import ChengyunStore
public import Foundation

/// 居委视图 — a committee's own view of its work: never a ranking (不能变成考基层、排名次), counted by the database.
public struct CommitteeUseCases: UseCaseGroup {
    let store: any CommitteeStore & OrganisationStore
    let shared: UseCaseContext
}

extension CommitteeUseCases {
    /// The committee's own view of a period.
    public func view(_ nodeID: NodeID, from: Date, to: Date, by identity: Identity) async throws -> CommitteeView {
        guard from < to else { throw KPIError.invalidPeriod }
        let node = try await store.visibleNode(nodeID, by: identity)
        guard node.kind == .committee else {
            throw CommitteeError.notACommittee(node)
        }
        try identity.require(anyOf: [.leader, .dutyOfficer, .admin, .communityWorker, .stationChief, .gridInspector], at: node.path, to: "read this committee's view")
        let counts = try await store.committeeCounts(CaseQuery(scope: CaseScope.of(identity), nodePath: node.path, reportedFrom: from, reportedTo: to, limit: nil))
        var view = CommitteeView(nodeID: nodeID, name: node.name, from: from, to: to)
        view.workload = counts.workload
        view.raised = counts.raised
        view.help = counts.help
        for (department, n) in counts.helpingDepartments {
            view.help.departments[data.departments[department]?.name ?? "#\(department)", default: 0] += n
        }
        return view
    }
}
