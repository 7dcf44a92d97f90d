import ChengyunCore
public import ChengyunStore
import PostgresNIO

/// 居委视图 — a committee's own view: its cases counted by the database, with their call-ins, linkage requests,
/// consultations and tasks, in two statements.
extension PostgresStore {
    public func committeeCounts(_ query: CaseQuery) async throws -> CommitteeCounts {
        var unlimited = query
        unlimited.limit = nil
        let finished = "state IN ('closed','merged','rated','rejected','returnedToPolice')"
        var counts = SQLBuilder()
        let filter = Self.whereClause(unlimited, &counts)
        counts.append("""
            WITH c AS MATERIALIZED (SELECT * FROM case_record WHERE state <> 'merged' AND \(filter))
            SELECT count(*),
                count(*) FILTER (WHERE \(finished) AND closed_at IS NOT NULL),
                count(*) FILTER (WHERE NOT \(finished)),
                count(*) FILTER (WHERE self_handled), count(*) FILTER (WHERE self_handled AND closed_at IS NOT NULL),
                count(*) FILTER (WHERE source = 'station'), count(*) FILTER (WHERE first_dispatched_at IS NOT NULL),
                count(*) FILTER (WHERE first_dispatched_at IS NOT NULL AND closed_at IS NOT NULL),
                (SELECT count(*) FROM case_call_in WHERE case_id IN (SELECT id FROM c)),
                (SELECT count(*) FROM case_linkage_request WHERE case_id IN (SELECT id FROM c)),
                (SELECT count(*) FROM case_consultation WHERE case_id IN (SELECT id FROM c)),
                (SELECT count(*) FILTER (WHERE done_at IS NOT NULL) FROM case_consultation_task WHERE case_id IN (SELECT id FROM c)),
                (SELECT count(*) FILTER (WHERE done_at IS NULL) FROM case_consultation_task WHERE case_id IN (SELECT id FROM c))
            FROM c
            """)
        var helping = SQLBuilder()
        let helpingFilter = Self.whereClause(unlimited, &helping)
        helping.append("""
            WITH c AS MATERIALIZED (SELECT id, first_dispatched_at, lead_department_id FROM case_record WHERE state <> 'merged' AND \(helpingFilter))
            SELECT 'callIn', department_id, count(*) FROM case_call_in WHERE status = 'answered' AND case_id IN (SELECT id FROM c) GROUP BY department_id
            UNION ALL
            SELECT 'lead', lead_department_id, count(*) FROM c WHERE first_dispatched_at IS NOT NULL AND lead_department_id IS NOT NULL GROUP BY lead_department_id
            """)
        return try await read { conn in
            var c = CommitteeCounts()
            let row = try await conn.rows(counts.query, logger: logger)[0].makeRandomAccess()
            let n = try (0..<13).map { Int(try row[$0].decode(Int64.self)) }
            c.workload.cases = n[0]
            c.workload.closed = n[1]
            c.workload.open = n[2]
            c.workload.selfHandled = n[3]
            c.workload.selfHandledClosed = n[4]
            c.workload.foundByStation = n[5]
            c.help.dispatched = n[6]
            c.help.dispatchedClosed = n[7]
            c.raised.callIns = n[8]
            c.raised.linkageRequests = n[9]
            c.help.consultations = n[10]
            c.help.tasksDone = n[11]
            c.help.tasksOpen = n[12]
            for row in try await conn.rows(helping.query, logger: logger) {
                let (kind, department, count) = try row.decode((String, Int64, Int64).self)
                if kind == "callIn" { c.help.callInsAnswered += Int(count) }
                c.helpingDepartments[DepartmentID(department), default: 0] += Int(count)
            }
            return c
        }
    }
}

extension PostgresStore: CommitteeStore {}
