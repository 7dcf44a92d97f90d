public import ChengyunCore
public import ChengyunStore
public import Foundation
import PostgresNIO
import Synchronization

/// 统计 — KPIs, rankings, the trend and state counts as aggregate queries over the cases' typed columns, each field
/// `KPITally.of` written in SQL (the contract holds them equal to docs/KPI.md's formulas over the cases).
///
/// Counted from the cases alone for now: rollups kept in the case writes' transactions, as the SQLite adapter
/// keeps them, are the next step for a city's year (issue 16's benchmarks measure it).
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
        try await tally(query, lead: leadDepartment, key: "0::bigint", now: now).values.reduce(into: KPICount()) { $0 += $1 }
    }

    public func kpiCounts(_ query: CaseQuery, by grouping: KPIGrouping, now: Date) async throws -> [Int64: KPICount] {
        let key = switch grouping {
        case .leadDepartment: "lead_department_id"
        case .handler: "CASE WHEN self_handled THEN NULL ELSE handler_id END"
        // The street is the fourth part of a path (`/city/district/street/…`); cases above a street have none.
        case .street: "NULLIF(split_part(node_path, '/', 4), '')::bigint"
        }
        return try await tally(query, lead: nil, key: key, now: now)
    }

    /// Counts the cases matching `query` (of `lead`, when given) in one aggregate query grouped by `key` (cases whose
    /// key is NULL are left out), with those overdue at `now`.
    func tally(_ query: CaseQuery, lead: DepartmentID?, key: String, now: Date) async throws -> [Int64: KPICount] {
        var q = SQLBuilder()
        var unlimited = query
        unlimited.limit = nil
        var filter = Self.whereClause(unlimited, &q)
        if let lead { filter += " AND lead_department_id = \(q.bind(lead.rawValue))" }
        let sums = Self.tallySQL(policy: kpiPolicy.withLock { $0 }).joined(separator: ", ")
        q.append("""
            SELECT \(key) AS k, \(sums), count(*) FILTER (WHERE \(Self.openUnhandledSQL) AND deadline < \(q.bind(CaseColumns.ms(now)!)))
            FROM case_record WHERE state <> 'merged' AND \(filter) GROUP BY 1
            """)
        let fields = KPITally.Field.allCases.count
        var out: [Int64: KPICount] = [:]
        for row in try await rows(q.query) {
            let r = row.makeRandomAccess()
            guard let k = try r[0].decode(Int64?.self) else { continue }
            let tally = KPITally(values: try (1...fields).map { try r[$0].decode(Int64?.self) ?? 0 })
            out[k, default: KPICount()] += KPICount(tally: tally, openOverdue: Int(try r[fields + 1].decode(Int64.self)))
        }
        return out
    }

    /// Per local day: cases reported, closed, and overdue (handled late, by the day of the deadline; or open past it).
    public func trend(_ query: CaseQuery, days: ClosedRange<Int>, now: Date) async throws -> [Int: TrendCount] {
        let dayStart = { (day: Int) in Int64(day * 86_400 - self.utcOffsetSeconds) * 1000 }
        let start = dayStart(days.lowerBound), dayEnd = dayStart(days.upperBound + 1)
        let end = min(CaseColumns.ms(now)!, dayEnd)
        var q = SQLBuilder()
        var unlimited = query
        unlimited.limit = nil
        let filter = Self.whereClause(unlimited, &q)
        let offset = q.bind(Int64(utcOffsetSeconds)), from = q.bind(start), to = q.bind(end)
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
        var out: [Int: TrendCount] = [:]
        for row in try await rows(q.query) {
            let (what, day, n) = try row.decode((String, Int64, Int64).self)
            switch what {
            case "reported": out[Int(day), default: TrendCount()].reported += Int(n)
            case "closed": out[Int(day), default: TrendCount()].closed += Int(n)
            default: out[Int(day), default: TrendCount()].overdue += Int(n)
            }
        }
        return out
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
