public import ChengyunCore
public import Foundation

/// 数据共享 — the terms API keys share data under, their use per day, and emergency widenings.
public protocol SharingStore: Sendable {
    /// 数据瞬时共享 — records a temporary widening of a key's scope to another subtree.
    func createWidening(keyID: Int64, nodeID: NodeID, reason: String, grantedBy: String, at: Date, expiresAt: Date) async throws -> SharingWidening
    /// A key's widenings, newest first; `activeAt` keeps only those in force then.
    func widenings(keyID: Int64, activeAt: Date?) async throws -> [SharingWidening]
    /// Ends a widening before it expires.
    func endWidening(id: Int64, keyID: Int64, at: Date) async throws
    /// Sets a key's sharing terms.
    func setTerms(keyID: Int64, terms: SharingTerms) async throws
    /// Adds counted requests and refusals to each key's day, in one transaction.
    func addUsage(_ usage: [KeyUsage]) async throws
    /// The recorded use of keys (all when `keyIDs` is nil) on the days from `from` to `to` (`2026-12-03`, inclusive).
    func usage(keyIDs: [Int64]?, from: String, to: String) async throws -> [KeyUsage]
}

/// A temporary widening of an external system's scope in an emergency: it expires by itself and is audited.
public struct SharingWidening: Sendable, Hashable, Codable {
    public var id: Int64
    public var keyID: Int64
    public var nodeID: NodeID
    public var nodePath: String
    public var reason: String
    public var grantedBy: String
    public var grantedAt: Date
    public var expiresAt: Date
    /// When it was ended early, if it was.
    public var endedAt: Date?

    public init(id: Int64, keyID: Int64, nodeID: NodeID, nodePath: String, reason: String, grantedBy: String, grantedAt: Date, expiresAt: Date, endedAt: Date?) {
        self.id = id
        self.keyID = keyID
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.reason = reason
        self.grantedBy = grantedBy
        self.grantedAt = grantedAt
        self.expiresAt = expiresAt
        self.endedAt = endedAt
    }

    /// Whether it is in force at `now`.
    public func isActive(at now: Date) -> Bool { endedAt == nil && expiresAt > now && grantedAt <= now }
}
