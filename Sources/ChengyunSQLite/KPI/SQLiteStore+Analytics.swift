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

    /// The subtrees a query covers when the rollups can answer it: the scope's paths cut to the query's node path,
    /// none inside another. Nil when the query has a filter the rollups do not keep.
    static func rollupPaths(_ q: CaseQuery) -> [String]? {
        guard q.scope.departments.isEmpty, q.scope.sources == nil, q.states == nil, q.categoryID == nil, q.departmentID == nil,
              q.source == nil, q.reporterID == nil, q.involving == nil, q.overdueAt == nil, q.deadlineBefore == nil, (q.text ?? "").isEmpty
        else { return nil }
        return subtrees(q)
    }

    /// The subtrees a query's scope and node path cover (`CaseQuery.subtrees`).
    static func subtrees(_ q: CaseQuery) -> [String] { q.subtrees }

    /// The paths with the whole tree ("/") replaced by the paths of its roots (the city).
    static func expandRoot(_ db: Database, _ paths: [String]) throws -> [String] {
        guard paths.contains("/") else { return paths }
        return try String.fetchAll(db, sql: "SELECT path FROM org_node WHERE parent_id IS NULL ORDER BY path")
    }

    /// The local day of an instant and the instant a local day starts.
    func localDay(_ date: Date) -> Int { Int(((date.timeIntervalSince1970 + Double(utcOffsetSeconds)) / 86_400).rounded(.down)) }
    func dayStart(_ day: Int) -> Date { Date(timeIntervalSince1970: Double(day * 86_400 - utcOffsetSeconds)) }

    /// The whole local days inside [from, to), as a half-open range of day numbers (empty when there are none).
    func wholeDays(from: Date, to: Date) -> Range<Int> {
        var first = localDay(from)
        if dayStart(first) < from { first += 1 }
        let end = localDay(to)
        return first < end ? first..<end : first..<first
    }

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
        // By lead department (or of one) and by handler, the city's and districts' rollups; otherwise the nodes'.
        let table = lead != nil || grouping == .leadDepartment ? "case_rollup_department" : grouping == .handler ? "case_rollup_handler" : "case_rollup_node"
        guard let paths = Self.rollupPaths(q), let from = q.reportedFrom, let to = q.reportedTo, lead == nil || grouping == nil else {
            return try await read { db in try countCases(db, q, nil) }
        }
        let whole = wholeDays(from: from, to: to)
        let nowMS = CaseRows.ms(now)!
        return try await read { [self] db in
            var days = whole
            // The period usually ends now, inside today: when no case is reported between its end and the end of that
            // day, the day's rollup row holds exactly the period's last part, so it is read instead of the cases.
            var edges = [(from, dayStart(days.lowerBound)), (dayStart(days.upperBound), to)]
            if dayStart(days.upperBound) < to,
               try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM case_record WHERE reported_at >= ? AND reported_at < ?)",
                                 arguments: [CaseRows.ms(to), CaseRows.ms(dayStart(days.upperBound + 1))]) == false {
                days = days.lowerBound..<(days.upperBound + 1)
                edges.removeLast()
            }
            var out: [Int64: KPICount] = [:]
            func add(_ counts: [Int64: KPICount]) { for (k, v) in counts { out[k, default: KPICount()] += v } }
            let overdue = CaseRollups.overdueBetween(mark: try Self.overdueMark(db), now: nowMS)
            for path in try Self.expandRoot(db, paths) {
                let depth = OrgNode.ids(inPath: path).count - 1
                guard let node = OrgNode.ids(inPath: path).last?.rawValue else { continue }
                let rollable = days.isEmpty ? false : table != "case_rollup_node" ? depth <= CaseRollups.departmentDepth
                    : grouping == .street ? depth <= OrgNode.Kind.street.depth : depth <= CaseRollups.nodeDepth
                var pathQuery = q
                pathQuery.scope = CaseScope(paths: [path])
                pathQuery.nodePath = nil
                guard rollable else {
                    add(try countCases(db, pathQuery, nil))
                    continue
                }
                // The edges of the period that are not whole days, from the cases.
                for (edgeFrom, edgeTo) in edges where edgeFrom < edgeTo {
                    var edge = pathQuery
                    edge.reportedFrom = edgeFrom
                    edge.reportedTo = edgeTo
                    add(try countCases(db, edge, nil))
                }
                // The whole days, from the rollups.
                let dayArgs: StatementArguments = [days.lowerBound, days.upperBound]
                let tallies: [Int64: KPITally]
                if table != "case_rollup_node" {
                    let (months, monthArgs) = RollupMonths.condition(days)
                    var condition = "node_id = ? AND \(months)"
                    var args: StatementArguments = [node]
                    args += StatementArguments(monthArgs)
                    if let lead { condition += " AND department_id = ?"; args += [lead.rawValue] }
                    let group = grouping == nil ? "0" : grouping == .handler ? "handler_id" : "department_id"
                    tallies = try Self.sumRollups(db, table: table, group: group, where: condition, args)
                } else if grouping == .street {
                    let (low, high) = Self.pathRange(path)
                    var args: StatementArguments = [low, high]
                    args += dayArgs
                    tallies = try Self.sumRollups(db, table: "case_rollup_node", group: "node_id",
                                                  where: "node_id IN (SELECT id FROM org_node WHERE kind = 'street' AND path >= ? AND path < ?) AND day >= ? AND day < ?", args)
                } else {
                    var args: StatementArguments = [node]
                    args += dayArgs
                    tallies = try Self.sumRollups(db, table: "case_rollup_node", group: "0", where: "node_id = ? AND day >= ? AND day < ?", args)
                }
                // Overdue now, of the whole days' cases: those before the overdue mark from the rollups, those between
                // the mark and now from the open cases' index.
                for (k, t) in tallies {
                    var tally = t
                    out[k, default: KPICount()].openOverdue += Int(tally[.overdueOpen])
                    tally[.overdueOpen] = 0
                    tally[.overdueOpenOn] = 0
                    out[k, default: KPICount()].tally += tally
                }
                guard let (overdueFrom, overdueTo, sign) = overdue else { continue }
                let (low, high) = Self.pathRange(path)
                var args: StatementArguments = [overdueFrom, overdueTo, low, high, CaseRows.ms(dayStart(days.lowerBound)), CaseRows.ms(dayStart(days.upperBound))]
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
            // The caller's own reports outside those subtrees.
            if let reporter = q.scope.reporter {
                var own = q
                own.scope = CaseScope(paths: [], reporter: reporter)
                let outside = paths.map { _ in "NOT (node_path >= ? AND node_path < ?)" }.joined(separator: " AND ")
                add(try countCases(db, own, paths.isEmpty ? nil : (outside, StatementArguments(paths.flatMap { p in [Self.pathRange(p).0, Self.pathRange(p).1] }))))
            }
            return out
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
            guard let paths = try Self.rollupPaths(query).map({ try Self.expandRoot(db, $0) }), paths.allSatisfy({ OrgNode.ids(inPath: $0).count - 1 <= CaseRollups.nodeDepth }) else {
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
