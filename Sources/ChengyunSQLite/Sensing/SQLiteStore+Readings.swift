public import ChengyunCore
public import ChengyunStore
import Foundation
import GRDB

/// 观测 — readings in one table per day keyed by (datastream, time), so a reading sent again is stored once, and
/// their minute (per day) and hour (per month) rollups upserted in the same commit, from the new readings only.
extension SQLiteStore {
    public func appendObservations(_ readings: [Observation]) async throws -> [Observation] {
        guard !readings.isEmpty else { return [] }
        return try await writer.write { db in
            var fresh: [Observation] = []
            fresh.reserveCapacity(readings.count)
            var statements: [String: Statement] = [:]
            for o in readings {
                let table = ReadingTables.raw(o.time)
                let insert: Statement
                if let s = statements[table] {
                    insert = s
                } else {
                    try Self.createReadingTables(db, at: o.time)
                    insert = try db.cachedStatement(sql: "INSERT INTO \(table) (datastream_id, t, result) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    statements[table] = insert
                }
                try insert.execute(arguments: [o.datastreamID.rawValue, o.time, o.result])
                if db.changesCount == 1 { fresh.append(o) }
            }
            for period in RollupPeriod.allCases {
                for r in ObservationRollup.of(fresh, periodMillis: period.millis) {
                    let table = period == .minute ? ReadingTables.minute(r.start) : ReadingTables.hour(r.start)
                    try db.cachedStatement(sql: """
                        INSERT INTO \(table) (datastream_id, start, n, total, low, high) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (datastream_id, start) DO UPDATE SET n = n + excluded.n, total = total + excluded.total,
                            low = min(low, excluded.low), high = max(high, excluded.high)
                        """).execute(arguments: [r.datastreamID.rawValue, r.start, r.count, r.sum, r.min, r.max])
                }
            }
            return fresh
        }
    }

    /// The raw, minute and hour tables for the day and month of `time`, made when the first reading of that day comes.
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

    public func observations(of stream: DatastreamID, from: Int64, to: Int64, ascending: Bool, limit: Int, offset: Int) async throws -> [Observation] {
        try await read { db in
            var tables = ReadingTables.covering(try Self.readingTableNames(db), prefix: ReadingTables.rawPrefix, from: from, to: to)
            if !ascending { tables.reverse() }
            var out: [Observation] = []
            var skip = offset
            for table in tables where out.count < limit {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT t, result FROM \(table) WHERE datastream_id = ? AND t >= ? AND t < ? ORDER BY t \(ascending ? "ASC" : "DESC") LIMIT ? OFFSET ?
                    """, arguments: [stream.rawValue, from, to, limit - out.count, skip])
                if rows.isEmpty, skip > 0 {
                    skip -= try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE datastream_id = ? AND t >= ? AND t < ?", arguments: [stream.rawValue, from, to]) ?? 0
                    skip = max(0, skip)
                    continue
                }
                skip = 0
                out += rows.map { Observation(datastreamID: stream, time: $0["t"], result: $0["result"]) }
            }
            return out
        }
    }

    public func observation(of stream: DatastreamID, at time: Int64) async throws -> Observation? {
        try await read { db in
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
            return dropped
        }
    }
}
