public import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

/// 动线 — a compound's entrances (way, open or closed) and their checkpoints in order, as rows; replaced whole in one
/// commit that raises the compound's version.
extension SQLiteStore {
    static func registerEntranceMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v32-entrance-flow") { db in
            try db.execute(sql: """
                ALTER TABLE compound_entrance ADD COLUMN direction TEXT NOT NULL DEFAULT 'both';
                ALTER TABLE compound_entrance ADD COLUMN open INTEGER NOT NULL DEFAULT 1;
                CREATE TABLE entrance_checkpoint (
                    compound_id INTEGER NOT NULL REFERENCES compound(id),
                    entrance INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    note TEXT,
                    lon REAL,
                    lat REAL,
                    PRIMARY KEY (compound_id, entrance, position)
                ) WITHOUT ROWID;
                """)
        }
    }

    /// The entrances of these compounds with their checkpoints, by compound id, in order.
    static func entrances(_ db: Database, of ids: [Int64]) throws -> [Int64: [Entrance]] {
        guard !ids.isEmpty else { return [:] }
        let list = jsonIDs(ids)
        var points: [Int64: [Int: [Checkpoint]]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT * FROM entrance_checkpoint WHERE compound_id IN (SELECT value FROM json_each(?)) ORDER BY compound_id, entrance, position",
                                  arguments: [list]) {
            let lon: Double? = r["lon"], lat: Double? = r["lat"], kind: String = r["kind"]
            guard let kind = CheckpointKind(rawValue: kind) else { continue }
            points[r["compound_id"], default: [:]][r["entrance"], default: []]
                .append(Checkpoint(kind: kind, note: r["note"], location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } }))
        }
        var out: [Int64: [Entrance]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT * FROM compound_entrance WHERE compound_id IN (SELECT value FROM json_each(?)) ORDER BY compound_id, position",
                                  arguments: [list]) {
            let id: Int64 = r["compound_id"], position: Int = r["position"], direction: String = r["direction"]
            out[id, default: []].append(Entrance(name: r["name"], location: GeoPoint(lon: r["lon"], lat: r["lat"]), vehicles: r["vehicles"],
                                                 direction: EntranceDirection(rawValue: direction) ?? .both, open: r["open"],
                                                 checkpoints: points[id]?[position] ?? []))
        }
        return out
    }

    /// Writes a compound's entrances and their checkpoints (none there before).
    static func insertEntrances(_ db: Database, of id: CompoundID, _ entrances: [Entrance]) throws {
        for (i, e) in entrances.enumerated() {
            try db.execute(sql: "INSERT INTO compound_entrance (compound_id, position, name, lon, lat, vehicles, direction, open) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [id.rawValue, i, e.name, e.location.lon, e.location.lat, e.vehicles, e.direction.rawValue, e.open])
            for (j, p) in e.checkpoints.enumerated() {
                try db.execute(sql: "INSERT INTO entrance_checkpoint (compound_id, entrance, position, kind, note, lon, lat) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               arguments: [id.rawValue, i, j, p.kind.rawValue, p.note, p.location?.lon, p.location?.lat])
            }
        }
    }

    public func replaceEntrances(of id: CompoundID, _ entrances: [Entrance], version: Int?) async throws -> Compound? {
        try await writer.write { db in
            guard let current = try Int.fetchOne(db, sql: "SELECT version FROM compound WHERE id = ?", arguments: [id.rawValue]) else { return nil }
            if let version, version != current { throw EntranceError.changed }
            try db.execute(sql: "DELETE FROM entrance_checkpoint WHERE compound_id = ?", arguments: [id.rawValue])
            try db.execute(sql: "DELETE FROM compound_entrance WHERE compound_id = ?", arguments: [id.rawValue])
            try Self.insertEntrances(db, of: id, entrances)
            try db.execute(sql: "UPDATE compound SET version = version + 1 WHERE id = ?", arguments: [id.rawValue])
            return try Self.compounds(db, try Row.fetchAll(db, sql: "SELECT * FROM compound WHERE id = ?", arguments: [id.rawValue])).first
        }
    }
}
