public import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB

/// 类案治理 — the city's last hotspot run: its hotspots with the path their cases lie under, and their cases in report
/// order. Runs are numbered (`generation`): a new one is written in batches beside the old one, then made current in
/// one small transaction, then the old one is deleted in batches, so the writer is never held for long and readers
/// always see one whole run.
extension SQLiteStore {
    static func registerHotspotRunMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v6-hotspot-run") { db in
            try db.execute(sql: """
                CREATE TABLE hotspot_run (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    generation INTEGER NOT NULL,
                    min_cases INTEGER NOT NULL,
                    days INTEGER NOT NULL,
                    metres REAL NOT NULL,
                    computed_at INTEGER NOT NULL
                );
                CREATE TABLE hotspot (
                    generation INTEGER NOT NULL,
                    id INTEGER NOT NULL,
                    category_id TEXT NOT NULL,
                    area_path TEXT NOT NULL,
                    n INTEGER NOT NULL,
                    open INTEGER NOT NULL,
                    first_reported_at INTEGER NOT NULL,
                    last_reported_at INTEGER NOT NULL,
                    centre_lon REAL,
                    centre_lat REAL,
                    PRIMARY KEY (generation, id)
                ) WITHOUT ROWID;
                CREATE INDEX hotspot_size ON hotspot(generation, n DESC, category_id);
                CREATE INDEX hotspot_area ON hotspot(generation, area_path, n DESC, category_id);
                CREATE TABLE hotspot_case (
                    generation INTEGER NOT NULL,
                    hotspot_id INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    case_id INTEGER NOT NULL,
                    PRIMARY KEY (generation, hotspot_id, seq)
                ) WITHOUT ROWID;
                CREATE INDEX hotspot_case_case ON hotspot_case(generation, case_id);
                CREATE TABLE hotspot_grid (
                    generation INTEGER NOT NULL,
                    hotspot_id INTEGER NOT NULL,
                    node_id INTEGER NOT NULL,
                    PRIMARY KEY (generation, hotspot_id, node_id)
                ) WITHOUT ROWID;
                """)
        }
    }

    /// Hotspots (with their cases) written or deleted per transaction.
    static let hotspotBatch = 2_000

    public func saveHotspotRun(policy: HotspotPolicy, computedAt: Date, hotspots: [HotspotArea]) async throws {
        // Rows of a run that was never made current (a process stopped while writing it) go first.
        let current = try await writer.write { db -> Int64 in
            let current = try Int64.fetchOne(db, sql: "SELECT generation FROM hotspot_run WHERE id = 1") ?? 0
            try db.execute(sql: "DELETE FROM hotspot WHERE generation > ?; DELETE FROM hotspot_case WHERE generation > ?; DELETE FROM hotspot_grid WHERE generation > ?",
                           arguments: [current, current, current])
            return current
        }
        let next = current + 1
        for start in stride(from: 0, to: hotspots.count, by: Self.hotspotBatch) {
            let batch = hotspots[start..<min(start + Self.hotspotBatch, hotspots.count)]
            _ = try await writer.write { db in
                for (offset, stored) in zip(batch.indices, batch) {
                    let id = Int64(offset + 1), h = stored.hotspot
                    try db.cachedStatement(sql: """
                        INSERT INTO hotspot (generation, id, category_id, area_path, n, open, first_reported_at, last_reported_at, centre_lon, centre_lat)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """).insert([next, id, h.categoryID, stored.areaPath, Int64(h.count), Int64(h.open), CaseRows.ms(h.firstReportedAt), CaseRows.ms(h.lastReportedAt),
                                     h.centre?.lon, h.centre?.lat])
                    for (seq, caseID) in h.caseIDs.enumerated() {
                        try db.cachedStatement(sql: "INSERT INTO hotspot_case (generation, hotspot_id, seq, case_id) VALUES (?, ?, ?, ?)")
                            .insert([next, id, Int64(seq), caseID.rawValue])
                    }
                    for grid in h.gridIDs {
                        try db.cachedStatement(sql: "INSERT INTO hotspot_grid (generation, hotspot_id, node_id) VALUES (?, ?, ?)").insert([next, id, grid.rawValue])
                    }
                }
            }
        }
        _ = try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO hotspot_run (id, generation, min_cases, days, metres, computed_at) VALUES (1, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, min_cases = excluded.min_cases, days = excluded.days,
                    metres = excluded.metres, computed_at = excluded.computed_at
                """, arguments: [next, policy.minCases, policy.days, policy.metres, CaseRows.ms(computedAt)])
        }
        // The old run, a batch of hotspots at a time.
        while try await writer.write({ db -> Bool in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM hotspot WHERE generation = ? LIMIT ?", arguments: [current, Self.hotspotBatch])
            guard !ids.isEmpty else { return false }
            let list = ids.map(String.init).joined(separator: ",")
            try db.execute(sql: "DELETE FROM hotspot_case WHERE generation = ? AND hotspot_id IN (\(list))", arguments: [current])
            try db.execute(sql: "DELETE FROM hotspot_grid WHERE generation = ? AND hotspot_id IN (\(list))", arguments: [current])
            try db.execute(sql: "DELETE FROM hotspot WHERE generation = ? AND id IN (\(list))", arguments: [current])
            return true
        }) {}
    }

    public func storedHotspots(_ query: CaseQuery, limit: Int, casesEach: Int) async throws -> StoredHotspots? {
        try await read { db -> StoredHotspots? in
            guard let run = try Row.fetchOne(db, sql: "SELECT generation, min_cases, days, metres, computed_at FROM hotspot_run WHERE id = 1") else { return nil }
            let generation: Int64 = run[0]
            let policy = HotspotPolicy(minCases: run[1], days: run[2], metres: run[3])
            let paths = query.subtrees
            var category = ""
            var categoryArgs: StatementArguments = []
            if let c = query.categoryID { category = " AND category_id = ?"; categoryArgs = [c] }
            // Wholly inside a subtree: the largest of each (their ids from the area index alone), then the largest of
            // those, read whole.
            var largest: [Int64] = []
            for path in paths {
                let (low, high) = Self.pathRange(path)
                var args: StatementArguments = [generation, low, high]
                args += categoryArgs
                args += [limit]
                // Under the city nearly every hotspot lies in the range: walking them largest first stops after
                // `limit` instead of sorting the run's ~17,000 (at 10M cases); under a district or below, the range.
                let index = Self.properAncestors(path).count <= 1 ? "hotspot_size" : "hotspot_area"
                largest += try Int64.fetchAll(db.cachedStatement(sql: """
                    SELECT id FROM hotspot INDEXED BY \(index) WHERE generation = ? AND area_path >= ? AND area_path < ?\(category)
                    ORDER BY n DESC, category_id LIMIT ?
                    """), arguments: args)
            }
            var inside: [(id: Int64, hotspot: Hotspot)] = []
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT id, category_id, n, open, first_reported_at, last_reported_at, centre_lon, centre_lat FROM hotspot
                WHERE generation = ? AND id IN (SELECT value FROM json_each(?))
                """), arguments: [generation, jsonIDs(largest)])
            while let row = try rows.next() {
                let lon: Double? = row[6], lat: Double? = row[7]
                inside.append((row[0], Hotspot(categoryID: row[1], gridIDs: [], centre: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } },
                                               caseIDs: [], numbers: [], count: row[2], open: row[3],
                                               firstReportedAt: CaseRows.date(row[4])!, lastReportedAt: CaseRows.date(row[5])!)))
            }
            inside.sort { ($0.hotspot.count, $1.hotspot.categoryID) > ($1.hotspot.count, $0.hotspot.categoryID) }
            inside = Array(inside.prefix(max(0, limit)))
            for i in inside.indices {
                // The most recent `casesEach` cases, in report order; the grids of all of them.
                let members = try Int64.fetchAll(db.cachedStatement(sql: "SELECT case_id FROM hotspot_case WHERE generation = ? AND hotspot_id = ? ORDER BY seq DESC LIMIT ?"),
                                                 arguments: [generation, inside[i].id, max(0, casesEach)])
                inside[i].hotspot.caseIDs = members.reversed().map(CaseID.init(rawValue:))
                inside[i].hotspot.numbers = Array(repeating: "", count: members.count)
            }
            // The grids of all of them at once (a hotspot lies in one grid or a few).
            var grids: [Int64: [NodeID]] = [:]
            let gridRows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT hotspot_id, node_id FROM hotspot_grid WHERE generation = ? AND hotspot_id IN (SELECT value FROM json_each(?)) ORDER BY hotspot_id, node_id
                """), arguments: [generation, jsonIDs(inside.map(\.id))])
            while let row = try gridRows.next() { grids[row[0], default: []].append(NodeID(row[1] as Int64)) }
            for i in inside.indices { inside[i].hotspot.gridIDs = grids[inside[i].id] ?? [] }
            // Crossing a subtree's edge: hotspots whose cases lie under one of its ancestors, and those holding one of
            // the caller's own reports outside the subtrees; their cases inside the subtrees or the caller's own.
            let ancestors = Set(paths.flatMap(Self.properAncestors))
            var ids: Set<Int64> = []
            if !ancestors.isEmpty {
                var args: StatementArguments = [generation]
                args += StatementArguments(Array(ancestors))
                args += categoryArgs
                ids.formUnion(try Int64.fetchAll(db, sql: """
                    SELECT id FROM hotspot WHERE generation = ? AND area_path IN (\(ancestors.map { _ in "?" }.joined(separator: ",")))\(category)
                    """, arguments: args))
            }
            let ranges = StatementArguments(paths.flatMap { p in [Self.pathRange(p).0, Self.pathRange(p).1] })
            var within = paths.map { _ in "(c.node_path >= ? AND c.node_path < ?)" }
            var withinArgs = ranges
            if let reporter = query.scope.reporter {
                // Own reports count under the node path only, when the query has one.
                let under = query.nodePath.map { Self.pathRange($0) }
                let outside = (paths.map { _ in "NOT (node_path >= ? AND node_path < ?)" } + (under == nil ? [] : ["node_path >= ? AND node_path < ?"]))
                    .joined(separator: " AND ")
                // The caller's own cases there first (a person reports few), then the hotspots holding them: asked as
                // one join, the planner may walk the whole run's cases instead.
                // (Only those of the run's window: a hotline's account reports millions over the years.)
                var args: StatementArguments = [reporter.rawValue, (run[4] as Int64) - Int64(policy.days) * 86_400_000]
                args += ranges
                if let under { args += [under.0, under.1] }
                args += categoryArgs
                let own = try Int64.fetchAll(db, sql: """
                    SELECT id FROM case_record WHERE reporter_id = ? AND reported_at >= ?\(outside.isEmpty ? "" : " AND " + outside)\(category)
                    """, arguments: args)
                try inChunks(own) { chunk, list in
                    var a: StatementArguments = [generation]
                    a += StatementArguments(chunk)
                    ids.formUnion(try Int64.fetchAll(db, sql: "SELECT DISTINCT hotspot_id FROM hotspot_case WHERE generation = ? AND case_id IN (\(list))", arguments: a))
                }
                within.append(under == nil ? "c.reporter_id = ?" : "(c.reporter_id = ? AND c.node_path >= ? AND c.node_path < ?)")
                withinArgs += [reporter.rawValue]
                if let under { withinArgs += [under.0, under.1] }
            }
            var crossing: [HotspotCase] = []
            if !ids.isEmpty, !within.isEmpty {
                var seen: Set<Int64> = []
                try inChunks(ids.sorted()) { chunk, list in
                    var a: StatementArguments = [generation]
                    a += StatementArguments(chunk)
                    a += withinArgs
                    for row in try Row.fetchAll(db, sql: """
                        SELECT c.id, c.category_id, c.node_path, c.lon, c.lat, c.state, c.reported_at
                        FROM hotspot_case h JOIN case_record c ON c.id = h.case_id
                        WHERE h.generation = ? AND h.hotspot_id IN (\(list)) AND (\(within.joined(separator: " OR ")))
                        """, arguments: a) {
                        guard seen.insert(row[0]).inserted, let state = CaseState(rawValue: row[5]) else { continue }
                        let path: String = row[2]
                        let lon: Double? = row[3], lat: Double? = row[4]
                        crossing.append(HotspotCase(id: CaseID(row[0] as Int64), categoryID: row[1], nodeID: OrgNode.lastID(inPath: path) ?? NodeID(0),
                                                    nodePath: path, location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } },
                                                    state: state, reportedAt: CaseRows.date(row[6])!))
                    }
                }
            }
            return StoredHotspots(policy: policy, computedAt: CaseRows.date(run[4] as Int64)!, inside: inside.map(\.hotspot), crossing: crossing)
        }
    }

    /// The paths above `path` (`OrgNode.properAncestors`).
    static func properAncestors(_ path: String) -> [String] { OrgNode.properAncestors(of: path) }
}
