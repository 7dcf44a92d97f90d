public import ChengyunCore
public import ChengyunStore
import Crypto
public import Foundation
import HummingbirdBcrypt
import Logging
import Synchronization

/// A bearer token just issued at sign-in.
public struct SessionToken: Sendable, Hashable {
    public var token: String
    public var expiresAt: Date
    public var user: User
}

/// 账号 — sign-in, sessions, passwords, API keys and the audit trail.
public struct AccountUseCases: UseCaseGroup {
    let store: any UserStore & AccountStore & SharingStore & AuditStore & OrganisationStore
    let shared: UseCaseContext
    let sessions: SessionCache
    let keyUsage: KeyUsageMeter
}

extension AccountUseCases {
    /// A hash to verify against when the username is unknown, so that the answer takes as long as for a real one.
    static let absentUserHash = Bcrypt.hash("no such user: \(UUID().uuidString)", cost: 10)

    /// 登录 — checks username and password and issues a bearer token.
    ///
    /// Failures are slowed, counted per username (known or not) and per address, locked past the policy's limit,
    /// logged and audited; an unknown and a known username take the same time and get the same answer.
    /// - Throws: 401 for a wrong name or password (no hint which); 429 while the username or the address is locked.
    public func login(username: String, password: String, from caller: Caller = Caller(address: nil)) async throws -> SessionToken {
        guard !username.isEmpty, !password.isEmpty else {
            throw AccountError.missingCredentials(field: username.isEmpty ? "username" : "password")
        }
        let policy = settings.security.signIn
        let name = String(username.prefix(64))
        let now = clock.now()
        let addressKey = caller.address ?? "unknown"
        if let wait = sessions.signInAddresses.blocked(addressKey, now: now) {
            logger.warning("sign-in refused: too many failures from this address", metadata: ["address": "\(addressKey)"])
            throw AccountError.tooManyAttempts(retryAfterSeconds: wait)
        }
        let record = try await store.signInRecord(username: name)
        let found = try await store.credentials(username: name)
        // Always one bcrypt verification, whether the user exists, is disabled or is locked.
        let matches = Bcrypt.verify(password, hash: found?.passwordHash ?? Self.absentUserHash)
        if policy.isLocked(record, now: now) {
            try await store.appendAudit(AuditEntry(at: now, actorID: nil, actor: name, action: "auth.sign_in_locked", target: "username:\(name)", address: caller.address))
            throw AccountError.locked(retryAfterSeconds: policy.retryAfter(record, now: now))
        }
        guard let found, found.user.active, matches else {
            let after = try await store.recordSignInFailure(username: name, at: now, policy: policy)
            sessions.signInAddresses.hit(addressKey, now: now)
            let locked = policy.isLocked(after, now: now)
            logger.warning("sign-in failed", metadata: ["address": "\(addressKey)", "locked": "\(locked)"])
            try await store.appendAudit(AuditEntry(at: now, actorID: found?.user.id, actor: name, action: locked ? "auth.account_locked" : "auth.sign_in_failed",
                                       target: "username:\(name)", subjectUserID: found?.user.id, address: caller.address))
            // Slower with every failure in the window: guessing gets expensive, a typo costs little.
            try? await Task.sleep(for: .milliseconds(min(2_000, 200 * max(1, after.failures))))
            throw AccountError.invalidCredentials
        }
        if record != nil { try await store.clearSignInFailures(username: name) }
        let token = Secrets.newSecret(prefix: "cy_")
        let expires = now.addingTimeInterval(settings.sessionHours * 3600)
        try await store.createSession(tokenHash: Secrets.secretHash(token), userID: found.user.id, expiresAt: expires)
        try await store.appendAudit(AuditEntry(at: now, actorID: found.user.id, actor: found.user.username, action: "auth.signed_in", target: "user:\(found.user.id)",
                                   address: caller.address))
        return SessionToken(token: token, expiresAt: expires, user: found.user)
    }

    /// A resolved bearer token: who, and until when at the latest (a session's end; nil for an API key).
    public struct Authenticated: Sendable {
        public var identity: Identity
        public var tokenHash: String
        public var expiresAt: Date?
    }

    /// Resolves a bearer token or an API key to an identity; cached briefly (never past the session's end) so a
    /// request costs no read.
    public func authenticate(bearer token: String) async throws -> Authenticated {
        let hash = Secrets.secretHash(token)
        let now = clock.now()
        if let cached = sessions.identities.withLock({ $0[hash] }), cached.expires > now {
            try await keyUsage.admit(cached.identity, at: now)
            return Authenticated(identity: cached.identity, tokenHash: hash, expiresAt: cached.sessionEnd)
        }
        let identity: Identity
        var sessionEnd: Date?
        var widenedUntil: Date?
        if token.hasPrefix("cyk_") {
            guard let key = try await store.apiKey(keyHash: hash) else { throw AccountError.invalidToken }
            var system = Identity(userID: nil, name: key.name, assignments: [], systemSources: key.sources, systemScopePath: key.nodePath)
            let widenings = try await store.widenings(keyID: key.id, activeAt: now)
            system.widenedPaths = widenings.map(\.nodePath)
            system.systemKeyID = key.id
            system.systemTerms = key.terms
            // The identity is kept no longer than its earliest widening lasts.
            widenedUntil = widenings.map(\.expiresAt).min()
            identity = system
        } else {
            guard let session = try await store.session(tokenHash: hash, now: now) else { throw AccountError.invalidToken }
            identity = .user(session.user)
            sessionEnd = session.expiresAt
        }
        let cacheEnd = now.addingTimeInterval(settings.security.identityCacheSeconds)
        sessions.identities.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[hash] = (identity, min(cacheEnd, sessionEnd ?? cacheEnd, widenedUntil ?? cacheEnd), sessionEnd)
        }
        try await keyUsage.admit(identity, at: now)
        return Authenticated(identity: identity, tokenHash: hash, expiresAt: sessionEnd)
    }

    /// 退出 — ends the session of a token and its live streams.
    public func logout(token: String) async throws {
        let hash = Secrets.secretHash(token)
        sessions.identities.withLock { _ = $0.removeValue(forKey: hash) }
        try await store.deleteSession(tokenHash: hash)
        sessions.streams.end(tokenHashes: [hash])
    }

    /// Creates an API key for an external system; the key is shown once.
    public func createAPIKey(by identity: Identity, name: String, sources: Set<CaseSource>, nodeID: NodeID) async throws -> (key: String, record: APIKeyRecord) {
        let node = try await store.requireNode(nodeID)
        try identity.require(anyOf: [.admin], at: node.path, to: "create API keys for this area")
        try InputLimits.check(name, field: "name", max: InputLimits.label)
        guard !sources.isEmpty else {
            throw AccountError.noSources
        }
        // A whistle-blower's case is made by the platform when the designated handler confirms the report, never by a system.
        guard !sources.contains(.whistleblower) else { throw AccountError.platformSource }
        let key = Secrets.newSecret(prefix: "cyk_")
        let record = try await store.createAPIKey(name: name, keyHash: Secrets.secretHash(key), sources: sources, nodeID: nodeID)
        try await store.appendAudit(AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "apikey.created", target: "apikey:\(record.id)",
                                   detail: name))
        return (key, record)
    }

}
