/// 角色 — what a user does in the platform.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    /// 城运中心值班员
    case dutyOfficer
    /// 职能部门处置人员
    case departmentHandler
    /// 网格监督员
    case gridInspector
    /// 居村干部 / 社工
    case communityWorker
    /// 第一站长 — the chief of a committee's joint-duty station (normally the committee's party secretary)
    case stationChief
    /// 领导
    case leader
    /// 居民
    case resident
    /// 管理员
    case admin
    /// 审计员 — reads the audit trail (使用痕迹) and the alerts on unusual access; changes nothing
    case auditor
}

/// 用户 — a person who signs in. Phone is personal data: masked in every response.
public struct User: Sendable, Hashable, Codable, Identifiable {
    public var id: UserID
    public var username: String
    public var displayName: String
    public var phone: String?
    public var active: Bool
    public var assignments: [Assignment]

    public init(id: UserID, username: String, displayName: String, phone: String? = nil, active: Bool = true, assignments: [Assignment]) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.phone = phone
        self.active = active
        self.assignments = assignments
    }
}

/// 任职 — a role held at a node of the tree (and, for a handler, in a department).
public struct Assignment: Sendable, Hashable, Codable {
    public var role: Role
    public var nodeID: NodeID
    /// The node's materialised path, so scope checks need no look-up.
    public var nodePath: String
    public var departmentID: DepartmentID?

    public init(role: Role, nodeID: NodeID, nodePath: String, departmentID: DepartmentID? = nil) {
        self.role = role
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.departmentID = departmentID
    }
}

/// Validates usernames and passwords at the edge of the system.
public enum Credentials {
    /// A username is 3–32 characters of letters, digits, `.`, `_` or `-`.
    public static func validateUsername(_ username: String) throws(DomainError) {
        let allowed = username.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
        guard (3...32).contains(username.count), allowed else {
            throw UserError.invalidUsername
        }
    }
}
