public import ChengyunCore
public import ChengyunStore
import Foundation
import PostgresNIO

/// Creating a case, once per request key (`RequestKey`): which case each caller's key created, kept for its lifetime.
extension PostgresStore {
    static let requestKeyMigrations = [
        PostgresMigration(name: "v3-case-request-key", statements: [
            """
            CREATE TABLE case_request (
                caller text COLLATE "C" NOT NULL,
                request_key text COLLATE "C" NOT NULL,
                case_id bigint NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                created_at timestamptz NOT NULL,
                PRIMARY KEY (caller, request_key)
            )
            """,
            "CREATE INDEX case_request_created ON case_request (created_at)",
        ]),
    ]

    /// The advisory lock class of request keys (two-key locks never meet the one-key rollup lock).
    static let requestKeyLockClass: Int32 = 0x6379_6b00

    public func createCase(_ record: CaseRecord, events: [CaseEvent], outbox: [OutboxMessage], requestKey: RequestKey?) async throws -> (record: CaseRecord, created: Bool) {
        let sealed = try sealed(record)
        let logger = logger
        do {
            // Five round trips (two more with a key): BEGIN; the rollup lock; the ids and the overdue mark; every row,
            // the outbox, the rollups and the notification in one statement; the commit.
            let written: CaseRecord? = try await transaction { c in
                if let requestKey, try await firstUse(c, requestKey) != nil { return nil }
                try await rollupLock(c)
                var batch = PostgresRowBatch()
                let ((stored, eventIDs), mark) = try await addCases(c, [(sealed, events)], to: &batch)
                let caseID = stored[0].id, number = stored[0].number, node = node
                batch.also { q in Self.enqueue(&q, outbox, caseID: caseID, number: number).map { [$0] } ?? [] }
                if let requestKey {
                    batch.also { q in
                        ["INSERT INTO case_request (caller, request_key, case_id, created_at) VALUES (\(q.bind(requestKey.caller)), \(q.bind(requestKey.key)), \(q.bind(caseID.rawValue)), \(q.bind(requestKey.at)))"]
                    }
                }
                let (delta, map) = rollupDelta(old: nil, new: stored[0], mark: mark)
                batch.also { Self.rollupStatements(&$0, delta, map: map) }
                batch.select { Self.announce(&$0, .caseChanged(caseID, events: eventIDs[0]), from: node) }
                try await batch.write(c, logger: logger)
                return stored[0]
            }
            guard var stored = written else { return try await replayed(requestKey) }
            stored.reporterName = record.reporterName
            stored.reporterPhone = record.reporterPhone
            return (stored, true)
        } catch let error as PSQLError where error.isUniqueViolation("case_external") && record.externalRef != nil {
            // Two reports with the same external reference raced past the use case's check: the unique index decides.
            throw CaseError.duplicateExternalRef(source: record.source)
        }
    }

    public func caseID(for requestKey: RequestKey) async throws -> CaseID? {
        var q = SQLBuilder()
        q.append("SELECT case_id FROM case_request WHERE caller = \(q.bind(requestKey.caller)) AND request_key = \(q.bind(requestKey.key)) AND created_at >= \(q.bind(requestKey.at.addingTimeInterval(-RequestKey.lifetime)))")
        return try await rows(q.query).first.map { CaseID(try $0.decode(Int64.self)) }
    }

    /// Takes the key's lock for the transaction (a retry racing this one waits for its commit), forgets the keys past
    /// their lifetime, and returns the case the key already created, if any.
    private func firstUse(_ c: PostgresConnection, _ key: RequestKey) async throws -> CaseID? {
        var lock = SQLBuilder()
        lock.append("SELECT 1 FROM (SELECT pg_advisory_xact_lock(\(Self.requestKeyLockClass), hashtext(\(lock.bind(key.caller + " " + key.key))))) l")
        try await c.rows(lock.query, logger: logger)
        var q = SQLBuilder()
        let cutoff = q.bind(key.at.addingTimeInterval(-RequestKey.lifetime))
        q.append("""
            WITH gone AS (DELETE FROM case_request WHERE created_at < \(cutoff))
            SELECT case_id FROM case_request WHERE caller = \(q.bind(key.caller)) AND request_key = \(q.bind(key.key)) AND created_at >= \(cutoff)
            """)
        return try await c.rows(q.query, logger: logger).first.map { CaseID(try $0.decode(Int64.self)) }
    }
}
