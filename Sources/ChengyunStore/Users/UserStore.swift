public import ChengyunCore
public import Foundation

/// An assignment to create: role at a node, and the department for a handler.
public struct AssignmentDraft: Sendable, Hashable, Codable {
    public var role: Role
    public var nodeID: NodeID
    public var departmentID: DepartmentID?
    public init(role: Role, nodeID: NodeID, departmentID: DepartmentID? = nil) {
        self.role = role
        self.nodeID = nodeID
        self.departmentID = departmentID
    }
}

/// A new user with a password hash (bcrypt) already computed.
public struct UserDraft: Sendable, Hashable {
    public var username: String
    public var displayName: String
    public var phone: String?
    public var passwordHash: String
    public var assignments: [AssignmentDraft]
    /// The password is the demo password (only the demo generator sets this): `serve` refuses to listen beyond
    /// loopback while any such account is active.
    public var demoPassword: Bool
    public init(username: String, displayName: String, phone: String?, passwordHash: String, assignments: [AssignmentDraft], demoPassword: Bool = false) {
        self.username = username
        self.displayName = displayName
        self.phone = phone
        self.passwordHash = passwordHash
        self.assignments = assignments
        self.demoPassword = demoPassword
    }
}

/// Users, sessions and API keys.
public protocol UserStore: Sendable {
    func createUser(_ draft: UserDraft) async throws -> User
    func createUsers(_ drafts: [UserDraft]) async throws -> [User]
    func user(_ id: UserID) async throws -> User?
    /// The display names of these users (those that exist), in one read: a ranking names a thousand handlers.
    func displayNames(of ids: some Collection<UserID> & Sendable) async throws -> [UserID: String]
    /// The user and their password hash, for sign-in.
    func credentials(username: String) async throws -> (user: User, passwordHash: String)?
    /// Users with an assignment on or under `path`.
    func users(under path: String, limit: Int, offset: Int) async throws -> [User]
    /// Active staff — users with an assignment other than `resident` — exactly at `node` (a committee's own, or its
    /// street's or district's cadres), by id, at most `limit`: residents, however many, never crowd them out.
    func staff(at node: NodeID, limit: Int) async throws -> [User]
    func setUserActive(_ id: UserID, active: Bool) async throws
    /// Changes a user's name and phone and, when given, replaces the roles and sets whether they may sign in, in one
    /// transaction; their sessions end when the roles change or they are disabled.
    func updateUser(_ id: UserID, displayName: String, phone: String?, assignments: [AssignmentDraft]?, active: Bool?) async throws -> User
    func createSession(tokenHash: String, userID: UserID, expiresAt: Date) async throws
    func deleteSession(tokenHash: String) async throws
    func createAPIKey(name: String, keyHash: String, sources: Set<CaseSource>, nodeID: NodeID) async throws -> APIKeyRecord
    func apiKey(keyHash: String) async throws -> APIKeyRecord?
}
