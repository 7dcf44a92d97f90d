public import ChengyunCore
public import ChengyunStore
public import Foundation
import Synchronization

extension Platform {
    /// 数据瞬时共享 — in an emergency a leader (or admin) over an area widens an external system's key to read that
    /// area for a few hours; the widening ends by itself, can be ended early, and both are on the audit trail.
    public func widenSharing(keyID: Int64, to nodeID: NodeID, hours: Double, reason: String, by identity: Identity, from caller: Caller) async throws -> SharingWidening {
        guard let key = try await store.apiKey(id: keyID), key.active else {
            throw DomainError.notFound("apikey.not_found", "There is no active API key \(keyID).")
        }
        let node = try await requireNode(nodeID)
        try identity.require(anyOf: [.leader, .admin], at: node.path, to: "widen data sharing to this area")
        guard (1...72).contains(hours) else {
            throw DomainError.invalid("sharing.hours", "A widening lasts 1 to 72 hours; renew it if the emergency goes on.", field: "hours")
        }
        let purpose = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(purpose.count) else {
            throw DomainError.invalid("sharing.reason_required", "Say which emergency the widening is for (2–200 characters).", field: "reason")
        }
        let now = clock.now()
        let widening = try await store.createWidening(keyID: keyID, nodeID: nodeID, reason: purpose, grantedBy: identity.name, at: now,
                                                      expiresAt: now.addingTimeInterval(hours * 3600))
        identities.withLock { $0.removeAll() }
        try await audit(AuditEntry(at: now, actorID: identity.userID, actor: identity.name, action: "sharing.widened", target: "apikey:\(keyID)",
                                   reason: purpose, address: caller.address, detail: "\(key.name) → \(node.name) until \(widening.expiresAt)"))
        return widening
    }

    /// Ends a widening before it expires.
    public func endWidening(_ id: Int64, of keyID: Int64, by identity: Identity, from caller: Caller) async throws {
        guard let widening = try await store.widenings(keyID: keyID, activeAt: nil).first(where: { $0.id == id }) else {
            throw DomainError.notFound("sharing.not_found", "There is no widening \(id) of this key.")
        }
        try identity.require(anyOf: [.leader, .admin], at: widening.nodePath, to: "end this widening")
        try await store.endWidening(id: id, keyID: keyID, at: clock.now())
        identities.withLock { $0.removeAll() }
        try await audit(AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "sharing.widening_ended",
                                   target: "apikey:\(keyID)", address: caller.address, detail: "widening \(id)"))
    }

    /// A key's widenings, for admins and leaders over its node (or the widened area) and auditors.
    public func widenings(of keyID: Int64, by identity: Identity) async throws -> [SharingWidening] {
        guard let key = try await store.apiKey(id: keyID) else { throw DomainError.notFound("apikey.not_found", "There is no API key \(keyID).") }
        if !identity.roles.contains(.auditor) { try identity.require(anyOf: [.leader, .admin], at: key.nodePath, to: "see this key's widenings") }
        return try await store.widenings(keyID: keyID, activeAt: nil)
    }
}
