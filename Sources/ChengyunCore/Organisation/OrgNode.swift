import Foundation

/// 组织节点 — a node of the organisation tree: city → district → street/town → committee → grid.
public struct OrgNode: Sendable, Hashable, Codable, Identifiable {
    /// The five levels of the tree, top down.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case city, district, street, committee, grid

        /// Depth in the tree: city 0 … grid 4.
        public var depth: Int { Self.allCases.firstIndex(of: self)! }
        /// The kind a child of this kind must have, if any.
        public var childKind: Kind? { depth + 1 < Self.allCases.count ? Self.allCases[depth + 1] : nil }
        /// The kind a parent of this kind must have, if any.
        public var parentKind: Kind? { depth > 0 ? Self.allCases[depth - 1] : nil }
        /// The variants a node of this kind may have: a street may be a town (镇), a committee a village (村委).
        public var variants: Set<String> {
            switch self {
            case .street: ["town"]
            case .committee: ["village"]
            case .city, .district, .grid: []
            }
        }
        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.depth < rhs.depth }
    }

    public var id: NodeID
    public var parentID: NodeID?
    public var kind: Kind
    /// `town` for a 镇, `village` for a 村委; nil for the default variant.
    public var variant: String?
    /// Administrative code; a grid's is the 15-character GB/T 30428.1 code.
    public var code: String
    public var name: String
    /// Materialised path of ids from the root, e.g. `/1/4/17/`; the scope test is a prefix test.
    public var path: String

    public init(id: NodeID, parentID: NodeID?, kind: Kind, variant: String? = nil, code: String, name: String, path: String) {
        self.id = id
        self.parentID = parentID
        self.kind = kind
        self.variant = variant
        self.code = code
        self.name = name
        self.path = path
    }

    /// The ids on the path from the root to this node, root first.
    public var ancestry: [NodeID] { OrgNode.ids(inPath: path) }

    /// Whether `other` lies in this node's subtree (or is this node).
    public func contains(_ other: OrgNode) -> Bool { other.path.hasPrefix(path) }

    /// The path of a child with the given id.
    public static func childPath(parentPath: String?, id: NodeID) -> String {
        (parentPath ?? "/") + "\(id.rawValue)/"
    }

    /// The half-open range of paths under `prefix`, for index range scans compared byte by byte (SQLite's BINARY,
    /// PostgreSQL's `COLLATE "C"`): `/1/4/` → [`/1/4/`, `/1/40`) — '0' is the byte after '/'.
    public static func pathRange(_ prefix: String) -> (String, String) {
        (prefix, String(prefix.dropLast()) + "0")
    }

    /// A node of `kind` may stand under `parent`: a city at the root, every other kind under its parent kind.
    /// - Throws: `OrganisationError.parentRequired` or `.wrongLevel`.
    public static func checkPlacement(_ kind: Kind, under parent: OrgNode?) throws {
        guard let parent else {
            guard kind == .city else { throw OrganisationError.parentRequired(kind) }
            return
        }
        guard parent.kind.childKind == kind else { throw OrganisationError.wrongLevel(kind, under: parent.kind) }
    }

    /// A node's or a department's code (ASCII letters, digits and '-', at most 32) and name (not blank, at most 100).
    /// - Throws: `OrganisationError.invalidCode` or `.invalidName`.
    public static func checkText(code: String, name: String) throws {
        guard !code.isEmpty, code.count <= 32, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw OrganisationError.invalidCode
        }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 100 else { throw OrganisationError.invalidName }
    }

    /// The paths above `path`: `/1/4/27/` → `/`, `/1/`, `/1/4/`.
    public static func properAncestors(of path: String) -> [String] {
        var out: [String] = []
        var i = path.startIndex
        while let slash = path[i...].firstIndex(of: "/") {
            let prefix = String(path[...slash])
            if prefix != path { out.append(prefix) }
            i = path.index(after: slash)
        }
        return out
    }

    /// Parses a materialised path into ids, root first.
    public static func ids(inPath path: String) -> [NodeID] {
        path.split(separator: "/").compactMap { Int64($0).map(NodeID.init(rawValue:)) }
    }

    /// The id of the node at `path` (its last component), read without splitting the path: `/1/4/27/` → 27.
    public static func lastID(inPath path: String) -> NodeID? {
        let trimmed = path.hasSuffix("/") ? path.dropLast() : Substring(path)
        let start = trimmed.lastIndex(of: "/").map(trimmed.index(after:)) ?? trimmed.startIndex
        return Int64(trimmed[start...]).map(NodeID.init(rawValue:))
    }

    /// The ancestor (or self) at `depth` (0 = city) of the node at `path`: its id and path, or nil when the path is shallower.
    public static func ancestor(of path: String, depth: Int) -> (id: NodeID, path: String)? {
        let ids = ids(inPath: path)
        guard depth >= 0, depth < ids.count else { return nil }
        return (ids[depth], "/" + ids[0...depth].map(\.description).joined(separator: "/") + "/")
    }
}

/// 职能部门 — a department attached to a city, district or street node.
public struct Department: Sendable, Hashable, Codable, Identifiable {
    public var id: DepartmentID
    /// The node it serves: a city, district or street.
    public var nodeID: NodeID
    /// A department kind code, e.g. `chengguan`, shared with the taxonomy.
    public var kind: String
    public var code: String
    public var name: String

    public init(id: DepartmentID, nodeID: NodeID, kind: String, code: String, name: String) {
        self.id = id
        self.nodeID = nodeID
        self.kind = kind
        self.code = code
        self.name = name
    }
}
