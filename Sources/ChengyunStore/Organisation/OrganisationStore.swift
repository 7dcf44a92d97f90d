public import ChengyunCore

/// The organisation tree, departments and the geometry of areas.
public protocol OrganisationStore: Sendable {
    /// Creates a node under `parentID`; the kind must be the parent's child kind; codes are unique.
    func createNode(parentID: NodeID?, kind: OrgNode.Kind, variant: String?, code: String, name: String) async throws -> OrgNode
    /// Creates many nodes in one transaction, each parent before its children (demo city, grid import).
    func createNodes(_ drafts: [NodeDraft]) async throws -> [OrgNode]
    func node(_ id: NodeID) async throws -> OrgNode?
    func node(code: String) async throws -> OrgNode?
    /// These nodes (those that exist), in one read.
    func nodes(_ ids: some Collection<NodeID> & Sendable) async throws -> [NodeID: OrgNode]
    /// Nodes in the subtree of `path` (including it), optionally of some kinds, ordered by path.
    func nodes(under path: String, kinds: Set<OrgNode.Kind>?, limit: Int?, offset: Int) async throws -> [OrgNode]
    func children(of id: NodeID?) async throws -> [OrgNode]
    func createDepartment(nodeID: NodeID, kind: String, code: String, name: String) async throws -> Department
    func department(_ id: DepartmentID) async throws -> Department?
    /// Every department, or those attached to nodes on or under `path`.
    func departments(under path: String?) async throws -> [Department]
    /// Sets (or replaces) the geometry of a node.
    func setAreas(_ areas: [(node: NodeID, area: Area)]) async throws
    func area(of node: NodeID) async throws -> Area?
    /// The geometry of every node of a kind on or under a path ("/" for the whole city: the spatial index).
    func areas(kind: OrgNode.Kind, under path: String) async throws -> [(node: NodeID, area: Area)]
}

extension OrganisationStore {
    /// The geometry of every node of a kind, for building the spatial index.
    public func areas(kind: OrgNode.Kind) async throws -> [(node: NodeID, area: Area)] {
        try await areas(kind: kind, under: "/")
    }
}

/// A node to create in bulk: `parentRef` refers to an existing node id or to an earlier draft by index.
public struct NodeDraft: Sendable, Hashable {
    public enum Parent: Sendable, Hashable { case none, existing(NodeID), draft(Int) }
    public var parent: Parent
    public var kind: OrgNode.Kind
    public var variant: String?
    public var code: String
    public var name: String
    public var area: Area?
    public init(parent: Parent, kind: OrgNode.Kind, variant: String? = nil, code: String, name: String, area: Area? = nil) {
        self.parent = parent
        self.kind = kind
        self.variant = variant
        self.code = code
        self.name = name
        self.area = area
    }
}
