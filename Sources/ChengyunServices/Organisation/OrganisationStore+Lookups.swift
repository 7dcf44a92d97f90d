import ChengyunCore
import ChengyunStore

extension OrganisationStore {
    /// Loads the node or fails with 404.
    func requireNode(_ id: NodeID, field: String = "nodeId") async throws -> OrgNode {
        guard let node = try await node(id) else { throw OrganisationError.nodeNotFound(id, field: field) }
        return node
    }

    /// A node the identity sees (in its scope, or above one of its assignments).
    func visibleNode(_ id: NodeID, by identity: Identity) async throws -> OrgNode {
        let node = try await requireNode(id)
        guard identity.sees(path: node.path) || identity.assignments.contains(where: { $0.nodePath.hasPrefix(node.path) }) else {
            throw OrganisationError.outOfScope
        }
        return node
    }
}
