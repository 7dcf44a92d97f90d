public import ChengyunCore
public import ChengyunStore
import PostgresNIO

/// 观测 — readings land in an inbox kept in time order (`sensing_inbox`, keyed by time and datastream: one statement a
/// batch, into the newest pages), and are moved every few seconds into one table per day keyed by (datastream, time),
/// with their minute (per day) and hour (per month) rollups counted from the rows that were new, in the same
/// transaction as the delete that takes them out of the inbox. A reading sent again is stored once. A day's tables are
/// made by the first move that needs them, on whichever node runs it.
extension PostgresStore {
    static let readingMigrations = [
        PostgresMigration(name: "v8-sensing-inbox", statements: [
            """
            CREATE TABLE sensing_inbox (
                t bigint NOT NULL, datastream_id bigint NOT NULL, result double precision NOT NULL, PRIMARY KEY (t, datastream_id)
            )
            """,
        ]),
    ]

    public func appendObservations(_ readings: [Observation]) async throws -> [Observation] {
        guard !readings.isEmpty else { return [] }
        var seen: Set<ReadingKey> = []
        let batch = readings.filter { seen.insert(ReadingKey($0)).inserted }.sorted { ($0.time, $0.datastreamID) < ($1.time, $1.datastreamID) }
        var stored: Set<ReadingKey> = []
        for row in try await rows("""
            INSERT INTO sensing_inbox (t, datastream_id, result)
            SELECT * FROM unnest(\(batch.map(\.time))::bigint[], \(batch.map(\.datastreamID.rawValue))::bigint[], \(batch.map(\.result))::float8[])
            ON CONFLICT DO NOTHING RETURNING datastream_id, t
            """) {
            let (stream, time) = try row.decode((Int64, Int64).self)
            stored.insert(ReadingKey(stream: stream, time: time))
        }
        return readings.filter { stored.remove(ReadingKey($0)) != nil }
    }

    public func compactReadings(before cutoff: Int64) async throws -> Int {
        do {
            return try await compactOnce(before: cutoff)
        } catch let error as PSQLError where error.isTableRace {
            // Another node made the same day's tables at the same moment: they are there now.
            return try await compactOnce(before: cutoff)
        }
    }

    /// Takes up to 200,000 readings before the cutoff out of the inbox and moves them, in one transaction: a reading
    /// posted meanwhile (not yet visible to the delete) stays for the next move.
    private func compactOnce(before cutoff: Int64) async throws -> Int {
        let logger = logger
        return try await transaction { c in
            var readings: [Observation] = []
            for row in try await c.rows("""
                DELETE FROM sensing_inbox WHERE (t, datastream_id) IN (
                    SELECT t, datastream_id FROM sensing_inbox WHERE t < \(cutoff) ORDER BY t, datastream_id LIMIT 200000)
                RETURNING datastream_id, t, result
                """, logger: logger) {
                let (stream, time, result) = try row.decode((Int64, Int64, Double).self)
                readings.append(Observation(datastreamID: DatastreamID(stream), time: time, result: result))
            }
            if !readings.isEmpty { _ = try await Self.move(readings, c, logger: logger) }
            return readings.count
        }
    }

    /// Puts readings into their day tables and counts the new ones into the rollups, in `c`'s transaction.
    static func move(_ readings: [Observation], _ c: PostgresConnection, logger: Logger) async throws -> [Observation] {
        // The first of the readings of a datastream at one time is the one stored (as SQLite's row by row), each day's
        // in key order so that two batches sent again on two nodes take their rows' locks in the same order.
        var seen: Set<ReadingKey> = []
        var byDay: [String: [Observation]] = [:]
        for o in readings where seen.insert(ReadingKey(o)).inserted { byDay[ReadingTables.raw(o.time), default: []].append(o) }
        let days = byDay.keys.sorted().map { table in
            (table, byDay[table]!.sorted { ($0.datastreamID, $0.time) < ($1.datastreamID, $1.time) })
        }
        do {
            try await Self.createReadingTables(c, at: days.map { $0.1[0].time }, logger: logger)
            var stored: [ReadingKey: Double] = [:]
            for (table, batch) in days {
                let rows = try await c.rows("""
                    INSERT INTO \(unescaped: table) (datastream_id, t, result)
                    SELECT * FROM unnest(\(batch.map(\.datastreamID.rawValue))::bigint[], \(batch.map(\.time))::bigint[], \(batch.map(\.result))::float8[])
                    ON CONFLICT DO NOTHING RETURNING datastream_id, t, result
                    """, logger: logger)
                for row in rows {
                    let (stream, time, result) = try row.decode((Int64, Int64, Double).self)
                    stored[ReadingKey(stream: stream, time: time)] = result
                }
            }
            // The new readings in the order given.
            var fresh: [Observation] = []
            fresh.reserveCapacity(stored.count)
            for o in readings {
                guard let result = stored.removeValue(forKey: ReadingKey(o)) else { continue }
                fresh.append(Observation(datastreamID: o.datastreamID, time: o.time, result: result))
            }
            guard !fresh.isEmpty else { return fresh }
            for period in RollupPeriod.allCases {
                var byTable: [String: [ObservationRollup]] = [:]
                let rollups = ObservationRollup.of(fresh, periodMillis: period.millis)
                if period == .hour {
                    let streams = try await streamAreas(Array(Set(rollups.map(\.datastreamID.rawValue))), c, logger: logger)
                    try await addAreaRollups(AreaRollup.of(rollups, streams: streams), c, logger: logger)
                }
                for r in rollups {
                    byTable[period == .minute ? ReadingTables.minute(r.start) : ReadingTables.hour(r.start), default: []].append(r)
                }
                for (table, rollups) in byTable.sorted(by: { $0.key < $1.key }) {
                    try await c.rows("""
                        INSERT INTO \(unescaped: table) AS r (datastream_id, start, n, total, low, high)
                        SELECT * FROM unnest(\(rollups.map(\.datastreamID.rawValue))::bigint[], \(rollups.map(\.start))::bigint[],
                                             \(rollups.map { Int64($0.count) })::bigint[], \(rollups.map(\.sum))::float8[], \(rollups.map(\.min))::float8[],
                                             \(rollups.map(\.max))::float8[])
                        ON CONFLICT (datastream_id, start) DO UPDATE SET n = r.n + excluded.n, total = r.total + excluded.total,
                            low = least(r.low, excluded.low), high = greatest(r.high, excluded.high)
                        """, logger: logger)
                }
            }
            return fresh
        }
    }

    /// The raw, minute and hour tables for the days and months of `times` that lack them, made in the ingest's
    /// transaction.
    static func createReadingTables(_ c: PostgresConnection, at times: [Int64], logger: Logger) async throws {
        var wanted: [String: String] = [:]
        for time in times {
            wanted[ReadingTables.raw(time)] = "datastream_id bigint NOT NULL, t bigint NOT NULL, result double precision NOT NULL, PRIMARY KEY (datastream_id, t)"
            for table in [ReadingTables.minute(time), ReadingTables.hour(time)] {
                wanted[table] = """
                    datastream_id bigint NOT NULL, start bigint NOT NULL, n bigint NOT NULL, total double precision NOT NULL, \
                    low double precision NOT NULL, high double precision NOT NULL, PRIMARY KEY (datastream_id, start)
                    """
            }
        }
        let existing = Set(try await c.rows("""
            SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() AND tablename::text = ANY(\(Array(wanted.keys)))
            """, logger: logger).map { try $0.decode(String.self) })
        for (table, columns) in wanted.sorted(by: { $0.key < $1.key }) where !existing.contains(table) {
            try await c.rows(PostgresQuery(unsafeSQL: "CREATE TABLE IF NOT EXISTS \(table) (\(columns))"), logger: logger)
        }
    }

    /// The reading tables of every family (raw, minute, hour).
    static func readingTableNames(_ c: PostgresConnection, logger: Logger) async throws -> [String] {
        try await c.rows("""
            SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'sensing\\_%'
            """, logger: logger).map { try $0.decode(String.self) }
    }

    public func observations(of stream: DatastreamID, from: Int64, to: Int64, ascending: Bool, limit: Int, offset: Int) async throws -> [Observation] {
        try await read { c in
            // The day tables, newest (or oldest) first, until offset + limit; the inbox's few (seconds' worth) joined in order.
            var tables = ReadingTables.covering(try await Self.readingTableNames(c, logger: logger), prefix: ReadingTables.rawPrefix, from: from, to: to)
            if !ascending { tables.reverse() }
            let want = offset + limit
            var all: [Int64: Observation] = [:]
            for row in try await c.rows("""
                SELECT t, result FROM sensing_inbox WHERE t >= \(from) AND t < \(to) AND datastream_id = \(stream.rawValue)
                """, logger: logger) {
                let (time, result) = try row.decode((Int64, Double).self)
                all[time] = Observation(datastreamID: stream, time: time, result: result)
            }
            var found = 0
            for table in tables where found < want {
                let rows = try await c.rows("""
                    SELECT t, result FROM \(unescaped: table) WHERE datastream_id = \(stream.rawValue) AND t >= \(from) AND t < \(to)
                    ORDER BY t \(unescaped: ascending ? "ASC" : "DESC") LIMIT \(Int64(want - found))
                    """, logger: logger)
                for row in rows {
                    let (time, result) = try row.decode((Int64, Double).self)
                    if all[time] == nil { all[time] = Observation(datastreamID: stream, time: time, result: result) }
                }
                found += rows.count
            }
            let ordered = all.values.sorted { ascending ? $0.time < $1.time : $0.time > $1.time }
            return Array(ordered.dropFirst(offset).prefix(limit))
        }
    }

    public func observation(of stream: DatastreamID, at time: Int64) async throws -> Observation? {
        if let row = try await rows("SELECT result FROM sensing_inbox WHERE t = \(time) AND datastream_id = \(stream.rawValue)").first {
            return Observation(datastreamID: stream, time: time, result: try row.decode(Double.self))
        }
        do {
            return try await rows("""
                SELECT result FROM \(unescaped: ReadingTables.raw(time)) WHERE datastream_id = \(stream.rawValue) AND t = \(time)
                """).first.map { Observation(datastreamID: stream, time: time, result: try $0.decode(Double.self)) }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42P01" {
            // No table for that day: no reading then.
            return nil
        }
    }

    public func rollups(of stream: DatastreamID, period: RollupPeriod, from: Int64, to: Int64) async throws -> [ObservationRollup] {
        try await read { c in
            let prefix = period == .minute ? ReadingTables.minutePrefix : ReadingTables.hourPrefix
            var out: [ObservationRollup] = []
            for table in ReadingTables.covering(try await Self.readingTableNames(c, logger: logger), prefix: prefix, from: from, to: to) {
                for row in try await c.rows("""
                    SELECT start, n, total, low, high FROM \(unescaped: table)
                    WHERE datastream_id = \(stream.rawValue) AND start >= \(from) AND start < \(to) ORDER BY start
                    """, logger: logger) {
                    let (start, n, total, low, high) = try row.decode((Int64, Int64, Double, Double, Double).self)
                    out.append(ObservationRollup(datastreamID: stream, start: start, count: Int(n), sum: total, min: low, max: high))
                }
            }
            return out
        }
    }

    public func dropReadings(rawBefore: Int64, minuteBefore: Int64) async throws -> Int {
        let logger = logger
        return try await transaction { c in
            var dropped = 0
            for name in try await Self.readingTableNames(c, logger: logger).sorted() {
                guard let span = ReadingTables.span(of: name) else { continue }
                let old = name.hasPrefix(ReadingTables.rawPrefix) ? span.end <= rawBefore : name.hasPrefix(ReadingTables.minutePrefix) && span.end <= minuteBefore
                if old {
                    // IF EXISTS: another node may be dropping the same tables.
                    try await c.rows(PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \(name)"), logger: logger)
                    dropped += 1
                }
            }
            // Readings of days already dropped that came late are not kept either.
            try await c.rows("DELETE FROM sensing_inbox WHERE t < \(rawBefore)", logger: logger)
            return dropped
        }
    }
}

/// A reading's key: its datastream and time.
private struct ReadingKey: Hashable {
    var stream: Int64
    var time: Int64
    init(stream: Int64, time: Int64) {
        self.stream = stream
        self.time = time
    }
    init(_ o: Observation) { self.init(stream: o.datastreamID.rawValue, time: o.time) }
}

extension PSQLError {
    /// Two transactions made the same table at once: the later one is refused on the catalogue's unique index of
    /// type or relation names (SQLSTATE 23505), or finds the table made (42P07).
    var isTableRace: Bool {
        isUniqueViolation("pg_type_typname_nsp_index") || isUniqueViolation("pg_class_relname_nsp_index") || serverInfo?[.sqlState] == "42P07"
    }
}
