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

    /// The area a figure of the caller's is about: `id` when given — it must lie in the caller's area for `roles` —,
    /// else the widest node of that area.
    /// - Throws: 403 when the caller has none of `roles`, `auth.out_of_scope` for a node outside its area.
    func areaNode(_ id: NodeID?, of identity: Identity, roles: Set<Role>, to action: String) async throws -> OrgNode {
        let paths = identity.isSystem ? CaseScope.of(identity).paths : identity.paths(for: roles)
        guard !paths.isEmpty else { throw AccessError.roleRequired(roles, to: action) }
        let node: OrgNode
        if let id {
            node = try await requireNode(id)
        } else {
            guard let widest = paths.min(by: { $0.count < $1.count }), let own = OrgNode.lastID(inPath: widest) else { throw OrganisationError.outOfScope }
            node = try await requireNode(own)
        }
        guard paths.contains(where: { node.path.hasPrefix($0) }) else { throw OrganisationError.outOfScope }
        return node
    }
}
