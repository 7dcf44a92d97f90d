public import ChengyunCore
public import ChengyunStore
public import Foundation
import PostgresNIO

/// 城市体征 — the catalogue as rows with typed columns, the hourly area rollups of readings (kept by the readings'
/// move), case volumes counted by the database, and the analysts' notes.
extension PostgresStore {
    static let vitalSignMigrations = [
        PostgresMigration(name: "v9-vital-signs", statements: [
            "CREATE TABLE vital_sign_catalogue (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL, note text NOT NULL)",
            """
            CREATE TABLE vital_sign (
                position integer PRIMARY KEY,
                code text NOT NULL UNIQUE,
                parent_code text,
                dimension text NOT NULL,
                name text NOT NULL,
                name_en text NOT NULL,
                unit text NOT NULL,
                window_hours integer NOT NULL,
                source text,
                property text,
                aggregate text,
                figure text,
                case_source text,
                category_id text,
                min_level text,
                level_mode text,
                level_direction text,
                level_blue double precision,
                level_yellow double precision,
                level_orange double precision,
                level_red double precision,
                normal_low double precision,
                normal_high double precision
            )
            """,
            """
            CREATE TABLE sensing_area_hour (
                node_id bigint NOT NULL, property text NOT NULL, start bigint NOT NULL,
                n bigint NOT NULL, total double precision NOT NULL, low double precision NOT NULL, high double precision NOT NULL,
                PRIMARY KEY (node_id, property, start))
            """,
            """
            CREATE TABLE vital_sign_note (
                node_id bigint NOT NULL REFERENCES org_node(id),
                day text NOT NULL,
                text text NOT NULL,
                author text NOT NULL,
                author_name text NOT NULL,
                written_at bigint NOT NULL,
                PRIMARY KEY (node_id, day))
            """,
            // The area rollups of the readings already kept, from their hourly rollups: every node of a datastream's
            // path down to its committee (`AreaRollup.depth`).
            """
            DO $$ DECLARE t text; BEGIN
            FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'sensing\\_hour\\_m%' LOOP
                EXECUTE format('INSERT INTO sensing_area_hour AS a (node_id, property, start, n, total, low, high)
                    SELECT node::bigint, ds.property, h.start, SUM(h.n), SUM(h.total), MIN(h.low), MAX(h.high)
                    FROM %I h JOIN sensing_datastream ds ON ds.id = h.datastream_id
                    CROSS JOIN LATERAL unnest((string_to_array(trim(both ''/'' from ds.node_path), ''/''))[1:4]) AS node
                    GROUP BY node, ds.property, h.start
                    ON CONFLICT (node_id, property, start) DO UPDATE SET n = a.n + excluded.n, total = a.total + excluded.total,
                        low = least(a.low, excluded.low), high = greatest(a.high, excluded.high)', t);
            END LOOP; END $$
            """,
        ]),
    ]

    /// Adds hourly rollups to the area rollups, in `c`'s transaction (in key order, so two moves lock alike).
    static func addAreaRollups(_ rows: [(AreaRollup.Key, AreaReadingHour)], _ c: PostgresConnection, logger: Logger) async throws {
        guard !rows.isEmpty else { return }
        try await c.rows("""
            INSERT INTO sensing_area_hour AS a (node_id, property, start, n, total, low, high)
            SELECT * FROM unnest(\(rows.map(\.0.node))::bigint[], \(rows.map(\.0.property))::text[], \(rows.map(\.0.start))::bigint[],
                                 \(rows.map { Int64($0.1.count) })::bigint[], \(rows.map(\.1.sum))::float8[], \(rows.map(\.1.min))::float8[],
                                 \(rows.map(\.1.max))::float8[])
            ON CONFLICT (node_id, property, start) DO UPDATE SET n = a.n + excluded.n, total = a.total + excluded.total,
                low = least(a.low, excluded.low), high = greatest(a.high, excluded.high)
            """, logger: logger)
    }

    /// The property and path of each of `ids` (for the area rollups of a move).
    static func streamAreas(_ ids: [Int64], _ c: PostgresConnection, logger: Logger) async throws -> [DatastreamID: (property: String, path: String)] {
        var out: [DatastreamID: (property: String, path: String)] = [:]
        for row in try await c.rows("SELECT id, property, node_path FROM sensing_datastream WHERE id = ANY(\(ids))", logger: logger) {
            let (id, property, path) = try row.decode((Int64, String, String).self)
            out[DatastreamID(id)] = (property, path)
        }
        return out
    }

    public func vitalSignCatalogue() async throws -> VitalSignCatalogue? {
        try await read { c -> VitalSignCatalogue? in
            guard let head = try await c.rows("SELECT version, note FROM vital_sign_catalogue WHERE id = 1", logger: logger).first else { return nil }
            let (version, note) = try head.decode((Int, String).self)
            let signs = try await c.rows("SELECT \(unescaped: VitalSignRows.columns.joined(separator: ", ")) FROM vital_sign ORDER BY position", logger: logger)
                .map { row in
                    let cells = row.makeRandomAccess()
                    return VitalSignRows.sign(text: { try? cells[$0].decode(String?.self) },
                                              int: { (try? cells[$0].decode(Int?.self)) ?? nil },
                                              real: { (try? cells[$0].decode(Double?.self)) ?? nil })
                }
            return VitalSignCatalogue(version: version, note: note, signs: signs)
        }
    }

    public func replaceVitalSignCatalogue(_ catalogue: VitalSignCatalogue) async throws {
        try await transaction { c in
            try await c.rows("DELETE FROM vital_sign", logger: logger)
            try await c.rows("""
                INSERT INTO vital_sign_catalogue (id, version, note) VALUES (1, \(catalogue.version), \(catalogue.note))
                ON CONFLICT (id) DO UPDATE SET version = excluded.version, note = excluded.note
                """, logger: logger)
            for (i, s) in catalogue.signs.enumerated() {
                var q = SQLBuilder()
                let values = VitalSignRows.values(s).map { v -> String in
                    switch v {
                    case let .text(t): q.bind(t)
                    case let .int(n): q.bind(Int64(n))
                    case let .real(d): q.bind(d)
                    case .null: "NULL"
                    }
                }
                q.append("INSERT INTO vital_sign (position, \(VitalSignRows.columns.joined(separator: ", "))) VALUES (\(q.bind(Int64(i))), \(values.joined(separator: ", ")))")
                try await c.rows(q.query, logger: logger)
            }
        }
    }

    public func areaReadings(node: NodeID, property: String, from: Int64, to: Int64) async throws -> [AreaReadingHour] {
        try await rows("""
            SELECT start, n, total, low, high FROM sensing_area_hour WHERE node_id = \(node.rawValue) AND property = \(property)
                AND start >= \(from) AND start < \(to) ORDER BY start
            """).map { row in
            let (start, n, total, low, high) = try row.decode((Int64, Int64, Double, Double, Double).self)
            return AreaReadingHour(start: start, count: Int(n), sum: total, min: low, max: high)
        }
    }

    public func caseVolumes(under path: String, from: Date, bucketSeconds: Int, buckets: Int) async throws -> [CaseVolume] {
        let start = CaseColumns.ms(from)!
        let width = Int64(bucketSeconds) * 1000
        let end = start + width * Int64(buckets)
        let (low, high) = OrgNode.pathRange(path)
        return try await rows("""
            SELECT source, category_id, (reported_at - \(start)) / \(width) AS bucket, COUNT(*) FROM case_record
            WHERE reported_at >= \(start) AND reported_at < \(end) AND node_path >= \(low) AND node_path < \(high)
            GROUP BY source, category_id, bucket
            """).compactMap { row in
            let (source, category, bucket, n) = try row.decode((String, String, Int64, Int64).self)
            return CaseSource(rawValue: source).map { CaseVolume(source: $0, categoryID: category, bucket: Int(bucket), count: Int(n)) }
        }
    }

    public func putVitalSignNote(_ note: VitalSignNote) async throws {
        try await rows("""
            INSERT INTO vital_sign_note (node_id, day, text, author, author_name, written_at)
            VALUES (\(note.nodeID.rawValue), \(note.day), \(note.text), \(note.author), \(note.authorName), \(CaseColumns.ms(note.writtenAt)!))
            ON CONFLICT (node_id, day) DO UPDATE SET text = excluded.text, author = excluded.author, author_name = excluded.author_name,
                written_at = excluded.written_at
            """)
    }

    public func vitalSignNotes(node: NodeID, from: String, to: String) async throws -> [VitalSignNote] {
        try await rows("""
            SELECT node_id, day, text, author, author_name, written_at FROM vital_sign_note
            WHERE node_id = \(node.rawValue) AND day >= \(from) AND day <= \(to) ORDER BY day DESC
            """).map { row in
            let (node, day, text, author, name, at) = try row.decode((Int64, String, String, String, String, Int64).self)
            return VitalSignNote(nodeID: NodeID(node), day: day, text: text, author: author, authorName: name,
                                 writtenAt: Date(timeIntervalSince1970: Double(at) / 1000))
        }
    }
}
