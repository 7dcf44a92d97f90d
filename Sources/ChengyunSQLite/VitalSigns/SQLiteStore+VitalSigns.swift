public import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB

/// 城市体征 — the catalogue as rows with typed columns, the hourly area rollups of readings (kept by the readings'
/// move), case volumes counted by the database, and the analysts' notes.
extension SQLiteStore {
    static func registerVitalSignMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v13-vital-signs") { db in
            try db.execute(sql: """
                CREATE TABLE vital_sign_catalogue (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL, note TEXT NOT NULL);
                CREATE TABLE vital_sign (
                    position INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    parent_code TEXT,
                    dimension TEXT NOT NULL,
                    name TEXT NOT NULL,
                    name_en TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    window_hours INTEGER NOT NULL,
                    source TEXT,
                    property TEXT,
                    aggregate TEXT,
                    figure TEXT,
                    case_source TEXT,
                    category_id TEXT,
                    min_level TEXT,
                    level_mode TEXT,
                    level_direction TEXT,
                    level_blue REAL,
                    level_yellow REAL,
                    level_orange REAL,
                    level_red REAL,
                    normal_low REAL,
                    normal_high REAL
                );
                CREATE TABLE sensing_area_hour (
                    node_id INTEGER NOT NULL, property TEXT NOT NULL, start INTEGER NOT NULL,
                    n INTEGER NOT NULL, total REAL NOT NULL, low REAL NOT NULL, high REAL NOT NULL,
                    PRIMARY KEY (node_id, property, start)) WITHOUT ROWID;
                CREATE TABLE vital_sign_note (
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    day TEXT NOT NULL,
                    text TEXT NOT NULL,
                    author TEXT NOT NULL,
                    author_name TEXT NOT NULL,
                    written_at INTEGER NOT NULL,
                    PRIMARY KEY (node_id, day)) WITHOUT ROWID;
                """)
            // The area rollups of the readings already kept, from their hourly rollups.
            for table in try readingTableNames(db) where table.hasPrefix(ReadingTables.hourPrefix) {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT ds.property, ds.node_path, h.start, SUM(h.n) AS n, SUM(h.total) AS total, MIN(h.low) AS low, MAX(h.high) AS high
                    FROM \(table) h JOIN sensing_datastream ds ON ds.id = h.datastream_id GROUP BY ds.property, ds.node_path, h.start
                    """)
                var rollups: [ObservationRollup] = []
                var streams: [DatastreamID: (property: String, path: String)] = [:]
                for (i, r) in rows.enumerated() {
                    let id = DatastreamID(Int64(i))
                    streams[id] = (r["property"], r["node_path"])
                    rollups.append(ObservationRollup(datastreamID: id, start: r["start"], count: r["n"], sum: r["total"], min: r["low"], max: r["high"]))
                }
                try addAreaRollups(AreaRollup.of(rollups, streams: streams), db)
            }
        }
    }

    /// Adds hourly rollups to the area rollups.
    static func addAreaRollups(_ rows: [(AreaRollup.Key, AreaReadingHour)], _ db: Database) throws {
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO sensing_area_hour (node_id, property, start, n, total, low, high) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (node_id, property, start) DO UPDATE SET n = n + excluded.n, total = total + excluded.total,
                low = min(low, excluded.low), high = max(high, excluded.high)
            """)
        for (key, a) in rows { try upsert.execute(arguments: [key.node, key.property, key.start, a.count, a.sum, a.min, a.max]) }
    }

    /// The property and path of each of `ids` (for the area rollups of a move).
    static func streamAreas(_ ids: some Sequence<Int64>, _ db: Database) throws -> [DatastreamID: (property: String, path: String)] {
        var out: [DatastreamID: (property: String, path: String)] = [:]
        for r in try Row.fetchAll(db.cachedStatement(sql: "SELECT id, property, node_path FROM sensing_datastream WHERE id IN (SELECT value FROM json_each(?))"),
                                  arguments: [jsonIDs(ids)]) {
            out[DatastreamID(r[0] as Int64)] = (r[1], r[2])
        }
        return out
    }

    public func vitalSignCatalogue() async throws -> VitalSignCatalogue? {
        try await read { db in
            guard let head = try Row.fetchOne(db, sql: "SELECT version, note FROM vital_sign_catalogue WHERE id = 1") else { return nil }
            let signs = try Row.fetchAll(db, sql: "SELECT * FROM vital_sign ORDER BY position").map { r in
                VitalSignRows.sign(text: { r[$0] as String? }, int: { r[$0] as Int? }, real: { r[$0] as Double? })
            }
            return VitalSignCatalogue(version: head["version"], note: head["note"], signs: signs)
        }
    }

    public func replaceVitalSignCatalogue(_ catalogue: VitalSignCatalogue) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM vital_sign")
            try db.execute(sql: "INSERT INTO vital_sign_catalogue (id, version, note) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version, note = excluded.note",
                           arguments: [catalogue.version, catalogue.note])
            let insert = try db.cachedStatement(sql: """
                INSERT INTO vital_sign (position, \(VitalSignRows.columns.joined(separator: ", "))) VALUES (?, \(VitalSignRows.columns.map { _ in "?" }.joined(separator: ", ")))
                """)
            for (i, s) in catalogue.signs.enumerated() {
                try insert.execute(arguments: StatementArguments([i as (any DatabaseValueConvertible)?] + VitalSignRows.values(s).map(Self.sqlValue)))
            }
        }
    }

    static func sqlValue(_ v: VitalSignRows.Value) -> (any DatabaseValueConvertible)? {
        switch v {
        case let .text(s): s
        case let .int(i): i
        case let .real(d): d
        case .null: nil
        }
    }

    public func areaReadings(node: NodeID, property: String, from: Int64, to: Int64) async throws -> [AreaReadingHour] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT start, n, total, low, high FROM sensing_area_hour WHERE node_id = ? AND property = ? AND start >= ? AND start < ? ORDER BY start
                """), arguments: [node.rawValue, property, from, to])
                .map { AreaReadingHour(start: $0["start"], count: $0["n"], sum: $0["total"], min: $0["low"], max: $0["high"]) }
        }
    }

    /// Read by time (`case_open_data`: reported_at, node_path, …), not by path: a window is a few days of a city's
    /// cases, a path can be the whole city's.
    public func caseVolumes(under path: String, from: Date, bucketSeconds: Int, buckets: Int) async throws -> [CaseVolume] {
        let start = CaseRows.ms(from)!
        let width = Int64(bucketSeconds) * 1000
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT source, category_id, (reported_at - ?) / ? AS bucket, COUNT(*) AS n FROM case_record INDEXED BY case_open_data
                WHERE reported_at >= ? AND reported_at < ? AND node_path >= ? AND node_path < ?
                GROUP BY source, category_id, bucket
                """), arguments: [start, width, start, start + width * Int64(buckets), low, high])
                .compactMap { r in
                    CaseSource(rawValue: r["source"]).map { CaseVolume(source: $0, categoryID: r["category_id"], bucket: r["bucket"], count: r["n"]) }
                }
        }
    }

    public func putVitalSignNote(_ note: VitalSignNote) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO vital_sign_note (node_id, day, text, author, author_name, written_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (node_id, day) DO UPDATE SET text = excluded.text, author = excluded.author, author_name = excluded.author_name,
                    written_at = excluded.written_at
                """, arguments: [note.nodeID.rawValue, note.day, note.text, note.author, note.authorName, CaseRows.ms(note.writtenAt)])
        }
    }

    public func vitalSignNotes(node: NodeID, from: String, to: String) async throws -> [VitalSignNote] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM vital_sign_note WHERE node_id = ? AND day >= ? AND day <= ? ORDER BY day DESC",
                             arguments: [node.rawValue, from, to]).map { r in
                VitalSignNote(nodeID: NodeID(r["node_id"] as Int64), day: r["day"], text: r["text"], author: r["author"], authorName: r["author_name"],
                              writtenAt: Date(timeIntervalSince1970: Double(r["written_at"] as Int64) / 1000))
            }
        }
    }
}
