public import ChengyunCore
import ChengyunStore
import Foundation
import GRDB
import Synchronization

/// Bulk import (the demo city, the Shanghai-sized benchmark city, a migration from another system): cases arrive by
/// the million, already walked through the case machine. Written one by one into fourteen indexes and the trigram
/// search index, a case costs ~25 statements that each touch pages spread over the whole file; so `beginImport` sets
/// the secondary indexes and the search index aside and `finishImport` builds them once, by sorting.
///
/// What is set aside is written down first, in `deferred_work` (the statement that rebuilds it), in the same
/// transaction that drops it: a process killed half-way leaves the rows, and the next open of the store runs them.
extension SQLiteStore {
    /// The tables whose non-unique indexes an import sets aside: the case, its history and their child rows.
    static let importedTables = [
        "case_record", "case_event", "case_department", "case_call_in", "case_consultation_task", "case_dispatch",
        "case_event_department", "case_event_attachment", "case_event_detail",
    ]

    static func registerImportMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v5-deferred-work") { db in
            // `sql` rebuilds what was set aside; the row named `case_rollup` instead says through which case id the
            // rollups are written (the cases after it are counted when the work runs).
            try db.execute(sql: """
                CREATE TABLE deferred_work (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL UNIQUE,
                    sql TEXT NOT NULL,
                    through INTEGER
                );
                """)
        }
    }

    /// The rollups of cases imported since `beginImport` and not written yet: a day of a city's cases touches a few
    /// thousand rollup rows, a chunk of a thousand cases nearly as many, so they are summed over many chunks and
    /// written when they reach `limit` rows, with the id through which they count.
    struct ImportRollups: Sendable {
        var pending: [CaseRollups.Key: KPITally] = [:]
        /// The map's shares (a few hundred areas × days: held until `pending` is written).
        var map: [CaseMapRollup.Key: CaseMapRollup.Tally] = [:]
        /// False once a write failed after its chunk was summed: the database's `through` is then the truth, and
        /// nothing more is summed.
        var valid = true
        static let limit = 100_000
    }

    public func importCases(_ cases: [(record: CaseRecord, events: [CaseEvent])]) async throws {
        for start in stride(from: 0, to: cases.count, by: 1_000) {
            let chunk = try cases[start..<min(start + 1_000, cases.count)].map { (try sealed($0.record), $0.events) }
            let policy = rollupPolicy.withLock { $0 }, offset = utcOffsetSeconds
            do {
                _ = try await writer.write { [self] db in
                    let deferred = try Set(String.fetchAll(db.cachedStatement(sql: "SELECT name FROM deferred_work WHERE name IN ('case_search', 'case_rollup')")))
                    // The chunk's share of the rollups is summed first and written once per row.
                    var rollups: [CaseRollups.Key: KPITally] = [:]
                    var map: [CaseMapRollup.Key: CaseMapRollup.Tally] = [:]
                    var last: Int64 = 0
                    // (The overdue mark stays put while an import is unfinished: `markOverdue` waits for it.)
                    let mark = try Self.overdueMark(db)
                    for (record, events) in chunk {
                        // Inside `beginImport` … `finishImport` the search index is filled at the end, from `case_record.search`.
                        let stored = try insertCase(db, record, events: events, rollups: false, search: !deferred.contains("case_search"))
                        last = stored.id.rawValue
                        for (key, tally) in CaseRollups.parts(stored, policy: policy, utcOffsetSeconds: offset, overdueBefore: mark) { rollups[key, default: KPITally()] += tally }
                        if let (key, tally) = CaseMapRollup.part(stored, utcOffsetSeconds: offset, overdueBefore: mark) { map[key, default: CaseMapRollup.Tally()] += tally }
                    }
                    guard deferred.contains("case_rollup") else {
                        try Self.addToRollups(db, rollups)
                        return try Self.addToMapRollup(db, map)
                    }
                    let full = importRollups.withLock { state -> ImportRollups? in
                        // After a failed write the cases past `through` are counted again at the end: nothing to hold.
                        guard state.valid else { return nil }
                        state.pending.merge(rollups, uniquingKeysWith: +)
                        for (key, tally) in map { state.map[key, default: CaseMapRollup.Tally()] += tally }
                        guard state.pending.count >= ImportRollups.limit else { return nil }
                        defer { state.pending.removeAll(keepingCapacity: true); state.map.removeAll(keepingCapacity: true) }
                        return state
                    }
                    if let full {
                        try Self.addToRollups(db, full.pending)
                        try Self.addToMapRollup(db, full.map)
                        try db.execute(sql: "UPDATE deferred_work SET through = ? WHERE name = 'case_rollup'", arguments: [last])
                    }
                }
            } catch {
                importRollups.withLock { $0.valid = false }
                throw error
            }
        }
    }

    public func beginImport() async throws {
        _ = try await writer.write { [self] db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM deferred_work") == 0 else { return }
            let tables = Self.importedTables.map { "'\($0)'" }.joined(separator: ", ")
            // Unique indexes stay: they are constraints (a second report with the same external reference must fail).
            let indexes = try Row.fetchAll(db, sql: """
                SELECT name, sql FROM sqlite_master
                WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(tables)) AND sql NOT LIKE 'CREATE UNIQUE%'
                ORDER BY name
                """)
            for index in indexes {
                let name: String = index["name"]
                try db.execute(sql: "INSERT INTO deferred_work (name, sql) VALUES (?, ?)", arguments: [name, index["sql"] as String])
                try db.execute(sql: "DROP INDEX \(name)")
            }
            // Cases written from now on by `importCases` get their search rows at the end, filled by id from `through`
            // on (`fillSearch`); cases created meanwhile by the case loop get theirs at once and are skipped.
            let last = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM case_record") ?? 0
            try db.execute(sql: "INSERT INTO deferred_work (name, sql, through) VALUES ('case_search', '', ?)", arguments: [last])
            try db.execute(sql: "INSERT INTO deferred_work (name, sql, through) VALUES ('case_rollup', '', ?)", arguments: [last])
            importRollups.withLock { $0 = ImportRollups() }
        }
    }

    public func finishImport() async throws {
        let policy = rollupPolicy.withLock { $0 }, offset = utcOffsetSeconds
        // The rollups summed in memory, if every chunk since `beginImport` committed; else they are counted again.
        let pending = importRollups.withLock { state -> ImportRollups? in
            defer { state = ImportRollups() }
            return state.valid ? state : nil
        }
        if let pending {
            _ = try await writer.write { db in
                // No row: a recount (`useKPIPolicy`) counted every case since.
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM deferred_work WHERE name = 'case_rollup')") == true else { return }
                try Self.addToRollups(db, pending.pending)
                try Self.addToMapRollup(db, pending.map)
                try db.execute(sql: "DELETE FROM deferred_work WHERE name = 'case_rollup'")
            }
        }
        try Self.runDeferredWork(pool, policy: policy, utcOffsetSeconds: offset)
        try analyze()
    }

    /// Runs what `beginImport` set aside, each in its own transaction with the removal of its row: the rollups of
    /// cases not yet counted, then the indexes, the search index last (in batches, `fillSearch`).
    static func runDeferredWork(_ pool: DatabasePool, policy: KPIPolicy, utcOffsetSeconds: Int) throws {
        while let next = try pool.read({ db in
            try Row.fetchOne(db, sql: "SELECT seq, name, sql, through FROM deferred_work ORDER BY name != 'case_rollup', name = 'case_search', seq LIMIT 1")
        }) {
            let seq: Int64 = next["seq"]
            if next["name"] == "case_search" {
                try fillSearch(pool, seq: seq, after: next["through"] ?? 0)
                continue
            }
            try pool.write { db in
                if next["name"] == "case_rollup" {
                    try countRollups(db, after: next["through"] ?? 0, policy: policy, utcOffsetSeconds: utcOffsetSeconds)
                } else {
                    // A big page cache for the sorts of a few million keys.
                    try withBulkSettings(db) { try db.execute(sql: next["sql"] as String) }
                }
                try db.execute(sql: "DELETE FROM deferred_work WHERE seq = ?", arguments: [seq])
            }
        }
    }

    /// Fills the search index from `case_record.search` for the cases after id `after`, 200,000 at a time, each batch
    /// in its own transaction that moves the row's `through` on: a process killed half-way goes on from its last
    /// batch. Cases that have their row already (the case loop wrote it during the import) are skipped.
    ///
    /// FTS5 writes a segment each time its pending terms pass `hashsize` (1 MiB by default) and merges segments as it
    /// goes; at millions of rows the merging re-reads the growing index again and again (10 million cases took hours).
    /// So while filling, a batch is one segment (`hashsize` 256 MiB), nothing is merged as it goes (`automerge` 0) and
    /// every 8 batches are merged into one segment of the next level (`crisismerge` 8): each row is merged about once
    /// per 8× growth. The last transaction puts FTS5's defaults back and removes the row; the few segments left are
    /// merged a little at each later write (`automerge`). One `optimize` over 50 segments of 200,000 rows each (10
    /// million cases) did not finish in 10 minutes, re-reading the segments' pages.
    static func fillSearch(_ pool: DatabasePool, seq: Int64, after: Int64) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO case_search (case_search, rank) VALUES ('hashsize', 268435456);
                INSERT INTO case_search (case_search, rank) VALUES ('automerge', 0);
                INSERT INTO case_search (case_search, rank) VALUES ('crisismerge', 8);
                """)
        }
        var from = after
        while let to = try pool.write({ db -> Int64? in
            guard let to = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM (SELECT id FROM case_record WHERE id > ? ORDER BY id LIMIT 200000)", arguments: [from]) else {
                try db.execute(sql: """
                    INSERT INTO case_search (case_search, rank) VALUES ('hashsize', 1048576);
                    INSERT INTO case_search (case_search, rank) VALUES ('automerge', 4);
                    INSERT INTO case_search (case_search, rank) VALUES ('crisismerge', 16);
                    """)
                try db.execute(sql: "DELETE FROM deferred_work WHERE seq = ?", arguments: [seq])
                return nil
            }
            // A big page cache for the merges of eight segments.
            try withBulkSettings(db) {
                try db.execute(sql: """
                    INSERT INTO case_search (rowid, search) SELECT id, search FROM case_record
                    WHERE id > ? AND id <= ? AND id NOT IN (SELECT rowid FROM case_search WHERE rowid > ? AND rowid <= ?)
                    """, arguments: [from, to, from, to])
            }
            try db.execute(sql: "UPDATE deferred_work SET through = ? WHERE seq = ?", arguments: [to, seq])
            return to
        }) {
            from = to
        }
    }

    /// Runs `body` with a page cache of 256 MiB on `db`'s connection and SQLite's sorter on every core (`PRAGMA
    /// threads`: an index over 10M cases sorts more than the cache holds, in runs the workers sort and merge side by
    /// side — one such index here 37 → 22 s), and the usual settings again afterwards.
    static func withBulkSettings(_ db: Database, _ body: () throws -> Void) throws {
        let usual = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -32768
        try db.execute(sql: "PRAGMA cache_size = -262144")
        try db.execute(sql: "PRAGMA threads = \(ProcessInfo.processInfo.activeProcessorCount)")
        defer {
            try? db.execute(sql: "PRAGMA cache_size = \(usual)")
            try? db.execute(sql: "PRAGMA threads = 0")
        }
        try body()
    }
}
