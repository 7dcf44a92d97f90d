public import ChengyunCore
import ChengyunStore
import Foundation

/// 更正 — an entry corrected: its day, title, place, participants and content, on the version read.
public struct LedgerEntryCorrection: Sendable, Hashable, Codable {
    public var day: String?
    public var title: String
    public var place: String?
    public var participants: Int?
    public var content: String?
    /// The version read.
    public var version: Int
}

/// 撤回 — an entry made in error withdrawn, with why, on the version read.
public struct LedgerEntryWithdrawal: Sendable, Hashable, Codable {
    public var reason: String
    /// The version read.
    public var version: Int
}

/// 更正 and 撤回 of kept entries (docs/LEDGERS.md): by the committee's workers, checked as a new entry is, on the version
/// read; the report's rollups move in the same transaction; a withdrawn entry is kept, out of the lists and the report.
extension LedgerUseCases {
    /// The entry, not withdrawn, of a committee the caller keeps ledgers for.
    func keptEntry(_ id: LedgerEntryID, _ identity: Identity) async throws -> (entry: LedgerEntry, node: OrgNode) {
        guard let entry = try await store.ledgerEntry(id), entry.withdrawnAt == nil,
              identity.paths(for: Self.writers).contains(where: { entry.nodePath.hasPrefix($0) }), let node = try await store.node(entry.nodeID) else {
            throw LedgerError.entryNotFound(id)
        }
        return (entry, node)
    }

    /// 更正 — the entry with what the correction says; sent again after it was made, the same answer.
    public func correct(_ id: LedgerEntryID, _ input: LedgerEntryCorrection, by identity: Identity) async throws -> LedgerEntry {
        let (held, node) = try await keptEntry(id, identity)
        let checked = try await entry(itemID: held.itemID, at: node, day: input.day ?? held.day.description, title: input.title, place: input.place,
                                      participants: input.participants, content: input.content, clientKey: held.clientKey, origin: held.origin, by: identity)
        if held.version == input.version + 1, held.correctedAt != nil, held.sameContent(as: checked) { return held }
        // Nothing to correct: the entry as it is (no new version, and who last corrected it stays).
        if held.version == input.version, held.sameContent(as: checked) { return held }
        var revised = held
        (revised.day, revised.title, revised.place, revised.participants, revised.content) = (checked.day, checked.title, checked.place, checked.participants, checked.content)
        (revised.correctedAt, revised.correctedBy) = (checked.recordedAt, checked.recordedBy)
        guard let stored = try await store.reviseLedgerEntry(id, version: input.version, to: revised) else { throw LedgerError.entryChanged }
        try await audit("ledger.entry_corrected", target: "node:\(node.id)",
                        detail: "entry \(id): \(held.day) → \(stored.day), \(held.participants.map(String.init) ?? "-") → \(stored.participants.map(String.init) ?? "-") participants", identity)
        return stored
    }

    /// 更正前的版本 — what an entry of the caller's area said before each correction, the latest first (withdrawn
    /// entries too: what they said stays readable).
    public func versions(of id: LedgerEntryID, by identity: Identity) async throws -> [LedgerEntry.Version] {
        guard let entry = try await store.ledgerEntry(id), identity.paths(for: Self.readers).contains(where: { entry.nodePath.hasPrefix($0) }) else {
            throw LedgerError.entryNotFound(id)
        }
        return try await store.ledgerEntryVersions(id)
    }

    /// 撤回 — the entry leaves the lists and the report, kept with who withdrew it and why; sent again, the same answer.
    public func withdraw(_ id: LedgerEntryID, _ input: LedgerEntryWithdrawal, by identity: Identity) async throws -> LedgerEntry {
        let reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 200 else { throw LedgerError.withdrawReason }
        try InputLimits.check(reason, field: "reason", max: 200, multiline: true)
        if let gone = try await store.ledgerEntry(id), gone.withdrawnAt != nil, gone.withdrawReason == reason,
           identity.paths(for: Self.writers).contains(where: { gone.nodePath.hasPrefix($0) }) {
            return gone
        }
        let (held, node) = try await keptEntry(id, identity)
        let by = try await identity.userID.asyncMap { try await store.user($0)?.displayName } ?? nil
        var revised = held
        (revised.withdrawnAt, revised.withdrawnBy, revised.withdrawReason) = (clock.now(), by ?? identity.name, reason)
        guard let stored = try await store.reviseLedgerEntry(id, version: input.version, to: revised) else { throw LedgerError.entryChanged }
        try await audit("ledger.entry_withdrawn", target: "node:\(node.id)", detail: "entry \(id) (ledger \(held.itemID), \(held.day))", identity)
        return stored
    }
}
