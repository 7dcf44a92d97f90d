public import ChengyunCore
public import ChengyunStore
import Foundation
import Synchronization

/// 数据共享 — what external systems' keys share under: terms, emergency widenings (数据瞬时共享) and the sharing report.
public struct SharingUseCases: UseCaseGroup {
    let store: any SharingStore & AccountStore & AuditStore & OrganisationStore
    let shared: UseCaseContext
    let sessions: SessionCache
    let keyUsage: KeyUsageMeter
}

extension SharingUseCases {
    /// 数据瞬时共享 — in an emergency a leader (or admin) over an area widens an external system's key to read that
    /// area for a few hours; the widening ends by itself, can be ended early, and both are on the audit trail.
    public func widenSharing(keyID: Int64, to nodeID: NodeID, hours: Double, reason: String, by identity: Identity, from caller: Caller) async throws -> SharingWidening {
        guard let key = try await store.apiKey(id: keyID), key.active else {
            throw SharingError.noActiveKey(keyID)
        }
        let node = try await store.requireNode(nodeID)
        try identity.require(anyOf: [.leader, .admin], at: node.path, to: "widen data sharing to this area")
        guard (1...72).contains(hours) else {
            throw SharingError.hours
        }
        let purpose = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(purpose.count) else {
            throw SharingError.reasonRequired
        }
        let now = clock.now()
        let widening = try await store.createWidening(keyID: keyID, nodeID: nodeID, reason: purpose, grantedBy: identity.name, at: now,
                                                      expiresAt: now.addingTimeInterval(hours * 3600))
        sessions.forgetIdentities()
        try await store.appendAudit(AuditEntry(at: now, actorID: identity.userID, actor: identity.name, action: "sharing.widened", target: "apikey:\(keyID)",
                                   reason: purpose, address: caller.address, detail: "\(key.name) → \(node.name) until \(widening.expiresAt)"))
        return widening
    }

    /// Ends a widening before it expires.
    public func endWidening(_ id: Int64, of keyID: Int64, by identity: Identity, from caller: Caller) async throws {
        guard let widening = try await store.widenings(keyID: keyID, activeAt: nil).first(where: { $0.id == id }) else {
            throw SharingError.wideningNotFound(id)
        }
        try identity.require(anyOf: [.leader, .admin], at: widening.nodePath, to: "end this widening")
        try await store.endWidening(id: id, keyID: keyID, at: clock.now())
        sessions.forgetIdentities()
        try await store.appendAudit(AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "sharing.widening_ended",
                                   target: "apikey:\(keyID)", address: caller.address, detail: "widening \(id)"))
    }

    /// A key's widenings, for admins and leaders over its node (or the widened area) and auditors.
    public func widenings(of keyID: Int64, by identity: Identity) async throws -> [SharingWidening] {
        guard let key = try await store.apiKey(id: keyID) else { throw AccountError.apiKeyNotFound(keyID) }
        if !identity.roles.contains(.auditor) { try identity.require(anyOf: [.leader, .admin], at: key.nodePath, to: "see this key's widenings") }
        return try await store.widenings(keyID: keyID, activeAt: nil)
    }
}

/// 数据共享情况通报 — who received what under which terms over a period.
public struct SharingReport: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var key: APIKeyRecord
        public var requests: Int
        public var refused: Int
        /// Days with any use, oldest first.
        public var days: [KeyUsage]
        /// Emergency widenings granted in the period.
        public var widenings: Int
        /// The key has no terms set: it shares without a stated purpose.
        public var withoutTerms: Bool
    }
    public var from: String
    public var to: String
    public var keys: [Entry]
}

extension SharingUseCases {
    /// 共享条款 — an admin over the key's node sets the purpose, daily limit and end it shares data under; audited.
    public func setTerms(_ terms: SharingTerms, of keyID: Int64, by identity: Identity, from caller: Caller) async throws -> APIKeyRecord {
        let key = try await store.requireAPIKey(keyID, by: identity, to: "set this key's sharing terms")
        try terms.validate()
        var cleaned = terms
        cleaned.purpose = terms.purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        try await store.setTerms(keyID: keyID, terms: cleaned)
        sessions.forgetIdentities()
        try await store.appendAudit(AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "sharing.terms_set", target: "apikey:\(keyID)",
                                   reason: cleaned.purpose, address: caller.address,
                                   detail: "\(key.name): daily limit \(cleaned.dailyLimit.map(String.init) ?? "none"), until \(cleaned.until.map { "\($0)" } ?? "no end")"))
        return try await store.apiKey(id: keyID) ?? key
    }

    /// 数据共享情况通报 — every key's use day by day over the last `days` days, with its terms and the widenings granted:
    /// for an auditor (every key) or an admin (the keys under their nodes).
    public func sharingReport(days: Int, by identity: Identity) async throws -> SharingReport {
        let keys: [APIKeyRecord]
        if identity.roles.contains(.auditor) {
            keys = try await store.apiKeys(under: "/")
        } else {
            keys = try await store.apiKeys(administeredBy: identity)
        }
        try await keyUsage.flush()
        let now = clock.now()
        let start = now.addingTimeInterval(-Double(days - 1) * 86_400)
        let (from, to) = (SharingTerms.day(of: start), SharingTerms.day(of: now))
        let usage = Dictionary(grouping: try await store.usage(keyIDs: keys.map(\.id), from: from, to: to), by: \.keyID)
        var entries: [SharingReport.Entry] = []
        for key in keys {
            let days = usage[key.id] ?? []
            let widenings = try await store.widenings(keyID: key.id, activeAt: nil).filter { $0.grantedAt >= start }.count
            entries.append(SharingReport.Entry(key: key, requests: days.reduce(0) { $0 + $1.requests }, refused: days.reduce(0) { $0 + $1.refused },
                                               days: days, widenings: widenings, withoutTerms: key.terms == nil))
        }
        return SharingReport(from: from, to: to, keys: entries)
    }
}
