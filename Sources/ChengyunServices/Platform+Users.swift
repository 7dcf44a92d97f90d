public import ChengyunCore
public import ChengyunStore

/// A user to create, as an admin sends it.
public struct NewUserInput: Sendable, Hashable, Codable {
    public var username: String
    public var displayName: String
    public var phone: String?
    public var password: String
    public var assignments: [AssignmentDraft]
    public init(username: String, displayName: String, phone: String?, password: String, assignments: [AssignmentDraft]) {
        self.username = username
        self.displayName = displayName
        self.phone = phone
        self.password = password
        self.assignments = assignments
    }
}

extension Platform {
    /// Creates a user; an admin may assign roles only within the nodes it administers (nil identity: the command line).
    public func createUser(_ input: NewUserInput, by identity: Identity?) async throws -> User {
        try Credentials.validateUsername(input.username)
        try Credentials.validatePassword(input.password)
        guard !input.displayName.isEmpty, input.displayName.count <= 60 else {
            throw DomainError.invalid("user.invalid_display_name", "A display name is 1–60 characters.", field: "displayName")
        }
        if let phone = input.phone, !phone.allSatisfy({ $0.isNumber || $0 == "+" || $0 == "-" }) || phone.count > 20 {
            throw DomainError.invalid("user.invalid_phone", "A phone number is up to 20 digits, '+' or '-'.", field: "phone")
        }
        guard !input.assignments.isEmpty else {
            throw DomainError.invalid("user.no_assignment", "Give at least one assignment: a role at a node.", field: "assignments")
        }
        for (i, a) in input.assignments.enumerated() {
            let node = try await requireNode(a.nodeID, field: "assignments[\(i)].nodeId")
            if let identity { try identity.require(anyOf: [.admin], at: node.path, to: "assign roles at \(node.name)") }
            if let d = a.departmentID, let path = data.departmentPaths[d], !node.path.hasPrefix(path) && !path.hasPrefix(node.path) {
                throw DomainError.unprocessable("user.department_elsewhere", "Department \(d) does not belong to node \(node.name).", field: "assignments[\(i)].departmentId")
            }
        }
        let hash = Self.hashPassword(input.password)
        return try await store.createUser(UserDraft(username: input.username, displayName: input.displayName, phone: input.phone, passwordHash: hash, assignments: input.assignments))
    }

    /// Users assigned on or under a node the identity administers or leads.
    public func users(under nodeID: NodeID, by identity: Identity, limit: Int, offset: Int) async throws -> [User] {
        let node = try await requireNode(nodeID)
        try identity.require(anyOf: [.admin, .leader, .dutyOfficer], at: node.path, to: "list the users here")
        return try await store.users(under: node.path, limit: limit, offset: offset)
    }
}
