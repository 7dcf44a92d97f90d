public import ChengyunCore
import ChengyunStore
import Foundation

/// Small reads of the tree the HTTP layer needs, each checked here, so that no route handler touches a store.
extension OrganisationUseCases {
    /// The children of a node the identity sees.
    public func children(of nodeID: NodeID, by identity: Identity) async throws -> [OrgNode] {
        let node = try await store.visibleNode(nodeID, by: identity)
        return try await store.children(of: node.id)
    }

    /// The boundary of a node the identity sees.
    /// - Throws: `DomainError` `node.no_area` when it has none yet.
    public func area(of nodeID: NodeID, by identity: Identity) async throws -> Area {
        let node = try await store.visibleNode(nodeID, by: identity)
        guard let area = try await store.area(of: node.id) else {
            throw OrganisationError.noArea(node)
        }
        return area
    }

    /// The grid a place lies in, with its ancestors from the city down, if the identity sees it.
    public func locate(_ point: GeoPoint, by identity: Identity) async throws -> (grid: OrgNode, ancestors: [OrgNode]) {
        let grid = try data.grid(at: point)
        guard identity.sees(path: grid.path) else { throw OrganisationError.placeOutOfScope }
        var ancestors: [OrgNode] = []
        for id in OrgNode.ids(inPath: grid.path).dropLast() {
            if let n = try await store.node(id) { ancestors.append(n) }
        }
        guard let node = try await store.node(grid.id) else { throw OrganisationError.gridVanished }
        return (node, ancestors)
    }
}
