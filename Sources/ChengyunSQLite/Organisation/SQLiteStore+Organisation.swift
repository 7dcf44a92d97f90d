public import ChengyunCore
public import ChengyunStore
import Foundation
import GRDB

extension SQLiteStore {
    public func createNode(parentID: NodeID?, kind: OrgNode.Kind, variant: String?, code: String, name: String) async throws -> OrgNode {
        let parent: NodeDraft.Parent = parentID.map { .existing($0) } ?? .none
        return try await createNodes([NodeDraft(parent: parent, kind: kind, variant: variant, code: code, name: name)])[0]
    }

    public func createNodes(_ drafts: [NodeDraft]) async throws -> [OrgNode] {
        let areas = try drafts.map { try $0.area.map { try encode($0) } }
        return try await writer.write { db in
            var created: [OrgNode] = []
            created.reserveCapacity(drafts.count)
            for (index, draft) in drafts.enumerated() {
                let parent: OrgNode?
                switch draft.parent {
                case .none: parent = nil
                case .existing(let id): parent = try Self.fetchNode(db, id)
                    guard parent != nil else {
                        throw OrganisationError.parentNotFound(id)
                    }
                case .draft(let i):
                    guard i < index else { throw OrganisationError.parentOrder }
                    parent = created[i]
                }
                try OrgNode.checkPlacement(draft.kind, under: parent)
                try OrgNode.checkText(code: draft.code, name: draft.name)
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM org_node WHERE code = ?", arguments: [draft.code]) == true {
                    throw OrganisationError.duplicateNodeCode(draft.code)
                }
                try db.execute(
                    sql: "INSERT INTO org_node (parent_id, kind, variant, code, name, path) VALUES (?, ?, ?, ?, ?, '')",
                    arguments: [parent?.id.rawValue, draft.kind.rawValue, draft.variant, draft.code, draft.name])
                let id = NodeID(db.lastInsertedRowID)
                let path = OrgNode.childPath(parentPath: parent?.path, id: id)
                try db.execute(sql: "UPDATE org_node SET path = ? WHERE id = ?", arguments: [path, id.rawValue])
                if let geometry = areas[index] {
                    try db.execute(sql: "INSERT INTO node_area (node_id, kind, geometry) VALUES (?, ?, ?)", arguments: [id.rawValue, draft.kind.rawValue, geometry])
                }
                created.append(OrgNode(id: id, parentID: parent?.id, kind: draft.kind, variant: draft.variant, code: draft.code, name: draft.name, path: path))
            }
            return created
        }
    }

    static func node(_ row: Row) -> OrgNode {
        OrgNode(
            id: NodeID(row["id"] as Int64), parentID: (row["parent_id"] as Int64?).map(NodeID.init(rawValue:)),
            kind: OrgNode.Kind(rawValue: row["kind"]) ?? .grid, variant: row["variant"], code: row["code"], name: row["name"], path: row["path"])
    }

    static func fetchNode(_ db: Database, _ id: NodeID) throws -> OrgNode? {
        try Row.fetchOne(db, sql: "SELECT * FROM org_node WHERE id = ?", arguments: [id.rawValue]).map(node)
    }

    public func node(_ id: NodeID) async throws -> OrgNode? {
        try await read { db in try Self.fetchNode(db, id) }
    }

    public func nodes(_ ids: some Collection<NodeID> & Sendable) async throws -> [NodeID: OrgNode] {
        try await read { db in
            var out: [NodeID: OrgNode] = [:]
            try inChunks(ids.map(\.rawValue)) { chunk, marks in
                for node in try Row.fetchAll(db, sql: "SELECT * FROM org_node WHERE id IN (\(marks))", arguments: StatementArguments(chunk)).map(Self.node) {
                    out[node.id] = node
                }
            }
            return out
        }
    }

    public func node(code: String) async throws -> OrgNode? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM org_node WHERE code = ?", arguments: [code]).map(Self.node) }
    }

    public func nodes(under path: String, kinds: Set<OrgNode.Kind>?, limit: Int?, offset: Int) async throws -> [OrgNode] {
        let (low, high) = Self.pathRange(path)
        var sql = "SELECT * FROM org_node WHERE path >= ? AND path < ?"
        var args: [(any DatabaseValueConvertible)?] = [low, high]
        if let kinds {
            sql += " AND kind IN (\(kinds.map { _ in "?" }.joined(separator: ",")))"
            args += kinds.map(\.rawValue).sorted()
        }
        sql += " ORDER BY path LIMIT ? OFFSET ?"
        args += [limit ?? -1, offset]
        let arguments = StatementArguments(args)
        let query = sql
        return try await read { db in try Row.fetchAll(db, sql: query, arguments: arguments).map(Self.node) }
    }

    public func children(of id: NodeID?) async throws -> [OrgNode] {
        try await read { db in
            if let id {
                return try Row.fetchAll(db, sql: "SELECT * FROM org_node WHERE parent_id = ? ORDER BY code", arguments: [id.rawValue]).map(Self.node)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM org_node WHERE parent_id IS NULL ORDER BY code").map(Self.node)
        }
    }

    public func createDepartment(nodeID: NodeID, kind: String, code: String, name: String) async throws -> Department {
        try await writer.write { db in
            guard let node = try Self.fetchNode(db, nodeID) else {
                throw OrganisationError.nodeMissing(nodeID)
            }
            guard [.city, .district, .street].contains(node.kind) else {
                throw OrganisationError.departmentWrongLevel(node.kind)
            }
            try OrgNode.checkText(code: code, name: name)
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM department WHERE code = ?", arguments: [code]) == true {
                throw OrganisationError.duplicateDepartmentCode(code)
            }
            try db.execute(sql: "INSERT INTO department (node_id, kind, code, name) VALUES (?, ?, ?, ?)", arguments: [nodeID.rawValue, kind, code, name])
            return Department(id: DepartmentID(db.lastInsertedRowID), nodeID: nodeID, kind: kind, code: code, name: name)
        }
    }

    static func department(_ row: Row) -> Department {
        Department(id: DepartmentID(row["id"] as Int64), nodeID: NodeID(row["node_id"] as Int64), kind: row["kind"], code: row["code"], name: row["name"])
    }

    public func department(_ id: DepartmentID) async throws -> Department? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM department WHERE id = ?", arguments: [id.rawValue]).map(Self.department) }
    }

    public func departments(under path: String?) async throws -> [Department] {
        try await read { db in
            guard let path else { return try Row.fetchAll(db, sql: "SELECT * FROM department ORDER BY id").map(Self.department) }
            let (low, high) = Self.pathRange(path)
            return try Row.fetchAll(db, sql: """
                SELECT d.* FROM department d JOIN org_node n ON n.id = d.node_id
                WHERE n.path >= ? AND n.path < ? ORDER BY d.id
                """, arguments: [low, high]).map(Self.department)
        }
    }

    public func setAreas(_ areas: [(node: NodeID, area: Area)]) async throws {
        let encoded = try areas.map { ($0.node.rawValue, try encode($0.area)) }
        try await writer.write { db in
            for (node, geometry) in encoded {
                guard let kind = try String.fetchOne(db, sql: "SELECT kind FROM org_node WHERE id = ?", arguments: [node]) else {
                    throw OrganisationError.nodeMissing(NodeID(node))
                }
                try db.execute(sql: "INSERT OR REPLACE INTO node_area (node_id, kind, geometry) VALUES (?, ?, ?)", arguments: [node, kind, geometry])
            }
        }
    }

    public func area(of node: NodeID) async throws -> Area? {
        let text = try await read { db in try String.fetchOne(db, sql: "SELECT geometry FROM node_area WHERE node_id = ?", arguments: [node.rawValue]) }
        return try text.map { try decode(Area.self, $0) }
    }

    public func areas(kind: OrgNode.Kind, under path: String) async throws -> [(node: NodeID, area: Area)] {
        let (low, high) = Self.pathRange(path)
        let rows = try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.node_id, a.geometry FROM node_area a JOIN org_node n ON n.id = a.node_id
                WHERE a.kind = ? AND n.path >= ? AND n.path < ? ORDER BY a.node_id
                """, arguments: [kind.rawValue, low, high])
                .map { (NodeID($0["node_id"] as Int64), $0["geometry"] as String) }
        }
        return try rows.map { ($0.0, try decode(Area.self, $0.1)) }
    }
}
