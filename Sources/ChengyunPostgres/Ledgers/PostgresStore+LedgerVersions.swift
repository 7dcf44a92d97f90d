public import ChengyunCore
import ChengyunStore
import Foundation
import PostgresNIO

/// 更正前的版本 — each earlier version of a corrected entry, kept in the transaction that corrects it.
extension PostgresStore {
    static let ledgerVersionMigrations = [
        PostgresMigration(name: "v41-ledger-entry-versions", statements: [
            """
            CREATE TABLE ledger_entry_version (
                entry_id bigint NOT NULL REFERENCES ledger_entry(id),
                version integer NOT NULL,
                day integer NOT NULL,
                title text NOT NULL,
                place text NOT NULL,
                participants integer,
                content text NOT NULL,
                made_at bigint NOT NULL,
                made_by text NOT NULL,
                PRIMARY KEY (entry_id, version)
            )
            """,
        ]),
    ]

    /// Keeps `before` as an earlier version when `after` changes what it says (in the caller's transaction).
    static func keepLedgerVersion(_ c: PostgresConnection, before: LedgerEntry, after: LedgerEntry, logger: Logger) async throws {
        guard !before.sameContent(as: after) else { return }
        let v = before.asVersion
        try await c.rows("""
            INSERT INTO ledger_entry_version (entry_id, version, day, title, place, participants, content, made_at, made_by)
            VALUES (\(v.entryID.rawValue), \(v.version), \(v.day.daysSince1970), \(v.title), \(v.place), \(v.participants), \(v.content), \(CaseColumns.ms(v.madeAt)!), \(v.madeBy))
            """, logger: logger)
    }

    public func ledgerEntryVersions(_ id: LedgerEntryID) async throws -> [LedgerEntry.Version] {
        try await rows("""
            SELECT entry_id, version, day, title, place, participants, content, made_at, made_by FROM ledger_entry_version WHERE entry_id = \(id.rawValue) ORDER BY version DESC
            """).map { row in
            let (entry, version, day, title, place, participants, content, at, by) = try row.decode((Int64, Int, Int, String, String, Int?, String, Int64, String).self)
            return LedgerEntry.Version(entryID: LedgerEntryID(entry), version: version, day: LocalDate(daysSince1970: day), title: title, place: place,
                                       participants: participants, content: content, madeAt: Self.instant(at), madeBy: by)
        }
    }
}
