public import ChengyunCore
public import ChengyunStore
public import Foundation
import PostgresNIO

/// 类案治理 — what hotspot finding reads (a few columns of the window's cases), and the city's last hotspot run: its
/// hotspots with the path their cases lie under, their cases in report order and their grids. A new run replaces
/// the old in one transaction: readers see one whole run, the old until the new commits.
extension PostgresStore {
    static let hotspotMigrations = [
        PostgresMigration(name: "v1-hotspots", statements: [
            """
            CREATE TABLE hotspot_run (
                id integer PRIMARY KEY CHECK (id = 1),
                generation bigint NOT NULL,
                min_cases integer NOT NULL,
                days integer NOT NULL,
                metres double precision NOT NULL,
                computed_at bigint NOT NULL
            )
            """,
            """
            CREATE TABLE hotspot (
                generation bigint NOT NULL,
                id bigint NOT NULL,
                category_id text COLLATE "C" NOT NULL,
                area_path text COLLATE "C" NOT NULL,
                n bigint NOT NULL,
                open bigint NOT NULL,
                first_reported_at bigint NOT NULL,
                last_reported_at bigint NOT NULL,
                centre_lon double precision,
                centre_lat double precision,
                PRIMARY KEY (generation, id)
            )
            """,
            "CREATE INDEX hotspot_size ON hotspot (generation, n DESC, category_id)",
            "CREATE INDEX hotspot_area ON hotspot (generation, area_path, n DESC, category_id)",
            """
            CREATE TABLE hotspot_case (
                generation bigint NOT NULL,
                hotspot_id bigint NOT NULL,
                seq bigint NOT NULL,
                case_id bigint NOT NULL,
                PRIMARY KEY (generation, hotspot_id, seq)
            )
            """,
            "CREATE INDEX hotspot_case_case ON hotspot_case (generation, case_id)",
            """
            CREATE TABLE hotspot_grid (
                generation bigint NOT NULL,
                hotspot_id bigint NOT NULL,
                node_id bigint NOT NULL,
                PRIMARY KEY (generation, hotspot_id, node_id)
            )
            """,
        ]),
    ]

    static func hotspotCase(_ row: PostgresRow) throws -> HotspotCase? {
        let (id, category, path, lon, lat, state, reported) = try row.decode((Int64, String, String, Double?, Double?, String, Int64).self)
        guard let state = CaseState(rawValue: state) else { return nil }
        return HotspotCase(id: CaseID(id), categoryID: category, nodeID: OrgNode.lastID(inPath: path) ?? NodeID(0), nodePath: path,
                           location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } }, state: state, reportedAt: CaseColumns.date(reported)!)
    }

    /// The window's cases in scope (open or finished, never rejected or merged), with their place.
    public func hotspotCases(_ query: CaseQuery) async throws -> [HotspotCase] {
        var q = SQLBuilder()
        let scope = Self.whereClause(CaseQuery(scope: query.scope, categoryID: query.categoryID, nodePath: query.nodePath, limit: nil), &q)
        q.append("""
            SELECT id, category_id, node_path, lon, lat, state, reported_at FROM case_record
            WHERE reported_at >= \(q.bind(CaseColumns.ms(query.reportedFrom ?? .distantPast)!)) AND state NOT IN ('rejected', 'merged') AND \(scope)
            """)
        return try await rows(q.query).compactMap(Self.hotspotCase)
    }

    public func caseNumbers(_ ids: [CaseID]) async throws -> [CaseID: String] {
        guard !ids.isEmpty else { return [:] }
        var numbers: [CaseID: String] = [:]
        for row in try await rows("SELECT id, number FROM case_record WHERE id = ANY(\(ids.map(\.rawValue)))") {
            let (id, number) = try row.decode((Int64, String).self)
            numbers[CaseID(id)] = number
        }
        return numbers
    }

    public func saveHotspotRun(policy: HotspotPolicy, computedAt: Date, hotspots: [HotspotArea]) async throws {
        let logger = logger
        try await transaction { c in
            // The run's row locked: two nodes saving runs at once write one after the other.
            let current = try await c.rows("SELECT generation FROM hotspot_run WHERE id = 1 FOR UPDATE", logger: logger).first?.decode(Int64.self) ?? 0
            let next = current + 1
            let ids = hotspots.indices.map { Int64($0 + 1) }
            let h = hotspots.map(\.hotspot)
            if !h.isEmpty {
                try await c.rows("""
                    INSERT INTO hotspot (generation, id, category_id, area_path, n, open, first_reported_at, last_reported_at, centre_lon, centre_lat)
                    SELECT \(next), id, category_id, area_path, n, open, first_at, last_at, CASE WHEN placed THEN lon END, CASE WHEN placed THEN lat END
                    FROM unnest(\(ids), \(h.map(\.categoryID)), \(hotspots.map(\.areaPath)), \(h.map { Int64($0.count) }), \(h.map { Int64($0.open) }),
                                \(h.map { CaseColumns.ms($0.firstReportedAt)! }), \(h.map { CaseColumns.ms($0.lastReportedAt)! }), \(h.map { $0.centre != nil }),
                                \(h.map { $0.centre?.lon ?? 0 }), \(h.map { $0.centre?.lat ?? 0 }))
                        AS x(id, category_id, area_path, n, open, first_at, last_at, placed, lon, lat)
                    """, logger: logger)
                let members = zip(ids, h).flatMap { id, h in h.caseIDs.enumerated().map { (id, Int64($0.offset), $0.element.rawValue) } }
                if !members.isEmpty {
                    try await c.rows("""
                        INSERT INTO hotspot_case (generation, hotspot_id, seq, case_id)
                        SELECT \(next), * FROM unnest(\(members.map(\.0)), \(members.map(\.1)), \(members.map(\.2)))
                        """, logger: logger)
                }
                let grids = zip(ids, h).flatMap { id, h in Set(h.gridIDs).map { (id, $0.rawValue) } }
                if !grids.isEmpty {
                    try await c.rows("""
                        INSERT INTO hotspot_grid (generation, hotspot_id, node_id) SELECT \(next), * FROM unnest(\(grids.map(\.0)), \(grids.map(\.1)))
                        """, logger: logger)
                }
            }
            try await c.rows("""
                INSERT INTO hotspot_run (id, generation, min_cases, days, metres, computed_at)
                VALUES (1, \(next), \(Int32(policy.minCases)), \(Int32(policy.days)), \(policy.metres), \(CaseColumns.ms(computedAt)!))
                ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, min_cases = excluded.min_cases, days = excluded.days,
                    metres = excluded.metres, computed_at = excluded.computed_at
                """, logger: logger)
            for table in ["hotspot_case", "hotspot_grid", "hotspot"] {
                try await c.rows(PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE generation <> $1", binds: {
                    var b = PostgresBindings()
                    b.append(next)
                    return b
                }()), logger: logger)
            }
        }
    }

    public func storedHotspots(_ query: CaseQuery, limit: Int, casesEach: Int) async throws -> StoredHotspots? {
        try await read { c -> StoredHotspots? in
            guard let run = try await c.rows("SELECT generation, min_cases, days, metres, computed_at FROM hotspot_run WHERE id = 1", logger: logger).first else {
                return nil
            }
            let (generation, minCases, days, metres, computedAt) = try run.decode((Int64, Int32, Int32, Double, Int64).self)
            let policy = HotspotPolicy(minCases: Int(minCases), days: Int(days), metres: metres)
            let paths = query.subtrees
            // Wholly inside a subtree: the largest of each, then the largest of those.
            var largest: [Int64] = []
            for path in paths {
                let (low, high) = OrgNode.pathRange(path)
                largest += try await c.rows("""
                    SELECT id FROM hotspot WHERE generation = \(generation) AND area_path >= \(low) AND area_path < \(high)
                      AND (\(query.categoryID)::text IS NULL OR category_id = \(query.categoryID))
                    ORDER BY n DESC, category_id LIMIT \(Int64(max(0, limit)))
                    """, logger: logger).map { try $0.decode(Int64.self) }
            }
            var inside: [(id: Int64, hotspot: Hotspot)] = []
            for row in try await c.rows("""
                SELECT id, category_id, n, open, first_reported_at, last_reported_at, centre_lon, centre_lat FROM hotspot
                WHERE generation = \(generation) AND id = ANY(\(largest))
                """, logger: logger) {
                let (id, category, n, open, first, last, lon, lat) = try row.decode((Int64, String, Int64, Int64, Int64, Int64, Double?, Double?).self)
                inside.append((id, Hotspot(categoryID: category, gridIDs: [], centre: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } },
                                           caseIDs: [], numbers: [], count: Int(n), open: Int(open),
                                           firstReportedAt: CaseColumns.date(first)!, lastReportedAt: CaseColumns.date(last)!)))
            }
            inside.sort { ($0.hotspot.count, $1.hotspot.categoryID) > ($1.hotspot.count, $0.hotspot.categoryID) }
            inside = Array(inside.prefix(max(0, limit)))
            let chosen = inside.map(\.id)
            // The most recent `casesEach` cases of each, in report order; the grids of all of them.
            var members: [Int64: [CaseID]] = [:]
            for row in try await c.rows("""
                SELECT hotspot_id, case_id FROM (
                    SELECT hotspot_id, case_id, seq, row_number() OVER (PARTITION BY hotspot_id ORDER BY seq DESC) AS r
                    FROM hotspot_case WHERE generation = \(generation) AND hotspot_id = ANY(\(chosen))
                ) m WHERE r <= \(Int64(max(0, casesEach))) ORDER BY hotspot_id, seq
                """, logger: logger) {
                let (hotspot, caseID) = try row.decode((Int64, Int64).self)
                members[hotspot, default: []].append(CaseID(caseID))
            }
            var grids: [Int64: [NodeID]] = [:]
            for row in try await c.rows("""
                SELECT hotspot_id, node_id FROM hotspot_grid WHERE generation = \(generation) AND hotspot_id = ANY(\(chosen)) ORDER BY hotspot_id, node_id
                """, logger: logger) {
                let (hotspot, node) = try row.decode((Int64, Int64).self)
                grids[hotspot, default: []].append(NodeID(node))
            }
            for i in inside.indices {
                inside[i].hotspot.caseIDs = members[inside[i].id] ?? []
                inside[i].hotspot.numbers = Array(repeating: "", count: inside[i].hotspot.caseIDs.count)
                inside[i].hotspot.gridIDs = grids[inside[i].id] ?? []
            }
            // Crossing a subtree's edge: hotspots whose cases lie under one of its ancestors, and those holding one of
            // the caller's own reports outside the subtrees; their cases inside the subtrees or the caller's own.
            let ancestors = Array(Set(paths.flatMap { OrgNode.properAncestors(of: $0) })).sorted()
            var ids: Set<Int64> = []
            if !ancestors.isEmpty {
                ids.formUnion(try await c.rows("""
                    SELECT id FROM hotspot WHERE generation = \(generation) AND area_path = ANY(\(ancestors))
                      AND (\(query.categoryID)::text IS NULL OR category_id = \(query.categoryID))
                    """, logger: logger).map { try $0.decode(Int64.self) })
            }
            var within = SQLBuilder()
            var conditions = paths.map { p in
                let (low, high) = OrgNode.pathRange(p)
                return "(c.node_path >= \(within.bind(low)) AND c.node_path < \(within.bind(high)))"
            }
            if let reporter = query.scope.reporter {
                // Own reports count under the node path only, when the query has one; only those of the run's window.
                var own = SQLBuilder()
                var outside = paths.map { p in
                    let (low, high) = OrgNode.pathRange(p)
                    return "NOT (node_path >= \(own.bind(low)) AND node_path < \(own.bind(high)))"
                }
                if let under = query.nodePath.map(OrgNode.pathRange) { outside.append("node_path >= \(own.bind(under.0)) AND node_path < \(own.bind(under.1))") }
                if let category = query.categoryID { outside.append("category_id = \(own.bind(category))") }
                own.append("""
                    SELECT DISTINCT hotspot_id FROM hotspot_case WHERE generation = \(own.bind(generation)) AND case_id IN (
                        SELECT id FROM case_record WHERE reporter_id = \(own.bind(reporter.rawValue))
                          AND reported_at >= \(own.bind(computedAt - Int64(policy.days) * 86_400_000))\(outside.map { " AND " + $0 }.joined()))
                    """)
                ids.formUnion(try await c.rows(own.query, logger: logger).map { try $0.decode(Int64.self) })
                if let under = query.nodePath.map(OrgNode.pathRange) {
                    conditions.append("(c.reporter_id = \(within.bind(reporter.rawValue)) AND c.node_path >= \(within.bind(under.0)) AND c.node_path < \(within.bind(under.1)))")
                } else {
                    conditions.append("c.reporter_id = \(within.bind(reporter.rawValue))")
                }
            }
            var crossing: [HotspotCase] = []
            if !ids.isEmpty, !conditions.isEmpty {
                within.append("""
                    SELECT DISTINCT ON (c.id) c.id, c.category_id, c.node_path, c.lon, c.lat, c.state, c.reported_at
                    FROM hotspot_case h JOIN case_record c ON c.id = h.case_id
                    WHERE h.generation = \(within.bind(generation)) AND h.hotspot_id = ANY(\(within.bind(ids.sorted()))) AND (\(conditions.joined(separator: " OR ")))
                    ORDER BY c.id
                    """)
                crossing = try await c.rows(within.query, logger: logger).compactMap(Self.hotspotCase)
            }
            return StoredHotspots(policy: policy, computedAt: CaseColumns.date(computedAt)!, inside: inside.map(\.hotspot), crossing: crossing)
        }
    }
}

extension PostgresStore: HotspotStore {}
