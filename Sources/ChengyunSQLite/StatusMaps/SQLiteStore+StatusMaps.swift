public import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

/// 房态图 / 楼态图 — a row per house and per building as drawn, the tallies of the committee and every node above it
/// moved in the drawing's commit, the run per committee, and the city's rules (a configuration document, versioned).
extension SQLiteStore {
    static func registerStatusMapMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v29-status-maps") { db in
            try db.execute(sql: """
                CREATE TABLE status_rules (
                    version INTEGER PRIMARY KEY,
                    body TEXT NOT NULL,
                    set_at INTEGER NOT NULL
                );
                CREATE TABLE house_status (
                    house_id INTEGER PRIMARY KEY REFERENCES house(id),
                    building_id INTEGER NOT NULL REFERENCES building(id),
                    rule TEXT NOT NULL,
                    triangles INTEGER NOT NULL,
                    squares INTEGER NOT NULL,
                    circles INTEGER NOT NULL,
                    party_members INTEGER NOT NULL
                );
                CREATE INDEX house_status_building ON house_status(building_id, rule);
                CREATE TABLE building_status (
                    building_id INTEGER PRIMARY KEY REFERENCES building(id),
                    compound_id INTEGER NOT NULL REFERENCES compound(id),
                    committee_id INTEGER NOT NULL,
                    class TEXT NOT NULL,
                    level TEXT NOT NULL CHECK (level IN ('red','yellow','green')),
                    reason INTEGER,
                    reason_count INTEGER NOT NULL,
                    open_cases INTEGER NOT NULL
                );
                CREATE INDEX building_status_compound ON building_status(compound_id);
                CREATE INDEX building_status_committee ON building_status(committee_id);
                CREATE TABLE status_tally (
                    node_id INTEGER NOT NULL,
                    key TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (node_id, key)
                ) WITHOUT ROWID;
                CREATE TABLE status_run (
                    committee_id INTEGER PRIMARY KEY REFERENCES org_node(id),
                    day INTEGER NOT NULL,
                    rules_version INTEGER NOT NULL,
                    drawn_at INTEGER NOT NULL
                );
                """)
        }
        m.registerMigration("v30-building-assessments") { db in
            try db.execute(sql: """
                CREATE TABLE building_assessment (
                    building_id INTEGER PRIMARY KEY REFERENCES building(id),
                    class TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    by TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                """)
        }
        // The city map's building layer reads a box: a range of longitudes, its latitudes filtered.
        m.registerMigration("v31-building-place") { db in
            try db.execute(sql: "CREATE INDEX building_place ON building(lon, lat)")
        }
    }

    public func statusRules() async throws -> StatusRules? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT body FROM status_rules ORDER BY version DESC LIMIT 1").map { try JSONDecoder().decode(StatusRules.self, from: Data($0.utf8)) }
        }
    }

    public func setStatusRules(_ rules: StatusRules) async throws -> StatusRules {
        try await writer.write { db in
            var stored = rules
            stored.version = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM status_rules") ?? 0) + 1
            try db.execute(sql: "INSERT INTO status_rules (version, body, set_at) VALUES (?, ?, ?)",
                           arguments: [stored.version, String(decoding: try JSONEncoder().encode(stored), as: UTF8.self), CaseRows.ms(Date())])
            return stored
        }
    }

    public func committeesDueForStatus(day: LocalDate, rulesVersion: Int, limit: Int) async throws -> [(id: NodeID, path: String)] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT n.id, n.path FROM org_node n LEFT JOIN status_run r ON r.committee_id = n.id
                WHERE n.kind = 'committee' AND (r.committee_id IS NULL OR r.day < ? OR r.rules_version <> ?)
                ORDER BY n.path LIMIT ?
                """, arguments: [day.daysSince1970, rulesVersion, limit]).map { (NodeID($0[0] as Int64), $0[1] as String) }
        }
    }

    public func statusFacts(committee path: String, day: LocalDate) async throws -> StatusFacts {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            let compounds = try Int64.fetchAll(db, sql: "SELECT id FROM compound WHERE node_path = ?", arguments: [path])
            let buildingRows = try Row.fetchAll(db, sql: """
                SELECT b.id, b.compound_id, b.lon, b.lat, (SELECT group_concat(tag) FROM building_tag t WHERE t.building_id = b.id) AS tags,
                       (SELECT class FROM building_assessment a WHERE a.building_id = b.id) AS assessed
                FROM building b WHERE b.compound_id IN (SELECT value FROM json_each(?)) ORDER BY b.id
                """, arguments: [jsonIDs(compounds)])
            let buildings = buildingRows.map { r in
                StatusFacts.BuildingFact(id: BuildingID(r[0] as Int64), compoundID: CompoundID(r[1] as Int64), location: StatusFacts.point(r[2], r[3]), tags: StatusFacts.tags(r[4]),
                                         assessed: r[5])
            }
            let ids = jsonIDs(buildings.map(\.id.rawValue))
            let houses = try Row.fetchAll(db, sql: """
                SELECT h.id, h.building_id, h.use, (SELECT group_concat(tag) FROM house_tag t WHERE t.house_id = h.id) AS tags
                FROM house h WHERE h.building_id IN (SELECT value FROM json_each(?)) ORDER BY h.id
                """, arguments: [ids]).map { r in
                StatusFacts.HouseFact(id: HouseID(r[0] as Int64), buildingID: BuildingID(r[1] as Int64), use: HouseUse(rawValue: r[2]) ?? .other, tags: StatusFacts.tags(r[3]))
            }
            let residents = try Row.fetchAll(db, sql: """
                SELECT r.house_id, r.kind, r.party_member, (SELECT group_concat(tag) FROM resident_tag t WHERE t.resident_id = r.id) AS tags
                FROM resident r WHERE r.node_path = ? AND r.moved_out IS NULL AND r.house_id IS NOT NULL
                """, arguments: [path]).map { r in
                StatusFacts.ResidentFact(houseID: HouseID(r[0] as Int64), kind: ResidentKind(rawValue: r[1]) ?? .resident, partyMember: r[2], tags: StatusFacts.tags(r[3]))
            }
            let cases = try Row.fetchAll(db, sql: """
                SELECT compound_id, lon, lat FROM case_record WHERE node_path >= ? AND node_path < ? AND compound_id IS NOT NULL
                  AND state NOT IN ('closed','merged','rated','rejected','returnedToPolice')
                """, arguments: [low, high]).map { StatusFacts.OpenCase(compoundID: CompoundID($0[0] as Int64), location: StatusFacts.point($0[1], $0[2])) }
            // The open sweeps of houses over this committee, and their results here.
            let sweeps = try Row.fetchAll(db, sql: "SELECT id, area_path FROM sweep WHERE closed_at IS NULL AND subject = 'house' AND starts_on <= ?",
                                          arguments: [day.daysSince1970]).filter { path.hasPrefix($0[1] as String) }.map { $0[0] as Int64 }
            var differs = Set<HouseID>(), taken: [Int64: Set<Int64>] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT sweep_id, subject_id, differs FROM sweep_result
                WHERE sweep_id IN (SELECT value FROM json_each(?)) AND building_id IN (SELECT value FROM json_each(?))
                """, arguments: [jsonIDs(sweeps), ids]) {
                taken[r[0], default: []].insert(r[1])
                if r[2] as Bool { differs.insert(HouseID(r[1] as Int64)) }
            }
            return StatusFacts(buildings: buildings, houses: houses, residents: residents, openCases: cases, sweepDiffers: differs, openSweeps: sweeps, taken: taken)
        }
    }

    public func saveStatusDrawing(_ drawing: StatusDrawing, committee: NodeID, path: String, run: StatusRun) async throws {
        try await writer.write { db in
            let buildings = jsonIDs(drawing.buildings.map(\.buildingID.rawValue))
            try db.execute(sql: "DELETE FROM house_status WHERE building_id IN (SELECT value FROM json_each(?))", arguments: [buildings])
            try db.execute(sql: "DELETE FROM building_status WHERE committee_id = ?", arguments: [committee.rawValue])
            var old: [String: Int] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT key, count FROM status_tally WHERE node_id = ?", arguments: [committee.rawValue]) { old[r[0]] = r[1] }
            let move = try db.makeStatement(sql: "INSERT INTO status_tally (node_id, key, count) VALUES (?, ?, ?) ON CONFLICT (node_id, key) DO UPDATE SET count = count + excluded.count")
            for node in StatusDrawing.rollupNodes(of: path) {
                for (key, by) in drawing.change(from: old) { try move.execute(arguments: [node.id.rawValue, key, by]) }
            }
            try db.execute(sql: "DELETE FROM status_tally WHERE node_id IN (SELECT value FROM json_each(?)) AND count = 0",
                           arguments: [jsonIDs(StatusDrawing.rollupNodes(of: path).map(\.id.rawValue))])
            let house = try db.makeStatement(sql: """
                INSERT INTO house_status (house_id, building_id, rule, triangles, squares, circles, party_members) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (house_id) DO UPDATE SET building_id = excluded.building_id, rule = excluded.rule, triangles = excluded.triangles,
                  squares = excluded.squares, circles = excluded.circles, party_members = excluded.party_members
                """)
            for h in drawing.houses {
                try house.execute(arguments: [h.houseID.rawValue, h.buildingID.rawValue, h.rule, h.triangles, h.squares, h.circles, h.partyMembers])
            }
            let building = try db.makeStatement(sql: """
                INSERT INTO building_status (building_id, compound_id, committee_id, class, level, reason, reason_count, open_cases) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (building_id) DO UPDATE SET compound_id = excluded.compound_id, committee_id = excluded.committee_id, class = excluded.class,
                  level = excluded.level, reason = excluded.reason, reason_count = excluded.reason_count, open_cases = excluded.open_cases
                """)
            for b in drawing.buildings {
                try building.execute(arguments: [b.buildingID.rawValue, b.compoundID.rawValue, committee.rawValue, b.buildingClass, b.level.rawValue, b.reason, b.reasonCount, b.openCases])
            }
            try db.execute(sql: """
                INSERT INTO status_run (committee_id, day, rules_version, drawn_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (committee_id) DO UPDATE SET day = excluded.day, rules_version = excluded.rules_version, drawn_at = excluded.drawn_at
                """, arguments: [committee.rawValue, run.day.daysSince1970, run.rulesVersion, CaseRows.ms(run.drawnAt)])
        }
    }

    public func statusRun(committee: NodeID) async throws -> StatusRun? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT day, rules_version, drawn_at FROM status_run WHERE committee_id = ?", arguments: [committee.rawValue]).map {
                StatusRun(day: LocalDate(daysSince1970: $0[0]), rulesVersion: $0[1], drawnAt: Self.instant($0[2]))
            }
        }
    }

    static func buildingStatus(_ r: Row) -> BuildingStatus {
        BuildingStatus(buildingID: BuildingID(r["building_id"] as Int64), compoundID: CompoundID(r["compound_id"] as Int64), buildingClass: r["class"],
                       level: BuildingLevel(rawValue: r["level"]) ?? .green, reason: r["reason"], reasonCount: r["reason_count"], openCases: r["open_cases"])
    }

    public func buildingStatuses(compound: CompoundID) async throws -> [(status: BuildingStatus, houses: [String: Int])] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM building_status WHERE compound_id = ? ORDER BY building_id", arguments: [compound.rawValue])
            var counts: [Int64: [String: Int]] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT building_id, rule, COUNT(*) FROM house_status WHERE building_id IN (SELECT building_id FROM building_status WHERE compound_id = ?) GROUP BY building_id, rule
                """, arguments: [compound.rawValue]) {
                counts[r[0], default: [:]][r[1]] = r[2]
            }
            return rows.map { (Self.buildingStatus($0), counts[$0["building_id"]] ?? [:]) }
        }
    }

    public func houseStatuses(building: BuildingID) async throws -> (building: BuildingStatus?, houses: [HouseStatus]) {
        try await read { db in
            let b = try Row.fetchOne(db, sql: "SELECT * FROM building_status WHERE building_id = ?", arguments: [building.rawValue]).map(Self.buildingStatus)
            let houses = try Row.fetchAll(db, sql: "SELECT * FROM house_status WHERE building_id = ? ORDER BY house_id", arguments: [building.rawValue]).map { r in
                HouseStatus(houseID: HouseID(r["house_id"] as Int64), buildingID: building, rule: r["rule"], triangles: r["triangles"], squares: r["squares"],
                            circles: r["circles"], partyMembers: r["party_members"])
            }
            return (b, houses)
        }
    }

    public func assessBuilding(_ building: BuildingID, _ assessment: BuildingAssessment?) async throws {
        try await writer.write { db in
            if let a = assessment {
                try db.execute(sql: """
                    INSERT INTO building_assessment (building_id, class, reason, by, at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (building_id) DO UPDATE SET class = excluded.class, reason = excluded.reason, by = excluded.by, at = excluded.at
                    """, arguments: [building.rawValue, a.buildingClass, a.reason, a.by, CaseRows.ms(a.at)])
            } else {
                try db.execute(sql: "DELETE FROM building_assessment WHERE building_id = ?", arguments: [building.rawValue])
            }
        }
    }

    public func buildingAssessments(_ buildings: [BuildingID]) async throws -> [BuildingID: BuildingAssessment] {
        try await read { db in
            var out: [BuildingID: BuildingAssessment] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT * FROM building_assessment WHERE building_id IN (SELECT value FROM json_each(?))",
                                      arguments: [jsonIDs(buildings.map(\.rawValue))]) {
                out[BuildingID(r["building_id"] as Int64)] = BuildingAssessment(buildingClass: r["class"], reason: r["reason"], by: r["by"], at: Self.instant(r["at"]))
            }
            return out
        }
    }

    public func statusTallies(_ nodes: [NodeID]) async throws -> [NodeID: [String: Int]] {
        try await read { db in
            var out: [NodeID: [String: Int]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT node_id, key, count FROM status_tally WHERE node_id IN (SELECT value FROM json_each(?))",
                                      arguments: [jsonIDs(nodes.map(\.rawValue))]) {
                out[NodeID(r[0] as Int64), default: [:]][r[1]] = r[2]
            }
            return out
        }
    }

    public func mapBuildings(in box: BoundingBox, under paths: [String], limit: Int) async throws -> [MapBuilding] {
        guard !paths.isEmpty else { return [] }
        let (condition, values) = Self.inBox(box, under: paths, limit: limit, lon: "b.lon", lat: "b.lat", path: "b.node_path")
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT b.id, b.node_id, b.compound_id, c.name, b.number, b.lon, b.lat, s.class, s.level, s.open_cases
                FROM building b JOIN compound c ON c.id = b.compound_id LEFT JOIN building_status s ON s.building_id = b.id
                WHERE \(condition) LIMIT ?
                """, arguments: values).map { r in
                MapBuilding(id: BuildingID(r[0] as Int64), nodeID: NodeID(r[1] as Int64), compoundID: CompoundID(r[2] as Int64), compoundName: r[3], number: r[4],
                            lon: r[5], lat: r[6], buildingClass: r[7], level: (r[8] as String?).flatMap(BuildingLevel.init(rawValue:)), openCases: r[9])
            }
        }
    }
}
