public import ChengyunCore
import ChengyunStore
public import Foundation
import GRDB

/// 知事项 — list items with their station types and categories as child rows; a station's cases counted by category
/// from partial indexes; the daily tasks ticked, one row per station, day and item.
extension SQLiteStore {
    /// The case states that are matters still to handle.
    static let matterOpenSQL = "state IN (\(stateList(CaseState.allCases.filter { !$0.isTerminal })))"

    static func registerMatterMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v22-matters") { db in
            try db.execute(sql: """
                CREATE TABLE matter_item (
                    id INTEGER PRIMARY KEY,
                    list TEXT NOT NULL,
                    code TEXT NOT NULL,
                    name TEXT NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    guide TEXT NOT NULL,
                    active INTEGER NOT NULL,
                    version INTEGER NOT NULL,
                    UNIQUE (list, code)
                );
                CREATE INDEX matter_item_path ON matter_item(node_path, list, code);
                CREATE TABLE matter_item_type (
                    item_id INTEGER NOT NULL REFERENCES matter_item(id),
                    station_type TEXT NOT NULL,
                    PRIMARY KEY (item_id, station_type)
                ) WITHOUT ROWID;
                CREATE TABLE matter_item_category (
                    item_id INTEGER NOT NULL REFERENCES matter_item(id),
                    position INTEGER NOT NULL,
                    category_id TEXT NOT NULL,
                    PRIMARY KEY (item_id, position)
                ) WITHOUT ROWID;
                CREATE TABLE matter_task (
                    station_id INTEGER NOT NULL REFERENCES station(id),
                    day TEXT NOT NULL,
                    item_id INTEGER NOT NULL REFERENCES matter_item(id),
                    by_id INTEGER NOT NULL,
                    by_name TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    note TEXT NOT NULL,
                    PRIMARY KEY (station_id, day, item_id)
                ) WITHOUT ROWID;
                CREATE INDEX case_station_open ON case_record(station_id, category_id) WHERE station_id IS NOT NULL AND \(matterOpenSQL);
                CREATE INDEX case_station_closed ON case_record(station_id, closed_at) WHERE station_id IS NOT NULL AND closed_at IS NOT NULL;
                """)
        }
    }

    static func matterItems(_ db: Database, _ rows: [Row]) throws -> [MatterItem] {
        let ids = jsonIDs(rows.map { $0["id"] as Int64 })
        var types: [Int64: [StationType]] = [:], categories: [Int64: [String]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT item_id, station_type FROM matter_item_type WHERE item_id IN (SELECT value FROM json_each(?))", arguments: [ids]) {
            if let type = StationType(rawValue: r["station_type"]) { types[r["item_id"], default: []].append(type) }
        }
        for r in try Row.fetchAll(db, sql: "SELECT item_id, category_id FROM matter_item_category WHERE item_id IN (SELECT value FROM json_each(?)) ORDER BY item_id, position",
                                  arguments: [ids]) {
            categories[r["item_id"], default: []].append(r["category_id"])
        }
        return rows.map { r in
            let id: Int64 = r["id"], list: String = r["list"]
            return MatterItem(id: MatterItemID(id), list: MatterItem.List(rawValue: list) ?? .positive, code: r["code"], name: r["name"], nodeID: NodeID(r["node_id"] as Int64),
                              nodePath: r["node_path"], stationTypes: StationType.allCases.filter { (types[id] ?? []).contains($0) }, categoryIDs: categories[id] ?? [],
                              guide: r["guide"], active: r["active"], version: r["version"])
        }
    }

    public func createMatterItem(_ item: MatterItem) async throws -> MatterItem {
        do {
            return try await writer.write { db in
                try db.execute(sql: "INSERT INTO matter_item (list, code, name, node_id, node_path, guide, active, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                               arguments: [item.list.rawValue, item.code, item.name, item.nodeID.rawValue, item.nodePath, item.guide, item.active])
                var stored = item
                stored.id = MatterItemID(db.lastInsertedRowID)
                stored.version = 1
                for type in item.stationTypes {
                    try db.execute(sql: "INSERT INTO matter_item_type (item_id, station_type) VALUES (?, ?)", arguments: [stored.id.rawValue, type.rawValue])
                }
                for (i, category) in item.categoryIDs.enumerated() {
                    try db.execute(sql: "INSERT INTO matter_item_category (item_id, position, category_id) VALUES (?, ?, ?)", arguments: [stored.id.rawValue, i, category])
                }
                return stored
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("matter_item.code") {
            throw MatterError.duplicateCode(item.code)
        }
    }

    public func matterItem(_ id: MatterItemID) async throws -> MatterItem? {
        try await read { db in try Self.matterItems(db, try Row.fetchAll(db, sql: "SELECT * FROM matter_item WHERE id = ?", arguments: [id.rawValue])).first }
    }

    public func matterItems(over path: String, under: Bool, list: MatterItem.List?) async throws -> [MatterItem] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Self.matterItems(db, try Row.fetchAll(db, sql: """
                SELECT * FROM matter_item
                WHERE (substr(?, 1, length(node_path)) = node_path OR (? AND node_path >= ? AND node_path < ?)) AND (? IS NULL OR list = ?)
                ORDER BY list, code
                """, arguments: [path, under, low, high, list?.rawValue, list?.rawValue]))
        }
    }

    public func setMatterItemActive(_ id: MatterItemID, _ active: Bool) async throws -> MatterItem? {
        try await writer.write { db in
            try db.execute(sql: "UPDATE matter_item SET active = ?, version = version + 1 WHERE id = ?", arguments: [active, id.rawValue])
            guard db.changesCount > 0 else { return nil }
            return try Self.matterItems(db, try Row.fetchAll(db, sql: "SELECT * FROM matter_item WHERE id = ?", arguments: [id.rawValue])).first
        }
    }

    public func matterCounts(station: StationID, categories: [String], from: Date, to: Date, now: Date) async throws -> [String: MatterCount] {
        let wanted = String(decoding: try JSONEncoder().encode(categories), as: UTF8.self)
        let (f, t, n) = (CaseRows.ms(from), CaseRows.ms(to), CaseRows.ms(now))
        return try await read { db in
            var counts: [String: MatterCount] = [:]
            // Open now, from the station's open cases (a partial index); overdue among them while the clock runs.
            for r in try Row.fetchAll(db, sql: """
                SELECT category_id, count(*) AS n, sum(\(Self.runningSQL) AND deadline < ?) AS overdue FROM case_record
                WHERE station_id = ? AND \(Self.matterOpenSQL) AND category_id IN (SELECT value FROM json_each(?)) GROUP BY category_id
                """, arguments: [n, station.rawValue, wanted]) {
                counts[r["category_id"], default: MatterCount()].open = r["n"]
                counts[r["category_id"], default: MatterCount()].overdue = r["overdue"] ?? 0
            }
            for r in try Row.fetchAll(db, sql: """
                SELECT category_id, count(*) AS n FROM case_record
                WHERE station_id = ? AND reported_at >= ? AND reported_at < ? AND state NOT IN ('rejected','merged') AND category_id IN (SELECT value FROM json_each(?))
                GROUP BY category_id
                """, arguments: [station.rawValue, f, t, wanted]) {
                counts[r["category_id"], default: MatterCount()].reported = r["n"]
            }
            for r in try Row.fetchAll(db, sql: """
                SELECT category_id, count(*) AS n FROM case_record
                WHERE station_id = ? AND closed_at >= ? AND closed_at < ? AND category_id IN (SELECT value FROM json_each(?)) GROUP BY category_id
                """, arguments: [station.rawValue, f, t, wanted]) {
                counts[r["category_id"], default: MatterCount()].closed = r["n"]
            }
            return counts
        }
    }

    static func matterTaskDone(_ r: Row) -> MatterTaskDone {
        MatterTaskDone(stationID: StationID(r["station_id"] as Int64), day: r["day"], itemID: MatterItemID(r["item_id"] as Int64), byID: UserID(r["by_id"] as Int64),
                       by: r["by_name"], at: Date(timeIntervalSince1970: Double(r["at"] as Int64) / 1000), note: r["note"])
    }

    public func recordMatterTask(_ done: MatterTaskDone) async throws -> (done: MatterTaskDone, created: Bool) {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO matter_task (station_id, day, item_id, by_id, by_name, at, note) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (station_id, day, item_id) DO NOTHING
                """, arguments: [done.stationID.rawValue, done.day, done.itemID.rawValue, done.byID.rawValue, done.by, CaseRows.ms(done.at), done.note])
            let created = db.changesCount > 0
            let row = try Row.fetchOne(db, sql: "SELECT * FROM matter_task WHERE station_id = ? AND day = ? AND item_id = ?",
                                       arguments: [done.stationID.rawValue, done.day, done.itemID.rawValue])
            return (row.map(Self.matterTaskDone) ?? done, created)
        }
    }

    public func matterTasksDone(station: StationID, day: String) async throws -> [MatterTaskDone] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM matter_task WHERE station_id = ? AND day = ? ORDER BY at", arguments: [station.rawValue, day]).map(Self.matterTaskDone)
        }
    }
}
