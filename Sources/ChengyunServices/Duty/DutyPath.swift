import ChengyunCore
import ChengyunStore
import Foundation

/// 值班通道 — what is sent down the tree (a warning, an instruction) goes to every district, street and committee
/// under the nodes it names, each through whoever is on duty there now.
enum DutyPath {
    /// The nodes of the covered subtrees down to committees (the named nodes too), by path, with the names of those
    /// on duty at each at `now`.
    static func targets(_ nodes: [OrgNode], store: any OrganisationStore & DutyStore, now: Date) async throws -> [(node: OrgNode, onDuty: [String])] {
        var targets: [NodeID: OrgNode] = [:]
        for node in nodes {
            targets[node.id] = node
            for n in try await store.nodes(under: node.path, kinds: [.district, .street, .committee], limit: nil, offset: 0) { targets[n.id] = n }
        }
        let shifts = try await store.shifts(at: Array(targets.keys), from: now, to: now.addingTimeInterval(1)).filter { $0.covers(now) }
        let onDuty = Dictionary(grouping: shifts, by: \.nodeID).mapValues { $0.map(\.userName).sorted() }
        return targets.values.sorted { $0.path < $1.path }.map { ($0, onDuty[$0.id] ?? []) }
    }
}

extension UserStore {
    /// What staff read for a person: the display name, the login of a system or a user gone.
    func displayName(of identity: Identity) async throws -> String {
        guard let id = identity.userID else { return identity.name }
        return try await user(id)?.displayName ?? identity.name
    }
}
