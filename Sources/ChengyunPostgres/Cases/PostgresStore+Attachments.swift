public import ChengyunCore
public import ChengyunStore
public import Foundation
import PostgresNIO

/// Attachments: the row in `attachment`, the bytes once per content in `attachment_content` (addressed by
/// SHA-256), written in one transaction; every node reads them from the database.
extension PostgresStore {
    /// The uploader's row is locked while their quota is summed: parallel uploads, on any nodes, are counted one
    /// after the other.
    public func saveAttachment(caseID: CaseID, contentType: String, fileName: String, bytes: Data, by: UserID?, at: Date, quota: UploadQuota?) async throws -> Attachment {
        let hash = Self.contentHash(bytes)
        let at = CaseColumns.date(CaseColumns.ms(at))!
        let logger = logger
        let id = try await transaction { c in
            if let quota, let by { try await Self.checkQuota(c, by: by, adding: bytes.count, quota: quota, logger: logger) }
            try await Self.storeContent(c, hash: hash, bytes: bytes, logger: logger)
            return try await c.rows("""
                INSERT INTO attachment (case_id, content_type, file_name, byte_count, uploaded_by, uploaded_at, sha256)
                VALUES (\(caseID.rawValue), \(contentType), \(fileName), \(Int64(bytes.count)), \(by?.rawValue), \(CaseColumns.ms(at)!), \(hash))
                RETURNING id
                """, logger: logger)[0].decode(Int64.self)
        }
        return Attachment(id: AttachmentID(id), caseID: caseID, contentType: contentType, byteCount: bytes.count, fileName: fileName, uploadedBy: by, uploadedAt: at)
    }

    static let attachmentColumns = "a.id, a.case_id, a.content_type, a.file_name, a.byte_count, a.uploaded_by, a.uploaded_at"

    static func attachment(_ row: PostgresRow) throws -> Attachment {
        let (id, caseID, contentType, fileName, byteCount, by, at) = try row.decode((Int64, Int64, String, String, Int64, Int64?, Int64).self)
        return Attachment(id: AttachmentID(id), caseID: CaseID(caseID), contentType: contentType, byteCount: Int(byteCount), fileName: fileName,
                          uploadedBy: by.map(UserID.init(rawValue:)), uploadedAt: CaseColumns.date(at)!)
    }

    public func attachment(_ id: AttachmentID) async throws -> (meta: Attachment, bytes: Data)? {
        guard let row = try await rows("""
            SELECT \(unescaped: Self.attachmentColumns), b.bytes FROM attachment a JOIN attachment_content b ON b.sha256 = a.sha256 WHERE a.id = \(id.rawValue)
            """).first else { return nil }
        return (try Self.attachment(row), try row.makeRandomAccess()[7].decode(Data.self))
    }

    public func attachments(of id: CaseID) async throws -> [Attachment] {
        try await rows("SELECT \(unescaped: Self.attachmentColumns) FROM attachment a WHERE a.case_id = \(id.rawValue) ORDER BY a.id").map(Self.attachment)
    }
}

extension PostgresStore: CaseStore {}
