public import ChengyunCore
import Foundation
import ChengyunStore
import GRDB
import Synchronization

/// 汇总 — the KPI rollups: for every node of the case's path down to its committee, and for its lead department and
/// its handler at the city and its district, one row per local day with the `KPITally` of the cases of that day
/// (departments and handlers also one row per local month, `RollupMonths`: a year's ranking sums twelve rows each). Each write of a
/// case takes the old case's tally out and puts the new one in, in the same transaction; a rebuild recomputes them
/// all (after the migration, or when the KPI settings or the local time offset they were counted with change).
extension SQLiteStore {
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
    static func addToRollups(_ db: Database, _ delta: [CaseRollups.Key: KPITally]) throws {
        for (key, tally) in CaseRollups.rows(delta) {
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
        try Self.addToRollups(db, CaseRollups.delta(old: old, new: new, policy: policy, utcOffsetSeconds: utcOffsetSeconds, overdueBefore: mark))
        try Self.addToMapRollup(db, CaseMapRollup.delta(old: old, new: new, utcOffsetSeconds: utcOffsetSeconds, overdueBefore: mark))
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
        let basis = CaseRollups.Basis(policy, utcOffsetSeconds: utcOffsetSeconds)
        try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('rollup.basis', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       arguments: [String(decoding: try JSONEncoder().encode(basis), as: UTF8.self)])
    }

    /// Adds the cases after id `after` to the rollups (the map's too), streaming them in id order and writing every
    /// 100,000 rollup rows (a day of a city's cases touches a few thousand).
    static func countRollups(_ db: Database, after: Int64, policy: KPIPolicy, utcOffsetSeconds: Int) throws {
        var pending: [CaseRollups.Key: KPITally] = [:]
        var map: [CaseMapRollup.Key: CaseMapRollup.Tally] = [:]
        let mark = try overdueMark(db)
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(CaseRows.selectList) FROM case_record WHERE id > ? ORDER BY id", arguments: [after])
        while let row = try cursor.next() {
            let record = try CaseRows.record(row)
            for (key, tally) in CaseRollups.parts(record, policy: policy, utcOffsetSeconds: utcOffsetSeconds, overdueBefore: mark) { pending[key, default: KPITally()] += tally }
            if let (key, tally) = CaseMapRollup.part(record, utcOffsetSeconds: utcOffsetSeconds, overdueBefore: mark) { map[key, default: CaseMapRollup.Tally()] += tally }
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
        let basis = CaseRollups.Basis(policy, utcOffsetSeconds: utcOffsetSeconds)
        let stored = try await read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'rollup.basis'") }
        if let stored, (try? JSONDecoder().decode(CaseRollups.Basis.self, from: Data(stored.utf8))) == basis { return }
        let offset = utcOffsetSeconds
        try await writer.write { [self] db in
            try Self.rebuildRollups(db, policy: policy, utcOffsetSeconds: offset)
            importRollups.withLock { $0 = ImportRollups() }
        }
    }
}

extension RollupMonths {
    /// The rows that sum the days `days` (`ranges`) as an SQL condition on `day` and its arguments.
    static func condition(_ days: Range<Int>) -> (String, [Int]) {
        let ranges = ranges(days)
        return ("(" + ranges.map { _ in "(day >= ? AND day < ?)" }.joined(separator: " OR ") + ")", ranges.flatMap { [$0.lowerBound, $0.upperBound] })
    }
}
