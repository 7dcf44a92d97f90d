import ChengyunCore
public import ChengyunStore
import Foundation
import GRDB

/// 居委视图 — a committee's own view as one aggregate query over the cases' columns and child tables.
extension SQLiteStore {
    public func committeeCounts(_ query: CaseQuery) async throws -> CommitteeCounts {
        var unlimited = query
        unlimited.limit = nil
        let q = unlimited
        return try await read { db in
            let (whereSQL, args) = Self.whereClause(try Self.tightened(q, db))
            let cases = "SELECT id FROM case_record WHERE state != 'merged' AND \(whereSQL)"
            var c = CommitteeCounts()
            if let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS cases,
                    SUM(state IN ('closed','merged','rated','rejected','returnedToPolice') AND closed_at IS NOT NULL) AS closed,
                    SUM(state NOT IN ('closed','merged','rated','rejected','returnedToPolice')) AS open,
                    SUM(self_handled) AS self_handled, SUM(self_handled AND closed_at IS NOT NULL) AS self_handled_closed,
                    SUM(source = 'station') AS station, SUM(first_dispatched_at IS NOT NULL) AS dispatched,
                    SUM(first_dispatched_at IS NOT NULL AND closed_at IS NOT NULL) AS dispatched_closed,
                    SUM(linkage_level IS NOT NULL) AS linked
                FROM case_record WHERE state != 'merged' AND \(whereSQL)
                """, arguments: args) {
                c.workload.cases = row["cases"] ?? 0
                c.workload.closed = row["closed"] ?? 0
                c.workload.open = row["open"] ?? 0
                c.workload.selfHandled = row["self_handled"] ?? 0
                c.workload.selfHandledClosed = row["self_handled_closed"] ?? 0
                c.workload.foundByStation = row["station"] ?? 0
                c.help.dispatched = row["dispatched"] ?? 0
                c.help.dispatchedClosed = row["dispatched_closed"] ?? 0
            }
            c.raised.callIns = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_call_in WHERE case_id IN (\(cases))", arguments: args) ?? 0
            c.raised.linkageRequests = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_linkage_request WHERE case_id IN (\(cases))", arguments: args) ?? 0
            c.help.consultations = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_consultation WHERE case_id IN (\(cases))", arguments: args) ?? 0
            if let row = try Row.fetchOne(db, sql: "SELECT SUM(done_at IS NOT NULL) AS done, SUM(done_at IS NULL) AS open FROM case_consultation_task WHERE case_id IN (\(cases))", arguments: args) {
                c.help.tasksDone = row["done"] ?? 0
                c.help.tasksOpen = row["open"] ?? 0
            }
            for row in try Row.fetchAll(db, sql: "SELECT department_id, COUNT(*) AS n FROM case_call_in WHERE status = 'answered' AND case_id IN (\(cases)) GROUP BY department_id", arguments: args) {
                c.help.callInsAnswered += row["n"]
                c.helpingDepartments[DepartmentID(row["department_id"] as Int64), default: 0] += row["n"]
            }
            for row in try Row.fetchAll(db, sql: "SELECT lead_department_id, COUNT(*) AS n FROM case_record WHERE first_dispatched_at IS NOT NULL AND lead_department_id IS NOT NULL AND id IN (\(cases)) GROUP BY lead_department_id", arguments: args) {
                c.helpingDepartments[DepartmentID(row["lead_department_id"] as Int64), default: 0] += row["n"]
            }
            return c
        }
    }
}
