public import ChengyunCore
import ChengyunStore
import Foundation
import PostgresNIO

/// 房态图 / 楼态图 — as the SQLite adapter keeps them; a drawing's rows written with arrays in a few statements.
extension PostgresStore {
    static let statusMapMigrations = [
        PostgresMigration(name: "v25-status-maps", statements: [
            "CREATE TABLE status_rules (version integer PRIMARY KEY, body text NOT NULL, set_at bigint NOT NULL)",
            """
            CREATE TABLE house_status (
                house_id bigint PRIMARY KEY REFERENCES house(id),
                building_id bigint NOT NULL REFERENCES building(id),
                rule text NOT NULL,
                triangles integer NOT NULL,
                squares integer NOT NULL,
                circles integer NOT NULL,
                party_members integer NOT NULL
            )
            """,
            "CREATE INDEX house_status_building ON house_status (building_id, rule)",
            """
            CREATE TABLE building_status (
                building_id bigint PRIMARY KEY REFERENCES building(id),
                compound_id bigint NOT NULL REFERENCES compound(id),
                committee_id bigint NOT NULL,
                class text NOT NULL,
                level text NOT NULL CHECK (level IN ('red','yellow','green')),
                reason integer,
                reason_count integer NOT NULL,
                open_cases integer NOT NULL
            )
            """,
            "CREATE INDEX building_status_compound ON building_status (compound_id)",
            "CREATE INDEX building_status_committee ON building_status (committee_id)",
            """
            CREATE TABLE status_tally (
                node_id bigint NOT NULL,
                key text COLLATE "C" NOT NULL,
                count integer NOT NULL,
                PRIMARY KEY (node_id, key)
            )
            """,
            """
            CREATE TABLE status_run (
                committee_id bigint PRIMARY KEY REFERENCES org_node(id),
                day integer NOT NULL,
                rules_version integer NOT NULL,
                drawn_at bigint NOT NULL
            )
            """,
        ]),
        PostgresMigration(name: "v26-building-assessments", statements: [
            """
            CREATE TABLE building_assessment (
                building_id bigint PRIMARY KEY REFERENCES building(id),
                class text NOT NULL,
                reason text NOT NULL,
                by text NOT NULL,
                at bigint NOT NULL
            )
            """,
        ]),
        // The city map's building layer reads a box: a range of longitudes, its latitudes filtered.
        PostgresMigration(name: "v27-building-place", statements: ["CREATE INDEX building_place ON building (lon, lat)"]),
    ]

    public func statusRules() async throws -> StatusRules? {
        try await rows("SELECT body FROM status_rules ORDER BY version DESC LIMIT 1").first
            .map { try JSONDecoder().decode(StatusRules.self, from: Data(try $0.decode(String.self).utf8)) }
    }

    public func setStatusRules(_ rules: StatusRules) async throws -> StatusRules {
        let logger = logger
        return try await transaction { c in
            try await c.rows("LOCK TABLE status_rules IN EXCLUSIVE MODE", logger: logger)
            var stored = rules
            stored.version = Int(try await c.rows("SELECT coalesce(max(version), 0)::bigint FROM status_rules", logger: logger).first!.decode(Int64.self)) + 1
            let body = String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
            try await c.rows("INSERT INTO status_rules (version, body, set_at) VALUES (\(stored.version), \(body), \(CaseColumns.ms(Date())!))", logger: logger)
            return stored
        }
    }

    public func committeesDueForStatus(day: LocalDate, rulesVersion: Int, limit: Int) async throws -> [(id: NodeID, path: String)] {
        try await rows("""
            SELECT n.id, n.path FROM org_node n LEFT JOIN status_run r ON r.committee_id = n.id
            WHERE n.kind = 'committee' AND (r.committee_id IS NULL OR r.day < \(day.daysSince1970) OR r.rules_version <> \(rulesVersion))
            ORDER BY n.path LIMIT \(limit)
            """).map { let (id, path) = try $0.decode((Int64, String).self); return (NodeID(id), path) }
    }

    public func statusFacts(committee path: String, day: LocalDate) async throws -> StatusFacts {
        let (low, high) = OrgNode.pathRange(path)
        let logger = logger
        return try await read { c in
            var buildings: [StatusFacts.BuildingFact] = []
            for row in try await c.rows("""
                SELECT b.id, b.compound_id, b.lon, b.lat, (SELECT string_agg(tag, ',') FROM building_tag t WHERE t.building_id = b.id),
                       (SELECT class FROM building_assessment a WHERE a.building_id = b.id)
                FROM building b WHERE b.compound_id IN (SELECT id FROM compound WHERE node_path = \(path)) ORDER BY b.id
                """, logger: logger) {
                let (id, compound, lon, lat, tags, assessed) = try row.decode((Int64, Int64, Double?, Double?, String?, String?).self)
                buildings.append(.init(id: BuildingID(id), compoundID: CompoundID(compound), location: StatusFacts.point(lon, lat), tags: StatusFacts.tags(tags),
                                       assessed: assessed))
            }
            let ids = buildings.map(\.id.rawValue)
            var houses: [StatusFacts.HouseFact] = []
            for row in try await c.rows("""
                SELECT h.id, h.building_id, h.use, (SELECT string_agg(tag, ',') FROM house_tag t WHERE t.house_id = h.id)
                FROM house h WHERE h.building_id = ANY(\(ids)) ORDER BY h.id
                """, logger: logger) {
                let (id, building, use, tags) = try row.decode((Int64, Int64, String, String?).self)
                houses.append(.init(id: HouseID(id), buildingID: BuildingID(building), use: HouseUse(rawValue: use) ?? .other, tags: StatusFacts.tags(tags)))
            }
            var residents: [StatusFacts.ResidentFact] = []
            for row in try await c.rows("""
                SELECT r.house_id, r.kind, r.party_member, (SELECT string_agg(tag, ',') FROM resident_tag t WHERE t.resident_id = r.id)
                FROM resident r WHERE r.node_path = \(path) AND r.moved_out IS NULL AND r.house_id IS NOT NULL
                """, logger: logger) {
                let (house, kind, party, tags) = try row.decode((Int64, String, Bool, String?).self)
                residents.append(.init(houseID: HouseID(house), kind: ResidentKind(rawValue: kind) ?? .resident, partyMember: party, tags: StatusFacts.tags(tags)))
            }
            var cases: [StatusFacts.OpenCase] = []
            for row in try await c.rows("""
                SELECT compound_id, lon, lat FROM case_record WHERE node_path >= \(low) AND node_path < \(high) AND compound_id IS NOT NULL
                  AND state NOT IN ('closed','merged','rated','rejected','returnedToPolice')
                """, logger: logger) {
                let (compound, lon, lat) = try row.decode((Int64, Double?, Double?).self)
                cases.append(.init(compoundID: CompoundID(compound), location: StatusFacts.point(lon, lat)))
            }
            var sweeps: [Int64] = []
            for row in try await c.rows("SELECT id, area_path FROM sweep WHERE closed_at IS NULL AND subject = 'house' AND starts_on <= \(day.daysSince1970)", logger: logger) {
                let (id, area) = try row.decode((Int64, String).self)
                if path.hasPrefix(area) { sweeps.append(id) }
            }
            var differs = Set<HouseID>(), taken: [Int64: Set<Int64>] = [:]
            if !sweeps.isEmpty {
                for row in try await c.rows("""
                    SELECT sweep_id, subject_id, differs FROM sweep_result WHERE sweep_id = ANY(\(sweeps)) AND building_id = ANY(\(ids))
                    """, logger: logger) {
                    let (sweep, subject, differ) = try row.decode((Int64, Int64, Bool).self)
                    taken[sweep, default: []].insert(subject)
                    if differ { differs.insert(HouseID(subject)) }
                }
            }
            return StatusFacts(buildings: buildings, houses: houses, residents: residents, openCases: cases, sweepDiffers: differs, openSweeps: sweeps, taken: taken)
        }
    }

    public func saveStatusDrawing(_ drawing: StatusDrawing, committee: NodeID, path: String, run: StatusRun) async throws {
        let logger = logger
        try await transaction { c in
            let buildings = drawing.buildings.map(\.buildingID.rawValue)
            try await c.rows("DELETE FROM house_status WHERE building_id = ANY(\(buildings))", logger: logger)
            try await c.rows("DELETE FROM building_status WHERE committee_id = \(committee.rawValue)", logger: logger)
            var old: [String: Int] = [:]
            for row in try await c.rows("SELECT key, count FROM status_tally WHERE node_id = \(committee.rawValue)", logger: logger) {
                let (k, n) = try row.decode((String, Int).self)
                old[k] = n
            }
            // The nodes from the city down, the keys in order: drawings of two committees lock shared rows in one order.
            let nodes = StatusDrawing.rollupNodes(of: path).map(\.id.rawValue), change = drawing.change(from: old)
            for node in nodes where !change.isEmpty {
                try await c.rows("""
                    INSERT INTO status_tally (node_id, key, count) SELECT \(node), * FROM unnest(\(change.map(\.key))::text[], \(change.map(\.by))::int[])
                    ON CONFLICT (node_id, key) DO UPDATE SET count = status_tally.count + excluded.count
                    """, logger: logger)
            }
            try await c.rows("DELETE FROM status_tally WHERE node_id = ANY(\(nodes)) AND count = 0", logger: logger)
            let h = drawing.houses
            try await c.rows("""
                INSERT INTO house_status (house_id, building_id, rule, triangles, squares, circles, party_members)
                SELECT * FROM unnest(\(h.map(\.houseID.rawValue))::bigint[], \(h.map(\.buildingID.rawValue))::bigint[], \(h.map(\.rule))::text[],
                                     \(h.map(\.triangles))::int[], \(h.map(\.squares))::int[], \(h.map(\.circles))::int[], \(h.map(\.partyMembers))::int[])
                ON CONFLICT (house_id) DO UPDATE SET building_id = excluded.building_id, rule = excluded.rule, triangles = excluded.triangles,
                  squares = excluded.squares, circles = excluded.circles, party_members = excluded.party_members
                """, logger: logger)
            let b = drawing.buildings
            try await c.rows("""
                INSERT INTO building_status (building_id, compound_id, committee_id, class, level, reason, reason_count, open_cases)
                SELECT b, cp, \(committee.rawValue), cl, lv, NULLIF(rs, -1), rc, oc
                FROM unnest(\(buildings)::bigint[], \(b.map(\.compoundID.rawValue))::bigint[], \(b.map(\.buildingClass))::text[], \(b.map(\.level.rawValue))::text[],
                            \(b.map { $0.reason ?? -1 })::int[], \(b.map(\.reasonCount))::int[], \(b.map(\.openCases))::int[]) AS t(b, cp, cl, lv, rs, rc, oc)
                ON CONFLICT (building_id) DO UPDATE SET compound_id = excluded.compound_id, committee_id = excluded.committee_id, class = excluded.class,
                  level = excluded.level, reason = excluded.reason, reason_count = excluded.reason_count, open_cases = excluded.open_cases
                """, logger: logger)
            try await c.rows("""
                INSERT INTO status_run (committee_id, day, rules_version, drawn_at) VALUES (\(committee.rawValue), \(run.day.daysSince1970), \(run.rulesVersion), \(CaseColumns.ms(run.drawnAt)!))
                ON CONFLICT (committee_id) DO UPDATE SET day = excluded.day, rules_version = excluded.rules_version, drawn_at = excluded.drawn_at
                """, logger: logger)
        }
    }

    public func statusRun(committee: NodeID) async throws -> StatusRun? {
        try await rows("SELECT day, rules_version, drawn_at FROM status_run WHERE committee_id = \(committee.rawValue)").first.map {
            let (day, version, at) = try $0.decode((Int, Int, Int64).self)
            return StatusRun(day: LocalDate(daysSince1970: day), rulesVersion: version, drawnAt: Self.instant(at))
        }
    }

    static let buildingStatusSelect = "building_id, compound_id, class, level, reason, reason_count, open_cases"

    static func buildingStatus(_ row: PostgresRow) throws -> BuildingStatus {
        let (b, c, cl, lv, rs, rc, oc) = try row.decode((Int64, Int64, String, String, Int?, Int, Int).self)
        return BuildingStatus(buildingID: BuildingID(b), compoundID: CompoundID(c), buildingClass: cl, level: BuildingLevel(rawValue: lv) ?? .green, reason: rs,
                              reasonCount: rc, openCases: oc)
    }

    public func buildingStatuses(compound: CompoundID) async throws -> [(status: BuildingStatus, houses: [String: Int])] {
        let logger = logger
        return try await read { c in
            let statuses = try await c.rows("""
                SELECT \(unescaped: Self.buildingStatusSelect) FROM building_status WHERE compound_id = \(compound.rawValue) ORDER BY building_id
                """, logger: logger).map(Self.buildingStatus)
            var counts: [Int64: [String: Int]] = [:]
            for row in try await c.rows("""
                SELECT building_id, rule, count(*)::bigint FROM house_status WHERE building_id = ANY(\(statuses.map(\.buildingID.rawValue))) GROUP BY building_id, rule
                """, logger: logger) {
                let (b, rule, n) = try row.decode((Int64, String, Int64).self)
                counts[b, default: [:]][rule] = Int(n)
            }
            return statuses.map { ($0, counts[$0.buildingID.rawValue] ?? [:]) }
        }
    }

    public func houseStatuses(building: BuildingID) async throws -> (building: BuildingStatus?, houses: [HouseStatus]) {
        let logger = logger
        return try await read { c in
            let b = try await c.rows("SELECT \(unescaped: Self.buildingStatusSelect) FROM building_status WHERE building_id = \(building.rawValue)", logger: logger)
                .first.map(Self.buildingStatus)
            let houses = try await c.rows("""
                SELECT house_id, rule, triangles, squares, circles, party_members FROM house_status WHERE building_id = \(building.rawValue) ORDER BY house_id
                """, logger: logger).map { row in
                let (h, rule, t, s, ci, p) = try row.decode((Int64, String, Int, Int, Int, Int).self)
                return HouseStatus(houseID: HouseID(h), buildingID: building, rule: rule, triangles: t, squares: s, circles: ci, partyMembers: p)
            }
            return (b, houses)
        }
    }

    public func assessBuilding(_ building: BuildingID, _ assessment: BuildingAssessment?) async throws {
        if let a = assessment {
            try await rows("""
                INSERT INTO building_assessment (building_id, class, reason, by, at) VALUES (\(building.rawValue), \(a.buildingClass), \(a.reason), \(a.by), \(CaseColumns.ms(a.at)!))
                ON CONFLICT (building_id) DO UPDATE SET class = excluded.class, reason = excluded.reason, by = excluded.by, at = excluded.at
                """)
        } else {
            try await rows("DELETE FROM building_assessment WHERE building_id = \(building.rawValue)")
        }
    }

    public func buildingAssessments(_ buildings: [BuildingID]) async throws -> [BuildingID: BuildingAssessment] {
        var out: [BuildingID: BuildingAssessment] = [:]
        for row in try await rows("SELECT building_id, class, reason, by, at FROM building_assessment WHERE building_id = ANY(\(buildings.map(\.rawValue)))") {
            let (b, cl, reason, by, at) = try row.decode((Int64, String, String, String, Int64).self)
            out[BuildingID(b)] = BuildingAssessment(buildingClass: cl, reason: reason, by: by, at: Self.instant(at))
        }
        return out
    }

    public func statusTallies(_ nodes: [NodeID]) async throws -> [NodeID: [String: Int]] {
        var out: [NodeID: [String: Int]] = [:]
        for row in try await rows("SELECT node_id, key, count FROM status_tally WHERE node_id = ANY(\(nodes.map(\.rawValue)))") {
            let (node, k, n) = try row.decode((Int64, String, Int).self)
            out[NodeID(node), default: [:]][k] = n
        }
        return out
    }

    public func mapBuildings(in box: BoundingBox, under paths: [String], limit: Int) async throws -> [MapBuilding] {
        guard !paths.isEmpty else { return [] }
        let ranges = paths.map(OrgNode.pathRange)
        return try await rows("""
            SELECT b.id, b.node_id, b.compound_id, c.name, b.number, b.lon, b.lat, s.class, s.level, s.open_cases
            FROM building b JOIN compound c ON c.id = b.compound_id LEFT JOIN building_status s ON s.building_id = b.id
            WHERE b.lon BETWEEN \(box.minLon) AND \(box.maxLon) AND b.lat BETWEEN \(box.minLat) AND \(box.maxLat)
              AND EXISTS (SELECT 1 FROM unnest(\(ranges.map(\.0))::text[], \(ranges.map(\.1))::text[]) AS r(low, high)
                          WHERE b.node_path >= r.low COLLATE "C" AND b.node_path < r.high COLLATE "C")
            LIMIT \(Int64(limit))
            """).map { row in
            let (id, node, compound, name, number, lon, lat, buildingClass, level, open) =
                try row.decode((Int64, Int64, Int64, String, String, Double, Double, String?, String?, Int?).self)
            return MapBuilding(id: BuildingID(id), nodeID: NodeID(node), compoundID: CompoundID(compound), compoundName: name, number: number,
                               lon: lon, lat: lat, buildingClass: buildingClass, level: level.flatMap(BuildingLevel.init(rawValue:)), openCases: open)
        }
    }
}
