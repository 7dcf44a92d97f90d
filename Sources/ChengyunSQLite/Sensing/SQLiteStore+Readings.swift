public import ChengyunCore
public import ChengyunStore
import Foundation
import GRDB

/// 观测 — readings land in an inbox kept in time order (`sensing_inbox`, keyed by time and datastream: a batch's rows
/// go where the newest rows are, so a commit writes a few pages however many datastreams it touches), and are moved
/// every second or so (`compactReadings`) into one table per day keyed by (datastream, time) — each datastream's page
/// touched once per move, not once per reading — with their minute and hour rollups counted from the rows that were
/// new, in the same commit. A reading sent again is stored once: the inbox and the day tables both key on it.
extension SQLiteStore {
    static func registerReadingMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v10-sensing-inbox") { db in
            try db.execute(sql: """
                CREATE TABLE sensing_inbox (
                    t INTEGER NOT NULL, datastream_id INTEGER NOT NULL, result REAL NOT NULL, PRIMARY KEY (t, datastream_id)) WITHOUT ROWID
                """)
        }
    }

    public func appendObservations(_ readings: [Observation]) async throws -> [Observation] {
        guard !readings.isEmpty else { return [] }
        return try await writer.write(bulk: true) { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO sensing_inbox (t, datastream_id, result) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            var fresh: [Observation] = []
            fresh.reserveCapacity(readings.count)
            for o in readings {
                try insert.execute(arguments: [o.time, o.datastreamID.rawValue, o.result])
                if db.changesCount == 1 { fresh.append(o) }
            }
            return fresh
        }
    }

    public func compactReadings(before cutoff: Int64) async throws -> Int {
        // Read the inbox's rows before the cutoff (at most 200,000 a call), then move them in datastream order, a few
        // thousand datastreams' rows a commit, each commit taking its rows out of the inbox: no commit holds the writer
        // long, and a crash between commits leaves every reading either in the inbox or moved and counted, never both.
        let rows = try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT t, datastream_id, result FROM sensing_inbox WHERE t < ? ORDER BY t, datastream_id LIMIT 200000"),
                             arguments: [cutoff]).map { Observation(datastreamID: DatastreamID($0[1] as Int64), time: $0[0], result: $0[2]) }
        }
        var readings = rows
        readings.sort { ($0.datastreamID, $0.time) < ($1.datastreamID, $1.time) }
        var start = 0
        while start < readings.count {
            var end = min(start + 20_000, readings.count)
            while end < readings.count, readings[end].datastreamID == readings[end - 1].datastreamID { end += 1 }
            let chunk = Array(readings[start..<end])
            try await writer.write { db in try Self.move(chunk, db) }
            start = end
        }
        return rows.count
    }

    /// Moves readings (sorted by datastream and time) from the inbox into their day tables, counting the new ones
    /// into the minute and hour rollups, and the hour's into the area rollups (`AreaRollup`).
    static func move(_ readings: [Observation], _ db: Database) throws {
        var made: Set<String> = []
        var fresh: [Observation] = []
        fresh.reserveCapacity(readings.count)
        let remove = try db.cachedStatement(sql: "DELETE FROM sensing_inbox WHERE t = ? AND datastream_id = ?")
        for o in readings {
            try remove.execute(arguments: [o.time, o.datastreamID.rawValue])
            // Already moved by another call (two moves racing after a restart): nothing more to do.
            guard db.changesCount == 1 else { continue }
            let table = ReadingTables.raw(o.time)
            if made.insert(table).inserted { try createReadingTables(db, at: o.time) }
            try db.cachedStatement(sql: "INSERT INTO \(table) (datastream_id, t, result) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .execute(arguments: [o.datastreamID.rawValue, o.time, o.result])
            if db.changesCount == 1 { fresh.append(o) }
        }
        guard !fresh.isEmpty else { return }
        for period in RollupPeriod.allCases {
            let rollups = ObservationRollup.of(fresh, periodMillis: period.millis)
            if period == .hour {
                let streams = try streamAreas(Set(rollups.map(\.datastreamID.rawValue)), db)
                try addAreaRollups(AreaRollup.of(rollups, streams: streams), db)
            }
            for r in rollups {
                let table = period == .minute ? ReadingTables.minute(r.start) : ReadingTables.hour(r.start)
                try db.cachedStatement(sql: """
                    INSERT INTO \(table) (datastream_id, start, n, total, low, high) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (datastream_id, start) DO UPDATE SET n = n + excluded.n, total = total + excluded.total,
                        low = min(low, excluded.low), high = max(high, excluded.high)
                    """).execute(arguments: [r.datastreamID.rawValue, r.start, r.count, r.sum, r.min, r.max])
            }
        }
    }

    /// The raw, minute and hour tables for the day and month of `time`, made when the first reading of that day is moved.
    static func createReadingTables(_ db: Database, at time: Int64) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS \(ReadingTables.raw(time)) (
                datastream_id INTEGER NOT NULL, t INTEGER NOT NULL, result REAL NOT NULL, PRIMARY KEY (datastream_id, t)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS \(ReadingTables.minute(time)) (
                datastream_id INTEGER NOT NULL, start INTEGER NOT NULL, n INTEGER NOT NULL, total REAL NOT NULL, low REAL NOT NULL, high REAL NOT NULL,
                PRIMARY KEY (datastream_id, start)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS \(ReadingTables.hour(time)) (
                datastream_id INTEGER NOT NULL, start INTEGER NOT NULL, n INTEGER NOT NULL, total REAL NOT NULL, low REAL NOT NULL, high REAL NOT NULL,
                PRIMARY KEY (datastream_id, start)) WITHOUT ROWID;
            """)
    }

    static func readingTableNames(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'sensing\\_%' ESCAPE '\\'")
    }

    /// A datastream's readings in `[from, to)` still in the inbox (a few seconds' worth: it is scanned).
    static func inboxReadings(_ db: Database, of stream: DatastreamID, from: Int64, to: Int64) throws -> [Observation] {
        try Row.fetchAll(db, sql: "SELECT t, result FROM sensing_inbox WHERE t >= ? AND t < ? AND datastream_id = ?", arguments: [from, to, stream.rawValue])
            .map { Observation(datastreamID: stream, time: $0["t"], result: $0["result"]) }
    }

    public func observations(of stream: DatastreamID, from: Int64, to: Int64, ascending: Bool, limit: Int, offset: Int) async throws -> [Observation] {
        try await read { db in
            // The day tables, newest (or oldest) first, until offset + limit; the inbox's few joined in order.
            var tables = ReadingTables.covering(try Self.readingTableNames(db), prefix: ReadingTables.rawPrefix, from: from, to: to)
            if !ascending { tables.reverse() }
            let want = offset + limit
            var found: [Observation] = []
            for table in tables where found.count < want {
                found += try Row.fetchAll(db, sql: """
                    SELECT t, result FROM \(table) WHERE datastream_id = ? AND t >= ? AND t < ? ORDER BY t \(ascending ? "ASC" : "DESC") LIMIT ?
                    """, arguments: [stream.rawValue, from, to, want - found.count]).map { Observation(datastreamID: stream, time: $0["t"], result: $0["result"]) }
            }
            var all = Dictionary(try Self.inboxReadings(db, of: stream, from: from, to: to).map { ($0.time, $0) }) { a, _ in a }
            for o in found where all[o.time] == nil { all[o.time] = o }
            let ordered = all.values.sorted { ascending ? $0.time < $1.time : $0.time > $1.time }
            return Array(ordered.dropFirst(offset).prefix(limit))
        }
    }

    public func observation(of stream: DatastreamID, at time: Int64) async throws -> Observation? {
        try await read { db in
            if let result = try Double.fetchOne(db, sql: "SELECT result FROM sensing_inbox WHERE t = ? AND datastream_id = ?", arguments: [time, stream.rawValue]) {
                return Observation(datastreamID: stream, time: time, result: result)
            }
            let table = ReadingTables.raw(time)
            guard try db.tableExists(table) else { return nil }
            return try Double.fetchOne(db, sql: "SELECT result FROM \(table) WHERE datastream_id = ? AND t = ?", arguments: [stream.rawValue, time])
                .map { Observation(datastreamID: stream, time: time, result: $0) }
        }
    }

    public func rollups(of stream: DatastreamID, period: RollupPeriod, from: Int64, to: Int64) async throws -> [ObservationRollup] {
        try await read { db in
            let prefix = period == .minute ? ReadingTables.minutePrefix : ReadingTables.hourPrefix
            return try ReadingTables.covering(try Self.readingTableNames(db), prefix: prefix, from: from, to: to).flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) WHERE datastream_id = ? AND start >= ? AND start < ? ORDER BY start",
                                 arguments: [stream.rawValue, from, to]).map {
                    ObservationRollup(datastreamID: stream, start: $0["start"], count: $0["n"], sum: $0["total"], min: $0["low"], max: $0["high"])
                }
            }
        }
    }

    public func dropReadings(rawBefore: Int64, minuteBefore: Int64) async throws -> Int {
        try await writer.write { db in
            var dropped = 0
            for name in try Self.readingTableNames(db) {
                guard let span = ReadingTables.span(of: name) else { continue }
                let old = name.hasPrefix(ReadingTables.rawPrefix) ? span.end <= rawBefore : name.hasPrefix(ReadingTables.minutePrefix) && span.end <= minuteBefore
                if old {
                    try db.execute(sql: "DROP TABLE \(name)")
                    dropped += 1
                }
            }
            // Readings of days already dropped that came late are not kept either.
            try db.execute(sql: "DELETE FROM sensing_inbox WHERE t < ?", arguments: [rawBefore])
            return dropped
        }
    }
}
