public import ChengyunCore
import ChengyunStore
public import Foundation

/// 台账附件 — a kept entry's sign-in sheet, photos or minutes as scans (paper ledgers tend to zero: the paper is
/// photographed once, kept with the entry): filed by the committee's workers while the entry stands, read by whoever
/// reads the committee's ledgers.
extension LedgerUseCases {
    public func attach(to id: LedgerEntryID, contentType: String, fileName: String, bytes: Data, by identity: Identity) async throws -> Document {
        guard let entry = try await store.ledgerEntry(id), identity.paths(for: Self.writers).contains(where: { entry.nodePath.hasPrefix($0) }) else {
            throw LedgerError.entryNotFound(id)
        }
        guard entry.withdrawnAt == nil else { throw DocumentError.closed }
        // Named as the entries name who recorded them: by display name.
        let name = try await identity.userID.asyncMap { try await store.user($0)?.displayName } ?? nil
        let document = try await fileDocument(.ledgerEntry, id.rawValue, contentType: contentType, fileName: fileName, bytes: bytes, by: identity, byName: name,
                                              store: store)
        try await audit("ledger.entry_document", target: "node:\(entry.nodeID)", detail: "entry \(id): document \(document.id), \(document.byteCount) bytes", identity)
        return document
    }

    /// A document of an entry the caller may read (an entry of their area, withdrawn or not).
    public func document(_ documentID: DocumentID, of id: LedgerEntryID, by identity: Identity) async throws -> (meta: Document, bytes: Data) {
        guard let entry = try await store.ledgerEntry(id), identity.paths(for: Self.readers).contains(where: { entry.nodePath.hasPrefix($0) }) else {
            throw LedgerError.entryNotFound(id)
        }
        guard let found = try await store.document(documentID), found.meta.subject == .ledgerEntry, found.meta.subjectID == id.rawValue else {
            throw DocumentError.notFound(documentID)
        }
        return found
    }
}
