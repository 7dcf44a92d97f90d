public import ChengyunCore
import ChengyunStore
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

/// 组织 — the organisation tree (city → district → street → committee → grid), its departments and boundaries.
public struct OrganisationUseCases: UseCaseGroup {
    let store: any OrganisationStore
    let shared: UseCaseContext
}

extension OrganisationUseCases {
    /// The root nodes (the city) for a caller: only the nodes the identity sees.
    public func nodes(under nodeID: NodeID?, kinds: Set<OrgNode.Kind>?, by identity: Identity, limit: Int, offset: Int) async throws -> [OrgNode] {
        if let nodeID {
            let node = try await store.requireNode(nodeID)
            guard identity.sees(path: node.path) else { throw OrganisationError.outOfScope }
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
        try await store.visibleNode(id, by: identity)
    }

    /// Creates a node under a parent the admin administers.
    public func createNode(parentID: NodeID?, kind: OrgNode.Kind, variant: String?, code: String, name: String, by identity: Identity) async throws -> OrgNode {
        guard let parentID else {
            throw OrganisationError.cityByImport
        }
        let parent = try await store.requireNode(parentID, field: "parentId")
        try identity.require(anyOf: [.admin], at: parent.path, to: "add nodes here")
        try Self.checkNames(code: code, name: name, variant: variant, kind: kind)
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
        let node = try await store.requireNode(nodeID)
        try identity.require(anyOf: [.admin], at: node.path, to: "add departments here")
        try Self.checkNames(code: code, name: name)
        guard DepartmentKinds.all.contains(where: { $0.code == kind }) else {
            throw OrganisationError.unknownDepartmentKind(kind)
        }
        let d = try await store.createDepartment(nodeID: nodeID, kind: kind, code: code, name: name)
        try await reload()
        return d
    }

    /// 网格导入 — imports boundaries from a GeoJSON FeatureCollection (WGS-84). Each feature's properties give
    /// `code`, `name`, `kind` (district, street, committee or grid) and `parentCode`; an existing code gets its
    /// geometry replaced. Everything is validated before anything is written; with `dryRun` nothing is written at
    /// all, and the answer says what would be created and updated (the console's preview before confirming).
    public func importAreas(geoJSON: Data, dryRun: Bool = false, by identity: Identity?) async throws -> GridImportResult {
        let features: [GeoFeature]
        do { features = try GeoJSON.decodeFeatureCollection(geoJSON) } catch {
            throw DomainError.unprocessable(error.code, error.message, field: error.field)
        }
        var drafts: [NodeDraft] = []
        var draftIndex: [String: Int] = [:]
        var updates: [(node: NodeID, area: Area)] = []
        var draftFeatures: [Int] = []
        for (i, f) in features.enumerated() {
            let field = "features[\(i)].properties"
            guard let code = f.properties["code"], !code.isEmpty else {
                throw OrganisationError.missingCode(feature: i, field: field)
            }
            try Self.checkNames(code: code, name: f.properties["name"], variant: f.properties["variant"], kind: f.properties["kind"].flatMap(OrgNode.Kind.init(rawValue:)), field: "\(field).")
            try InputLimits.check(f.properties["parentCode"], field: "\(field).parentCode", max: InputLimits.code)
            if let existing = try await store.node(code: code) {
                if let identity { try identity.require(anyOf: [.admin], at: existing.path, to: "change boundaries here") }
                updates.append((existing.id, f.area))
                continue
            }
            guard let kindText = f.properties["kind"], let kind = OrgNode.Kind(rawValue: kindText) else {
                throw OrganisationError.invalidKind(feature: i, code: code, field: field)
            }
            guard let name = f.properties["name"], !name.isEmpty else {
                throw OrganisationError.missingName(feature: i, code: code, field: field)
            }
            let parent: NodeDraft.Parent
            if kind == .city {
                // A new deployment starts from its city boundary; only one city per deployment.
                let hasCity = try await !store.children(of: nil).isEmpty || drafts.contains { $0.kind == .city }
                guard !hasCity else {
                    throw OrganisationError.cityExists(feature: i, code: code, field: field)
                }
                if let identity { try identity.require(anyOf: [.admin], to: "create the city") }
                parent = .none
            } else {
                guard let parentCode = f.properties["parentCode"] else {
                    throw OrganisationError.missingParent(feature: i, code: code, field: field)
                }
                if let index = draftIndex[parentCode] {
                    parent = .draft(index)
                } else if let p = try await store.node(code: parentCode) {
                    if let identity { try identity.require(anyOf: [.admin], at: p.path, to: "import boundaries here") }
                    parent = .existing(p.id)
                } else {
                    throw OrganisationError.unknownParent(feature: i, code: code, parentCode: parentCode, field: field)
                }
            }
            if draftIndex[code] != nil {
                throw OrganisationError.duplicateCode(code, field: field)
            }
            draftIndex[code] = drafts.count
            let variant = f.properties["variant"].flatMap { $0.isEmpty ? nil : $0 }
            drafts.append(NodeDraft(parent: parent, kind: kind, variant: variant, code: code, name: name, area: f.area))
            draftFeatures.append(i)
        }
        try await checkPlacement(drafts, features: draftFeatures, updates: updates)
        if let identity, drafts.isEmpty, updates.isEmpty { try identity.require(anyOf: [.admin], to: "import boundaries") }
        let kinds = Dictionary(drafts.map { ($0.kind.rawValue, 1) }, uniquingKeysWith: +)
        if dryRun { return GridImportResult(created: drafts.count, updated: updates.count, dryRun: true, kinds: kinds) }
        _ = try await store.createNodes(drafts)
        try await store.setAreas(updates)
        try await reload()
        return GridImportResult(created: drafts.count, updated: updates.count, kinds: kinds)
    }

    /// A new node must lie inside its parent, and a new grid must not lie on a grid the file leaves as it is (a
    /// grid split in two is the old one given its new boundary and the new one beside it, in one file). Each is
    /// judged at a point inside it: the centroid when that lies inside, else the first corner of its outline.
    func checkPlacement(_ drafts: [NodeDraft], features: [Int], updates: [(node: NodeID, area: Area)]) async throws {
        let changed = Dictionary(updates.map { ($0.node, $0.area) }, uniquingKeysWith: { $1 })
        for (d, draft) in drafts.enumerated() {
            guard let own = draft.area, let spot = Self.pointInside(own) else { continue }
            let field = "features[\(features[d])].geometry"
            var parent: (name: String, area: Area?)?
            switch draft.parent {
            case .none: parent = nil
            case .draft(let j): parent = (drafts[j].name, drafts[j].area)
            case .existing(let id):
                var area = changed[id]
                if area == nil { area = try await store.area(of: id) }
                let name = try await store.node(id)?.name ?? "#\(id)"
                parent = (name, area)
            }
            if let parent, let area = parent.area, !area.contains(spot) {
                throw OrganisationError.outsideParent(feature: features[d], code: draft.code, parent: parent.name, field: field)
            }
            guard draft.kind == .grid, let other = data.locator.locate(spot) else { continue }
            if let newArea = changed[other.id], !newArea.contains(spot) { continue }
            let found = try await store.node(other.id)
            let name = found.map { "\($0.name) (\($0.code))" } ?? "#\(other.id)"
            throw OrganisationError.overlaps(feature: features[d], code: draft.code, grid: name, field: field)
        }
    }

    /// A point inside the area: its centroid, or the first corner of its first outline when the centroid falls outside.
    static func pointInside(_ area: Area) -> GeoPoint? {
        let centroid = area.centroid
        if centroid.lon.isFinite, area.contains(centroid) { return centroid }
        return area.polygons.first?.outerRing.first
    }

    /// Checks a node's or department's code, name and variant against `InputLimits`; code and name must not be blank,
    /// and a variant must be one the kind has. `field` prefixes the field names.
    static func checkNames(code: String, name: String?, variant: String? = nil, kind: OrgNode.Kind? = nil, field: String = "") throws(DomainError) {
        try InputLimits.check(code, field: "\(field)code", max: InputLimits.code)
        try InputLimits.check(name, field: "\(field)name", max: InputLimits.name)
        try InputLimits.check(variant, field: "\(field)variant", max: InputLimits.code)
        for (value, key) in [(code, "code"), (name, "name")] where value?.trimmingCharacters(in: .whitespaces).isEmpty ?? false {
            throw OrganisationError.blank("\(field)\(key)")
        }
        if let variant, !variant.isEmpty, let kind, !kind.variants.contains(variant) {
            throw OrganisationError.invalidVariant(variant, of: kind, field: "\(field)variant")
        }
    }
}
