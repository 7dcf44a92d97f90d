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

    /// `v5-attachment-files`: the bytes leave the table for content-addressed files beside the database (streamed one
    /// attachment at a time); the row keeps their SHA-256.
    static func registerAttachmentFileMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v5-attachment-files") { db in
            guard let path = try Row.fetchAll(db, sql: "PRAGMA database_list").first(where: { $0["name"] == "main" })?["file"] as String?, !path.isEmpty else {
                throw DatabaseError(resultCode: .SQLITE_CANTOPEN, message: "attachments move to files beside the database: it needs a file")
            }
            let files = AttachmentFiles(databasePath: path)
            try db.execute(sql: """
                CREATE TABLE attachment_v5 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                    content_type TEXT NOT NULL,
                    file_name TEXT NOT NULL,
                    byte_count INTEGER NOT NULL CHECK (byte_count > 0),
                    uploaded_by INTEGER REFERENCES app_user(id),
                    uploaded_at INTEGER NOT NULL,
                    sha256 TEXT NOT NULL CHECK (length(sha256) = 64)
                )
                """)
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM attachment ORDER BY id")
            while let row = try rows.next() {
                let hash = try files.store(row["bytes"] as Data)
                try db.execute(sql: """
                    INSERT INTO attachment_v5 (id, case_id, content_type, file_name, byte_count, uploaded_by, uploaded_at, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [row["id"], row["case_id"], row["content_type"], row["file_name"], row["byte_count"], row["uploaded_by"],
                                     Int64(((row["uploaded_at"] as Double) * 1000).rounded()), hash])
            }
            try db.execute(sql: """
                DROP TABLE attachment;
                ALTER TABLE attachment_v5 RENAME TO attachment;
                CREATE INDEX attachment_case ON attachment(case_id);
                CREATE INDEX attachment_uploader ON attachment(uploaded_by, uploaded_at, byte_count);
                """)
        }
    }

    public func saveAttachment(caseID: CaseID, contentType: String, fileName: String, bytes: Data, by: UserID?, at: Date, quota: UploadQuota?) async throws -> Attachment {
        // The file is durable before the row that names it commits (a refused upload leaves an unnamed file).
        let hash = try files.store(bytes)
        let at = CaseRows.date(CaseRows.ms(at))!
        let id = try await writer.write { db in
            if let quota, let by { try Self.checkQuota(db, by: by, adding: bytes.count, quota: quota) }
            try db.execute(sql: """
                INSERT INTO attachment (case_id, content_type, file_name, byte_count, uploaded_by, uploaded_at, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [caseID.rawValue, contentType, fileName, bytes.count, by?.rawValue, CaseRows.ms(at), hash])
            return db.lastInsertedRowID
        }
        return Attachment(id: AttachmentID(id), caseID: caseID, contentType: contentType, byteCount: bytes.count, fileName: fileName, uploadedBy: by, uploadedAt: at)
    }

    static func attachment(_ r: Row) -> Attachment {
        Attachment(
            id: AttachmentID(r["id"] as Int64), caseID: CaseID(r["case_id"] as Int64), contentType: r["content_type"], byteCount: r["byte_count"],
            fileName: r["file_name"], uploadedBy: (r["uploaded_by"] as Int64?).map(UserID.init(rawValue:)),
            uploadedAt: CaseRows.date(r["uploaded_at"] as Int64)!)
    }

    public func attachment(_ id: AttachmentID) async throws -> (meta: Attachment, bytes: Data)? {
        let found = try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM attachment WHERE id = ?", arguments: [id.rawValue]).map { (Self.attachment($0), $0["sha256"] as String) }
        }
        guard let (meta, hash) = found else { return nil }
        return (meta, try files.read(hash))
    }

    public func attachments(of id: CaseID) async throws -> [Attachment] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, case_id, content_type, file_name, byte_count, uploaded_by, uploaded_at FROM attachment WHERE case_id = ? ORDER BY id",
                             arguments: [id.rawValue]).map(Self.attachment)
        }
    }
}
