public import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

/// 重点场所与设施 — key places and facilities as typed rows, indexed by committee path and by point; counted in the
/// base-data tallies in the same commit.
extension SQLiteStore {
    static func registerKeyPlaceMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v33-key-places") { db in
            try db.execute(sql: """
                CREATE TABLE key_place (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    compound_id INTEGER REFERENCES compound(id),
                    lon REAL NOT NULL,
                    lat REAL NOT NULL,
                    address TEXT,
                    operator_name TEXT,
                    maintainer TEXT,
                    capacity INTEGER,
                    note TEXT,
                    version INTEGER NOT NULL
                );
                CREATE INDEX key_place_path ON key_place(node_path, code);
                CREATE INDEX key_place_point ON key_place(lon, lat);
                """)
        }
    }

    static func keyPlaceRow(_ r: Row) -> KeyPlace {
        KeyPlace(id: KeyPlaceID(r["id"] as Int64), code: r["code"], name: r["name"], kind: r["kind"], nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"],
                 compoundID: (r["compound_id"] as Int64?).map { CompoundID($0) }, location: GeoPoint(lon: r["lon"], lat: r["lat"]), address: r["address"],
                 operatorName: r["operator_name"], maintainer: r["maintainer"], capacity: r["capacity"], note: r["note"], version: r["version"])
    }

    static func tally(_ db: Database, _ place: KeyPlace, _ sign: Int) throws {
        for key in place.tallyKeys { try tally(db, place.nodePath, key, sign) }
    }

    public func createKeyPlace(_ p: KeyPlace) async throws -> KeyPlace {
        do {
            return try await writer.write { db in
                try db.execute(sql: """
                    INSERT INTO key_place (code, name, kind, node_id, node_path, compound_id, lon, lat, address, operator_name, maintainer, capacity, note, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                    """, arguments: [p.code, p.name, p.kind, p.nodeID.rawValue, p.nodePath, p.compoundID?.rawValue, p.location.lon, p.location.lat, p.address,
                                     p.operatorName, p.maintainer, p.capacity, p.note])
                var stored = p
                stored.id = KeyPlaceID(db.lastInsertedRowID)
                stored.version = 1
                try Self.tally(db, stored, 1)
                return stored
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("key_place.code") {
            throw KeyPlaceError.duplicateCode(p.code)
        }
    }

    public func addKeyPlaces(_ places: [KeyPlace]) async throws -> [(place: KeyPlace, created: Bool)] {
        try await writer.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO key_place (code, name, kind, node_id, node_path, compound_id, lon, lat, address, operator_name, maintainer, capacity, note, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (code) DO NOTHING
                """)
            return try places.map { p in
                try insert.execute(arguments: [p.code, p.name, p.kind, p.nodeID.rawValue, p.nodePath, p.compoundID?.rawValue, p.location.lon, p.location.lat, p.address,
                                               p.operatorName, p.maintainer, p.capacity, p.note])
                let created = db.changesCount > 0
                let stored = Self.keyPlaceRow(try Row.fetchOne(db, sql: "SELECT * FROM key_place WHERE code = ?", arguments: [p.code])!)
                if created { try Self.tally(db, stored, 1) }
                return (stored, created)
            }
        }
    }

    public func keyPlace(_ id: KeyPlaceID) async throws -> KeyPlace? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM key_place WHERE id = ?", arguments: [id.rawValue]).map(Self.keyPlaceRow) }
    }

    public func updateKeyPlace(_ p: KeyPlace, version: Int) async throws -> KeyPlace? {
        try await writer.write { db in
            guard let before = try Row.fetchOne(db, sql: "SELECT * FROM key_place WHERE id = ?", arguments: [p.id.rawValue]).map(Self.keyPlaceRow) else { return nil }
            guard before.version == version else { throw KeyPlaceError.changed }
            var after = p
            after.code = before.code
            after.nodeID = before.nodeID
            after.nodePath = before.nodePath
            after.version = before.version + 1
            try db.execute(sql: """
                UPDATE key_place SET name = ?, kind = ?, compound_id = ?, lon = ?, lat = ?, address = ?, operator_name = ?, maintainer = ?, capacity = ?, note = ?,
                    version = ? WHERE id = ?
                """, arguments: [after.name, after.kind, after.compoundID?.rawValue, after.location.lon, after.location.lat, after.address, after.operatorName,
                                 after.maintainer, after.capacity, after.note, after.version, after.id.rawValue])
            try Self.tally(db, before, -1)
            try Self.tally(db, after, 1)
            return after
        }
    }

    public func keyPlaces(under path: String, kind: String?, unmaintained: Bool, afterCode: String?, limit: Int) async throws -> [KeyPlace] {
        let (low, high) = Self.pathRange(path)
        // A facility's kinds, for the findings: nobody maintains it.
        let facilities = String(decoding: try JSONEncoder().encode(KeyPlaceKind.catalogue.filter { $0.placeClass == .facility }.map(\.code)), as: UTF8.self)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM key_place WHERE node_path >= ? AND node_path < ? AND code > ? AND (? IS NULL OR kind = ?)
                    AND (? = 0 OR (maintainer IS NULL AND kind IN (SELECT value FROM json_each(?))))
                ORDER BY node_path, code LIMIT ?
                """, arguments: [low, high, afterCode ?? "", kind, kind, unmaintained, facilities, limit]).map(Self.keyPlaceRow)
        }
    }

    public func keyPlaces(in box: BoundingBox, under paths: [String], limit: Int) async throws -> [KeyPlace] {
        guard !paths.isEmpty else { return [] }
        let (condition, arguments) = Self.inBox(box, under: paths, limit: limit)
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM key_place WHERE \(condition) LIMIT ?", arguments: arguments).map(Self.keyPlaceRow)
        }
    }
}
