import ChengyunCore
import ChengyunStore
import Foundation

extension UseCaseGroup {
    /// Checks an upload — its type against its bytes and the size limit of `settings.attachments`, its name — and has
    /// `save` store it within its uploader's quota (their bytes over the last 24 hours, case attachments and documents
    /// together); a full quota is 429 `attachment.quota` with the seconds until the oldest upload leaves the window.
    func upload<T: Sendable>(contentType: String, fileName: String, bytes: Data, by identity: Identity,
                             save: (_ name: String, _ now: Date, _ quota: UploadQuota?) async throws -> T) async throws -> T {
        let policy = settings.attachments
        try Attachment.validate(contentType: contentType, bytes: bytes, maxBytes: policy.maxFileBytes)
        try InputLimits.check(fileName, field: "fileName", max: InputLimits.fileName)
        let name = fileName.trimmingCharacters(in: .whitespaces).isEmpty ? "attachment" : fileName
        let now = clock.now()
        let quota = policy.dailyBytes(for: identity).map { UploadQuota(bytes: $0, since: now.addingTimeInterval(-AttachmentPolicy.windowSeconds)) }
        do {
            return try await save(name, now, quota)
        } catch let refused as UploadQuotaExceeded {
            let limit = quota?.bytes ?? 0
            // The oldest upload leaves the window first (whole seconds; the stored times are floating-point).
            let freed = refused.oldestUpload.map { max(1, Int(($0.addingTimeInterval(AttachmentPolicy.windowSeconds).timeIntervalSince(now) - 0.001).rounded(.up))) }
            throw CaseError.quota(limit: limit, used: refused.usedBytes, retryAfterSeconds: freed)
        }
    }

    /// Files a document with a request or an entry (its subject's rule already applied) within the upload limits;
    /// `byName` is who filed it as the subject's pages name people (the identity's name by default).
    func fileDocument(_ subject: Document.Subject, _ subjectID: Int64, contentType: String, fileName: String, bytes: Data, by identity: Identity,
                      byName: String? = nil, store: any DocumentStore) async throws -> Document {
        try await upload(contentType: contentType, fileName: fileName, bytes: bytes, by: identity) { name, now, quota in
            try await store.saveDocument(Document(id: DocumentID(0), subject: subject, subjectID: subjectID, contentType: contentType, byteCount: bytes.count,
                                                  fileName: name, uploadedBy: identity.userID, uploadedByName: byName ?? identity.name, uploadedAt: now),
                                         bytes: bytes, quota: quota)
        }
    }
}
