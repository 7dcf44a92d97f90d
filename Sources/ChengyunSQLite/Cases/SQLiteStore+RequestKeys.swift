public import ChengyunCore
public import ChengyunStore
import Foundation
import GRDB

/// 防重复提交: which case each caller's request key created (`RequestKey`), kept for `RequestKey.lifetime`.
extension SQLiteStore {
    static func registerRequestKeyMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v7-case-request-key") { db in
            try db.execute(sql: """
                CREATE TABLE case_request (
                    caller TEXT NOT NULL,
                    request_key TEXT NOT NULL,
                    case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (caller, request_key)
                ) WITHOUT ROWID;
                CREATE INDEX case_request_created ON case_request(created_at);
                """)
        }
    }

    public func createCase(_ record: CaseRecord, events: [CaseEvent], outbox: [OutboxMessage], requestKey: RequestKey?) async throws -> (record: CaseRecord, created: Bool) {
        let sealed = try sealed(record)
        let written: CaseRecord?
        do {
            // The one writer checks the key and stores the case in one transaction: two retries cannot both create.
            written = try await writer.write { [self] db -> CaseRecord? in
                if let requestKey, try Self.caseID(db, for: requestKey) != nil { return nil }
                let stored = try insertCase(db, sealed, events: events)
                try Self.enqueue(db, outbox, caseID: stored.id, number: stored.number)
                if let requestKey { try Self.remember(db, requestKey, caseID: stored.id) }
                return stored
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && record.externalRef != nil {
            // Two reports with the same external reference raced past the use case's check: the unique index decides.
            throw CaseError.duplicateExternalRef(source: record.source)
        }
        guard var stored = written else { return try await replayed(requestKey) }
        stored.reporterName = record.reporterName
        stored.reporterPhone = record.reporterPhone
        return (stored, true)
    }

    public func caseID(for requestKey: RequestKey) async throws -> CaseID? {
        try await read { db in try Self.caseID(db, for: requestKey) }
    }

    static func caseID(_ db: Database, for key: RequestKey) throws -> CaseID? {
        let since: Int64 = KPITally.milliseconds(key.at.addingTimeInterval(-RequestKey.lifetime))
        let statement = try db.cachedStatement(sql: "SELECT case_id FROM case_request WHERE caller = ? AND request_key = ? AND created_at >= ?")
        return try Int64.fetchOne(statement, arguments: [key.caller, key.key, since]).map { CaseID($0) }
    }

    /// Remembers the key, forgetting those past their lifetime (an index range: usually none, a few at most).
    static func remember(_ db: Database, _ key: RequestKey, caseID: CaseID) throws {
        let since: Int64 = KPITally.milliseconds(key.at.addingTimeInterval(-RequestKey.lifetime)), at: Int64 = KPITally.milliseconds(key.at)
        try db.cachedStatement(sql: "DELETE FROM case_request WHERE created_at < ?").execute(arguments: [since])
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO case_request (caller, request_key, case_id, created_at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [key.caller, key.key, caseID.rawValue, at])
    }
}
