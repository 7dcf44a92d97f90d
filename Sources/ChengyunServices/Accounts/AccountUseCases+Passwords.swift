public import ChengyunCore
public import ChengyunStore
import Foundation
import HummingbirdBcrypt
import Logging
import Synchronization

extension AccountUseCases {
    /// 修改密码 — the signed-in user changes their own password with the old one; every other session of theirs
    /// ends (the one in use stays).
    public func changeOwnPassword(_ identity: Identity, old: String, new: String, currentTokenHash: String?, from caller: Caller) async throws {
        guard let id = identity.userID, let user = try await store.user(id), let found = try await store.credentials(username: user.username) else {
            throw AccountError.userRequired
        }
        guard Bcrypt.verify(old, hash: found.passwordHash) else {
            try await store.appendAudit(AuditEntry(at: clock.now(), actorID: id, actor: user.username, action: "auth.password_change_failed", target: "user:\(id)",
                                       subjectUserID: id, address: caller.address))
            throw AccountError.oldPasswordWrong
        }
        try PasswordPolicy.validate(new, username: user.username, field: "newPassword")
        guard new != old else { throw AccountError.passwordUnchanged }
        let ended = try await store.setPassword(id, hash: Secrets.hashPassword(new), keepingSession: currentTokenHash)
        sessions.endSessions(ended, user: nil)
        try await store.appendAudit(AuditEntry(at: clock.now(), actorID: id, actor: user.username, action: "auth.password_changed", target: "user:\(id)",
                                   subjectUserID: id, address: caller.address, detail: "\(ended.count) other sessions ended"))
    }

    /// 重置密码 — an admin over every node of the user sets a new password; all the user's sessions and streams end
    /// and a sign-in lock on the account is lifted.
    public func resetPassword(_ id: UserID, to new: String, by identity: Identity, from caller: Caller) async throws {
        guard let user = try await store.user(id) else { throw UserError.notFound(id) }
        try identity.requireAdmin(over: user)
        try PasswordPolicy.validate(new, username: user.username)
        _ = try await store.setPassword(id, hash: Secrets.hashPassword(new), keepingSession: nil)
        try await store.clearSignInFailures(username: user.username)
        sessions.endSessions([], user: id)
        try await store.appendAudit(AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "user.password_reset", target: "user:\(id)",
                                   subjectUserID: id, address: caller.address))
    }

    /// Usernames of active accounts that still have the demo password (`serve` refuses to listen beyond loopback
    /// while there is one).
    public func withDemoPassword() async throws -> [String] {
        try await store.accountsWithDemoPassword(limit: 20)
    }

    /// The API keys an admin may see: those on or under the nodes it administers.
    public func apiKeys(by identity: Identity) async throws -> [APIKeyRecord] {
        try await store.apiKeys(administeredBy: identity)
    }

    /// 吊销 — revokes an API key at once (its cached identity and live streams end too).
    public func revokeAPIKey(_ id: Int64, by identity: Identity, from caller: Caller) async throws {
        let key = try await store.requireAPIKey(id, by: identity, to: "revoke this API key")
        try await store.revokeAPIKey(id: id)
        sessions.forgetIdentities()
        sessions.streams.end(system: key.name)
        try await store.appendAudit(AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "apikey.revoked", target: "apikey:\(id)",
                                   address: caller.address, detail: key.name))
    }

    /// 轮换 — gives an API key a new secret, shown once; the old one stops working at once.
    public func rotateAPIKey(_ id: Int64, by identity: Identity, from caller: Caller) async throws -> (key: String, record: APIKeyRecord) {
        let record = try await store.requireAPIKey(id, by: identity, to: "rotate this API key")
        let key = Secrets.newSecret(prefix: "cyk_")
        try await store.rotateAPIKey(id: id, keyHash: Secrets.secretHash(key))
        sessions.forgetIdentities()
        sessions.streams.end(system: record.name)
        try await store.appendAudit(AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "apikey.rotated", target: "apikey:\(id)",
                                   address: caller.address, detail: record.name))
        return (key, record)
    }

    /// 使用痕迹 — the audit trail, newest first, for an auditor only: admins' own actions are on it.
    public func auditTrail(_ query: AuditQuery, by identity: Identity) async throws -> [AuditEntry] {
        guard identity.roles.contains(.auditor) else {
            throw AccountError.auditorOnly
        }
        return try await store.audit(query)
    }
}
