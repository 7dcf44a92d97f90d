public import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB
import Synchronization

/// 统计 — KPIs, rankings, the trend and state counts as aggregate queries. A query over whole
/// days of a node's subtree (city, district, street or committee) reads the rollup rows of those days; the part of
/// the period that is not whole days, grids, and filters the rollups do not keep are counted from the cases' typed
/// columns, a row at a time (never all in memory).
extension SQLiteStore {
    /// The open, accepted, unhandled, running cases (the partial index `case_open_deadline`): past their deadline they
    /// are overdue now.
    static let openUnhandledSQL = """
        first_handled_at IS NULL AND suspended_at IS NULL AND accepted_at IS NOT NULL
        AND state NOT IN ('closed','merged','rated','rejected','returnedToPolice')
        """

    /// `v6-open-deadline-covering`: the open cases' deadline index also holds what "overdue now" is counted by (the
    /// report time, the lead department), so the KPIs and rankings read no case row for it.
    static func registerKPIMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v6-open-deadline-covering") { db in
            try db.execute(sql: """
                DROP INDEX case_open_deadline;
                CREATE INDEX case_open_deadline ON case_record(deadline, node_path, reported_at, lead_department_id)
                    WHERE \(openUnhandledSQL);
                """)
        }
    }

    /// The paths with the whole tree ("/") replaced by the paths of its roots (the city).
    static func expandRoot(_ db: Database, _ paths: [String]) throws -> [String] {
        guard paths.contains("/") else { return paths }
        return try String.fetchAll(db, sql: "SELECT path FROM org_node WHERE parent_id IS NULL ORDER BY path")
    }

    /// The local day of an instant and the instant a local day starts.
    func localDay(_ date: Date) -> Int { Int(((date.timeIntervalSince1970 + Double(utcOffsetSeconds)) / 86_400).rounded(.down)) }
    func dayStart(_ day: Int) -> Date { Date(timeIntervalSince1970: Double(day * 86_400 - utcOffsetSeconds)) }

    /// Sums rollup rows, grouped by the first selected column (the statement kept prepared: a few shapes repeat).
    static func sumRollups(_ db: Database, table: String, group: String, where condition: String, _ arguments: StatementArguments) throws -> [Int64: KPITally] {
        let sums = KPITally.Field.allCases.map { "SUM(\($0.column))" }.joined(separator: ", ")
        var out: [Int64: KPITally] = [:]
        let statement = try db.cachedStatement(sql: "SELECT \(group) AS k, \(sums) FROM \(table) WHERE \(condition) GROUP BY k")
        for row in try Row.fetchAll(statement, arguments: arguments) {
            out[row["k"] as Int64? ?? 0] = KPITally(values: (1...KPITally.Field.allCases.count).map { row[$0] as Int64? ?? 0 })
        }
        return out
    }

    public func kpiCount(_ query: CaseQuery, leadDepartment: DepartmentID?, now: Date) async throws -> KPICount {
        var q = query
        q.limit = nil
        let counts = try await grouped(q, lead: leadDepartment, grouping: nil, now: now)
        return counts.values.reduce(into: KPICount()) { $0 += $1 }
    }

    public func kpiCounts(_ query: CaseQuery, by grouping: KPIGrouping, now: Date) async throws -> [Int64: KPICount] {
        var q = query
        q.limit = nil
        return try await grouped(q, lead: nil, grouping: grouping, now: now)
    }

    func grouped(_ q: CaseQuery, lead: DepartmentID?, grouping: KPIGrouping?, now: Date) async throws -> [Int64: KPICount] {
        let key: TallyKey = switch grouping {
        case nil: .none
        case .leadDepartment: .leadDepartment
        case .handler: .handler
        case .street: .path
        }
        let leadCondition: (String, StatementArguments)? = lead.map { ("lead_department_id = ?", [$0.rawValue]) }
        let countCases = { @Sendable (db: Database, q: CaseQuery, extra: (String, StatementArguments)?) throws -> [Int64: KPICount] in
            var condition = leadCondition
            if let extra { condition = condition.map { ($0.0 + " AND " + extra.0, $0.1 + extra.1) } ?? extra }
            return try self.tallyCases(db, q, extra: condition, key: key, now: now)
        }
        guard let plan = KPIRollupPlan(q, lead: lead, grouping: grouping, utcOffsetSeconds: utcOffsetSeconds) else {
            return try await read { db in try countCases(db, q, nil) }
        }
        let nowMS = CaseRows.ms(now)!
        return try await read { db in
            let roots = plan.needsRoots ? try String.fetchAll(db, sql: "SELECT path FROM org_node WHERE parent_id IS NULL ORDER BY path") : []
            var quiet = false
            if let (after, before) = plan.quietWindow {
                quiet = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM case_record WHERE reported_at >= ? AND reported_at < ?)",
                                          arguments: [CaseRows.ms(after), CaseRows.ms(before)]) == false
            }
            var out: [Int64: KPICount] = [:]
            func add(_ counts: [Int64: KPICount]) { for (k, v) in counts { out[k, default: KPICount()] += v } }
            for step in plan.steps(roots: roots, quiet: quiet, mark: try Self.overdueMark(db), now: nowMS) {
                switch step {
                case let .cases(query, outside):
                    let condition = outside.isEmpty ? nil : (outside.map { _ in "NOT (node_path >= ? AND node_path < ?)" }.joined(separator: " AND "),
                                                             StatementArguments(outside.flatMap { p in [Self.pathRange(p).0, Self.pathRange(p).1] }))
                    add(try countCases(db, query, condition))
                case let .rollup(node, path, days):
                    KPIRollupPlan.add(try Self.sumRollups(db, plan, node: node, path: path, days: days), to: &out)
                case let .overdue(path, reportedFrom, reportedTo, low, high, sign):
                    let (lowPath, highPath) = Self.pathRange(path)
                    var args: StatementArguments = [low, high, lowPath, highPath, reportedFrom, reportedTo]
                    let keyed = grouping == .handler ? TallyKey.handler.sql : "lead_department_id"
                    // The index named: planned without it (`k IS NOT NULL` pushed down), SQLite may walk a year of cases by lead.
                    var sql = "SELECT \(keyed) AS k, node_path FROM case_record INDEXED BY case_open_deadline WHERE \(Self.openUnhandledSQL) AND deadline >= ? AND deadline < ? AND node_path >= ? AND node_path < ? AND reported_at >= ? AND reported_at < ?"
                    if let lead { sql += " AND lead_department_id = ?"; args += [lead.rawValue] }
                    if grouping == nil {
                        out[0, default: KPICount()].openOverdue += sign * (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(sql))", arguments: args) ?? 0)
                    } else if grouping != .street {
                        for row in try Row.fetchAll(db, sql: "SELECT k, COUNT(*) FROM (\(sql)) WHERE k IS NOT NULL GROUP BY 1", arguments: args) {
                            out[row[0], default: KPICount()].openOverdue += sign * (row[1] as Int)
                        }
                    } else {
                        let rows = try Row.fetchCursor(db, sql: sql, arguments: args)
                        while let row = try rows.next() {
                            if let k = Self.streetKey(path: row["node_path"]) { out[k, default: KPICount()].openOverdue += sign }
                        }
                    }
                }
            }
            return out
        }
    }

    /// The rollup rows of a node's whole days, summed by what the plan groups by.
    static func sumRollups(_ db: Database, _ plan: KPIRollupPlan, node: Int64, path: String, days: Range<Int>) throws -> [Int64: KPITally] {
        switch plan.table {
        case .department, .handler:
            let (months, monthArgs) = RollupMonths.condition(days)
            var condition = "node_id = ? AND \(months)"
            var args: StatementArguments = [node]
            args += StatementArguments(monthArgs)
            if let lead = plan.lead { condition += " AND department_id = ?"; args += [lead.rawValue] }
            let group = plan.grouping == nil ? "0" : plan.grouping == .handler ? "handler_id" : "department_id"
            return try sumRollups(db, table: plan.table == .handler ? "case_rollup_handler" : "case_rollup_department", group: group, where: condition, args)
        case .node where plan.grouping == .street:
            let (low, high) = pathRange(path)
            return try sumRollups(db, table: "case_rollup_node", group: "node_id",
                                  where: "node_id IN (SELECT id FROM org_node WHERE kind = 'street' AND path >= ? AND path < ?) AND day >= ? AND day < ?",
                                  [low, high, days.lowerBound, days.upperBound])
        case .node:
            return try sumRollups(db, table: "case_rollup_node", group: "0", where: "node_id = ? AND day >= ? AND day < ?", [node, days.lowerBound, days.upperBound])
        }
    }

    public func trend(_ query: CaseQuery, days: ClosedRange<Int>, now: Date) async throws -> [Int: TrendCount] {
        let start = CaseRows.ms(dayStart(days.lowerBound))!
        let end = CaseRows.ms(min(now, dayStart(days.upperBound + 1)))!, dayEnd = CaseRows.ms(dayStart(days.upperBound + 1))!
        let nowMS = CaseRows.ms(now)!
        let offset = utcOffsetSeconds
        let day: @Sendable (String) -> String = { column in "(\(column) / 1000 + \(offset)) / 86400" }
        return try await read { db in
            var out: [Int: TrendCount] = [:]
            // Overdue and still unhandled: from the open cases' index, by the day the deadline passed — those with a
            // deadline in [low, high), added or (sign −1) taken away.
            // (Between the mark and now — a subtree's, not a grid's or a category's — by the open cases' index, named.)
            func openOverdue(_ condition: String, _ arguments: StatementArguments, low: Int64 = start, high: Int64 = min(nowMS, end), sign: Int = 1,
                             byDeadline: Bool = false) throws {
                var args: StatementArguments = [max(low, start), min(high, dayEnd)]
                args += arguments
                let index = byDeadline ? "INDEXED BY case_open_deadline" : ""
                for row in try Row.fetchAll(db, sql: "SELECT \(day("deadline")) AS d, COUNT(*) AS n FROM case_record \(index) WHERE \(Self.openUnhandledSQL) AND deadline >= ? AND deadline < ? AND \(condition) GROUP BY d", arguments: args) {
                    out[row["d"], default: TrendCount()].overdue += sign * (row["n"] as Int)
                }
            }
            // Grouped counts over the cases' columns, for scopes the rollups do not cover.
            func countRaw(_ whereSQL: String, _ args: StatementArguments) throws {
                for (column, extra, field) in [("reported_at", "state != 'merged'", \TrendCount.reported), ("closed_at", "state != 'merged'", \TrendCount.closed),
                                               ("deadline", "state != 'merged' AND accepted_at IS NOT NULL AND first_handled_at > deadline", \TrendCount.overdue)] {
                    var a: StatementArguments = [start, end]
                    a += args
                    for row in try Row.fetchAll(db, sql: "SELECT \(day(column)) AS d, COUNT(*) AS n FROM case_record WHERE \(column) >= ? AND \(column) < ? AND \(extra) AND \(whereSQL) GROUP BY d", arguments: a) {
                        out[row["d"], default: TrendCount()][keyPath: field] += row["n"]
                    }
                }
                try openOverdue(whereSQL, args)
            }
            guard let paths = try KPIRollupPlan.rollupPaths(query).map({ try Self.expandRoot(db, $0) }), paths.allSatisfy({ OrgNode.ids(inPath: $0).count - 1 <= CaseRollups.nodeDepth }) else {
                let (whereSQL, args) = Self.whereClause(try Self.tightened(query, db))
                try countRaw(whereSQL, args)
                return out
            }
            let mark = try Self.overdueMark(db)
            for path in paths {
                guard let node = OrgNode.ids(inPath: path).last?.rawValue else { continue }
                // Overdue still unhandled: before the overdue mark from the rollups; between it and now from the index.
                for row in try Row.fetchAll(db, sql: "SELECT day, reported, closed_on, late_on, overdue_open_on FROM case_rollup_node WHERE node_id = ? AND day >= ? AND day <= ?",
                                            arguments: [node, days.lowerBound, days.upperBound]) {
                    var t = out[row["day"], default: TrendCount()]
                    t.reported += row["reported"]
                    t.closed += row["closed_on"]
                    t.overdue += row["late_on"] + (row["overdue_open_on"] as Int)
                    out[row["day"]] = t
                }
                let (low, high) = Self.pathRange(path)
                if let (overdueFrom, overdueTo, sign) = CaseRollups.overdueBetween(mark: mark, now: nowMS) {
                    try openOverdue("node_path >= ? AND node_path < ?", [low, high], low: overdueFrom, high: overdueTo, sign: sign, byDeadline: true)
                }
            }
            // The caller's own reports outside those subtrees.
            if let reporter = query.scope.reporter {
                var own = query
                own.scope = CaseScope(paths: [], reporter: reporter)
                var (whereSQL, args) = Self.whereClause(own)
                for p in paths {
                    whereSQL += " AND NOT (node_path >= ? AND node_path < ?)"
                    args += [Self.pathRange(p).0, Self.pathRange(p).1]
                }
                try countRaw(whereSQL, args)
            }
            return out
        }
    }

    public func stateCounts(_ query: CaseQuery) async throws -> [StateCount] {
        var unlimited = query
        unlimited.limit = nil
        let q = unlimited
        return try await read { db in
            let (whereSQL, args) = Self.whereClause(try Self.tightened(q, db))
            return try Row.fetchAll(db, sql: """
                SELECT state, lead_department_id IS NOT NULL AS has_lead, first_dispatched_at IS NOT NULL AS dispatched, COUNT(*) AS n
                FROM case_record WHERE \(whereSQL) GROUP BY 1, 2, 3
                """, arguments: args).compactMap { row in
                CaseState(rawValue: row["state"]).map { StateCount(state: $0, hasLead: row["has_lead"], dispatched: row["dispatched"], count: row["n"]) }
            }
        }
    }
}
