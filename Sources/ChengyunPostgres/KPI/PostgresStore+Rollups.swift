public import ChengyunCore
import ChengyunStore
public import Foundation
import PostgresNIO
import Synchronization

/// 汇总 — the KPI and map rollups on PostgreSQL (`CaseRollups`, `CaseMapRollup`): each write of a case moves its
/// share in the transaction that writes it, so any node's KPIs sum a few rows per day instead of the cases.
///
/// The rollups count the open cases past the overdue mark; a write counts its case against the mark, and moving the
/// mark counts the cases whose deadline it passes. The two must not interleave (a case counted against the old mark
/// while the mark moves past it would be counted twice or not at all): every case write holds the rollup lock shared
/// for its transaction (`pg_advisory_xact_lock_shared`), moving the mark and recounting hold it alone.
extension PostgresStore {
    static let rollupMigrations = [
        PostgresMigration(name: "v2-rollups", statements: [
            "CREATE TABLE case_rollup_node (node_id bigint NOT NULL, day integer NOT NULL, \(rollupColumns), PRIMARY KEY (node_id, day))",
            """
            CREATE TABLE case_rollup_department (department_id bigint NOT NULL, node_id bigint NOT NULL, day integer NOT NULL, \(rollupColumns),
                PRIMARY KEY (node_id, department_id, day))
            """,
            """
            CREATE TABLE case_rollup_handler (handler_id bigint NOT NULL, node_id bigint NOT NULL, day integer NOT NULL, \(rollupColumns),
                PRIMARY KEY (node_id, handler_id, day))
            """,
            """
            CREATE TABLE case_map_rollup (day integer NOT NULL, node_id bigint NOT NULL, n bigint NOT NULL, urgent bigint NOT NULL,
                lon bigint NOT NULL, lat bigint NOT NULL, overdue bigint NOT NULL DEFAULT 0, PRIMARY KEY (day, node_id))
            """,
            // Overdue between the mark and now, and moving the mark: the open, unhandled cases by deadline.
            """
            CREATE INDEX case_open_deadline ON case_record (deadline, node_path, reported_at, lead_department_id, self_handled, handler_id)
                WHERE \(openUnhandledSQL)
            """,
        ]),
    ]

    static let rollupColumns = KPITally.Field.allCases.map { "\($0.column) bigint NOT NULL DEFAULT 0" }.joined(separator: ", ")

    /// The advisory lock of the rollups: "rollup" in ASCII.
    static let rollupLockKey: Int64 = 0x726f_6c6c_7570

    /// Takes the rollup lock shared for the caller's transaction and reads the overdue mark (milliseconds).
    func rollupMark(_ c: PostgresConnection, exclusive: Bool = false) async throws -> Int64 {
        try await rollupLock(c, exclusive: exclusive)
        return try await overdueMark(c)
    }

    /// The overdue mark (milliseconds), as the caller's transaction or snapshot sees it.
    func overdueMark(_ c: PostgresConnection) async throws -> Int64 {
        Self.mark(try await c.rows("SELECT \(unescaped: Self.markSQL)", logger: logger)[0].decode(String?.self))
    }

    /// `paths` with the whole tree ("/") replaced by the paths of its roots (the city).
    func expandRoot(_ c: PostgresConnection, _ paths: [String]) async throws -> [String] {
        guard paths.contains("/") else { return paths }
        return try await c.rows("SELECT path FROM org_node WHERE parent_id IS NULL ORDER BY path", logger: logger).map { try $0.decode(String.self) }
    }

    /// Takes the rollup lock for the caller's transaction: shared for a case write, alone to move the mark or recount.
    /// The mark is read by a later statement (`markSQL`): a statement's snapshot is taken when it starts, before a
    /// lock it waits for is granted.
    func rollupLock(_ c: PostgresConnection, exclusive: Bool = false) async throws {
        try await c.rows(PostgresQuery(unsafeSQL: "SELECT 1 FROM (SELECT \(exclusive ? "pg_advisory_xact_lock" : "pg_advisory_xact_lock_shared")(\(Self.rollupLockKey))) l"),
                         logger: logger)
    }

    /// The overdue mark as a scalar subquery, and its value read back.
    static let markSQL = "(SELECT value FROM setting WHERE key = 'rollup.overdue_before')"
    static func mark(_ stored: String?) -> Int64 { stored.flatMap { Int64($0) } ?? 0 }

    /// What a write of a case moves in the rollups and the map's: `new`'s share in, `old`'s out (either may be nil).
    func rollupDelta(old: CaseRecord?, new: CaseRecord?, mark: Int64) -> ([CaseRollups.Key: KPITally], [CaseMapRollup.Key: CaseMapRollup.Tally]) {
        let policy = kpiPolicy.withLock { $0 }
        return (CaseRollups.delta(old: old, new: new, policy: policy, utcOffsetSeconds: utcOffsetSeconds, overdueBefore: mark),
                CaseMapRollup.delta(old: old, new: new, utcOffsetSeconds: utcOffsetSeconds, overdueBefore: mark))
    }

    /// Adds `delta` to the rollup rows (and the month rows) and `map` to the map's, in one statement.
    func addToRollups(_ c: PostgresConnection, _ delta: [CaseRollups.Key: KPITally], map: [CaseMapRollup.Key: CaseMapRollup.Tally] = [:]) async throws {
        var batch = PostgresRowBatch()
        batch.also { Self.rollupStatements(&$0, delta, map: map) }
        try await batch.write(c, logger: logger)
    }

    /// The upserts adding `delta` to the rollup rows (and the month rows) and `map` to the map's, a statement per
    /// table. The city's and districts' rows of today are written by every case: a write runs them last, in its last
    /// statement before its commit, so it holds their row locks for as short a time as it can.
    static func rollupStatements(_ q: inout SQLBuilder, _ delta: [CaseRollups.Key: KPITally], map: [CaseMapRollup.Key: CaseMapRollup.Tally]) -> [String] {
        var node: [(Int64, Int64, KPITally)] = [], department: [(Int64, Int64, Int64, KPITally)] = [], handler: [(Int64, Int64, Int64, KPITally)] = []
        for (key, tally) in CaseRollups.rows(delta) {
            switch key {
            case let .node(id, day): node.append((id, Int64(day), tally))
            case let .department(id, at, day): department.append((id, at, Int64(day), tally))
            case let .handler(id, at, day): handler.append((id, at, Int64(day), tally))
            }
        }
        var parts: [String] = []
        if !node.isEmpty { parts.append(upsert(&q, "case_rollup_node", keys: ["node_id", "day"], [node.map(\.0), node.map(\.1)], node.map(\.2))) }
        if !department.isEmpty {
            parts.append(upsert(&q, "case_rollup_department", keys: ["department_id", "node_id", "day"],
                                [department.map(\.0), department.map(\.1), department.map(\.2)], department.map(\.3)))
        }
        if !handler.isEmpty {
            parts.append(upsert(&q, "case_rollup_handler", keys: ["handler_id", "node_id", "day"],
                                [handler.map(\.0), handler.map(\.1), handler.map(\.2)], handler.map(\.3)))
        }
        let rows = map.sorted { $0.key < $1.key }.filter { !$0.value.isZero }
        if !rows.isEmpty {
            let columns: [[Int64]] = [rows.map { Int64($0.key.day) }, rows.map(\.key.node), rows.map(\.value.count), rows.map(\.value.urgent),
                                      rows.map(\.value.lon), rows.map(\.value.lat), rows.map(\.value.overdue)]
            let arrays = columns.map { "\(q.bind($0))::int8[]" }.joined(separator: ", ")
            parts.append("""
                INSERT INTO case_map_rollup (day, node_id, n, urgent, lon, lat, overdue) SELECT * FROM unnest(\(arrays))
                ON CONFLICT (day, node_id) DO UPDATE SET n = case_map_rollup.n + excluded.n, urgent = case_map_rollup.urgent + excluded.urgent,
                    lon = case_map_rollup.lon + excluded.lon, lat = case_map_rollup.lat + excluded.lat, overdue = case_map_rollup.overdue + excluded.overdue
                """)
        }
        return parts
    }

    /// `INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE` adding each tally to its row.
    private static func upsert(_ q: inout SQLBuilder, _ table: String, keys: [String], _ keyValues: [[Int64]], _ tallies: [KPITally]) -> String {
        let fields = KPITally.Field.allCases
        let arrays = keyValues.map { "\(q.bind($0))::int8[]" } + fields.indices.map { i in "\(q.bind(tallies.map { $0.values[i] }))::int8[]" }
        let set = fields.map { "\($0.column) = \(table).\($0.column) + excluded.\($0.column)" }.joined(separator: ", ")
        return """
            INSERT INTO \(table) (\((keys + fields.map(\.column)).joined(separator: ", "))) SELECT * FROM unnest(\(arrays.joined(separator: ", ")))
            ON CONFLICT (\(keys.joined(separator: ", "))) DO UPDATE SET \(set)
            """
    }

    /// Counts the rollups with these KPI settings from now on, recounting them first if they were counted with others
    /// (or another local time offset): on one node, under the rollup lock, the others finding it done.
    public func useKPIPolicy(_ policy: KPIPolicy) async throws {
        kpiPolicy.withLock { $0 = policy }
        let wanted = CaseRollups.Basis(policy, utcOffsetSeconds: utcOffsetSeconds)
        let basis = try encode(wanted)
        let logger = logger
        // Compared as settings, not as text: a copy from SQLite may hold the same basis with its keys in another order,
        // and a needless recount would read every case under the exclusive rollup lock.
        func stored(_ c: PostgresConnection) async throws -> CaseRollups.Basis? {
            guard let text = try await c.rows("SELECT value FROM setting WHERE key = 'rollup.basis'", logger: logger).first?.decode(String.self) else { return nil }
            return try? JSONDecoder().decode(CaseRollups.Basis.self, from: Data(text.utf8))
        }
        if try await read({ try await stored($0) }) == wanted { return }
        try await transaction { c in
            let mark = try await rollupMark(c, exclusive: true)
            guard try await stored(c) != wanted else { return }
            try await c.rows("DELETE FROM case_rollup_node", logger: logger)
            try await c.rows("DELETE FROM case_rollup_department", logger: logger)
            try await c.rows("DELETE FROM case_rollup_handler", logger: logger)
            try await c.rows("DELETE FROM case_map_rollup", logger: logger)
            // The cases a page at a time (the connection runs one statement at a time), written every 100,000 rows.
            var after: Int64 = 0
            var pending: [CaseRollups.Key: KPITally] = [:]
            var map: [CaseMapRollup.Key: CaseMapRollup.Tally] = [:]
            while true {
                let page = try await c.rows("SELECT \(unescaped: CaseColumns.selectList) FROM case_record WHERE id > \(after) ORDER BY id LIMIT 20000", logger: logger)
                    .map { try CaseColumns.record(CaseRow($0)) }
                guard let last = page.last else { break }
                after = last.id.rawValue
                for record in page {
                    let (delta, mapDelta) = rollupDelta(old: nil, new: record, mark: mark)
                    pending.merge(delta, uniquingKeysWith: +)
                    map.merge(mapDelta, uniquingKeysWith: +)
                }
                if pending.count >= 100_000 {
                    try await addToRollups(c, pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            try await addToRollups(c, pending, map: map)
            try await c.rows("""
                INSERT INTO setting (key, value) VALUES ('rollup.basis', \(basis)) ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, logger: logger)
        }
    }

    /// Moves the overdue mark to `now`, counting in the rollups the open cases whose deadline it passes (or taking
    /// them out, should the clock have gone back), in one transaction under the rollup lock.
    public func markOverdue(before now: Date) async throws {
        let target = KPITally.milliseconds(now), offset = utcOffsetSeconds
        let logger = logger
        try await transaction { c in
            guard let (low, high, sign) = CaseRollups.overdueBetween(mark: try await rollupMark(c, exclusive: true), now: target) else { return }
            var delta: [CaseRollups.Key: KPITally] = [:]
            for row in try await c.rows("""
                SELECT node_path, reported_at, deadline, lead_department_id, CASE WHEN self_handled THEN NULL ELSE handler_id END FROM case_record
                WHERE \(unescaped: Self.openUnhandledSQL) AND deadline >= \(low) AND deadline < \(high)
                """, logger: logger) {
                let (path, reported, deadline, lead, handler) = try row.decode((String, Int64, Int64, Int64?, Int64?).self)
                CaseRollups.addOverdue(&delta, ancestors: OrgNode.ids(inPath: path).map(\.rawValue), lead: lead, handler: handler,
                                       reportDay: CaseRollups.day(ms: reported, utcOffsetSeconds: offset),
                                       deadlineDay: CaseRollups.day(ms: deadline, utcOffsetSeconds: offset), sign: Int64(sign))
            }
            // The map's open rows: running, located cases.
            var map: [CaseMapRollup.Key: CaseMapRollup.Tally] = [:]
            for row in try await c.rows("""
                SELECT node_path FROM case_record
                WHERE \(unescaped: Self.runningSQL) AND lon IS NOT NULL AND lat IS NOT NULL AND deadline >= \(low) AND deadline < \(high)
                """, logger: logger) {
                if let area = CaseMapRollup.area(try row.decode(String.self)) {
                    map[CaseMapRollup.Key(node: area.rawValue, day: CaseMapRollup.openDay), default: CaseMapRollup.Tally()].overdue += Int64(sign)
                }
            }
            try await addToRollups(c, delta, map: map)
            try await c.rows("""
                INSERT INTO setting (key, value) VALUES ('rollup.overdue_before', \(String(target))) ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, logger: logger)
        }
    }
}
