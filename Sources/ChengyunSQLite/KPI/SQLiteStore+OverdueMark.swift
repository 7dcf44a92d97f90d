import ChengyunCore
public import Foundation
import ChengyunStore
import GRDB

/// 超期 now in the rollups. Whether an open, unhandled case is overdue changes with the passing of time, not with a
/// write: so the rollups count the open cases whose deadline passed before a *mark* (`overdue_open` on the day of
/// report, `overdue_open_on` on the day of the deadline), every write of a case counting it against the mark in its
/// own transaction, and `markOverdue` moves the mark forward every minute, adding the cases whose deadline it passes.
/// Overdue at any instant is then the rollups' count plus the cases whose deadline lies between the mark and that
/// instant — a minute's deadlines read from the open cases' index (`case_open_deadline`) instead of every overdue case.
extension SQLiteStore {
    /// `v6-rollup-handler-overdue`: the handler rollup, the overdue columns and the open cases' deadline index with
    /// each case's handler; the rollups are recounted when the store opens (`rollup.recount`).
    static func registerOverdueRollupMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v6-rollup-handler-overdue") { db in
            try db.execute(sql: """
                ALTER TABLE case_rollup_node ADD COLUMN overdue_open INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE case_rollup_node ADD COLUMN overdue_open_on INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE case_rollup_department ADD COLUMN overdue_open INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE case_rollup_department ADD COLUMN overdue_open_on INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE case_rollup_handler (
                    handler_id INTEGER NOT NULL,
                    node_id INTEGER NOT NULL,
                    day INTEGER NOT NULL,
                    \(rollupColumns),
                    overdue_open INTEGER NOT NULL DEFAULT 0,
                    overdue_open_on INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (node_id, handler_id, day)
                ) WITHOUT ROWID;
                INSERT INTO setting (key, value) VALUES ('rollup.recount', '') ON CONFLICT (key) DO NOTHING;
                """)
            // An unfinished import has set the index aside: it is then built by the statement written down for it.
            let index = "CREATE INDEX case_open_deadline ON case_record(deadline, node_path, reported_at, lead_department_id, self_handled, handler_id) WHERE \(openUnhandledSQL)"
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM deferred_work WHERE name = 'case_open_deadline')") == true {
                try db.execute(sql: "UPDATE deferred_work SET sql = ? WHERE name = 'case_open_deadline'", arguments: [index])
            } else {
                try db.execute(sql: "DROP INDEX case_open_deadline; \(index)")
            }
        }
    }

    /// `v6-map-overdue`: the map's open rows count the running cases past the overdue mark too (recounted at open);
    /// the index the map counted them from, `case_overdue`, is no longer read.
    static func registerMapOverdueMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v6-map-overdue") { db in
            try db.execute(sql: """
                ALTER TABLE case_map_rollup ADD COLUMN overdue INTEGER NOT NULL DEFAULT 0;
                DROP INDEX case_overdue;
                INSERT INTO setting (key, value) VALUES ('rollup.recount', '') ON CONFLICT (key) DO NOTHING;
                """)
        }
    }

    /// `v6-rollup-months`: the department and handler rollups get a row per month (recounted at open).
    static func registerRollupMonthMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v6-rollup-months") { db in
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('rollup.recount', '') ON CONFLICT (key) DO NOTHING")
        }
    }

    /// The overdue mark, in milliseconds: the rollups count the open cases whose deadline is before it.
    static func overdueMark(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'rollup.overdue_before'")) ?? 0
    }

    /// Moves the overdue mark to `now`, counting in the rollups the open cases whose deadline it passes (or taking
    /// them out, should the clock have gone back), in one transaction. Waits while an import is unfinished (the
    /// open cases' index is set aside then, and the import's rollups are counted against the mark at its end).
    public func markOverdue(before now: Date) async throws {
        let target = KPITally.milliseconds(now), offset = utcOffsetSeconds
        try await writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM deferred_work)") == false,
                  let (low, high, sign) = CaseRollups.overdueBetween(mark: try Self.overdueMark(db), now: target) else { return }
            var delta: [CaseRollups.Key: KPITally] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT node_path, reported_at, deadline, lead_department_id, \(TallyKey.handler.sql) FROM case_record INDEXED BY case_open_deadline
                WHERE \(Self.openUnhandledSQL) AND deadline >= ? AND deadline < ?
                """, arguments: [low, high])
            let day = { (ms: Int64) in CaseRollups.day(ms: ms, utcOffsetSeconds: offset) }
            while let row = try rows.next() {
                CaseRollups.addOverdue(&delta, ancestors: OrgNode.ids(inPath: row[0]).map(\.rawValue), lead: row[3], handler: row[4],
                           reportDay: day(row[1]), deadlineDay: day(row[2]), sign: Int64(sign))
            }
            try Self.addToRollups(db, delta)
            // The map's open rows: running, located cases (as `case_running_deadline`, lon/lat from the few rows).
            var map: [CaseMapRollup.Key: CaseMapRollup.Tally] = [:]
            for path in try String.fetchAll(db, sql: """
                SELECT node_path FROM case_record INDEXED BY case_running_deadline
                WHERE \(Self.runningSQL) AND lon IS NOT NULL AND lat IS NOT NULL AND deadline >= ? AND deadline < ?
                """, arguments: [low, high]) {
                if let area = CaseMapRollup.area(path) { map[CaseMapRollup.Key(node: area.rawValue, day: CaseMapRollup.openDay), default: CaseMapRollup.Tally()].overdue += Int64(sign) }
            }
            try Self.addToMapRollup(db, map)
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('rollup.overdue_before', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           arguments: [String(target)])
        }
    }
}
