public import ChengyunCore
public import Foundation

/// Sign-in protection, passwords and the life of sessions and API keys.
public protocol AccountStore: Sendable {
    /// The user of a live session and when it ends, if the token hash is known, unexpired at `now` and the user active.
    func session(tokenHash: String, now: Date) async throws -> (user: User, expiresAt: Date)?
    /// The failed sign-ins counted for a username (case-insensitive), known or not.
    func signInRecord(username: String) async throws -> SignInPolicy.Record?
    /// Counts one failed sign-in for the username, in one transaction, and returns the record after it.
    func recordSignInFailure(username: String, at now: Date, policy: SignInPolicy) async throws -> SignInPolicy.Record
    /// Forgets the failures of a username after a successful sign-in.
    func clearSignInFailures(username: String) async throws
    /// Sets a user's password hash and ends every session of the user but `keepingSession`; returns the ended
    /// sessions' token hashes.
    func setPassword(_ id: UserID, hash: String, keepingSession: String?) async throws -> [String]
    /// Usernames of active accounts that still have the demo password (set by the demo generator, never changed).
    func accountsWithDemoPassword(limit: Int) async throws -> [String]
    /// API keys whose node lies on or under `path`.
    func apiKeys(under path: String) async throws -> [APIKeyRecord]
    func apiKey(id: Int64) async throws -> APIKeyRecord?
    /// Revokes a key for good.
    func revokeAPIKey(id: Int64) async throws
    /// Replaces a key's secret (rotation): the old key stops working in the same transaction.
    func rotateAPIKey(id: Int64, keyHash: String) async throws
}

/// 使用痕迹 — one line of the append-only audit trail.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var at: Date
    /// Who acted: a user, a system (API key) or the platform.
    public var actorID: UserID?
    public var actor: String
    /// What was done: `auth.sign_in_failed`, `user.password_reset`, `apikey.revoked`, `personal.read`, …
    public var action: String
    /// What it was done to: `user:12`, `case:4711`, `apikey:3`, `export:kpis.xlsx`.
    public var target: String
    /// The person the data concerns, when it is personal data (for the query by person).
    public var subjectUserID: UserID?
    /// Why (the purpose the caller gave), when asked.
    public var reason: String?
    /// The caller's network address.
    public var address: String?
    /// A short description without personal data.
    public var detail: String?

    public init(id: Int64 = 0, at: Date, actorID: UserID?, actor: String, action: String, target: String, subjectUserID: UserID? = nil,
                reason: String? = nil, address: String? = nil, detail: String? = nil) {
        self.id = id
        self.at = at
        self.actorID = actorID
        self.actor = actor
        self.action = action
        self.target = target
        self.subjectUserID = subjectUserID
        self.reason = reason
        self.address = address
        self.detail = detail
    }
}

/// Which audit lines to read, newest first, a page at a time by id.
public struct AuditQuery: Sendable, Hashable {
    public var actorID: UserID?
    public var subjectUserID: UserID?
    public var actionPrefix: String?
    public var from: Date?
    public var to: Date?
    /// Lines with an id below this (the cursor of the next page).
    public var before: Int64?
    public var limit: Int
    public init(actorID: UserID? = nil, subjectUserID: UserID? = nil, actionPrefix: String? = nil, from: Date? = nil, to: Date? = nil,
                before: Int64? = nil, limit: Int = 100) {
        self.actorID = actorID
        self.subjectUserID = subjectUserID
        self.actionPrefix = actionPrefix
        self.from = from
        self.to = to
        self.before = before
        self.limit = limit
    }
}

/// The audit trail: append and read, never change.
public protocol AuditStore: Sendable {
    func appendAudit(_ entries: [AuditEntry]) async throws
    func audit(_ query: AuditQuery) async throws -> [AuditEntry]
    /// How many lines an actor has with actions starting with `actionPrefix` since `since` (for unusual-access alerts).
    func auditCount(actorID: UserID, actionPrefix: String, since: Date) async throws -> Int
}
