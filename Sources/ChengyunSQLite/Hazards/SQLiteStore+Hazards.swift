public import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

/// 隐患排查销项 — inspections and hazards as rows, each hazard's steps, the open ones indexed by their day for the overdue
/// list, and the rollups per node and kind moved in the transaction of every change.
extension SQLiteStore {
    static func registerHazardMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v48-hazards") { db in
            try db.execute(sql: """
                CREATE TABLE inspection (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    method TEXT NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    key_place_id INTEGER REFERENCES key_place(id),
                    inspector TEXT NOT NULL,
                    note TEXT NOT NULL,
                    inspected_on INTEGER NOT NULL,
                    recorded_by TEXT NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    findings INTEGER NOT NULL,
                    client_key TEXT NOT NULL UNIQUE
                );
                CREATE INDEX inspection_path ON inspection(node_path, id);
                CREATE TABLE hazard (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL,
                    origin TEXT NOT NULL,
                    inspection_id INTEGER REFERENCES inspection(id),
                    kind TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    description TEXT NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    key_place_id INTEGER REFERENCES key_place(id),
                    lon REAL,
                    lat REAL,
                    responsible_unit TEXT NOT NULL,
                    found_on INTEGER NOT NULL,
                    rectify_by INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    rectified_by INTEGER,
                    closed_at INTEGER,
                    closed_on_time INTEGER,
                    created_at INTEGER NOT NULL,
                    version INTEGER NOT NULL,
                    reference TEXT UNIQUE
                );
                CREATE INDEX hazard_path ON hazard(node_path, id);
                CREATE INDEX hazard_inspection ON hazard(inspection_id, id);
                CREATE INDEX hazard_open ON hazard(node_path, rectify_by) WHERE state <> 'closedOut';
                CREATE TABLE hazard_step (
                    hazard_id INTEGER NOT NULL REFERENCES hazard(id),
                    seq INTEGER NOT NULL,
                    action TEXT NOT NULL,
                    by TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    note TEXT NOT NULL,
                    PRIMARY KEY (hazard_id, seq)
                ) WITHOUT ROWID;
                CREATE TABLE hazard_rollup (
                    node_id INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    bucket TEXT NOT NULL,
                    day INTEGER NOT NULL,
                    n INTEGER NOT NULL,
                    PRIMARY KEY (node_id, kind, bucket, day)
                ) WITHOUT ROWID;
                """)
        }
    }

    static func inspectionRow(_ r: Row) -> Inspection {
        let place: Int64? = r["key_place_id"], kind: String = r["kind"], method: String = r["method"]
        return Inspection(id: InspectionID(r["id"] as Int64), kind: Inspection.Kind(rawValue: kind) ?? .selfInspection, method: Inspection.Method(rawValue: method) ?? .onSite,
                          nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"], keyPlaceID: place.map { KeyPlaceID($0) }, inspector: r["inspector"], note: r["note"],
                          inspectedOn: LocalDate(daysSince1970: r["inspected_on"]), recordedBy: r["recorded_by"], recordedAt: instant(r["recorded_at"]), findings: r["findings"])
    }

    static func hazardRow(_ r: Row) -> Hazard {
        let inspection: Int64? = r["inspection_id"], place: Int64? = r["key_place_id"], lon: Double? = r["lon"], lat: Double? = r["lat"], by: Int64? = r["rectified_by"]
        let closed: Int64? = r["closed_at"], onTime: Bool? = r["closed_on_time"], kind: String = r["kind"], severity: String = r["severity"], state: String = r["state"],
            origin: String = r["origin"]
        return Hazard(id: HazardID(r["id"] as Int64), number: r["number"], origin: Hazard.Origin(rawValue: origin) ?? .inspection, inspectionID: inspection.map { InspectionID($0) },
                      kind: HazardKind(rawValue: kind) ?? .other, severity: Hazard.Severity(rawValue: severity) ?? .general, description: r["description"],
                      nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"], keyPlaceID: place.map { KeyPlaceID($0) },
                      location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } }, responsibleUnit: r["responsible_unit"],
                      foundOn: LocalDate(daysSince1970: r["found_on"]), rectifyBy: LocalDate(daysSince1970: r["rectify_by"]), state: Hazard.State(rawValue: state) ?? .open,
                      rectifiedBy: by.map { UserID($0) }, closedAt: closed.map(instant), closedOnTime: onTime, createdAt: instant(r["created_at"]), version: r["version"])
    }

    static func moveHazardRollups(_ db: Database, _ delta: [HazardRollups.Key: Int]) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO hazard_rollup (node_id, kind, bucket, day, n) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (node_id, kind, bucket, day) DO UPDATE SET n = n + excluded.n
            """)
        for (key, n) in delta where n != 0 { try statement.execute(arguments: [key.node, key.kind, key.bucket, key.day, n]) }
    }

    static func insertHazardStep(_ db: Database, _ s: HazardStep, hazard: HazardID) throws {
        try db.execute(sql: "INSERT INTO hazard_step (hazard_id, seq, action, by, at, note) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [hazard.rawValue, s.seq, s.action.rawValue, s.by, CaseRows.ms(s.at), s.note])
    }

    /// Inserts a new hazard numbered, with its `find` step and its rollups (in the caller's transaction).
    static func insertHazard(_ db: Database, _ h: Hazard, inspection: InspectionID?, by: String, reference: String?) throws -> Hazard {
        try db.execute(sql: """
            INSERT INTO hazard (number, origin, inspection_id, kind, severity, description, node_id, node_path, key_place_id, lon, lat, responsible_unit, found_on,
                rectify_by, state, created_at, version, reference)
            VALUES ('', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, 1, ?)
            """, arguments: [h.origin.rawValue, inspection?.rawValue, h.kind.rawValue, h.severity.rawValue, h.description, h.nodeID.rawValue, h.nodePath, h.keyPlaceID?.rawValue,
                             h.location?.lon, h.location?.lat, h.responsibleUnit, h.foundOn.daysSince1970, h.rectifyBy.daysSince1970, CaseRows.ms(h.createdAt), reference])
        let id = HazardID(db.lastInsertedRowID)
        try db.execute(sql: "UPDATE hazard SET number = ? WHERE id = ?", arguments: [Hazard.number(prefix: Hazard.numberPrefix(day: h.foundOn), id: id), id.rawValue])
        try insertHazardStep(db, HazardStep(hazardID: id, seq: 1, action: .find, by: by, at: h.createdAt, note: ""), hazard: id)
        let stored = hazardRow(try Row.fetchOne(db, sql: "SELECT * FROM hazard WHERE id = ?", arguments: [id.rawValue])!)
        try moveHazardRollups(db, HazardRollups.delta(before: nil, after: stored))
        return stored
    }

    public func recordInspection(_ inspection: Inspection, hazards: [Hazard], by: String, clientKey: String) async throws -> (inspection: Inspection, hazards: [Hazard], created: Bool) {
        try await writer.write { db in
            if let held = try Row.fetchOne(db, sql: "SELECT * FROM inspection WHERE client_key = ?", arguments: [clientKey]) {
                let stored = Self.inspectionRow(held)
                return (stored, try Row.fetchAll(db, sql: "SELECT * FROM hazard WHERE inspection_id = ? ORDER BY id", arguments: [stored.id.rawValue]).map(Self.hazardRow), false)
            }
            let i = inspection
            try db.execute(sql: """
                INSERT INTO inspection (kind, method, node_id, node_path, key_place_id, inspector, note, inspected_on, recorded_by, recorded_at, findings, client_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [i.kind.rawValue, i.method.rawValue, i.nodeID.rawValue, i.nodePath, i.keyPlaceID?.rawValue, i.inspector, i.note, i.inspectedOn.daysSince1970,
                                 i.recordedBy, CaseRows.ms(i.recordedAt), hazards.count, clientKey])
            let id = InspectionID(db.lastInsertedRowID)
            let found = try hazards.map { try Self.insertHazard(db, $0, inspection: id, by: by, reference: nil) }
            return (Self.inspectionRow(try Row.fetchOne(db, sql: "SELECT * FROM inspection WHERE id = ?", arguments: [id.rawValue])!), found, true)
        }
    }

    public func inspection(_ id: InspectionID) async throws -> Inspection? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM inspection WHERE id = ?", arguments: [id.rawValue]).map(Self.inspectionRow) }
    }

    public func inspections(under path: String, kind: Inspection.Kind?, before: InspectionID?, limit: Int) async throws -> [Inspection] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM inspection WHERE node_path >= ? AND node_path < ? AND (? IS NULL OR kind = ?) AND id < ? ORDER BY id DESC LIMIT ?
                """, arguments: [low, high, kind?.rawValue, kind?.rawValue, before?.rawValue ?? Int64.max, limit]).map(Self.inspectionRow)
        }
    }

    public func createHazard(_ hazard: Hazard, by: String, reference: String) async throws -> (hazard: Hazard, created: Bool) {
        try await writer.write { db in
            if let held = try Row.fetchOne(db, sql: "SELECT * FROM hazard WHERE reference = ?", arguments: [reference]) { return (Self.hazardRow(held), false) }
            return (try Self.insertHazard(db, hazard, inspection: nil, by: by, reference: reference), true)
        }
    }

    public func hazard(_ id: HazardID) async throws -> Hazard? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM hazard WHERE id = ?", arguments: [id.rawValue]).map(Self.hazardRow) }
    }

    public func hazards(under path: String, state: Hazard.State?, kind: HazardKind?, overdueOn: LocalDate?, inspection: InspectionID?, before: HazardID?,
                        limit: Int) async throws -> [Hazard] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            if let overdueOn {
                // The open ones past their day: from the index of open hazards by day.
                return try Row.fetchAll(db, sql: """
                    SELECT * FROM hazard WHERE node_path >= ? AND node_path < ? AND state <> 'closedOut' AND rectify_by < ? AND (? IS NULL OR kind = ?) AND id < ?
                    ORDER BY id DESC LIMIT ?
                    """, arguments: [low, high, overdueOn.daysSince1970, kind?.rawValue, kind?.rawValue, before?.rawValue ?? Int64.max, limit]).map(Self.hazardRow)
            }
            return try Row.fetchAll(db, sql: """
                SELECT * FROM hazard WHERE node_path >= ? AND node_path < ? AND (? IS NULL OR state = ?) AND (? IS NULL OR kind = ?) AND (? IS NULL OR inspection_id = ?)
                    AND id < ? ORDER BY id DESC LIMIT ?
                """, arguments: [low, high, state?.rawValue, state?.rawValue, kind?.rawValue, kind?.rawValue, inspection?.rawValue, inspection?.rawValue,
                                 before?.rawValue ?? Int64.max, limit]).map(Self.hazardRow)
        }
    }

    public func hazardSteps(_ ids: [HazardID]) async throws -> [HazardID: [HazardStep]] {
        guard !ids.isEmpty else { return [:] }
        return try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM hazard_step WHERE hazard_id IN (SELECT value FROM json_each(?)) ORDER BY hazard_id, seq",
                                        arguments: [jsonIDs(ids.map(\.rawValue))])
            return Dictionary(grouping: rows.map { r in
                let action: String = r["action"]
                return HazardStep(hazardID: HazardID(r["hazard_id"] as Int64), seq: r["seq"], action: Hazard.Action(rawValue: action) ?? .find, by: r["by"],
                                  at: Self.instant(r["at"]), note: r["note"])
            }, by: \.hazardID)
        }
    }

    public func moveHazard(_ id: HazardID, version: Int, to moved: Hazard, step: HazardStep, closedDay: Int?) async throws -> Hazard? {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM hazard WHERE id = ?", arguments: [id.rawValue]) else { return nil }
            let before = Self.hazardRow(row)
            guard before.version == version else { return nil }
            try db.execute(sql: """
                UPDATE hazard SET state = ?, rectify_by = ?, rectified_by = ?, closed_at = ?, closed_on_time = ?, version = version + 1 WHERE id = ?
                """, arguments: [moved.state.rawValue, moved.rectifyBy.daysSince1970, moved.rectifiedBy?.rawValue, CaseRows.ms(moved.closedAt), moved.closedOnTime, id.rawValue])
            let seq = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) + 1 FROM hazard_step WHERE hazard_id = ?", arguments: [id.rawValue]) ?? 1
            var numbered = step
            numbered.seq = seq
            try Self.insertHazardStep(db, numbered, hazard: id)
            let after = Self.hazardRow(try Row.fetchOne(db, sql: "SELECT * FROM hazard WHERE id = ?", arguments: [id.rawValue])!)
            try Self.moveHazardRollups(db, HazardRollups.delta(before: before, after: after, closedDay: closedDay))
            return after
        }
    }

    public func hazardRollups(_ nodes: [NodeID]) async throws -> [(node: Int64, kind: String, bucket: String, day: Int, n: Int)] {
        guard !nodes.isEmpty else { return [] }
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT node_id, kind, bucket, day, n FROM hazard_rollup WHERE node_id IN (SELECT value FROM json_each(?)) AND n <> 0",
                             arguments: [jsonIDs(nodes.map(\.rawValue))]).map { ($0[0], $0[1], $0[2], $0[3], $0[4]) }
        }
    }
}
