public import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB

/// 材料 — documents of requests and ledger entries: a row each, the bytes in the same content-addressed files as case
/// attachments (durable before the row commits).
extension SQLiteStore {
    static func registerDocumentMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v44-documents") { db in
            try db.execute(sql: """
                CREATE TABLE document (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    subject TEXT NOT NULL CHECK (subject IN ('serviceRequest', 'ledgerEntry')),
                    subject_id INTEGER NOT NULL,
                    content_type TEXT NOT NULL,
                    file_name TEXT NOT NULL,
                    byte_count INTEGER NOT NULL CHECK (byte_count > 0),
                    uploaded_by INTEGER REFERENCES app_user(id),
                    uploaded_by_name TEXT NOT NULL,
                    uploaded_at INTEGER NOT NULL,
                    sha256 TEXT NOT NULL CHECK (length(sha256) = 64)
                );
                CREATE INDEX document_subject ON document(subject, subject_id, id);
                CREATE INDEX document_uploader ON document(uploaded_by, uploaded_at, byte_count);
                """)
        }
    }

    /// Refuses an upload that would take `by` past `quota`: what they stored since `quota.since`, as case attachments
    /// and as documents (in the caller's write).
    static func checkQuota(_ db: Database, by: UserID, adding bytes: Int, quota: UploadQuota) throws {
        let since = CaseRows.ms(quota.since)
        let row = try Row.fetchOne(db, sql: """
            SELECT IFNULL(SUM(n), 0) AS used, MIN(oldest) AS oldest FROM (
                SELECT SUM(byte_count) AS n, MIN(uploaded_at) AS oldest FROM attachment WHERE uploaded_by = ?1 AND uploaded_at > ?2
                UNION ALL
                SELECT SUM(byte_count), MIN(uploaded_at) FROM document WHERE uploaded_by = ?1 AND uploaded_at > ?2)
            """, arguments: [by.rawValue, since])
        let used: Int = row?["used"] ?? 0
        if used + bytes > quota.bytes {
            throw UploadQuotaExceeded(usedBytes: used, oldestUpload: CaseRows.date(row?["oldest"] as Int64?))
        }
    }

    public func saveDocument(_ document: Document, bytes: Data, quota: UploadQuota?) async throws -> Document {
        // The file is durable before the row that names it commits (a refused upload leaves an unnamed file).
        let hash = try files.store(bytes)
        var saved = document
        saved.byteCount = bytes.count
        saved.uploadedAt = CaseRows.date(CaseRows.ms(document.uploadedAt))!
        let row = saved
        let id = try await writer.write { db in
            let held = try Int.fetchOne(db, sql: "SELECT count(*) FROM document WHERE subject = ? AND subject_id = ?",
                                        arguments: [row.subject.rawValue, row.subjectID]) ?? 0
            guard held < Document.perSubject else { throw DocumentError.tooMany }
            if let quota, let by = row.uploadedBy { try Self.checkQuota(db, by: by, adding: bytes.count, quota: quota) }
            try db.execute(sql: """
                INSERT INTO document (subject, subject_id, content_type, file_name, byte_count, uploaded_by, uploaded_by_name, uploaded_at, sha256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [row.subject.rawValue, row.subjectID, row.contentType, row.fileName, row.byteCount, row.uploadedBy?.rawValue, row.uploadedByName,
                                 CaseRows.ms(row.uploadedAt), hash])
            return db.lastInsertedRowID
        }
        saved.id = DocumentID(id)
        return saved
    }

    static func document(_ r: Row) -> Document {
        Document(id: DocumentID(r["id"] as Int64), subject: Document.Subject(rawValue: r["subject"]) ?? .serviceRequest, subjectID: r["subject_id"],
                 contentType: r["content_type"], byteCount: r["byte_count"], fileName: r["file_name"],
                 uploadedBy: (r["uploaded_by"] as Int64?).map(UserID.init(rawValue:)), uploadedByName: r["uploaded_by_name"],
                 uploadedAt: CaseRows.date(r["uploaded_at"] as Int64)!)
    }

    public func document(_ id: DocumentID) async throws -> (meta: Document, bytes: Data)? {
        let found = try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM document WHERE id = ?", arguments: [id.rawValue]).map { (Self.document($0), $0["sha256"] as String) }
        }
        guard let (meta, hash) = found else { return nil }
        return (meta, try files.read(hash))
    }

    public func documents(of subject: Document.Subject, ids: [Int64]) async throws -> [Int64: [Document]] {
        guard !ids.isEmpty else { return [:] }
        let arguments: StatementArguments = [subject.rawValue, jsonIDs(Set(ids))]
        return try await read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, subject, subject_id, content_type, file_name, byte_count, uploaded_by, uploaded_by_name, uploaded_at FROM document
                WHERE subject = ? AND subject_id IN (SELECT value FROM json_each(?)) ORDER BY subject_id, id
                """), arguments: arguments)
            return Dictionary(grouping: rows.map(Self.document), by: \.subjectID)
        }
    }
}
