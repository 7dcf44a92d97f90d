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
/// departments involved): written a table per COPY whatever their number (`PostgresRowBatch`), read a table per
/// statement for a whole page of cases.
enum PostgresCaseRows {
    static let childTables = ["case_co_handler", "case_call_in", "case_linkage_request", "case_consultation_attendee", "case_consultation_task",
                              "case_consultation", "case_department"]

    /// Deletes the child rows of a case (before it is written again), the seven tables in one round trip.
    static func clearChildren(_ c: PostgresConnection, _ id: CaseID, logger: Logger) async throws {
        let deletes = childTables.enumerated().map { "d\($0.offset) AS (DELETE FROM \($0.element) WHERE case_id = $1)" }
        try await c.rows(PostgresQuery(unsafeSQL: "WITH \(deletes.joined(separator: ", ")) SELECT 1", binds: {
            var b = PostgresBindings()
            b.append(id.rawValue)
            return b
        }()), logger: logger)
    }

    /// Adds the child rows of `r` (its id set) to `batch`.
    static func addChildren(_ r: CaseRecord, to batch: inout PostgresRowBatch) {
        let id = CaseColumns.Value.integer(r.id.rawValue)
        func int(_ v: Int64?) -> CaseColumns.Value { .integer(v) }
        func int(_ v: Int) -> CaseColumns.Value { .integer(Int64(v)) }
        func ms(_ d: Date?) -> CaseColumns.Value { .integer(CaseColumns.ms(d)) }
        for (i, d) in r.coHandlerIDs.enumerated() {
            batch.add("case_co_handler", ["case_id", "ordinal", "department_id"], [id, int(i), int(d.rawValue)])
        }
        for (i, call) in r.callIns.enumerated() {
            batch.add("case_call_in", ["case_id", "ordinal", "department_id", "reason", "called_by", "called_at", "due_at", "status", "answered_at", "feedback"],
                      [id, int(i), int(call.departmentID.rawValue), .text(call.reason), .text(call.calledBy), ms(call.calledAt), ms(call.dueAt),
                       .text(call.status.rawValue), ms(call.answeredAt), .text(call.feedback)])
        }
        for (i, request) in (r.linkage?.requests ?? []).enumerated() {
            batch.add("case_linkage_request", ["case_id", "ordinal", "from_level", "to_level", "reason", "note", "by_name", "at"],
                      [id, int(i), int(request.fromLevel), int(request.toLevel), .text(request.reason.rawValue), .text(request.note), .text(request.by), ms(request.at)])
        }
        for (i, consultation) in (r.linkage?.consultations ?? []).enumerated() {
            batch.add("case_consultation", ["case_id", "ordinal", "level", "held_at", "decision", "recorded_by", "recorded_at"],
                      [id, int(i), int(consultation.level), ms(consultation.heldAt), .text(consultation.decision), .text(consultation.recordedBy),
                       ms(consultation.recordedAt)])
            for (j, name) in consultation.attendees.enumerated() {
                batch.add("case_consultation_attendee", ["case_id", "consultation", "ordinal", "name"], [id, int(i), int(j), .text(name)])
            }
            for task in consultation.tasks {
                batch.add("case_consultation_task", ["case_id", "task_id", "consultation", "department_id", "task", "due_at", "done_at", "done_note"],
                          [id, int(task.id), int(i), int(task.departmentID.rawValue), .text(task.task), ms(task.dueAt), ms(task.doneAt), .text(task.doneNote)])
            }
        }
        for d in r.involvedDepartments {
            batch.add("case_department", ["case_id", "department_id"], [id, int(d.rawValue)])
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
    /// Adds an event as `id` and its child rows to `batch`. A dispatch by a rule is also recorded in `case_dispatch`.
    static func add(_ e: CaseEvent, id: Int64, to batch: inout PostgresRowBatch) {
        let at = CaseColumns.Value.integer(CaseColumns.ms(e.at))
        batch.add("case_event", ["id", "case_id", "action", "at", "actor_id", "actor_name", "note", "from_state", "to_state", "lon", "lat"],
                  [.integer(id), .integer(e.caseID.rawValue), .text(e.action.rawValue), at, .integer(e.actorID?.rawValue), .text(e.actorName), .text(e.note),
                   .text(e.fromState?.rawValue), .text(e.toState.rawValue), .real(e.location?.lon), .real(e.location?.lat)])
        for (i, d) in e.departmentIDs.enumerated() {
            batch.add("case_event_department", ["event_id", "ordinal", "department_id"], [.integer(id), .integer(Int64(i)), .integer(d.rawValue)])
        }
        for (i, a) in e.attachmentIDs.enumerated() {
            batch.add("case_event_attachment", ["event_id", "ordinal", "attachment_id"], [.integer(id), .integer(Int64(i)), .integer(a.rawValue)])
        }
        for (key, value) in e.detail.sorted(by: { $0.key < $1.key }) {
            batch.add("case_event_detail", ["event_id", "key", "value"], [.integer(id), .text(key), .text(value)])
        }
        if e.action == .dispatch, let rule = e.detail["ruleId"].flatMap(Int64.init) {
            batch.add("case_dispatch", ["event_id", "case_id", "rule_id", "at"], [.integer(id), .integer(e.caseID.rawValue), .integer(rule), at])
        }
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
