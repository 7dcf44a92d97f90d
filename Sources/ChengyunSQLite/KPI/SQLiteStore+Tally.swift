import ChengyunCore
import ChengyunStore
import Foundation
import GRDB
import Synchronization

/// The KPI counts of cases straight from their columns: one aggregate query, for what the rollups do not cover (the
/// edges of a period, grids, other filters). Each expression is `KPITally.of` written in SQL; the property test
/// (`KPIRollupPropertyTests`) holds the two, and docs/KPI.md's formulas, equal.
extension SQLiteStore {
    /// What a group of counted cases is keyed by.
    enum TallyKey {
        case none, leadDepartment, handler
        /// The grid path; folded into streets by the caller.
        case path

        var sql: String {
            switch self {
            case .none: "0"
            case .leadDepartment: "lead_department_id"
            case .handler: "CASE WHEN self_handled THEN NULL ELSE handler_id END"
            case .path: "node_path"
            }
        }
    }

    /// The SQL of each `KPITally.Field` over `case_record`'s columns (merged cases are left out by the query).
    static func tallySQL(policy: KPIPolicy) -> [String] {
        let hotline = "source = 'hotline'"
        let due = "deadline IS NOT NULL AND accepted_at IS NOT NULL AND first_handled_at IS NOT NULL"
        let responseMS = policy.responseHours * 3_600_000
        return KPITally.Field.allCases.map { field -> String in
            switch field {
            case .reported: "COUNT(*)"
            case .rejected: "SUM(state = 'rejected')"
            case .accepted: "SUM(accepted_at IS NOT NULL)"
            case .dispatched: "SUM(first_dispatched_at IS NOT NULL)"
            case .msToDispatch: "IFNULL(SUM(first_dispatched_at - reported_at), 0)"
            case .closed: "SUM(closed_at IS NOT NULL)"
            case .msToClose: "IFNULL(SUM(closed_at - reported_at), 0)"
            case .handled: "SUM(first_handled_at IS NOT NULL)"
            case .dispatches: "SUM(dispatch_count)"
            case .wrongDispatches: "SUM(wrong_dispatch_count)"
            case .selfHandled: "SUM(self_handled)"
            case .reworked: "SUM(rework_count > 0)"
            case .urges: "SUM(urge_count)"
            case .dueHandled: "SUM(\(due))"
            case .handledOnTime: "SUM(\(due) AND first_handled_at <= deadline)"
            case .hotlineTickets: "SUM(\(hotline))"
            case .hotlineAccepted: "SUM(\(hotline) AND accepted_at IS NOT NULL)"
            case .hotlineDispatched: "SUM(\(hotline) AND first_dispatched_at IS NOT NULL)"
            case .hotlineResponded: "SUM(\(hotline) AND first_dispatched_at IS NOT NULL AND started_at IS NOT NULL AND started_at - first_dispatched_at <= \(responseMS))"
            case .hotlineResolved: "SUM(\(hotline) AND closed_at IS NOT NULL)"
            case .hotlineRated: "SUM(\(hotline) AND rating IS NOT NULL)"
            case .hotlineSatisfied: "SUM(\(hotline) AND rating >= \(policy.satisfiedScore))"
            case .closedOn, .lateOn, .overdueOpen, .overdueOpenOn: "0"
            }
        }
    }

    /// Counts the cases matching `q` (and `extra`, an SQL condition) in one aggregate query, grouped by `key`
    /// (cases whose key is NULL are left out), with those overdue now.
    func tallyCases(_ db: Database, _ q: CaseQuery, extra: (String, StatementArguments)? = nil, key: TallyKey, now: Date) throws -> [Int64: KPICount] {
        var (whereSQL, args) = Self.whereClause(try Self.tightened(q, db))
        if let extra {
            whereSQL += " AND (\(extra.0))"
            args += extra.1
        }
        let policy = rollupPolicy.withLock { $0 }
        let sums = Self.tallySQL(policy: policy).map { "IFNULL(\($0), 0)" }.joined(separator: ", ")
        var all: StatementArguments = [CaseRows.ms(now)]
        all += args
        let sql = """
            SELECT \(key.sql) AS k, \(sums), IFNULL(SUM(\(Self.openUnhandledSQL.replacingOccurrences(of: "\n", with: " ")) AND deadline < ?), 0)
            FROM case_record WHERE state != 'merged' AND \(whereSQL) GROUP BY k
            """
        var out: [Int64: KPICount] = [:]
        let fields = KPITally.Field.allCases.count
        for row in try Row.fetchAll(db, sql: sql, arguments: all) {
            let k: Int64?
            switch key {
            case .path: k = Self.streetKey(path: row["k"] as String? ?? "")
            default: k = row["k"]
            }
            guard let k else { continue }
            let tally = KPITally(values: (1...fields).map { row[$0] as Int64? ?? 0 })
            out[k, default: KPICount()] += KPICount(tally: tally, openOverdue: row[fields + 1] as Int? ?? 0)
        }
        return out
    }

    /// The street id of a node path, nil above streets.
    static func streetKey(path: String) -> Int64? {
        OrgNode.ancestor(of: path, depth: OrgNode.Kind.street.depth)?.id.rawValue
    }
}
