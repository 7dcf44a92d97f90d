public import ChengyunCore
import ChengyunStore
public import Foundation
import GRDB

/// 拉网式排摸 — sweeps, results with their answers as child rows, and progress rows kept in each result's commit.
extension SQLiteStore {
    static func registerSweepMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v20-sweeps") { db in
            try db.execute(sql: """
                CREATE TABLE sweep (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    title TEXT NOT NULL,
                    subject TEXT NOT NULL CHECK (subject IN ('house','building')),
                    area_id INTEGER NOT NULL REFERENCES org_node(id),
                    area_path TEXT NOT NULL,
                    guide TEXT NOT NULL,
                    starts_on INTEGER NOT NULL,
                    due_on INTEGER NOT NULL,
                    launched_by TEXT NOT NULL,
                    launched_at INTEGER NOT NULL,
                    closed_at INTEGER
                );
                CREATE TABLE sweep_field (
                    sweep_id INTEGER NOT NULL REFERENCES sweep(id),
                    position INTEGER NOT NULL,
                    code TEXT NOT NULL,
                    label TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    options TEXT NOT NULL,
                    required INTEGER NOT NULL,
                    PRIMARY KEY (sweep_id, position)
                ) WITHOUT ROWID;
                CREATE TABLE sweep_tally (
                    sweep_id INTEGER NOT NULL REFERENCES sweep(id),
                    node_id INTEGER NOT NULL,
                    group_id INTEGER NOT NULL,
                    parent_id INTEGER,
                    targets INTEGER NOT NULL,
                    done INTEGER NOT NULL,
                    differences INTEGER NOT NULL,
                    PRIMARY KEY (sweep_id, node_id, group_id)
                ) WITHOUT ROWID;
                CREATE INDEX sweep_tally_parent ON sweep_tally(sweep_id, parent_id);
                CREATE TABLE sweep_result (
                    sweep_id INTEGER NOT NULL REFERENCES sweep(id),
                    subject_id INTEGER NOT NULL,
                    building_id INTEGER NOT NULL REFERENCES building(id),
                    node_id INTEGER NOT NULL,
                    node_path TEXT NOT NULL,
                    group_id INTEGER,
                    method TEXT NOT NULL,
                    taken_at INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    by_user_id INTEGER,
                    by_name TEXT NOT NULL,
                    client_key TEXT NOT NULL,
                    recorded_use TEXT,
                    recorded_residents INTEGER,
                    differs INTEGER NOT NULL,
                    PRIMARY KEY (sweep_id, subject_id)
                ) WITHOUT ROWID;
                CREATE INDEX sweep_result_building ON sweep_result(sweep_id, building_id);
                CREATE INDEX sweep_result_differs ON sweep_result(sweep_id, subject_id) WHERE differs = 1;
                CREATE INDEX building_group_leader_user ON building_group(leader_user_id) WHERE leader_user_id IS NOT NULL;
                CREATE TABLE sweep_answer (
                    sweep_id INTEGER NOT NULL,
                    subject_id INTEGER NOT NULL,
                    code TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (sweep_id, subject_id, code)
                ) WITHOUT ROWID;
                """)
        }
    }

    static func sweeps(_ db: Database, _ rows: [Row]) throws -> [Sweep] {
        let ids = jsonIDs(rows.map { $0["id"] as Int64 })
        var fields: [Int64: [SweepField]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT * FROM sweep_field WHERE sweep_id IN (SELECT value FROM json_each(?)) ORDER BY sweep_id, position", arguments: [ids]) {
            fields[r["sweep_id"], default: []].append(sweepField(r))
        }
        var windows: [Int64: [PushWindow]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT * FROM sweep_window WHERE sweep_id IN (SELECT value FROM json_each(?)) ORDER BY sweep_id, opens_at, node_path",
                                  arguments: [ids]) {
            windows[r["sweep_id"], default: []].append(PushWindow(nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"],
                                                                   opensAt: Date(timeIntervalSince1970: Double(r["opens_at"] as Int64))))
        }
        return rows.map { r in
            let id: Int64 = r["id"], subject: String = r["subject"], closed: Int64? = r["closed_at"]
            return Sweep(id: SweepID(id), code: r["code"], title: r["title"], subject: Sweep.Subject(rawValue: subject) ?? .house, areaID: NodeID(r["area_id"] as Int64),
                         areaPath: r["area_path"], form: fields[id] ?? [], guide: r["guide"], startsOn: LocalDate(daysSince1970: r["starts_on"]),
                         dueOn: LocalDate(daysSince1970: r["due_on"]), launchedBy: r["launched_by"], launchedAt: Date(timeIntervalSince1970: Double(r["launched_at"] as Int64)),
                         closedAt: closed.map { Date(timeIntervalSince1970: Double($0)) }, admissionCode: r["admission_code"], windows: windows[id] ?? [])
        }
    }

    public func createSweep(_ s: Sweep) async throws -> Sweep {
        do {
            return try await writer.write { db in
                try db.execute(sql: """
                    INSERT INTO sweep (code, title, subject, area_id, area_path, guide, starts_on, due_on, launched_by, launched_at, admission_code)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [s.code, s.title, s.subject.rawValue, s.areaID.rawValue, s.areaPath, s.guide, s.startsOn.daysSince1970, s.dueOn.daysSince1970,
                                     s.launchedBy, Int64(s.launchedAt.timeIntervalSince1970.rounded(.down)), s.admissionCode])
                let id = db.lastInsertedRowID
                for (i, f) in s.form.enumerated() {
                    try db.execute(sql: "INSERT INTO sweep_field (sweep_id, position, code, label, kind, options, required) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [id, i, f.code, f.label, f.kind.rawValue, try Self.optionsText(f), f.required])
                }
                for w in s.windows {
                    try db.execute(sql: "INSERT INTO sweep_window (sweep_id, node_id, node_path, opens_at) VALUES (?, ?, ?, ?)",
                                   arguments: [id, w.nodeID.rawValue, w.nodePath, Int64(w.opensAt.timeIntervalSince1970.rounded(.down))])
                }
                let (low, high) = Self.pathRange(s.areaPath)
                let counted = s.subject == .house ? "COUNT(h.id)" : "COUNT(DISTINCT b.id)"
                let houses = s.subject == .house ? "JOIN house h ON h.building_id = b.id" : ""
                try db.execute(sql: """
                    INSERT INTO sweep_tally (sweep_id, node_id, group_id, parent_id, targets, done, differences)
                    SELECT ?, b.node_id, COALESCE(g.group_id, \(SweepTally.noGroup)), b.node_id, \(counted), 0, 0
                    FROM building b \(houses) LEFT JOIN building_group_building g ON g.building_id = b.id
                    WHERE b.node_path >= ? AND b.node_path < ? GROUP BY b.node_id, COALESCE(g.group_id, \(SweepTally.noGroup))
                    """, arguments: [id, low, high])
                try db.execute(sql: """
                    INSERT INTO sweep_tally (sweep_id, node_id, group_id, parent_id, targets, done, differences)
                    SELECT ?, t.node_id, 0, n.parent_id, SUM(t.targets), 0, 0 FROM sweep_tally t JOIN org_node n ON n.id = t.node_id
                    WHERE t.sweep_id = ? AND t.group_id <> 0 GROUP BY t.node_id, n.parent_id
                    """, arguments: [id, id])
                for level in SweepTally.levelsAbove(areaPath: s.areaPath) {
                    try db.execute(sql: """
                        INSERT INTO sweep_tally (sweep_id, node_id, group_id, parent_id, targets, done, differences)
                        SELECT ?, t.parent_id, 0, p.parent_id, SUM(t.targets), 0, 0
                        FROM sweep_tally t JOIN org_node c ON c.id = t.node_id JOIN org_node p ON p.id = t.parent_id
                        WHERE t.sweep_id = ? AND t.group_id = 0 AND c.kind = ? AND p.kind = ? GROUP BY t.parent_id, p.parent_id
                        """, arguments: [id, id, level.child.rawValue, level.parent.rawValue])
                }
                var stored = s
                stored.id = SweepID(id)
                stored.launchedAt = Date(timeIntervalSince1970: s.launchedAt.timeIntervalSince1970.rounded(.down))
                stored.windows = s.windows.map { PushWindow(nodeID: $0.nodeID, nodePath: $0.nodePath, opensAt: Date(timeIntervalSince1970: $0.opensAt.timeIntervalSince1970.rounded(.down))) }
                return stored
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("sweep.code") {
            throw SweepError.duplicateCode(s.code)
        }
    }

    public func sweep(_ id: SweepID) async throws -> Sweep? {
        try await read { db in try Self.sweeps(db, try Row.fetchAll(db, sql: "SELECT * FROM sweep WHERE id = ?", arguments: [id.rawValue])).first }
    }

    public func sweeps(touching path: String, before: SweepID?, limit: Int) async throws -> [Sweep] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Self.sweeps(db, try Row.fetchAll(db, sql: """
                SELECT * FROM sweep WHERE (substr(?, 1, length(area_path)) = area_path OR (area_path >= ? AND area_path < ?)) AND id < ?
                ORDER BY id DESC LIMIT ?
                """, arguments: [path, low, high, before?.rawValue ?? Int64.max, limit]))
        }
    }

    public func closeSweep(_ id: SweepID, at: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE sweep SET closed_at = ? WHERE id = ? AND closed_at IS NULL", arguments: [Int64(at.timeIntervalSince1970.rounded(.down)), id.rawValue])
            return db.changesCount > 0
        }
    }

    static func sweepResults(_ db: Database, _ sweep: SweepID, _ rows: [Row]) throws -> [SweepResult] {
        var answers: [Int64: [String: String]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT subject_id, code, value FROM sweep_answer WHERE sweep_id = ? AND subject_id IN (SELECT value FROM json_each(?))",
                                  arguments: [sweep.rawValue, jsonIDs(rows.map { $0["subject_id"] as Int64 })]) {
            answers[r[0] as Int64, default: [:]][r[1] as String] = r[2] as String
        }
        return rows.map { r in
            let subject: Int64 = r["subject_id"], method: String = r["method"], use: String? = r["recorded_use"]
            return SweepResult(sweepID: sweep, subjectID: subject, buildingID: BuildingID(r["building_id"] as Int64), nodeID: NodeID(r["node_id"] as Int64),
                               nodePath: r["node_path"], groupID: (r["group_id"] as Int64?).map { BuildingGroupID($0) }, method: SweepMethod(rawValue: method) ?? .visit,
                               answers: answers[subject] ?? [:], takenAt: Date(timeIntervalSince1970: Double(r["taken_at"] as Int64)),
                               receivedAt: Date(timeIntervalSince1970: Double(r["received_at"] as Int64)), byUserID: (r["by_user_id"] as Int64?).map { UserID($0) },
                               by: r["by_name"], clientKey: r["client_key"], recordedUse: use.flatMap(HouseUse.init(rawValue:)), recordedResidents: r["recorded_residents"],
                               differs: r["differs"])
        }
    }

    static func sweepResult(_ db: Database, _ sweep: SweepID, _ subject: Int64) throws -> SweepResult? {
        try sweepResults(db, sweep, try Row.fetchAll(db, sql: "SELECT * FROM sweep_result WHERE sweep_id = ? AND subject_id = ?", arguments: [sweep.rawValue, subject])).first
    }

    /// Adds to a result's rows of progress: its group's and its nodes' up to the area.
    static func countSweep(_ db: Database, _ r: SweepResult, areaPath: String, done: Int, differences: Int) throws {
        guard done != 0 || differences != 0 else { return }
        try db.execute(sql: """
            UPDATE sweep_tally SET done = done + ?, differences = differences + ?
            WHERE sweep_id = ? AND ((node_id = ? AND group_id = ?) OR (group_id = 0 AND node_id IN (SELECT value FROM json_each(?))))
            """, arguments: [done, differences, r.sweepID.rawValue, r.nodeID.rawValue, r.groupID?.rawValue ?? SweepTally.noGroup,
                             jsonIDs(SweepTally.nodes(committeePath: r.nodePath, areaPath: areaPath))])
    }

    public func recordSweepResult(_ result: SweepResult) async throws -> (result: SweepResult, created: Bool) {
        let offset = utcOffsetSeconds
        return try await writer.write { db in
            guard let sweep = try Row.fetchOne(db, sql: "SELECT area_path, closed_at, subject FROM sweep WHERE id = ?", arguments: [result.sweepID.rawValue]) else {
                throw SweepError.notFound(result.sweepID)
            }
            guard (sweep["closed_at"] as Int64?) == nil else { throw SweepError.closed }
            let before = try Self.sweepResult(db, result.sweepID, result.subjectID)
            if let before, before.clientKey == result.clientKey { return (before, false) }
            var r = result
            r.takenAt = Date(timeIntervalSince1970: result.takenAt.timeIntervalSince1970.rounded(.down))
            r.receivedAt = Date(timeIntervalSince1970: result.receivedAt.timeIntervalSince1970.rounded(.down))
            if (sweep["subject"] as String) == Sweep.Subject.house.rawValue {
                let use = try String.fetchOne(db, sql: "SELECT use FROM house WHERE id = ?", arguments: [result.subjectID])
                r.recordedUse = use.flatMap(HouseUse.init(rawValue:))
                r.recordedResidents = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM resident WHERE house_id = ? AND moved_out IS NULL", arguments: [result.subjectID])
            }
            r.differs = SweepResult.differs(r.answers, use: r.recordedUse, residents: r.recordedResidents)
            try db.execute(sql: """
                INSERT OR REPLACE INTO sweep_result (sweep_id, subject_id, building_id, node_id, node_path, group_id, method, taken_at, received_at, by_user_id, by_name,
                    client_key, recorded_use, recorded_residents, differs)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [r.sweepID.rawValue, r.subjectID, r.buildingID.rawValue, r.nodeID.rawValue, r.nodePath, r.groupID?.rawValue, r.method.rawValue,
                                 Int64(r.takenAt.timeIntervalSince1970), Int64(r.receivedAt.timeIntervalSince1970), r.byUserID?.rawValue, r.by, r.clientKey,
                                 r.recordedUse?.rawValue, r.recordedResidents, r.differs])
            try db.execute(sql: "DELETE FROM sweep_answer WHERE sweep_id = ? AND subject_id = ?", arguments: [r.sweepID.rawValue, r.subjectID])
            for (code, value) in r.answers.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT INTO sweep_answer (sweep_id, subject_id, code, value) VALUES (?, ?, ?, ?)", arguments: [r.sweepID.rawValue, r.subjectID, code, value])
            }
            try Self.countSweep(db, r, areaPath: sweep["area_path"], done: before == nil ? 1 : 0, differences: (r.differs ? 1 : 0) - (before?.differs == true ? 1 : 0))
            try Self.addLedgerRollups(db, LedgerRollups.visitDelta(before: before, after: r, utcOffsetSeconds: offset))
            return (r, before == nil)
        }
    }

    public func sweepResult(_ sweep: SweepID, subject: Int64) async throws -> SweepResult? {
        try await read { db in try Self.sweepResult(db, sweep, subject) }
    }

    static func sweepProgress(_ r: Row) -> SweepProgress {
        let group: Int64 = r["group_id"]
        return SweepProgress(nodeID: NodeID(r["node_id"] as Int64), groupID: group == 0 ? nil : group, name: r["name"] ?? "", targets: r["targets"], done: r["done"],
                             differences: r["differences"])
    }

    public func sweepProgress(_ sweep: SweepID, at node: NodeID) async throws -> (total: SweepProgress?, children: [SweepProgress]) {
        try await read { db in
            let select = """
                SELECT t.*, CASE WHEN t.group_id = 0 THEN n.name ELSE g.name END AS name FROM sweep_tally t
                LEFT JOIN org_node n ON n.id = t.node_id LEFT JOIN building_group g ON g.id = t.group_id
                """
            let total = try Row.fetchOne(db, sql: select + " WHERE t.sweep_id = ? AND t.node_id = ? AND t.group_id = 0", arguments: [sweep.rawValue, node.rawValue])
            let children = try Row.fetchAll(db, sql: select + " WHERE t.sweep_id = ? AND t.parent_id = ? ORDER BY t.group_id = -1, t.node_id, t.group_id",
                                            arguments: [sweep.rawValue, node.rawValue])
            return (total.map(Self.sweepProgress), children.map(Self.sweepProgress))
        }
    }

    public func sweepTargets(_ sweep: SweepID, building: BuildingID) async throws -> [SweepTarget] {
        try await read { db in
            guard let s = try Self.sweeps(db, try Row.fetchAll(db, sql: "SELECT * FROM sweep WHERE id = ?", arguments: [sweep.rawValue])).first else { return [] }
            let results = Dictionary(try Self.sweepResults(db, sweep, try Row.fetchAll(db, sql: "SELECT * FROM sweep_result WHERE sweep_id = ? AND building_id = ?",
                                                                                     arguments: [sweep.rawValue, building.rawValue])).map { ($0.subjectID, $0) },
                                     uniquingKeysWith: { a, _ in a })
            if s.subject == .building {
                guard let number = try String.fetchOne(db, sql: "SELECT number FROM building WHERE id = ?", arguments: [building.rawValue]) else { return [] }
                return [SweepTarget(subjectID: building.rawValue, buildingID: building, label: number, result: results[building.rawValue])]
            }
            return try Row.fetchAll(db, sql: "SELECT id, unit, number FROM house WHERE building_id = ? ORDER BY unit, floor, number", arguments: [building.rawValue]).map { r in
                let id: Int64 = r[0]
                return SweepTarget(subjectID: id, buildingID: building, label: SweepTally.label(unit: r[1], number: r[2]), result: results[id])
            }
        }
    }

    public func sweepDifferences(_ sweep: SweepID, under path: String, after: Int64?, limit: Int) async throws -> [SweepResult] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Self.sweepResults(db, sweep, try Row.fetchAll(db, sql: """
                SELECT * FROM sweep_result WHERE sweep_id = ? AND differs = 1 AND subject_id > ? AND node_path >= ? AND node_path < ? ORDER BY subject_id LIMIT ?
                """, arguments: [sweep.rawValue, after ?? 0, low, high, limit]))
        }
    }

    public func applySweepUse(_ sweep: SweepID, house: HouseID) async throws -> Bool {
        try await writer.write { db in
            guard let area = try String.fetchOne(db, sql: "SELECT area_path FROM sweep WHERE id = ?", arguments: [sweep.rawValue]),
                  var r = try Self.sweepResult(db, sweep, house.rawValue),
                  let found = r.answers[SweepField.houseUse].flatMap(HouseUse.init(rawValue:)),
                  let use = try String.fetchOne(db, sql: "SELECT use FROM house WHERE id = ?", arguments: [house.rawValue]), use != found.rawValue else { return false }
            try db.execute(sql: "UPDATE house SET use = ? WHERE id = ?", arguments: [found.rawValue, house.rawValue])
            let before = r.differs
            r.recordedUse = found
            r.differs = SweepResult.differs(r.answers, use: found, residents: r.recordedResidents)
            try db.execute(sql: "UPDATE sweep_result SET recorded_use = ?, differs = ? WHERE sweep_id = ? AND subject_id = ?",
                           arguments: [found.rawValue, r.differs, sweep.rawValue, house.rawValue])
            try Self.countSweep(db, r, areaPath: area, done: 0, differences: (r.differs ? 1 : 0) - (before ? 1 : 0))
            return true
        }
    }
}
