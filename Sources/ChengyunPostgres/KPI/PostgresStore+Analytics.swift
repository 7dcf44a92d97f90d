public import ChengyunCore
public import ChengyunStore
public import Foundation
import PostgresNIO
import Synchronization

/// 统计 — KPIs, rankings, the trend and state counts as aggregate queries over the cases' typed columns, each field
/// `KPITally.of` written in SQL (the contract holds them equal to docs/KPI.md's formulas over the cases).
///
/// Whole days of a node's subtree are read from the rollups (`KPIRollupPlan`, PostgresStore+Rollups.swift), the rest
/// from the cases, in one snapshot.
extension PostgresStore {
    /// The open, accepted, unhandled, running cases: past their deadline they are overdue.
    static let openUnhandledSQL = """
        first_handled_at IS NULL AND suspended_at IS NULL AND accepted_at IS NOT NULL \
        AND state NOT IN ('closed','merged','rated','rejected','returnedToPolice')
        """

    /// The SQL of each `KPITally.Field` over `case_record`'s columns.
    static func tallySQL(policy: KPIPolicy) -> [String] {
        let hotline = "source = 'hotline'"
        let due = "deadline IS NOT NULL AND accepted_at IS NOT NULL AND first_handled_at IS NOT NULL"
        let responseMS = Int64(policy.responseHours * 3_600_000)
        func count(_ condition: String) -> String { "count(*) FILTER (WHERE \(condition))" }
        return KPITally.Field.allCases.map { field -> String in
            switch field {
            case .reported: "count(*)"
            case .rejected: count("state = 'rejected'")
            case .accepted: count("accepted_at IS NOT NULL")
            case .dispatched: count("first_dispatched_at IS NOT NULL")
            case .msToDispatch: "coalesce(sum(first_dispatched_at - reported_at), 0)::bigint"
            case .closed: count("closed_at IS NOT NULL")
            case .msToClose: "coalesce(sum(closed_at - reported_at), 0)::bigint"
            case .handled: count("first_handled_at IS NOT NULL")
            case .dispatches: "coalesce(sum(dispatch_count), 0)::bigint"
            case .wrongDispatches: "coalesce(sum(wrong_dispatch_count), 0)::bigint"
            case .selfHandled: count("self_handled")
            case .reworked: count("rework_count > 0")
            case .urges: "coalesce(sum(urge_count), 0)::bigint"
            case .dueHandled: count(due)
            case .handledOnTime: count("\(due) AND first_handled_at <= deadline")
            case .hotlineTickets: count(hotline)
            case .hotlineAccepted: count("\(hotline) AND accepted_at IS NOT NULL")
            case .hotlineDispatched: count("\(hotline) AND first_dispatched_at IS NOT NULL")
            case .hotlineResponded: count("\(hotline) AND first_dispatched_at IS NOT NULL AND started_at IS NOT NULL AND started_at - first_dispatched_at <= \(responseMS)")
            case .hotlineResolved: count("\(hotline) AND closed_at IS NOT NULL")
            case .hotlineRated: count("\(hotline) AND rating IS NOT NULL")
            case .hotlineSatisfied: count("\(hotline) AND rating >= \(policy.satisfiedScore)")
            case .closedOn, .lateOn, .overdueOpen, .overdueOpenOn: "0::bigint"
            }
        }
    }

    public func kpiCount(_ query: CaseQuery, leadDepartment: DepartmentID?, now: Date) async throws -> KPICount {
        try await grouped(query, lead: leadDepartment, grouping: nil, now: now).values.reduce(into: KPICount()) { $0 += $1 }
    }

    public func kpiCounts(_ query: CaseQuery, by grouping: KPIGrouping, now: Date) async throws -> [Int64: KPICount] {
        try await grouped(query, lead: nil, grouping: grouping, now: now)
    }

    /// What the cases are keyed by in a count grouped by `grouping`.
    static func tallyKey(_ grouping: KPIGrouping?) -> String {
        switch grouping {
        case nil: "0::bigint"
        case .leadDepartment: "lead_department_id"
        case .handler: "CASE WHEN self_handled THEN NULL ELSE handler_id END"
        // The street is the fourth part of a path (`/city/district/street/…`); cases above a street have none.
        case .street: "NULLIF(split_part(node_path, '/', 4), '')::bigint"
        }
    }

    /// The counts from the rollups where they answer (`KPIRollupPlan`), the rest from the cases, all in one snapshot.
    func grouped(_ query: CaseQuery, lead: DepartmentID?, grouping: KPIGrouping?, now: Date) async throws -> [Int64: KPICount] {
        var unlimited = query
        unlimited.limit = nil
        let key = Self.tallyKey(grouping), nowMS = CaseColumns.ms(now)!
        guard let plan = KPIRollupPlan(unlimited, lead: lead, grouping: grouping, utcOffsetSeconds: utcOffsetSeconds) else {
            return try await read { c in try await tally(c, unlimited, lead: lead, key: key, now: now) }
        }
        let logger = logger
        return try await snapshot { c in
            let roots = plan.needsRoots ? try await expandRoot(c, ["/"]) : []
            var quiet = false
            if let (after, before) = plan.quietWindow {
                quiet = try await !c.rows("""
                    SELECT EXISTS (SELECT 1 FROM case_record WHERE reported_at >= \(CaseColumns.ms(after)!) AND reported_at < \(CaseColumns.ms(before)!))
                    """, logger: logger)[0].decode(Bool.self)
            }
            let mark = try await overdueMark(c)
            var out: [Int64: KPICount] = [:]
            for step in plan.steps(roots: roots, quiet: quiet, mark: mark, now: nowMS) {
                switch step {
                case let .cases(query, outside):
                    for (k, v) in try await tally(c, query, lead: lead, key: key, now: now, outside: outside) { out[k, default: KPICount()] += v }
                case let .rollup(node, path, days):
                    KPIRollupPlan.add(try await sumRollups(c, plan, node: node, path: path, days: days), to: &out)
                case let .overdue(path, reportedFrom, reportedTo, low, high, sign):
                    var q = SQLBuilder()
                    let (lowPath, highPath) = OrgNode.pathRange(path)
                    var filter = """
                        \(Self.openUnhandledSQL) AND deadline >= \(q.bind(low)) AND deadline < \(q.bind(high)) AND node_path >= \(q.bind(lowPath))
                        AND node_path < \(q.bind(highPath)) AND reported_at >= \(q.bind(reportedFrom)) AND reported_at < \(q.bind(reportedTo))
                        """
                    if let lead { filter += " AND lead_department_id = \(q.bind(lead.rawValue))" }
                    q.append("SELECT k, count(*) FROM (SELECT \(key) AS k FROM case_record WHERE \(filter)) o WHERE k IS NOT NULL GROUP BY 1")
                    for row in try await c.rows(q.query, logger: logger) {
                        let (k, n) = try row.decode((Int64, Int64).self)
                        out[k, default: KPICount()].openOverdue += sign * Int(n)
                    }
                }
            }
            return out
        }
    }

    /// The rollup rows of a node's whole days, summed by what the plan groups by.
    func sumRollups(_ c: PostgresConnection, _ plan: KPIRollupPlan, node: Int64, path: String, days: Range<Int>) async throws -> [Int64: KPITally] {
        var q = SQLBuilder()
        let sums = KPITally.Field.allCases.map { "sum(\($0.column))::bigint" }.joined(separator: ", ")
        switch plan.table {
        case .department, .handler:
            let months = RollupMonths.ranges(days).map { "(day >= \(q.bind(Int64($0.lowerBound))) AND day < \(q.bind(Int64($0.upperBound))))" }.joined(separator: " OR ")
            var condition = "node_id = \(q.bind(node)) AND (\(months))"
            if let lead = plan.lead { condition += " AND department_id = \(q.bind(lead.rawValue))" }
            let group = plan.grouping == nil ? "0::bigint" : plan.grouping == .handler ? "handler_id" : "department_id"
            q.append("SELECT \(group), \(sums) FROM \(plan.table == .handler ? "case_rollup_handler" : "case_rollup_department") WHERE \(condition) GROUP BY 1")
        case .node where plan.grouping == .street:
            let (low, high) = OrgNode.pathRange(path)
            q.append("""
                SELECT node_id, \(sums) FROM case_rollup_node
                WHERE node_id IN (SELECT id FROM org_node WHERE kind = 'street' AND path >= \(q.bind(low)) AND path < \(q.bind(high)))
                  AND day >= \(q.bind(Int64(days.lowerBound))) AND day < \(q.bind(Int64(days.upperBound))) GROUP BY 1
                """)
        case .node:
            q.append("""
                SELECT 0::bigint, \(sums) FROM case_rollup_node
                WHERE node_id = \(q.bind(node)) AND day >= \(q.bind(Int64(days.lowerBound))) AND day < \(q.bind(Int64(days.upperBound))) GROUP BY 1
                """)
        }
        var out: [Int64: KPITally] = [:]
        let fields = KPITally.Field.allCases.count
        for row in try await c.rows(q.query, logger: logger) {
            let r = row.makeRandomAccess()
            out[try r[0].decode(Int64.self)] = KPITally(values: try (1...fields).map { try r[$0].decode(Int64?.self) ?? 0 })
        }
        return out
    }

    /// Counts the cases matching `query` (of `lead`, when given; none under `outside`) in one aggregate query grouped
    /// by `key` (cases whose key is NULL are left out), with those overdue at `now`.
    func tally(_ c: PostgresConnection, _ query: CaseQuery, lead: DepartmentID?, key: String, now: Date, outside: [String] = []) async throws -> [Int64: KPICount] {
        var q = SQLBuilder()
        var filter = Self.whereClause(query, &q)
        if let lead { filter += " AND lead_department_id = \(q.bind(lead.rawValue))" }
        for path in outside {
            let (low, high) = OrgNode.pathRange(path)
            filter += " AND NOT (node_path >= \(q.bind(low)) AND node_path < \(q.bind(high)))"
        }
        let sums = Self.tallySQL(policy: kpiPolicy.withLock { $0 }).joined(separator: ", ")
        q.append("""
            SELECT \(key) AS k, \(sums), count(*) FILTER (WHERE \(Self.openUnhandledSQL) AND deadline < \(q.bind(CaseColumns.ms(now)!)))
            FROM case_record WHERE state <> 'merged' AND \(filter) GROUP BY 1
            """)
        let fields = KPITally.Field.allCases.count
        var out: [Int64: KPICount] = [:]
        for row in try await c.rows(q.query, logger: logger) {
            let r = row.makeRandomAccess()
            guard let k = try r[0].decode(Int64?.self) else { continue }
            let tally = KPITally(values: try (1...fields).map { try r[$0].decode(Int64?.self) ?? 0 })
            out[k, default: KPICount()] += KPICount(tally: tally, openOverdue: Int(try r[fields + 1].decode(Int64.self)))
        }
        return out
    }

    /// Per local day: cases reported, closed, and overdue (handled late, by the day of the deadline; or open past it).
    /// Subtrees down to committees from the node rollups (overdue still open: before the mark from them, between the
    /// mark and now from the open cases' index), the rest from the cases, in one snapshot.
    public func trend(_ query: CaseQuery, days: ClosedRange<Int>, now: Date) async throws -> [Int: TrendCount] {
        var unlimited = query
        unlimited.limit = nil
        let q = unlimited, nowMS = CaseColumns.ms(now)!, offset = Int64(utcOffsetSeconds)
        let start = Int64(days.lowerBound * 86_400 - utcOffsetSeconds) * 1000, dayEnd = Int64((days.upperBound + 1) * 86_400 - utcOffsetSeconds) * 1000
        let logger = logger
        return try await snapshot { c in
            var out: [Int: TrendCount] = [:]
            var paths = KPIRollupPlan.rollupPaths(q)
            if let all = paths { paths = try await expandRoot(c, all) }
            guard let paths, paths.allSatisfy({ OrgNode.ids(inPath: $0).count - 1 <= CaseRollups.nodeDepth }) else {
                try await trendFromCases(c, q, from: start, dayEnd: dayEnd, now: nowMS, outside: [], into: &out)
                return out
            }
            let mark = try await overdueMark(c)
            for path in paths {
                guard let node = OrgNode.ids(inPath: path).last?.rawValue else { continue }
                for row in try await c.rows("""
                    SELECT day, reported, closed_on, late_on + overdue_open_on FROM case_rollup_node
                    WHERE node_id = \(node) AND day >= \(days.lowerBound) AND day <= \(days.upperBound)
                    """, logger: logger) {
                    let (day, reported, closed, overdue) = try row.decode((Int32, Int64, Int64, Int64).self)
                    out[Int(day), default: TrendCount()].reported += Int(reported)
                    out[Int(day), default: TrendCount()].closed += Int(closed)
                    out[Int(day), default: TrendCount()].overdue += Int(overdue)
                }
                // Overdue still unhandled between the mark and now (or, with the mark ahead, taken away).
                guard let (low, high, sign) = CaseRollups.overdueBetween(mark: mark, now: nowMS) else { continue }
                let (lowPath, highPath) = OrgNode.pathRange(path)
                for row in try await c.rows("""
                    SELECT (deadline / 1000 + \(offset)) / 86400, count(*) FROM case_record
                    WHERE \(unescaped: Self.openUnhandledSQL) AND deadline >= \(max(low, start)) AND deadline < \(min(high, dayEnd))
                      AND node_path >= \(lowPath) AND node_path < \(highPath)
                    GROUP BY 1
                    """, logger: logger) {
                    let (day, n) = try row.decode((Int64, Int64).self)
                    out[Int(day), default: TrendCount()].overdue += sign * Int(n)
                }
            }
            // The caller's own reports outside those subtrees.
            if let reporter = q.scope.reporter {
                var own = q
                own.scope = CaseScope(paths: [], reporter: reporter)
                try await trendFromCases(c, own, from: start, dayEnd: dayEnd, now: nowMS, outside: paths, into: &out)
            }
            return out
        }
    }

    /// The trend counted from the cases' columns (none under `outside`), added to `out`.
    func trendFromCases(_ c: PostgresConnection, _ query: CaseQuery, from start: Int64, dayEnd: Int64, now: Int64, outside: [String],
                        into out: inout [Int: TrendCount]) async throws {
        var q = SQLBuilder()
        var filter = Self.whereClause(query, &q)
        for path in outside {
            let (low, high) = OrgNode.pathRange(path)
            filter += " AND NOT (node_path >= \(q.bind(low)) AND node_path < \(q.bind(high)))"
        }
        let offset = q.bind(Int64(utcOffsetSeconds)), from = q.bind(start), to = q.bind(min(now, dayEnd))
        func day(_ column: String) -> String { "(\(column) / 1000 + \(offset)) / 86400" }
        q.append("""
            WITH c AS MATERIALIZED (SELECT reported_at, closed_at, deadline, accepted_at, first_handled_at, suspended_at, state
                                    FROM case_record WHERE state <> 'merged' AND \(filter))
            SELECT 'reported', \(day("reported_at")), count(*) FROM c WHERE reported_at >= \(from) AND reported_at < \(to) GROUP BY 2
            UNION ALL
            SELECT 'closed', \(day("closed_at")), count(*) FROM c WHERE closed_at >= \(from) AND closed_at < \(to) GROUP BY 2
            UNION ALL
            SELECT 'overdue', \(day("deadline")), count(*) FROM c
            WHERE deadline >= \(from) AND deadline < \(to)
              AND ((accepted_at IS NOT NULL AND first_handled_at > deadline) OR (\(Self.openUnhandledSQL)))
            GROUP BY 2
            """)
        for row in try await c.rows(q.query, logger: logger) {
            let (what, day, n) = try row.decode((String, Int64, Int64).self)
            switch what {
            case "reported": out[Int(day), default: TrendCount()].reported += Int(n)
            case "closed": out[Int(day), default: TrendCount()].closed += Int(n)
            default: out[Int(day), default: TrendCount()].overdue += Int(n)
            }
        }
    }

    public func stateCounts(_ query: CaseQuery) async throws -> [StateCount] {
        var q = SQLBuilder()
        var unlimited = query
        unlimited.limit = nil
        let filter = Self.whereClause(unlimited, &q)
        q.append("""
            SELECT state, lead_department_id IS NOT NULL, first_dispatched_at IS NOT NULL, count(*) FROM case_record WHERE \(filter) GROUP BY 1, 2, 3
            """)
        return try await rows(q.query).compactMap { row in
            let (state, hasLead, dispatched, n) = try row.decode((String, Bool, Bool, Int64).self)
            return CaseState(rawValue: state).map { StateCount(state: $0, hasLead: hasLead, dispatched: dispatched, count: Int(n)) }
        }
    }
}

extension PostgresStore: CaseAnalyticsStore {}
