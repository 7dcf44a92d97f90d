import ChengyunCore
public import ChengyunStore
import Foundation
import PostgresNIO

/// The case list: filters of any combination, keyset pages newest first, totals counted up to a limit, and text
/// searched through the trigram index.
extension PostgresStore {
    /// 被升级: a centre's queue of the cases escalated to it, newest first (few among many: a partial index).
    static let caseListMigrations = [
        PostgresMigration(name: "v3-case-escalated", statements: [
            "CREATE INDEX case_escalated ON case_record (escalated_to_node_id, reported_at, id) WHERE escalated_to_node_id IS NOT NULL",
        ]),
        // 挂账: the review date of a parked case (a database made before it lacks the column), and the 挂账 list.
        PostgresMigration(name: "v4-case-parked", statements: [
            "ALTER TABLE case_record ADD COLUMN IF NOT EXISTS parked_until bigint",
            "CREATE INDEX case_parked ON case_record (node_path, reported_at, id) WHERE parked_until IS NOT NULL",
        ]),
        // 催办 counted: each case's urges and the rollups' sum (a database made before lacks the columns).
        PostgresMigration(name: "v4-urges", statements: [
            "ALTER TABLE case_record ADD COLUMN IF NOT EXISTS urge_count bigint NOT NULL DEFAULT 0",
            "ALTER TABLE case_rollup_node ADD COLUMN IF NOT EXISTS urges bigint NOT NULL DEFAULT 0",
            "ALTER TABLE case_rollup_department ADD COLUMN IF NOT EXISTS urges bigint NOT NULL DEFAULT 0",
            "ALTER TABLE case_rollup_handler ADD COLUMN IF NOT EXISTS urges bigint NOT NULL DEFAULT 0",
        ]),
    ]

    public func cases(_ query: CaseQuery) async throws -> CasePage {
        var page = SQLBuilder()
        let filter = Self.whereClause(query, &page)
        var ids = "SELECT id FROM case_record WHERE \(filter)"
        let byDeadline = query.order == .deadline
        if let after = query.after {
            // The cursor as one row comparison: the index on (reported_at, id) seeks to it.
            ids += byDeadline ? " AND (deadline, id) > (\(page.bind(after.key)), \(page.bind(after.id)))"
                : " AND (reported_at, id) < (\(page.bind(after.key)), \(page.bind(after.id)))"
        }
        let order = byDeadline ? "ORDER BY deadline, id" : "ORDER BY reported_at DESC, id DESC"
        ids += " \(order) LIMIT \(page.bind(query.limit.map(Int64.init))) OFFSET \(page.bind(Int64(query.offset)))"
        page.append("SELECT \(CaseColumns.selectList) FROM case_record WHERE id IN (\(ids)) \(order)")
        var count = SQLBuilder()
        let countFilter = Self.whereClause(query, &count)
        count.append("SELECT count(*) FROM (SELECT 1 FROM case_record WHERE \(countFilter) LIMIT \(CasePage.countLimit + 1)) AS matched")
        return try await read { c in
            let items = try await records(c, page)
            let counted = Int(try await c.rows(count.query, logger: logger)[0].decode(Int64.self))
            let last = query.limit.flatMap { items.count == $0 ? items.last : nil }
            return CasePage(items: items, total: min(counted, CasePage.countLimit), totalCapped: counted > CasePage.countLimit,
                            next: last.map { CaseCursor(key: CaseColumns.ms(byDeadline ? $0.deadline : $0.reportedAt) ?? 0, id: $0.id.rawValue) })
        }
    }

    /// The condition of a query, its values bound into `q`.
    static func whereClause(_ query: CaseQuery, _ q: inout SQLBuilder) -> String {
        var clauses: [String] = []
        // Data scope: subtree paths, or cases of the handler's departments, or the caller's own reports.
        var scope: [String] = []
        for path in query.scope.paths {
            let (low, high) = OrgNode.pathRange(path)
            scope.append("(node_path >= \(q.bind(low)) AND node_path < \(q.bind(high)))")
        }
        for d in query.scope.departments {
            let (low, high) = OrgNode.pathRange(d.path)
            scope.append("""
                (id IN (SELECT case_id FROM case_department WHERE department_id = \(q.bind(d.department.rawValue))) \
                AND node_path >= \(q.bind(low)) AND node_path < \(q.bind(high)))
                """)
        }
        if let reporter = query.scope.reporter { scope.append("reporter_id = \(q.bind(reporter.rawValue))") }
        clauses.append(scope.isEmpty ? "false" : "(" + scope.joined(separator: " OR ") + ")")
        if let sources = query.scope.sources { clauses.append("source = ANY(\(q.bind(sources.map(\.rawValue).sorted())))") }
        if let states = query.states, !states.isEmpty { clauses.append("state = ANY(\(q.bind(states.map(\.rawValue))))") }
        if let category = query.categoryID { clauses.append("category_id = \(q.bind(category))") }
        if let path = query.nodePath {
            let (low, high) = OrgNode.pathRange(path)
            clauses.append("node_path >= \(q.bind(low)) AND node_path < \(q.bind(high))")
        }
        if let d = query.departmentID { clauses.append("id IN (SELECT case_id FROM case_department WHERE department_id = \(q.bind(d.rawValue)))") }
        if let s = query.source { clauses.append("source = \(q.bind(s.rawValue))") }
        if let r = query.reporterID { clauses.append("reporter_id = \(q.bind(r.rawValue))") }
        if let e = query.escalatedTo { clauses.append("escalated_to_node_id = \(q.bind(e.rawValue))") }
        if let s = query.stationID { clauses.append("station_id = \(q.bind(s.rawValue))") }
        if let c = query.propertyCompanyID { clauses.append("property_company_id = \(q.bind(c.rawValue))") }
        if let parked = query.parked { clauses.append(parked ? "parked_until IS NOT NULL" : "parked_until IS NULL") }
        if query.order == .deadline { clauses.append("deadline IS NOT NULL") }
        if let levels = query.linkageLevels { clauses.append("linkage_level = ANY(\(q.bind(levels.map { Int64($0) })))") }
        if let u = query.involving { clauses.append("(reporter_id = \(q.bind(u.rawValue)) OR handler_id = \(q.bind(u.rawValue)))") }
        if let from = query.reportedFrom { clauses.append("reported_at >= \(q.bind(CaseColumns.ms(from)!))") }
        if let to = query.reportedTo { clauses.append("reported_at < \(q.bind(CaseColumns.ms(to)!))") }
        if let now = query.overdueAt { clauses.append("\(runningSQL) AND deadline < \(q.bind(CaseColumns.ms(now)!))") }
        if let before = query.deadlineBefore { clauses.append("\(runningSQL) AND deadline < \(q.bind(CaseColumns.ms(before)!))") }
        if let text = query.text, !text.isEmpty {
            // 全文检索: a substring, ASCII letters in either case (as the SQLite adapter matches); three characters or
            // more are found through the trigram index, shorter ones among what the other filters leave.
            clauses.append("search ILIKE \(q.bind("%" + likeEscaped(text) + "%"))")
        }
        return clauses.joined(separator: " AND ")
    }

    /// A text with LIKE's wildcards and escape character taken literally.
    static func likeEscaped(_ text: String) -> String {
        var out = ""
        for ch in text {
            if ch == "%" || ch == "_" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
