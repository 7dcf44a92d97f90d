public import ChengyunCore
public import ChengyunStore
import Foundation
import Synchronization

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

/// What an admin changes about a user; a field left out stays as it is (an empty phone removes it).
public struct UserChange: Sendable, Hashable, Codable {
    public var displayName: String?
    public var phone: String?
    public var active: Bool?
    public var assignments: [AssignmentDraft]?
    /// Never changed here: a password is changed by its owner or reset by an admin (refused with a pointer there).
    public var password: String?
    public init(displayName: String? = nil, phone: String? = nil, active: Bool? = nil, assignments: [AssignmentDraft]? = nil) {
        self.displayName = displayName
        self.phone = phone
        self.active = active
        self.assignments = assignments
    }
}

/// 用户 — the users of the platform, their roles at nodes, and their profiles.
public struct UserUseCases: UseCaseGroup {
    let store: any UserStore & OrganisationStore & AuditStore
    let shared: UseCaseContext
    let sessions: SessionCache
}

extension UserUseCases {
    /// The signed-in user's own record, or nil for a system (API key).
    public func me(_ identity: Identity) async throws -> User? {
        guard let id = identity.userID else { return nil }
        return try await store.user(id)
    }

    /// Creates a user; an admin may assign roles only within the nodes it administers (nil identity: the command line).
    public func createUser(_ input: NewUserInput, by identity: Identity?) async throws -> User {
        try Credentials.validateUsername(input.username)
        try PasswordPolicy.validate(input.password, username: input.username)
        try Self.validateProfile(displayName: input.displayName, phone: input.phone)
        try await checkAssignments(input.assignments, by: identity)
        let hash = Secrets.hashPassword(input.password)
        let user = try await store.createUser(UserDraft(username: input.username, displayName: input.displayName, phone: input.phone, passwordHash: hash, assignments: input.assignments))
        try await store.appendAudit(AuditEntry(at: clock.now(), actorID: identity?.userID, actor: identity?.name ?? "command line", action: "user.created",
                                   target: "user:\(user.id)", subjectUserID: user.id, detail: Self.describe(input.assignments)))
        return user
    }

    /// Roles at nodes, for the audit trail: `dutyOfficer@12, departmentHandler@3/d7`.
    static func describe(_ assignments: [AssignmentDraft]) -> String {
        assignments.map { "\($0.role.rawValue)@\($0.nodeID)" + ($0.departmentID.map { "/d\($0)" } ?? "") }.joined(separator: ", ")
    }

    /// Changes a user's display name, phone, roles or whether they may sign in. The admin must administer every node
    /// the user holds a role at now and every node of the new roles; changing the roles or disabling ends the user's
    /// sessions, so the change takes effect at once.
    public func updateUser(_ id: UserID, _ change: UserChange, by identity: Identity) async throws -> User {
        guard let user = try await store.user(id) else { throw UserError.notFound(id) }
        try identity.requireAdmin(over: user)
        if change.password != nil {
            throw UserError.passwordNotHere(id)
        }
        if change.active == false, user.id == identity.userID {
            throw UserError.disableSelf
        }
        let displayName = change.displayName ?? user.displayName
        let phone = change.phone.map { $0.isEmpty ? nil : $0 } ?? user.phone
        try Self.validateProfile(displayName: displayName, phone: phone)
        if let assignments = change.assignments { try await checkAssignments(assignments, by: identity) }
        let updated = try await store.updateUser(id, displayName: displayName, phone: phone, assignments: change.assignments, active: change.active)
        if change.assignments != nil || change.active == false {
            // The sessions are gone from the store; forget the identities resolved from them and end their streams.
            sessions.endSessions([], user: id)
        }
        var changed: [String] = []
        if change.displayName != nil { changed.append("displayName") }
        if change.phone != nil { changed.append("phone") }
        if let active = change.active { changed.append("active=\(active)") }
        if let a = change.assignments { changed.append("assignments=[\(Self.describe(a))]") }
        try await store.appendAudit(AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "user.changed", target: "user:\(id)",
                                   subjectUserID: id, detail: changed.joined(separator: "; ")))
        return updated
    }

    static func validateProfile(displayName: String, phone: String?) throws {
        guard !displayName.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw UserError.invalidDisplayName
        }
        try InputLimits.check(displayName, field: "displayName", max: InputLimits.name)
        try PhoneNumber.check(phone, field: "phone")
    }

    /// Roles may be given only within the nodes the admin administers, and a department only at its own node.
    func checkAssignments(_ assignments: [AssignmentDraft], by identity: Identity?) async throws {
        guard !assignments.isEmpty else {
            throw UserError.noAssignment
        }
        for (i, a) in assignments.enumerated() {
            let node = try await store.requireNode(a.nodeID, field: "assignments[\(i)].nodeId")
            if let identity { try identity.require(anyOf: [.admin], at: node.path, to: "assign roles at \(node.name)") }
            if let d = a.departmentID, let path = data.departmentPaths[d], !node.path.hasPrefix(path) && !path.hasPrefix(node.path) {
                throw UserError.departmentElsewhere(d, node: node, index: i)
            }
        }
    }

    /// Users assigned on or under a node the identity administers or leads.
    public func list(under nodeID: NodeID, by identity: Identity, limit: Int, offset: Int) async throws -> [User] {
        let node = try await store.requireNode(nodeID)
        try identity.require(anyOf: [.admin, .leader, .dutyOfficer], at: node.path, to: "list the users here")
        return try await store.users(under: node.path, limit: limit, offset: offset)
    }
}
