import ChengyunCore
import ChengyunStore
import Foundation
import PostgresNIO

/// A row of `CaseColumns.selectList` read by position.
struct CaseRow: CaseColumnReader {
    let row: PostgresRandomAccessRow
    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }
    func integer(_ position: Int) throws -> Int64? { try row[position].decode(Int64?.self) }
    func real(_ position: Int) throws -> Double? { try row[position].decode(Double?.self) }
    func text(_ position: Int) throws -> String? { try row[position].decode(String?.self) }
    func flag(_ position: Int) throws -> Bool { try row[position].decode(Bool.self) }
}

/// A case's child rows (co-handlers, call-in tasks, linkage requests, consultations with attendees and tasks, the
/// departments involved): written a table per statement whatever their number, read a table per statement for a
/// whole page of cases.
enum PostgresCaseRows {
    static let childTables = ["case_co_handler", "case_call_in", "case_linkage_request", "case_consultation_attendee", "case_consultation_task",
                              "case_consultation", "case_department"]

    /// Writes the child rows of `r`, replacing those it had when `replacing`.
    static func writeChildren(_ c: PostgresConnection, _ r: CaseRecord, replacing: Bool, logger: Logger) async throws {
        let id = r.id.rawValue
        if replacing {
            // One round trip for the seven tables.
            let deletes = childTables.enumerated().map { "d\($0.offset) AS (DELETE FROM \($0.element) WHERE case_id = $1)" }
            try await c.rows(PostgresQuery(unsafeSQL: "WITH \(deletes.joined(separator: ", ")) SELECT 1", binds: {
                var b = PostgresBindings()
                b.append(id)
                return b
            }()), logger: logger)
        }
        let ms = CaseColumns.ms
        if !r.coHandlerIDs.isEmpty {
            try await c.rows("""
                INSERT INTO case_co_handler (case_id, ordinal, department_id)
                SELECT \(id), o - 1, d FROM unnest(\(r.coHandlerIDs.map(\.rawValue))) WITH ORDINALITY AS x(d, o)
                """, logger: logger)
        }
        if !r.callIns.isEmpty {
            let calls = r.callIns
            try await c.rows("""
                INSERT INTO case_call_in (case_id, ordinal, department_id, reason, called_by, called_at, due_at, status, answered_at, feedback)
                SELECT \(id), o - 1, d, reason, called_by, called_at, due_at, status,
                       CASE WHEN answered THEN answered_at END, CASE WHEN has_feedback THEN feedback END
                FROM unnest(\(calls.map(\.departmentID.rawValue)), \(calls.map(\.reason)), \(calls.map(\.calledBy)), \(calls.map { ms($0.calledAt)! }),
                            \(calls.map { ms($0.dueAt)! }), \(calls.map(\.status.rawValue)), \(calls.map { $0.answeredAt != nil }),
                            \(calls.map { ms($0.answeredAt) ?? 0 }), \(calls.map { $0.feedback != nil }), \(calls.map { $0.feedback ?? "" }))
                    WITH ORDINALITY AS x(d, reason, called_by, called_at, due_at, status, answered, answered_at, has_feedback, feedback, o)
                """, logger: logger)
        }
        let requests = r.linkage?.requests ?? []
        if !requests.isEmpty {
            try await c.rows("""
                INSERT INTO case_linkage_request (case_id, ordinal, from_level, to_level, reason, note, by_name, at)
                SELECT \(id), o - 1, f, t, reason, note, by_name, at
                FROM unnest(\(requests.map { Int64($0.fromLevel) }), \(requests.map { Int64($0.toLevel) }), \(requests.map(\.reason.rawValue)),
                            \(requests.map(\.note)), \(requests.map(\.by)), \(requests.map { ms($0.at)! }))
                    WITH ORDINALITY AS x(f, t, reason, note, by_name, at, o)
                """, logger: logger)
        }
        let consultations = r.linkage?.consultations ?? []
        if !consultations.isEmpty {
            try await c.rows("""
                INSERT INTO case_consultation (case_id, ordinal, level, held_at, decision, recorded_by, recorded_at)
                SELECT \(id), o - 1, level, held_at, decision, recorded_by, recorded_at
                FROM unnest(\(consultations.map { Int64($0.level) }), \(consultations.map { ms($0.heldAt)! }), \(consultations.map(\.decision)),
                            \(consultations.map(\.recordedBy)), \(consultations.map { ms($0.recordedAt)! }))
                    WITH ORDINALITY AS x(level, held_at, decision, recorded_by, recorded_at, o)
                """, logger: logger)
            let attendees = consultations.enumerated().flatMap { i, c in c.attendees.enumerated().map { (Int64(i), Int64($0.offset), $0.element) } }
            if !attendees.isEmpty {
                try await c.rows("""
                    INSERT INTO case_consultation_attendee (case_id, consultation, ordinal, name)
                    SELECT \(id), * FROM unnest(\(attendees.map(\.0)), \(attendees.map(\.1)), \(attendees.map(\.2)))
                    """, logger: logger)
            }
            let tasks = consultations.enumerated().flatMap { i, c in c.tasks.map { (Int64(i), $0) } }
            if !tasks.isEmpty {
                try await c.rows("""
                    INSERT INTO case_consultation_task (case_id, task_id, consultation, department_id, task, due_at, done_at, done_note)
                    SELECT \(id), task_id, consultation, d, task, due_at, CASE WHEN done THEN done_at END, CASE WHEN has_note THEN done_note END
                    FROM unnest(\(tasks.map { Int64($0.1.id) }), \(tasks.map(\.0)), \(tasks.map(\.1.departmentID.rawValue)), \(tasks.map(\.1.task)),
                                \(tasks.map { ms($0.1.dueAt)! }), \(tasks.map { $0.1.doneAt != nil }), \(tasks.map { ms($0.1.doneAt) ?? 0 }),
                                \(tasks.map { $0.1.doneNote != nil }), \(tasks.map { $0.1.doneNote ?? "" }))
                        AS x(task_id, consultation, d, task, due_at, done, done_at, has_note, done_note)
                    """, logger: logger)
            }
        }
        let involved = r.involvedDepartments.map(\.rawValue)
        if !involved.isEmpty {
            try await c.rows("INSERT INTO case_department (case_id, department_id) SELECT \(id), d FROM unnest(\(involved)) AS x(d)", logger: logger)
        }
    }

    /// Fills in the child rows of `records`, reading each child table once.
    static func attachChildren(_ c: PostgresConnection, _ records: inout [CaseRecord], logger: Logger) async throws {
        guard !records.isEmpty else { return }
        var index: [Int64: Int] = [:]
        for (i, r) in records.enumerated() { index[r.id.rawValue] = i }
        let ids = Array(index.keys)
        let date = CaseColumns.date
        for row in try await c.rows("SELECT case_id, department_id FROM case_co_handler WHERE case_id = ANY(\(ids)) ORDER BY case_id, ordinal", logger: logger) {
            let (caseID, department) = try row.decode((Int64, Int64).self)
            records[index[caseID]!].coHandlerIDs.append(DepartmentID(department))
        }
        for row in try await c.rows("""
            SELECT case_id, department_id, reason, called_by, called_at, due_at, status, answered_at, feedback
            FROM case_call_in WHERE case_id = ANY(\(ids)) ORDER BY case_id, ordinal
            """, logger: logger) {
            let (caseID, department, reason, calledBy, calledAt, dueAt, status, answeredAt, feedback)
                = try row.decode((Int64, Int64, String, String, Int64, Int64, String, Int64?, String?).self)
            var call = CallIn(departmentID: DepartmentID(department), reason: reason, calledBy: calledBy, calledAt: date(calledAt)!, dueAt: date(dueAt)!)
            call.status = CallIn.Status(rawValue: status) ?? .open
            call.answeredAt = date(answeredAt)
            call.feedback = feedback
            records[index[caseID]!].callIns.append(call)
        }
        for row in try await c.rows("""
            SELECT case_id, from_level, to_level, reason, note, by_name, at FROM case_linkage_request WHERE case_id = ANY(\(ids)) ORDER BY case_id, ordinal
            """, logger: logger) {
            let (caseID, from, to, reason, note, by, at) = try row.decode((Int64, Int32, Int32, String, String, String, Int64).self)
            guard let reason = LinkageReason(rawValue: reason) else { continue }
            records[index[caseID]!].linkage?.requests.append(LinkageRequest(fromLevel: Int(from), toLevel: Int(to), reason: reason, note: note, by: by, at: date(at)!))
        }
        var attendees: [Int64: [Int: [String]]] = [:]
        for row in try await c.rows("""
            SELECT case_id, consultation, name FROM case_consultation_attendee WHERE case_id = ANY(\(ids)) ORDER BY case_id, consultation, ordinal
            """, logger: logger) {
            let (caseID, consultation, name) = try row.decode((Int64, Int32, String).self)
            attendees[caseID, default: [:]][Int(consultation), default: []].append(name)
        }
        var tasks: [Int64: [Int: [ConsultationTask]]] = [:]
        for row in try await c.rows("""
            SELECT case_id, consultation, task_id, department_id, task, due_at, done_at, done_note
            FROM case_consultation_task WHERE case_id = ANY(\(ids)) ORDER BY case_id, task_id
            """, logger: logger) {
            let (caseID, consultation, taskID, department, task, dueAt, doneAt, doneNote)
                = try row.decode((Int64, Int32, Int64, Int64, String, Int64, Int64?, String?).self)
            tasks[caseID, default: [:]][Int(consultation), default: []].append(ConsultationTask(
                id: Int(taskID), departmentID: DepartmentID(department), task: task, dueAt: date(dueAt)!, doneAt: date(doneAt), doneNote: doneNote))
        }
        for row in try await c.rows("""
            SELECT case_id, ordinal, level, held_at, decision, recorded_by, recorded_at FROM case_consultation WHERE case_id = ANY(\(ids)) ORDER BY case_id, ordinal
            """, logger: logger) {
            let (caseID, ordinal, level, heldAt, decision, recordedBy, recordedAt) = try row.decode((Int64, Int32, Int32, Int64, String, String, Int64).self)
            records[index[caseID]!].linkage?.consultations.append(Consultation(
                level: Int(level), heldAt: date(heldAt)!, attendees: attendees[caseID]?[Int(ordinal)] ?? [], decision: decision,
                tasks: tasks[caseID]?[Int(ordinal)] ?? [], recordedBy: recordedBy, recordedAt: date(recordedAt)!))
        }
    }
}

/// A history entry: a row of `case_event` with its departments, attachments and action-specific facts (`detail`)
/// as rows of child tables.
enum PostgresEventRows {
    /// Inserts an event and its child rows; returns its id. A dispatch by a rule is also recorded in `case_dispatch`.
    @discardableResult
    static func insert(_ c: PostgresConnection, _ e: CaseEvent, logger: Logger) async throws -> Int64 {
        let id = try await c.rows("""
            INSERT INTO case_event (case_id, action, at, actor_id, actor_name, note, from_state, to_state, lon, lat)
            VALUES (\(e.caseID.rawValue), \(e.action.rawValue), \(CaseColumns.ms(e.at)!), \(e.actorID?.rawValue), \(e.actorName), \(e.note),
                    \(e.fromState?.rawValue), \(e.toState.rawValue), \(e.location?.lon), \(e.location?.lat))
            RETURNING id
            """, logger: logger)[0].decode(Int64.self)
        if !e.departmentIDs.isEmpty {
            try await c.rows("""
                INSERT INTO case_event_department (event_id, ordinal, department_id)
                SELECT \(id), o - 1, d FROM unnest(\(e.departmentIDs.map(\.rawValue))) WITH ORDINALITY AS x(d, o)
                """, logger: logger)
        }
        if !e.attachmentIDs.isEmpty {
            try await c.rows("""
                INSERT INTO case_event_attachment (event_id, ordinal, attachment_id)
                SELECT \(id), o - 1, a FROM unnest(\(e.attachmentIDs.map(\.rawValue))) WITH ORDINALITY AS x(a, o)
                """, logger: logger)
        }
        if !e.detail.isEmpty {
            let detail = e.detail.sorted { $0.key < $1.key }
            try await c.rows("""
                INSERT INTO case_event_detail (event_id, key, value) SELECT \(id), * FROM unnest(\(detail.map(\.key)), \(detail.map(\.value)))
                """, logger: logger)
        }
        if e.action == .dispatch, let rule = e.detail["ruleId"].flatMap(Int64.init) {
            try await c.rows("INSERT INTO case_dispatch (event_id, case_id, rule_id, at) VALUES (\(id), \(e.caseID.rawValue), \(rule), \(CaseColumns.ms(e.at)!))",
                             logger: logger)
        }
        return id
    }

    /// The history of a case, oldest first.
    static func events(_ c: PostgresConnection, caseID: CaseID, logger: Logger) async throws -> [CaseEvent] {
        var events: [CaseEvent] = []
        var index: [Int64: Int] = [:]
        for row in try await c.rows("""
            SELECT id, action, at, actor_id, actor_name, note, from_state, to_state, lon, lat FROM case_event WHERE case_id = \(caseID.rawValue) ORDER BY id
            """, logger: logger) {
            let (id, action, at, actorID, actorName, note, from, to, lon, lat)
                = try row.decode((Int64, String, Int64, Int64?, String, String?, String?, String, Double?, Double?).self)
            guard let action = CaseAction(rawValue: action), let to = CaseState(rawValue: to) else {
                throw PostgresStoreError(description: "case_event \(id) holds an unknown action or state")
            }
            index[id] = events.count
            events.append(CaseEvent(
                id: id, caseID: caseID, action: action, actorID: actorID.map { UserID($0) }, actorName: actorName, at: CaseColumns.date(at)!, note: note,
                fromState: from.flatMap(CaseState.init), toState: to, location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } }))
        }
        guard !events.isEmpty else { return [] }
        let ids = Array(index.keys)
        for row in try await c.rows("SELECT event_id, department_id FROM case_event_department WHERE event_id = ANY(\(ids)) ORDER BY event_id, ordinal", logger: logger) {
            let (event, department) = try row.decode((Int64, Int64).self)
            if let i = index[event] { events[i].departmentIDs.append(DepartmentID(department)) }
        }
        for row in try await c.rows("SELECT event_id, attachment_id FROM case_event_attachment WHERE event_id = ANY(\(ids)) ORDER BY event_id, ordinal", logger: logger) {
            let (event, attachment) = try row.decode((Int64, Int64).self)
            if let i = index[event] { events[i].attachmentIDs.append(AttachmentID(attachment)) }
        }
        for row in try await c.rows("SELECT event_id, key, value FROM case_event_detail WHERE event_id = ANY(\(ids))", logger: logger) {
            let (event, key, value) = try row.decode((Int64, String, String).self)
            if let i = index[event] { events[i].detail[key] = value }
        }
        return events
    }
}
