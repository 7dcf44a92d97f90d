/// 身份 — who is calling: a signed-in user with assignments, or an external system with an API key.
public struct Identity: Sendable, Hashable {
    /// The user, or nil for an external system.
    public var userID: UserID?
    /// Username, or the API key's system name.
    public var name: String
    public var assignments: [Assignment]
    /// For an external system: the sources it may report as (12345 hotline, 110, sensor, video).
    public var systemSources: Set<CaseSource>
    /// For an external system: the subtree it may report into.
    public var systemScopePath: String?
    /// For an external system: further subtrees it may read for a while (数据瞬时共享 — an emergency widening that
    /// expires by itself).
    public var widenedPaths: [String] = []
    /// For an external system: its API key's id and sharing terms (purpose, daily limit, end).
    public var systemKeyID: Int64?
    public var systemTerms: SharingTerms?

    public init(userID: UserID?, name: String, assignments: [Assignment], systemSources: Set<CaseSource> = [], systemScopePath: String? = nil) {
        self.userID = userID
        self.name = name
        self.assignments = assignments
        self.systemSources = systemSources
        self.systemScopePath = systemScopePath
    }

    /// A signed-in user.
    public static func user(_ user: User) -> Identity {
        Identity(userID: user.id, name: user.username, assignments: user.assignments)
    }

    /// The platform itself (deadline ticker, automatic escalation).
    public static let platform = Identity(userID: nil, name: "platform", assignments: [], systemSources: Set(CaseSource.allCases), systemScopePath: "/")

    public var isSystem: Bool { userID == nil }

    /// An external system that only relays residents' reports (an Open311 client): its sharing terms let it post
    /// reports and read the public Open311 feed, nothing of the case list.
    public var isCitizenClient: Bool { isSystem && self != .platform && !systemSources.isEmpty && systemSources.isSubset(of: [.resident]) }

    /// Every role this identity holds anywhere.
    public var roles: Set<Role> { Set(assignments.map(\.role)) }

    /// The roles this identity holds over the node at `path` (an assignment at the node or above it).
    public func roles(at path: String) -> Set<Role> {
        Set(assignments.filter { path.hasPrefix($0.nodePath) }.map(\.role))
    }

    /// Whether the identity holds `role` over the node at `path`.
    public func has(_ role: Role, at path: String) -> Bool {
        assignments.contains { $0.role == role && path.hasPrefix($0.nodePath) }
    }

    /// Whether the node at `path` lies in this identity's scope for any role (or in a system's scope).
    public func sees(path: String) -> Bool {
        if let scope = systemScopePath { return path.hasPrefix(scope) || widenedPaths.contains { path.hasPrefix($0) } }
        return assignments.contains { path.hasPrefix($0.nodePath) }
    }

    /// The departments this identity handles for, with the path of the assignment.
    public var handlerDepartments: [(department: DepartmentID, path: String)] {
        assignments.compactMap { a in
            guard a.role == .departmentHandler, let d = a.departmentID else { return nil }
            return (d, a.nodePath)
        }
    }

    /// The scope paths of the assignments with one of the given roles.
    public func paths(for roles: Set<Role>) -> [String] {
        assignments.filter { roles.contains($0.role) }.map(\.nodePath)
    }

    /// Throws `forbidden` unless the identity holds one of `roles` somewhere.
    public func require(anyOf roles: Set<Role>, to action: String) throws(DomainError) {
        guard !self.roles.isDisjoint(with: roles) else {
            throw AccessError.roleRequired(roles, to: action)
        }
    }

    /// Throws `forbidden` unless the identity holds one of `roles` over the node at `path`.
    public func require(anyOf roles: Set<Role>, at path: String, to action: String) throws(DomainError) {
        guard roles.contains(where: { has($0, at: path) }) else {
            throw AccessError.outOfScope(roles, to: action)
        }
    }
}

/// 数据范围 — which cases a query may return, derived from an identity.
public struct CaseScope: Sendable, Hashable {
    /// Cases under any of these paths are visible.
    public var paths: [String]
    /// Cases involving the department, under the path, are visible.
    public var departments: [DepartmentPath]
    /// Cases this user reported are visible.
    public var reporter: UserID?
    /// For an external system: only cases from its own sources (a 12345 key sees hotline tickets, not 110 calls).
    public var sources: Set<CaseSource>?

    /// A department with the subtree it serves.
    public struct DepartmentPath: Sendable, Hashable {
        public var department: DepartmentID
        public var path: String
        public init(department: DepartmentID, path: String) {
            self.department = department
            self.path = path
        }
    }

    public init(paths: [String], departments: [DepartmentPath] = [], reporter: UserID? = nil, sources: Set<CaseSource>? = nil) {
        self.paths = paths
        self.departments = departments
        self.reporter = reporter
        self.sources = sources
    }

    /// The whole city: for the platform's own services.
    public static let everything = CaseScope(paths: ["/"])

    /// The scope of an identity: its area roles see their subtree, handlers their departments' cases,
    /// everyone the cases they reported themselves.
    public static func of(_ identity: Identity) -> CaseScope {
        if let system = identity.systemScopePath {
            // A citizen-reporting client (Open311) reports and reads the public feed; its terms give it no case list.
            if identity.isCitizenClient { return CaseScope(paths: [], sources: []) }
            return CaseScope(paths: [system] + identity.widenedPaths, sources: identity == .platform ? nil : identity.systemSources)
        }
        let areaRoles: Set<Role> = [.dutyOfficer, .leader, .gridInspector, .communityWorker, .stationChief, .admin]
        return CaseScope(
            paths: identity.paths(for: areaRoles),
            departments: identity.handlerDepartments.map { DepartmentPath(department: $0.department, path: $0.path) },
            reporter: identity.userID
        )
    }

    /// Whether the case is in this scope.
    public func contains(_ record: CaseRecord) -> Bool {
        if let sources, !sources.contains(record.source) { return false }
        if paths.contains(where: { record.nodePath.hasPrefix($0) }) { return true }
        if let reporter, record.reporterID == reporter { return true }
        let involved = record.involvedDepartments
        return departments.contains { involved.contains($0.department) && record.nodePath.hasPrefix($0.path) }
    }
}
