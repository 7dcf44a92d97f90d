import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

/// 地图汇总 — the big screen's counts per street without reading the cases. Every located case but merged ones has
/// one share in `case_map_rollup`: in the row of its area (the street it lies in, or its own node when it is filed
/// higher up) and of day -1 while it is open, else of the local day it was reported. A row holds how many cases,
/// how many of them urgent, and the sums of their positions in ten-millionths of a degree (integers, so shares come
/// and go exactly). Each write of a case moves its share in the transaction that writes it, with the KPI rollups;
/// an import sums the shares in memory with them; a recount streams the cases' few columns.
///
/// "Overdue now" depends on the hour, not on a write: the open rows also count the running cases whose deadline
/// passed before the overdue mark (SQLiteStore+OverdueMark.swift), and the cases whose deadline lies between the mark
/// and the time asked are read from `case_running_deadline` (a minute's deadlines).
extension SQLiteStore {
    /// `v6-case-map-rollup`: the rollup and the overdue index. The rollups are counted again at the next open (the
    /// KPI rollups with them: one recount, whatever else is pending).
    static func registerMapRollupMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v6-case-map-rollup") { db in
            try db.execute(sql: """
                CREATE TABLE case_map_rollup (
                    day INTEGER NOT NULL,
                    node_id INTEGER NOT NULL,
                    n INTEGER NOT NULL,
                    urgent INTEGER NOT NULL,
                    lon INTEGER NOT NULL,
                    lat INTEGER NOT NULL,
                    PRIMARY KEY (day, node_id)
                ) WITHOUT ROWID;
                CREATE INDEX case_overdue ON case_record(node_path, deadline) WHERE \(mapOverdueIndexSQL);
                DELETE FROM setting WHERE key = 'rollup.basis';
                """)
        }
    }

    /// The terms of `case_overdue` (open, running, not suspended, located; dropped by `v6-map-overdue`).
    static let mapOverdueIndexSQL = "suspended_at IS NULL AND state IN ('accepted','dispatched','inProgress') AND lon IS NOT NULL AND lat IS NOT NULL"

    /// Adds `delta` to the rows.
    static func addToMapRollup(_ db: Database, _ delta: [CaseMapRollup.Key: CaseMapRollup.Tally]) throws {
        for (key, t) in delta.sorted(by: { $0.key < $1.key }) where !t.isZero {
            try db.cachedStatement(sql: """
                INSERT INTO case_map_rollup (day, node_id, n, urgent, lon, lat, overdue) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (day, node_id) DO UPDATE SET n = n + excluded.n, urgent = urgent + excluded.urgent,
                    lon = lon + excluded.lon, lat = lat + excluded.lat, overdue = overdue + excluded.overdue
                """).insert([Int64(key.day), key.node, t.count, t.urgent, t.lon, t.lat, t.overdue])
        }
    }

    /// The counts per street from the rollup (with the caller's own reports outside its subtrees, from the cases),
    /// or nil when it cannot answer: other levels, scopes cut by department or source, subtrees below a street, or a
    /// window that does not start at a local midnight.
    func mapCountsFromRollup(_ db: Database, _ query: CaseMapQuery, depth: Int) throws -> [AreaCaseCount]? {
        guard let sinceDay = CaseMapRollup.sinceDay(query, depth: depth, utcOffsetSeconds: utcOffsetSeconds),
              let scopePaths = KPIRollupPlan.rollupPaths(query.query) else { return nil }
        let paths = try Self.expandRoot(db, scopePaths)
        guard CaseMapRollup.answers(paths) else { return nil }
        var areas: [Int64: CaseMapRollup.Area] = [:]
        for path in paths {
            let (low, high) = Self.pathRange(path)
            let rows = try Row.fetchAll(db, sql: """
                SELECT o.id, o.path, o.name, SUM(r.n), SUM(r.urgent), SUM(r.lon), SUM(r.lat), SUM(r.overdue)
                FROM case_map_rollup r JOIN org_node o ON o.id = r.node_id
                WHERE (r.day = ? OR r.day >= ?) AND o.path >= ? AND o.path < ?
                GROUP BY o.id
                """, arguments: [CaseMapRollup.openDay, sinceDay, low, high])
            for row in rows {
                let tally = CaseMapRollup.Tally(count: row[3], urgent: row[4], lon: row[5], lat: row[6])
                guard tally.count > 0 else { continue }
                areas[row[0]] = CaseMapRollup.Area(path: row[1], name: row[2], tally: tally, overdue: row[7])
            }
            // Overdue between the overdue mark and now (or, with the mark ahead, taken away).
            guard let (overdueFrom, overdueTo, sign) = CaseRollups.overdueBetween(mark: try Self.overdueMark(db), now: CaseRows.ms(query.now)!) else { continue }
            for row in try Row.fetchAll(db, sql: """
                SELECT node_path, COUNT(*) FROM case_record INDEXED BY case_running_deadline
                WHERE \(Self.runningSQL) AND lon IS NOT NULL AND lat IS NOT NULL AND deadline >= ? AND deadline < ? AND node_path >= ? AND node_path < ? GROUP BY 1
                """, arguments: [overdueFrom, overdueTo, low, high]) {
                if let area = CaseMapRollup.area(row[0]) { areas[area.rawValue]?.overdue += sign * (row[1] as Int) }
            }
        }
        if let reporter = query.query.scope.reporter {
            // The caller's own reports outside those subtrees, a case at a time (a person reports few).
            // (Under the node path, when the query has one.)
            let outside = (paths.map { _ in "NOT (node_path >= ? AND node_path < ?)" } + (query.query.nodePath == nil ? [] : ["node_path >= ? AND node_path < ?"]))
                .joined(separator: " AND ")
            var args: StatementArguments = [reporter.rawValue]
            args += StatementArguments(paths.flatMap { p in [Self.pathRange(p).0, Self.pathRange(p).1] })
            if let p = query.query.nodePath { args += [Self.pathRange(p).0, Self.pathRange(p).1] }
            for row in try Row.fetchAll(db, sql: """
                SELECT node_path, state, reported_at, urgency <> 'normal', lon, lat, deadline, suspended_at FROM case_record
                WHERE reporter_id = ? AND lon IS NOT NULL AND lat IS NOT NULL AND state <> 'merged'\(outside.isEmpty ? "" : " AND " + outside)
                """, arguments: args) {
                guard let state = CaseState(rawValue: row[1]), let reported = CaseRows.date(row[2]),
                      CaseMapQuery.openStates.contains(state) || reported >= query.since,
                      let (key, tally) = CaseMapRollup.part(path: row[0], state: state, reportedAt: reported, urgent: row[3], lon: row[4], lat: row[5],
                                                            utcOffsetSeconds: utcOffsetSeconds) else { continue }
                if areas[key.node] == nil {
                    guard let node = try Row.fetchOne(db, sql: "SELECT path, name FROM org_node WHERE id = ?", arguments: [key.node]) else { continue }
                    areas[key.node] = CaseMapRollup.Area(path: node[0], name: node[1])
                }
                CaseMapRollup.addOwn(&areas, key: key, tally: tally, state: state, deadline: row[6], suspended: row[7], now: CaseRows.ms(query.now)!)
            }
        }
        return CaseMapRollup.counts(areas, box: query.box)
    }
}
