public import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB

extension SQLiteStore {
    static func registerAttachmentMigrations(_ m: inout DatabaseMigrator) {
        // The upload quota sums one person's bytes over the last 24 hours: an index that covers that query.
        m.registerMigration("v3-attachment-quota") { db in
            try db.execute(sql: "CREATE INDEX attachment_uploader ON attachment(uploaded_by, uploaded_at, byte_count)")
        }
    }

    public func saveAttachment(caseID: CaseID, contentType: String, fileName: String, bytes: Data, by: UserID?, at: Date, quota: UploadQuota?) async throws -> Attachment {
        let id = try await writer.write { db in
            if let quota, let by {
                let row = try Row.fetchOne(db, sql: """
                    SELECT IFNULL(SUM(byte_count), 0) AS used, MIN(uploaded_at) AS oldest FROM attachment WHERE uploaded_by = ? AND uploaded_at > ?
                    """, arguments: [by.rawValue, quota.since.timeIntervalSince1970])
                let used: Int = row?["used"] ?? 0
                if used + bytes.count > quota.bytes {
                    throw UploadQuotaExceeded(usedBytes: used, oldestUpload: (row?["oldest"] as Double?).map(Date.init(timeIntervalSince1970:)))
                }
            }
            try db.execute(sql: """
                INSERT INTO attachment (case_id, content_type, file_name, byte_count, uploaded_by, uploaded_at, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [caseID.rawValue, contentType, fileName, bytes.count, by?.rawValue, at.timeIntervalSince1970, bytes])
            return db.lastInsertedRowID
        }
        return Attachment(id: AttachmentID(id), caseID: caseID, contentType: contentType, byteCount: bytes.count, fileName: fileName, uploadedBy: by, uploadedAt: at)
    }

    static func attachment(_ r: Row) -> Attachment {
        Attachment(
            id: AttachmentID(r["id"] as Int64), caseID: CaseID(r["case_id"] as Int64), contentType: r["content_type"], byteCount: r["byte_count"],
            fileName: r["file_name"], uploadedBy: (r["uploaded_by"] as Int64?).map(UserID.init(rawValue:)),
            uploadedAt: Date(timeIntervalSince1970: r["uploaded_at"]))
    }

    public func attachment(_ id: AttachmentID) async throws -> (meta: Attachment, bytes: Data)? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM attachment WHERE id = ?", arguments: [id.rawValue]).map { (Self.attachment($0), $0["bytes"] as Data) }
        }
    }

    public func attachments(of id: CaseID) async throws -> [Attachment] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, case_id, content_type, file_name, byte_count, uploaded_by, uploaded_at FROM attachment WHERE case_id = ? ORDER BY id",
                             arguments: [id.rawValue]).map(Self.attachment)
        }
    }
}
