public import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

/// 更正前的版本 — each earlier version of a corrected entry, kept in the transaction that corrects it.
extension SQLiteStore {
    static func registerLedgerVersionMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v45-ledger-entry-versions") { db in
            try db.execute(sql: """
                CREATE TABLE ledger_entry_version (
                    entry_id INTEGER NOT NULL REFERENCES ledger_entry(id),
                    version INTEGER NOT NULL,
                    day INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    place TEXT NOT NULL,
                    participants INTEGER,
                    content TEXT NOT NULL,
                    made_at INTEGER NOT NULL,
                    made_by TEXT NOT NULL,
                    PRIMARY KEY (entry_id, version)
                )
                """)
        }
    }

    /// Keeps `before` as an earlier version when `after` changes what it says (in the caller's write); a withdrawal
    /// changes nothing it says and keeps none.
    static func keepLedgerVersion(_ db: Database, before: LedgerEntry, after: LedgerEntry) throws {
        guard !before.sameContent(as: after) else { return }
        let v = before.asVersion
        try db.execute(sql: """
            INSERT INTO ledger_entry_version (entry_id, version, day, title, place, participants, content, made_at, made_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [v.entryID.rawValue, v.version, v.day.daysSince1970, v.title, v.place, v.participants, v.content, CaseRows.ms(v.madeAt), v.madeBy])
    }

    public func ledgerEntryVersions(_ id: LedgerEntryID) async throws -> [LedgerEntry.Version] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ledger_entry_version WHERE entry_id = ? ORDER BY version DESC", arguments: [id.rawValue]).map { r in
                LedgerEntry.Version(entryID: LedgerEntryID(r["entry_id"] as Int64), version: r["version"], day: LocalDate(daysSince1970: r["day"]), title: r["title"],
                                    place: r["place"], participants: r["participants"], content: r["content"], madeAt: Self.instant(r["made_at"]), madeBy: r["made_by"])
            }
        }
    }
}
