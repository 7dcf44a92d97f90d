public import ChengyunCore
import ChengyunStore
import Foundation

/// Small reads the HTTP layer needs, each checked here, so that no route handler touches a store.
extension Platform {
    /// The signed-in user's own record, or nil for a system (API key).
    public func me(_ identity: Identity) async throws -> User? {
        guard let id = identity.userID else { return nil }
        return try await store.user(id)
    }

    /// The children of a node the identity sees.
    public func children(of nodeID: NodeID, by identity: Identity) async throws -> [OrgNode] {
        let node = try await visibleNode(nodeID, by: identity)
        return try await store.children(of: node.id)
    }

    /// The boundary of a node the identity sees.
    /// - Throws: `DomainError` `node.no_area` when it has none yet.
    public func area(of nodeID: NodeID, by identity: Identity) async throws -> Area {
        let node = try await visibleNode(nodeID, by: identity)
        guard let area = try await store.area(of: node.id) else {
            throw DomainError.notFound("node.no_area", "Node \(node.name) has no boundary yet; import one with POST /api/v1/grids/import.")
        }
        return area
    }

    /// The grid a place lies in, with its ancestors from the city down, if the identity sees it.
    public func locate(_ point: GeoPoint, by identity: Identity) async throws -> (grid: OrgNode, ancestors: [OrgNode]) {
        let grid = try data.grid(at: point)
        guard identity.sees(path: grid.path) else { throw DomainError.forbidden("auth.out_of_scope", "That place lies outside your area.") }
        var ancestors: [OrgNode] = []
        for id in OrgNode.ids(inPath: grid.path).dropLast() {
            if let n = try await store.node(id) { ancestors.append(n) }
        }
        guard let node = try await store.node(grid.id) else { throw DomainError.notFound("node.not_found", "The grid vanished.") }
        return (node, ancestors)
    }

    /// The attachments of a case the identity sees.
    public func attachments(of caseID: CaseID, by identity: Identity) async throws -> [Attachment] {
        _ = try await visibleCase(caseID, by: identity)
        return try await store.attachments(of: caseID)
    }

    /// Whether the database answers (the health check).
    public func ping() async throws { try await store.ping() }
}
