public import ChengyunCore
public import ChengyunStore
public import Foundation

/// The result of a grid import.
public struct GridImportResult: Sendable, Hashable, Codable {
    public var created: Int
    public var updated: Int
    /// True when the file was only checked (`dryRun`): nothing was stored.
    public var dryRun: Bool = false
    /// How many new nodes of each kind the file holds.
    public var kinds: [String: Int] = [:]
}

extension Platform {
    /// The root nodes (the city) for a caller: only the nodes the identity sees.
    public func nodes(under nodeID: NodeID?, kinds: Set<OrgNode.Kind>?, by identity: Identity, limit: Int, offset: Int) async throws -> [OrgNode] {
        if let nodeID {
            let node = try await requireNode(nodeID)
            guard identity.sees(path: node.path) else { throw Self.outOfScope }
            return try await store.nodes(under: node.path, kinds: kinds, limit: limit, offset: offset)
        }
        var all: [OrgNode] = []
        for path in Set(identity.assignments.map(\.nodePath) + [identity.systemScopePath].compactMap { $0 }).sorted() {
            all += try await store.nodes(under: path, kinds: kinds, limit: limit, offset: offset)
        }
        return all
    }

    /// A node the identity sees.
    public func visibleNode(_ id: NodeID, by identity: Identity) async throws -> OrgNode {
        let node = try await requireNode(id)
        guard identity.sees(path: node.path) || identity.assignments.contains(where: { $0.nodePath.hasPrefix(node.path) }) else { throw Self.outOfScope }
        return node
    }

    /// Creates a node under a parent the admin administers.
    public func createNode(parentID: NodeID?, kind: OrgNode.Kind, variant: String?, code: String, name: String, by identity: Identity) async throws -> OrgNode {
        guard let parentID else {
            throw DomainError.forbidden("node.city_by_import", "A city is created by importing its boundary (chengyun import grids, kind city); give a parentId.", field: "parentId")
        }
        let parent = try await requireNode(parentID, field: "parentId")
        try identity.require(anyOf: [.admin], at: parent.path, to: "add nodes here")
        return try await store.createNode(parentID: parentID, kind: kind, variant: variant, code: code, name: name)
    }

    /// Departments the identity sees (attached on or under its nodes, or above them: the ones that serve its area).
    public func departments(by identity: Identity) async throws -> [Department] {
        let data = self.data
        return data.departments.values.filter { d in
            guard let path = data.departmentPaths[d.id] else { return false }
            return identity.sees(path: path) || identity.assignments.contains { $0.nodePath.hasPrefix(path) }
        }.sorted { $0.id < $1.id }
    }

    /// Creates a department at a city, district or street the admin administers.
    public func createDepartment(nodeID: NodeID, kind: String, code: String, name: String, by identity: Identity) async throws -> Department {
        let node = try await requireNode(nodeID)
        try identity.require(anyOf: [.admin], at: node.path, to: "add departments here")
        guard DepartmentKinds.all.contains(where: { $0.code == kind }) else {
            throw DomainError.invalid("department.unknown_kind", "Unknown department kind \(kind); use one of \(DepartmentKinds.all.map(\.code).joined(separator: ", ")).", field: "kind")
        }
        let d = try await store.createDepartment(nodeID: nodeID, kind: kind, code: code, name: name)
        try await reload()
        return d
    }

    /// 网格导入 — imports boundaries from a GeoJSON FeatureCollection (WGS-84). Each feature's properties give
    /// `code`, `name`, `kind` (district, street, committee or grid) and `parentCode`; an existing code gets its
    /// geometry replaced. Everything is validated before anything is written.
    /// Imports boundaries from a GeoJSON FeatureCollection, all or none; with `dryRun` it checks the file the same
    /// way and says what it would create and update, storing nothing (the console's preview before confirming).
    public func importAreas(geoJSON: Data, dryRun: Bool = false, by identity: Identity?) async throws -> GridImportResult {
        let features: [GeoFeature]
        do { features = try GeoJSON.decodeFeatureCollection(geoJSON) } catch {
            throw DomainError.unprocessable(error.code, error.message, field: error.field)
        }
        var drafts: [NodeDraft] = []
        var draftIndex: [String: Int] = [:]
        var updates: [(node: NodeID, area: Area)] = []
        for (i, f) in features.enumerated() {
            let field = "features[\(i)].properties"
            guard let code = f.properties["code"], !code.isEmpty else {
                throw DomainError.unprocessable("geojson.missing_code", "Feature \(i) has no 'code' property; every boundary needs its code.", field: "\(field).code")
            }
            if let existing = try await store.node(code: code) {
                if let identity { try identity.require(anyOf: [.admin], at: existing.path, to: "change boundaries here") }
                updates.append((existing.id, f.area))
                continue
            }
            guard let kindText = f.properties["kind"], let kind = OrgNode.Kind(rawValue: kindText) else {
                throw DomainError.unprocessable("geojson.invalid_kind", "Feature \(i) (\(code)) needs a 'kind' of city, district, street, committee or grid.", field: "\(field).kind")
            }
            guard let name = f.properties["name"], !name.isEmpty else {
                throw DomainError.unprocessable("geojson.missing_name", "Feature \(i) (\(code)) has no 'name' property.", field: "\(field).name")
            }
            let parent: NodeDraft.Parent
            if kind == .city {
                // A new deployment starts from its city boundary; only one city per deployment.
                let hasCity = try await !store.children(of: nil).isEmpty || drafts.contains { $0.kind == .city }
                guard !hasCity else {
                    throw DomainError.conflict("node.city_exists", "Feature \(i) (\(code)) is a city, but the deployment has its city already.", field: "\(field).kind")
                }
                if let identity { try identity.require(anyOf: [.admin], to: "create the city") }
                parent = .none
            } else {
                guard let parentCode = f.properties["parentCode"] else {
                    throw DomainError.unprocessable("geojson.missing_parent", "Feature \(i) (\(code)) needs 'parentCode', the code of the node it lies in.", field: "\(field).parentCode")
                }
                if let index = draftIndex[parentCode] {
                    parent = .draft(index)
                } else if let p = try await store.node(code: parentCode) {
                    if let identity { try identity.require(anyOf: [.admin], at: p.path, to: "import boundaries here") }
                    parent = .existing(p.id)
                } else {
                    throw DomainError.unprocessable("geojson.unknown_parent", "Feature \(i) (\(code)) names parentCode \(parentCode), which is neither in the city nor earlier in the file; list parents before children.", field: "\(field).parentCode")
                }
            }
            if draftIndex[code] != nil {
                throw DomainError.unprocessable("geojson.duplicate_code", "Code \(code) appears twice in the file.", field: "\(field).code")
            }
            draftIndex[code] = drafts.count
            drafts.append(NodeDraft(parent: parent, kind: kind, variant: f.properties["variant"], code: code, name: name, area: f.area))
        }
        if let identity, drafts.isEmpty, updates.isEmpty { try identity.require(anyOf: [.admin], to: "import boundaries") }
        let kinds = Dictionary(drafts.map { ($0.kind.rawValue, 1) }, uniquingKeysWith: +)
        if dryRun { return GridImportResult(created: drafts.count, updated: updates.count, dryRun: true, kinds: kinds) }
        _ = try await store.createNodes(drafts)
        try await store.setAreas(updates)
        try await reload()
        return GridImportResult(created: drafts.count, updated: updates.count, kinds: kinds)
    }

    static let outOfScope = DomainError.forbidden("auth.out_of_scope", "That part of the organisation tree lies outside your area.")
}
