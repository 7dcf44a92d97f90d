public import ChengyunCore
import ChengyunStore
import Foundation
import PostgresNIO

/// 动线 — a compound's entrances and their checkpoints, as the SQLite adapter keeps them; written with arrays in two
/// statements.
extension PostgresStore {
    static let entranceMigrations = [
        PostgresMigration(name: "v28-entrance-flow", statements: [
            "ALTER TABLE compound_entrance ADD COLUMN direction text NOT NULL DEFAULT 'both'",
            "ALTER TABLE compound_entrance ADD COLUMN open boolean NOT NULL DEFAULT true",
            """
            CREATE TABLE entrance_checkpoint (
                compound_id bigint NOT NULL REFERENCES compound(id),
                entrance integer NOT NULL,
                position integer NOT NULL,
                kind text NOT NULL,
                note text,
                lon double precision,
                lat double precision,
                PRIMARY KEY (compound_id, entrance, position)
            )
            """,
        ]),
    ]

    /// The entrances of these compounds with their checkpoints, by compound id, in order.
    static func entrances(_ c: PostgresConnection, of ids: [Int64], logger: Logger) async throws -> [Int64: [Entrance]] {
        guard !ids.isEmpty else { return [:] }
        var points: [Int64: [Int: [Checkpoint]]] = [:]
        for row in try await c.rows("""
            SELECT compound_id, entrance, kind, note, lon, lat FROM entrance_checkpoint WHERE compound_id = ANY(\(ids)) ORDER BY compound_id, entrance, position
            """, logger: logger) {
            let (id, entrance, kind, note, lon, lat) = try row.decode((Int64, Int, String, String?, Double?, Double?).self)
            guard let kind = CheckpointKind(rawValue: kind) else { continue }
            points[id, default: [:]][entrance, default: []]
                .append(Checkpoint(kind: kind, note: note, location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } }))
        }
        var out: [Int64: [Entrance]] = [:]
        for row in try await c.rows("""
            SELECT compound_id, position, name, lon, lat, vehicles, direction, open FROM compound_entrance WHERE compound_id = ANY(\(ids)) ORDER BY compound_id, position
            """, logger: logger) {
            let (id, position, name, lon, lat, vehicles, direction, open) = try row.decode((Int64, Int, String, Double, Double, Bool, String, Bool).self)
            out[id, default: []].append(Entrance(name: name, location: GeoPoint(lon: lon, lat: lat), vehicles: vehicles,
                                                 direction: EntranceDirection(rawValue: direction) ?? .both, open: open, checkpoints: points[id]?[position] ?? []))
        }
        return out
    }

    /// Writes a compound's entrances and their checkpoints (none there before): a statement each, with arrays.
    static func insertEntrances(_ c: PostgresConnection, of id: Int64, _ entrances: [Entrance], logger: Logger) async throws {
        guard !entrances.isEmpty else { return }
        try await c.rows("""
            INSERT INTO compound_entrance (compound_id, position, name, lon, lat, vehicles, direction, open)
            SELECT \(id), o - 1, n, x, y, v, d, p FROM unnest(\(entrances.map(\.name))::text[], \(entrances.map(\.location.lon))::float8[],
                \(entrances.map(\.location.lat))::float8[], \(entrances.map(\.vehicles))::boolean[], \(entrances.map(\.direction.rawValue))::text[],
                \(entrances.map(\.open))::boolean[]) WITH ORDINALITY AS t(n, x, y, v, d, p, o)
            """, logger: logger)
        let points = entrances.enumerated().flatMap { i, e in e.checkpoints.enumerated().map { j, p in (i, j, p) } }
        guard !points.isEmpty else { return }
        // A missing note is '' and a missing place NaN in the arrays (they carry no NULLs), NULL in the table.
        try await c.rows("""
            INSERT INTO entrance_checkpoint (compound_id, entrance, position, kind, note, lon, lat)
            SELECT \(id), e, j, k, NULLIF(n, ''), NULLIF(x, 'NaN'::float8), NULLIF(y, 'NaN'::float8)
            FROM unnest(\(points.map { $0.0 })::integer[], \(points.map { $0.1 })::integer[], \(points.map { $0.2.kind.rawValue })::text[], \(points.map { $0.2.note ?? "" })::text[],
                        \(points.map { $0.2.location?.lon ?? .nan })::float8[], \(points.map { $0.2.location?.lat ?? .nan })::float8[]) AS t(e, j, k, n, x, y)
            """, logger: logger)
    }

    public func replaceEntrances(of id: CompoundID, _ entrances: [Entrance], version: Int?) async throws -> Compound? {
        let logger = logger
        return try await transaction { c in
            let found = try await c.rows("SELECT version FROM compound WHERE id = \(id.rawValue) FOR UPDATE", logger: logger)
            guard let current = try found.first?.decode(Int.self) else { return nil }
            if let version, version != current { throw EntranceError.changed }
            try await c.rows("DELETE FROM entrance_checkpoint WHERE compound_id = \(id.rawValue)", logger: logger)
            try await c.rows("DELETE FROM compound_entrance WHERE compound_id = \(id.rawValue)", logger: logger)
            try await Self.insertEntrances(c, of: id.rawValue, entrances, logger: logger)
            return try await Self.compounds(c, try await c.rows("""
                UPDATE compound SET version = version + 1 WHERE id = \(id.rawValue) RETURNING \(unescaped: Self.compoundSelect)
                """, logger: logger), logger: logger).first
        }
    }
}
