public import ChengyunCore
public import ChengyunStore
import Crypto
public import Foundation
import HummingbirdBcrypt
import Synchronization

/// A bearer token just issued at sign-in.
public struct SessionToken: Sendable, Hashable {
    public var token: String
    public var expiresAt: Date
    public var user: User
}

extension Platform {
    /// Hashes a password with bcrypt (cost 10).
    public static func hashPassword(_ password: String) -> String {
        Bcrypt.hash(password, cost: 10)
    }

    /// A random 256-bit secret as hex, for tokens and API keys.
    public static func newSecret(prefix: String) -> String {
        var rng = SystemRandomNumberGenerator()
        return prefix + hex((0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    /// Lower-case hex of bytes (String(format:) is slow on Linux and this runs on every request).
    static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The SHA-256 of a secret: only this is stored.
    public static func secretHash(_ secret: String) -> String {
        hex(SHA256.hash(data: Data(secret.utf8)))
    }

    /// 登录 — checks username and password and issues a bearer token.
    /// - Throws: 401 with one message for a wrong name or password (no hint which).
    public func login(username: String, password: String) async throws -> SessionToken {
        guard !username.isEmpty, !password.isEmpty else {
            throw DomainError.invalid("auth.missing_credentials", "Send a JSON body with username and password.", field: username.isEmpty ? "username" : "password")
        }
        let found = try await store.credentials(username: username)
        guard let found, found.user.active, Bcrypt.verify(password, hash: found.passwordHash) else {
            throw DomainError(.unauthenticated, "auth.invalid_credentials", "Username or password is wrong.")
        }
        let token = Self.newSecret(prefix: "cy_")
        let expires = clock.now().addingTimeInterval(settings.sessionHours * 3600)
        try await store.createSession(tokenHash: Self.secretHash(token), userID: found.user.id, expiresAt: expires)
        return SessionToken(token: token, expiresAt: expires, user: found.user)
    }

    /// Resolves a bearer token or an API key to an identity; cached briefly so a request costs no read.
    public func authenticate(bearer token: String) async throws -> Identity {
        let hash = Self.secretHash(token)
        let now = clock.now()
        if let cached = identities.withLock({ $0[hash] }), cached.expires > now { return cached.identity }
        let identity: Identity
        if token.hasPrefix("cyk_") {
            guard let key = try await store.apiKey(keyHash: hash) else { throw Self.badToken }
            identity = Identity(userID: nil, name: key.name, assignments: [], systemSources: key.sources, systemScopePath: key.nodePath)
        } else {
            guard let user = try await store.sessionUser(tokenHash: hash, now: now) else { throw Self.badToken }
            identity = .user(user)
        }
        identities.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[hash] = (identity, now.addingTimeInterval(30))
        }
        return identity
    }

    /// 退出 — ends the session of a token.
    public func logout(token: String) async throws {
        let hash = Self.secretHash(token)
        identities.withLock { _ = $0.removeValue(forKey: hash) }
        try await store.deleteSession(tokenHash: hash)
    }

    /// Creates an API key for an external system; the key is shown once.
    public func createAPIKey(by identity: Identity, name: String, sources: Set<CaseSource>, nodeID: NodeID) async throws -> (key: String, record: APIKeyRecord) {
        let node = try await requireNode(nodeID)
        try identity.require(anyOf: [.admin], at: node.path, to: "create API keys for this area")
        guard !sources.isEmpty else {
            throw DomainError.invalid("apikey.no_sources", "Name the sources the system reports as, e.g. [\"hotline\"].", field: "sources")
        }
        let key = Self.newSecret(prefix: "cyk_")
        let record = try await store.createAPIKey(name: name, keyHash: Self.secretHash(key), sources: sources, nodeID: nodeID)
        return (key, record)
    }

    static let badToken = DomainError(.unauthenticated, "auth.invalid_token", "The bearer token is unknown or expired: sign in again at POST /api/v1/auth/login.")
}
