public import ChengyunCore
public import ChengyunStore
import Foundation
import HummingbirdBcrypt
import Logging
import Synchronization

extension Platform {
    /// 修改密码 — the signed-in user changes their own password with the old one; every other session of theirs
    /// ends (the one in use stays).
    public func changeOwnPassword(_ identity: Identity, old: String, new: String, currentTokenHash: String?, from caller: Caller) async throws {
        guard let id = identity.userID, let user = try await store.user(id), let found = try await store.credentials(username: user.username) else {
            throw DomainError.forbidden("auth.user_required", "Only a signed-in user has a password to change.")
        }
        guard Bcrypt.verify(old, hash: found.passwordHash) else {
            try await audit(AuditEntry(at: clock.now(), actorID: id, actor: user.username, action: "auth.password_change_failed", target: "user:\(id)",
                                       subjectUserID: id, address: caller.address))
            throw DomainError.invalid("password.old_wrong", "The current password is wrong.", field: "oldPassword")
        }
        try PasswordPolicy.validate(new, username: user.username, field: "newPassword")
        guard new != old else { throw DomainError.invalid("password.unchanged", "The new password must differ from the current one.", field: "newPassword") }
        let ended = try await store.setPassword(id, hash: Self.hashPassword(new), keepingSession: currentTokenHash)
        endSessions(ended, user: nil)
        try await audit(AuditEntry(at: clock.now(), actorID: id, actor: user.username, action: "auth.password_changed", target: "user:\(id)",
                                   subjectUserID: id, address: caller.address, detail: "\(ended.count) other sessions ended"))
    }

    /// 重置密码 — an admin over every node of the user sets a new password; all the user's sessions and streams end
    /// and a sign-in lock on the account is lifted.
    public func resetPassword(_ id: UserID, to new: String, by identity: Identity, from caller: Caller) async throws {
        guard let user = try await store.user(id) else { throw DomainError.notFound("user.not_found", "User \(id) does not exist.") }
        try requireAdmin(over: user, identity)
        try PasswordPolicy.validate(new, username: user.username)
        _ = try await store.setPassword(id, hash: Self.hashPassword(new), keepingSession: nil)
        try await store.clearSignInFailures(username: user.username)
        endSessions([], user: id)
        try await audit(AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "user.password_reset", target: "user:\(id)",
                                   subjectUserID: id, address: caller.address))
    }

    /// Throws unless the identity administers every node the user holds a role at.
    func requireAdmin(over user: User, _ identity: Identity) throws {
        for a in user.assignments { try identity.require(anyOf: [.admin], at: a.nodePath, to: "change \(user.username)") }
        if user.assignments.isEmpty { try identity.require(anyOf: [.admin], to: "change \(user.username)") }
    }

    /// Usernames of active accounts that still have the demo password (`serve` refuses to listen beyond loopback
    /// while there is one).
    public func accountsWithDemoPassword() async throws -> [String] {
        try await store.accountsWithDemoPassword(limit: 20)
    }

    /// The API keys an admin may see: those on or under the nodes it administers.
    public func apiKeys(by identity: Identity) async throws -> [APIKeyRecord] {
        try identity.require(anyOf: [.admin], to: "list API keys")
        var seen = Set<Int64>()
        var keys: [APIKeyRecord] = []
        for path in identity.paths(for: [.admin]) {
            for k in try await store.apiKeys(under: path) where seen.insert(k.id).inserted { keys.append(k) }
        }
        return keys.sorted { $0.id < $1.id }
    }

    func requireAPIKey(_ id: Int64, by identity: Identity, to action: String) async throws -> APIKeyRecord {
        guard let key = try await store.apiKey(id: id) else { throw DomainError.notFound("apikey.not_found", "There is no API key \(id).") }
        try identity.require(anyOf: [.admin], at: key.nodePath, to: action)
        return key
    }

    /// 吊销 — revokes an API key at once (its cached identity and live streams end too).
    public func revokeAPIKey(_ id: Int64, by identity: Identity, from caller: Caller) async throws {
        let key = try await requireAPIKey(id, by: identity, to: "revoke this API key")
        try await store.revokeAPIKey(id: id)
        identities.withLock { $0.removeAll() }
        streams.end(system: key.name)
        try await audit(AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "apikey.revoked", target: "apikey:\(id)",
                                   address: caller.address, detail: key.name))
    }

    /// 轮换 — gives an API key a new secret, shown once; the old one stops working at once.
    public func rotateAPIKey(_ id: Int64, by identity: Identity, from caller: Caller) async throws -> (key: String, record: APIKeyRecord) {
        let record = try await requireAPIKey(id, by: identity, to: "rotate this API key")
        let key = Self.newSecret(prefix: "cyk_")
        try await store.rotateAPIKey(id: id, keyHash: Self.secretHash(key))
        identities.withLock { $0.removeAll() }
        streams.end(system: record.name)
        try await audit(AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "apikey.rotated", target: "apikey:\(id)",
                                   address: caller.address, detail: record.name))
        return (key, record)
    }

    /// 使用痕迹 — the audit trail, newest first, for an auditor only: admins' own actions are on it.
    public func auditTrail(_ query: AuditQuery, by identity: Identity) async throws -> [AuditEntry] {
        guard identity.roles.contains(.auditor) else {
            throw DomainError.forbidden("audit.auditor_only", "Only an auditor may read the audit trail.")
        }
        return try await store.audit(query)
    }
}
