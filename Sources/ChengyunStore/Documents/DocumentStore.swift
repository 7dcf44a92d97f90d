public import ChengyunCore
public import Foundation

/// 材料 — documents filed with requests and ledger entries: their bytes stored once per content, as a case's
/// attachments are, and counted with them in their uploader's quota.
public protocol DocumentStore: Sendable {
    /// Stores `document` (its id, size and time given here) with its bytes, unless its subject holds `Document.perSubject`
    /// already (`DocumentError.tooMany`) or it would take its uploader past `quota` — the bytes they stored since
    /// `quota.since`, case attachments and documents together (`UploadQuotaExceeded`).
    func saveDocument(_ document: Document, bytes: Data, quota: UploadQuota?) async throws -> Document
    /// A document with its bytes.
    func document(_ id: DocumentID) async throws -> (meta: Document, bytes: Data)?
    /// The documents of the subjects `ids`, each subject's in the order filed, read at once for a page.
    func documents(of subject: Document.Subject, ids: [Int64]) async throws -> [Int64: [Document]]
}
