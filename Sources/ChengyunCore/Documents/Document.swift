public import Foundation

public typealias DocumentID = Identifier<Document>

/// 材料 — a photo or PDF filed with something other than a case: a community-affairs request's application materials
/// (申请材料: the ID card, the 退工证明 … an item asks for), a kept ledger entry's sign-in sheet or photos (台账附件).
/// The bytes are checked and stored as a case's attachments are (`Attachment.validate`, content-addressed, counted in
/// the same upload quota); who may file and read one is its subject's rule, and each read of a request's materials is
/// audited (they are personal data).
public struct Document: Sendable, Hashable, Codable, Identifiable {
    /// What a document is filed with.
    public enum Subject: String, Sendable, Hashable, Codable, CaseIterable {
        /// 一网通办 — a community-affairs request (`ServiceRequestID`).
        case serviceRequest
        /// 台账 — a kept ledger entry (`LedgerEntryID`).
        case ledgerEntry
    }

    public var id: DocumentID
    public var subject: Subject
    /// The request's or the entry's id.
    public var subjectID: Int64
    public var contentType: String
    public var byteCount: Int
    public var fileName: String
    public var uploadedBy: UserID?
    /// Who filed it, by name (a worker at the window, the resident).
    public var uploadedByName: String
    public var uploadedAt: Date

    public init(id: DocumentID, subject: Subject, subjectID: Int64, contentType: String, byteCount: Int, fileName: String, uploadedBy: UserID?,
                uploadedByName: String, uploadedAt: Date) {
        self.id = id
        self.subject = subject
        self.subjectID = subjectID
        self.contentType = contentType
        self.byteCount = byteCount
        self.fileName = fileName
        self.uploadedBy = uploadedBy
        self.uploadedByName = uploadedByName
        self.uploadedAt = uploadedAt
    }

    /// At most this many documents per request or entry: a request's materials are a handful of scans.
    public static let perSubject = 20
}

public enum DocumentError {
    /// 404 `document.not_found` — no such document of this request or entry.
    public static func notFound(_ id: DocumentID) -> DomainError { .notFound("document.not_found", "There is no document \(id) of this request or entry.", field: "documentId") }
    /// 409 `document.closed` — materials are filed while a request is open (an entry: while it stands).
    public static let closed = DomainError.conflict("document.closed", "Documents are filed while the request is open or the entry stands; this one is closed.")
    /// 409 `document.too_many` — the subject has as many documents as it may hold.
    public static let tooMany = DomainError.conflict("document.too_many", "A request or an entry holds at most \(Document.perSubject) documents.")
}
