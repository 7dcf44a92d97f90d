public import ChengyunCore
import Foundation
import GRDB
import Synchronization

/// 汇总 — the KPI rollups: for every node of the case's path down to its committee, and for its lead department and
/// its handler at the city and its district, one row per local day with the `KPITally` of the cases of that day
/// (departments and handlers also one row per local month, `RollupMonths`: a year's ranking sums twelve rows each). Each write of a
/// case takes the old case's tally out and puts the new one in, in the same transaction; a rebuild recomputes them
/// all (after the migration, or when the KPI settings or the local time offset they were counted with change).
extension SQLiteStore {
    enum RollupKey: Hashable, Comparable {
        case node(Int64, day: Int)
        case department(Int64, node: Int64, day: Int)
        /// The handler (处置人) of the cases that were not self-handled; only the day of report (the trend's
        /// `closedOn`/`lateOn` are kept by node).
        case handler(Int64, node: Int64, day: Int)
    }

    /// What the rollups were counted with: when it changes they are rebuilt.
    struct RollupBasis: Codable, Equatable {
        var responseHours: Double
        var satisfiedScore: Int
        var utcOffsetSeconds: Int
    }

    /// The deepest level of the tree with a node rollup (0 city … 3 committee); grids are counted from the cases.
    static let rollupNodeDepth = 3
    /// The deepest level with a department rollup and a handler rollup (0 city, 1 district).
    static let rollupDepartmentDepth = 1

    /// The key a case is ranked by among handlers (nil when self-handled or without a handler), as `TallyKey.handler`.
    static func handlerKey(_ r: CaseRecord) -> Int64? { r.selfHandled ? nil : r.handlerID?.rawValue }

    /// What a case adds to the rollups; `overdueBefore` is the overdue mark (`overdueMark`, in milliseconds).
    static func rollupParts(_ r: CaseRecord, policy: KPIPolicy, utcOffsetSeconds: Int, overdueBefore: Int64) -> [RollupKey: KPITally] {
        let offset = Double(utcOffsetSeconds)
        let dayOf = { (date: Date) in Int(((date.timeIntervalSince1970 + offset) / 86_400).rounded(.down)) }
        let parts = KPITally.of(r, policy: policy, day: dayOf)
        guard !parts.isEmpty else { return [:] }
        let ancestors = OrgNode.ids(inPath: r.nodePath).map(\.rawValue)
        var out: [RollupKey: KPITally] = [:]
        if KPITally.countsOverdue(r), let deadline = r.deadline, KPITally.milliseconds(deadline) < overdueBefore {
            addOverdue(&out, ancestors: ancestors, lead: r.leadDepartmentID?.rawValue, handler: handlerKey(r),
                       reportDay: dayOf(r.reportedAt), deadlineDay: dayOf(deadline), sign: 1)
        }
        if let handler = handlerKey(r), let (day, tally) = parts.first {
            for node in ancestors.prefix(rollupDepartmentDepth + 1) { out[.handler(handler, node: node, day: day), default: KPITally()] += tally }
        }
        for (day, tally) in parts {
            for node in ancestors.prefix(rollupNodeDepth + 1) { out[.node(node, day: day), default: KPITally()] += tally }
            if let lead = r.leadDepartmentID?.rawValue {
                for node in ancestors.prefix(rollupDepartmentDepth + 1) { out[.department(lead, node: node, day: day), default: KPITally()] += tally }
            }
        }
        return out
    }

    /// The upserts of `addToRollups`, written once (each report runs them ~12 times).
    static let rollupUpserts: (node: String, department: String, handler: String) = {
        let fields = KPITally.Field.allCases.map(\.column)
        let columns = fields.joined(separator: ", ")
        let set = fields.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: fields.count).joined(separator: ", ")
        return ("INSERT INTO case_rollup_node (node_id, day, \(columns)) VALUES (?, ?, \(marks)) ON CONFLICT (node_id, day) DO UPDATE SET \(set)",
                "INSERT INTO case_rollup_department (department_id, node_id, day, \(columns)) VALUES (?, ?, ?, \(marks)) ON CONFLICT (node_id, department_id, day) DO UPDATE SET \(set)",
                "INSERT INTO case_rollup_handler (handler_id, node_id, day, \(columns)) VALUES (?, ?, ?, \(marks)) ON CONFLICT (node_id, handler_id, day) DO UPDATE SET \(set)")
    }()

    /// Adds `delta` to the rollup rows, and each department's and handler's day to the row of its month.
    static func addToRollups(_ db: Database, _ delta: [RollupKey: KPITally]) throws {
        var all = delta
        for (key, tally) in delta {
            switch key {
            case let .department(department, node, day) where day >= 0: all[.department(department, node: node, day: RollupMonths.row(ofDay: day)), default: KPITally()] += tally
            case let .handler(handler, node, day) where day >= 0: all[.handler(handler, node: node, day: RollupMonths.row(ofDay: day)), default: KPITally()] += tally
            default: break
            }
        }
        // In key order: rows of one node or department and neighbouring days share pages.
        for (key, tally) in all.sorted(by: { $0.key < $1.key }) where !tally.isZero {
            switch key {
            case let .node(node, day):
                try db.cachedStatement(sql: rollupUpserts.node).insert([node, Int64(day)] + tally.values)
            case let .department(department, node, day):
                try db.cachedStatement(sql: rollupUpserts.department).insert([department, node, Int64(day)] + tally.values)
            case let .handler(handler, node, day):
                try db.cachedStatement(sql: rollupUpserts.handler).insert([handler, node, Int64(day)] + tally.values)
            }
        }
    }

    /// Moves the rollups from what `old` counted to what `new` counts (either may be nil: a new case, a removed one).
    func updateRollups(_ db: Database, old: CaseRecord?, new: CaseRecord?) throws {
        let policy = rollupPolicy.withLock { $0 }
        let mark = try Self.overdueMark(db)
        var delta = new.map { Self.rollupParts($0, policy: policy, utcOffsetSeconds: utcOffsetSeconds, overdueBefore: mark) } ?? [:]
        if let old {
            for (key, tally) in Self.rollupParts(old, policy: policy, utcOffsetSeconds: utcOffsetSeconds, overdueBefore: mark) {
                delta[key, default: KPITally()] = delta[key, default: KPITally()] - tally
            }
        }
        try Self.addToRollups(db, delta)
        try Self.addToMapRollup(db, Self.mapDelta(old: old, new: new, utcOffsetSeconds: utcOffsetSeconds, overdueBefore: mark))
    }

    /// Recounts every rollup row from the cases.
    static func rebuildRollups(_ db: Database, policy: KPIPolicy, utcOffsetSeconds: Int) throws {
        // Every case is counted here, those of an unfinished import too.
        // (Run once every migration has: the store's open and `useKPIPolicy`.)
        try db.execute(sql: """
            DELETE FROM case_rollup_node; DELETE FROM case_rollup_department; DELETE FROM case_rollup_handler; DELETE FROM case_map_rollup;
            DELETE FROM deferred_work WHERE name = 'case_rollup';
            """)
        try countRollups(db, after: 0, policy: policy, utcOffsetSeconds: utcOffsetSeconds)
        try db.execute(sql: "DELETE FROM setting WHERE key = 'rollup.recount'")
        let basis = RollupBasis(responseHours: policy.responseHours, satisfiedScore: policy.satisfiedScore, utcOffsetSeconds: utcOffsetSeconds)
        try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('rollup.basis', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       arguments: [String(decoding: try JSONEncoder().encode(basis), as: UTF8.self)])
    }

    /// Adds the cases after id `after` to the rollups (the map's too), streaming them in id order and writing every
    /// 100,000 rollup rows (a day of a city's cases touches a few thousand).
    static func countRollups(_ db: Database, after: Int64, policy: KPIPolicy, utcOffsetSeconds: Int) throws {
        var pending: [RollupKey: KPITally] = [:]
        var map: [MapRollupKey: MapTally] = [:]
        let mark = try overdueMark(db)
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(CaseRows.selectList) FROM case_record WHERE id > ? ORDER BY id", arguments: [after])
        while let row = try cursor.next() {
            let record = try CaseRows.record(row)
            for (key, tally) in rollupParts(record, policy: policy, utcOffsetSeconds: utcOffsetSeconds, overdueBefore: mark) { pending[key, default: KPITally()] += tally }
            if let (key, tally) = mapPart(record, utcOffsetSeconds: utcOffsetSeconds, overdueBefore: mark) { map[key, default: MapTally()] += tally }
            if pending.count >= 100_000 {
                try addToRollups(db, pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        try addToRollups(db, pending)
        try addToMapRollup(db, map)
    }

    /// Counts the rollups with these KPI settings from now on, recounting them first if they were counted with others
    /// (or with another local time offset). The platform calls it when it loads its settings.
    public func useKPIPolicy(_ policy: KPIPolicy) async throws {
        rollupPolicy.withLock { $0 = policy }
        let basis = RollupBasis(responseHours: policy.responseHours, satisfiedScore: policy.satisfiedScore, utcOffsetSeconds: utcOffsetSeconds)
        let stored = try await read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'rollup.basis'") }
        if let stored, (try? JSONDecoder().decode(RollupBasis.self, from: Data(stored.utf8))) == basis { return }
        let offset = utcOffsetSeconds
        try await writer.write { [self] db in
            try Self.rebuildRollups(db, policy: policy, utcOffsetSeconds: offset)
            importRollups.withLock { $0 = ImportRollups() }
        }
    }
}

/// The month rows of the department and handler rollups: a row whose `day` is negative holds a whole local month —
/// `-1 - m` for the m-th month since January 1970 — so that a period of whole months sums one row per month.
enum RollupMonths {
    /// The months since January 1970 of a local day number (days since 1970-01-01).
    static func month(ofDay day: Int) -> Int {
        let date = LocalDate(daysSince1970: day)
        return (date.year - 1970) * 12 + date.month - 1
    }

    /// The local day number of the first day of a month.
    static func firstDay(ofMonth month: Int) -> Int {
        LocalDate(year: 1970 + month / 12, month: month % 12 + 1, day: 1)!.daysSince1970
    }

    static func row(ofDay day: Int) -> Int { -1 - month(ofDay: day) }

    /// The rows that sum the days `days`: the whole months inside them from month rows, the rest from day rows — an
    /// SQL condition on `day` and its arguments.
    static func condition(_ days: Range<Int>) -> (String, [Int]) {
        var first = month(ofDay: days.lowerBound)
        if firstDay(ofMonth: first) < days.lowerBound { first += 1 }
        let end = month(ofDay: days.upperBound)
        guard first < end else { return ("day >= ? AND day < ?", [days.lowerBound, days.upperBound]) }
        return ("((day >= ? AND day < ?) OR (day >= ? AND day <= ?) OR (day >= ? AND day < ?))",
                [days.lowerBound, firstDay(ofMonth: first), -end, -1 - first, firstDay(ofMonth: end), days.upperBound])
    }
}
