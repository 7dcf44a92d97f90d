import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

/// How a case is laid out in the database: every fact a column of `case_record` or a row of a child table
/// (co-handlers, call-in tasks, linkage requests, consultations with their attendees and tasks). Instants are whole
/// milliseconds since 1970 (INTEGER). The domain's `CaseRecord` is built from these rows; it is never stored whole.
enum CaseRows {
    /// The columns of `case_record` after `id` and `number` (`CaseColumns.names`, shared with the PostgreSQL adapter).
    static let columns = CaseColumns.names

    /// Inserts a row: `id`, `number`, then `columns`.
    static let insertSQL = "INSERT INTO case_record (id, number, \(columns.joined(separator: ", "))) VALUES (?, ?, \(columns.map { _ in "?" }.joined(separator: ", ")))"
    /// The columns a record is read from.
    static let selectList = CaseColumns.selectList

    /// An instant as stored.
    static func ms(_ date: Date?) -> Int64? { CaseColumns.ms(date) }
    /// A stored instant.
    static func date(_ ms: Int64?) -> Date? { CaseColumns.date(ms) }

    /// What text search matches: the number, the description and the address.
    static func searchText(_ r: CaseRecord) -> String { CaseColumns.searchText(r) }

    /// The values of `columns` for a record whose personal fields are already sealed (`CaseColumns.values`).
    static func values(_ r: CaseRecord) -> [(any DatabaseValueConvertible)?] {
        CaseColumns.values(r).map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .integer(let v): v
            case .real(let v): v
            case .text(let v): v
            case .flag(let v): v
            }
        }
    }

    /// A record from a row of `selectList`, without its child rows (those are added by `attachChildren`).
    static func record(_ row: Row) throws -> CaseRecord { try CaseColumns.record(CaseRow(row: row)) }

    /// The record with every instant rounded to the millisecond, as it will read back.
    static func rounded(_ record: CaseRecord) -> CaseRecord { CaseColumns.rounded(record) }

    // MARK: Child rows

    /// Replaces the child rows of a case with those of `r`.
    static func writeChildren(_ db: Database, _ r: CaseRecord, replacing: Bool) throws {
        let id = r.id.rawValue
        if replacing {
            for table in ["case_co_handler", "case_call_in", "case_linkage_request", "case_consultation_attendee", "case_consultation_task", "case_consultation", "case_department"] {
                try db.cachedStatement(sql: "DELETE FROM \(table) WHERE case_id = ?").execute(arguments: [id])
            }
        }
        for (i, d) in r.coHandlerIDs.enumerated() {
            try db.cachedStatement(sql: "INSERT INTO case_co_handler (case_id, ordinal, department_id) VALUES (?, ?, ?)").insert([id, i, d.rawValue])
        }
        for (i, c) in r.callIns.enumerated() {
            try db.cachedStatement(sql: """
                INSERT INTO case_call_in (case_id, ordinal, department_id, reason, called_by, called_at, due_at, status, answered_at, feedback)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).insert([id, i, c.departmentID.rawValue, c.reason, c.calledBy, ms(c.calledAt), ms(c.dueAt), c.status.rawValue, ms(c.answeredAt), c.feedback])
        }
        for (i, q) in (r.linkage?.requests ?? []).enumerated() {
            try db.cachedStatement(sql: """
                INSERT INTO case_linkage_request (case_id, ordinal, from_level, to_level, reason, note, by_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).insert([id, i, q.fromLevel, q.toLevel, q.reason.rawValue, q.note, q.by, ms(q.at)])
        }
        for (i, c) in (r.linkage?.consultations ?? []).enumerated() {
            try db.cachedStatement(sql: """
                INSERT INTO case_consultation (case_id, ordinal, level, held_at, decision, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """).insert([id, i, c.level, ms(c.heldAt), c.decision, c.recordedBy, ms(c.recordedAt)])
            for (j, name) in c.attendees.enumerated() {
                try db.cachedStatement(sql: "INSERT INTO case_consultation_attendee (case_id, consultation, ordinal, name) VALUES (?, ?, ?, ?)").insert([id, i, j, name])
            }
            for t in c.tasks {
                try db.cachedStatement(sql: """
                    INSERT INTO case_consultation_task (case_id, task_id, consultation, department_id, task, due_at, done_at, done_note)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """).insert([id, t.id, i, t.departmentID.rawValue, t.task, ms(t.dueAt), ms(t.doneAt), t.doneNote])
            }
        }
        for d in r.involvedDepartments {
            try db.cachedStatement(sql: "INSERT INTO case_department (case_id, department_id) VALUES (?, ?)").insert([id, d.rawValue])
        }
    }

    /// Fills in the child rows of `records` (a page of a list, or one case), reading each child table once.
    static func attachChildren(_ db: Database, _ records: inout [CaseRecord]) throws {
        guard !records.isEmpty else { return }
        var index: [Int64: Int] = [:]
        for (i, r) in records.enumerated() { index[r.id.rawValue] = i }
        // One statement per child table, prepared once per connection whatever the number of cases (every read of a
        // case runs these: its page, its detail, each action on it).
        let args: StatementArguments = [jsonIDs(index.keys)]
        let list = "(SELECT value FROM json_each(?))"
        func each(_ sql: String, _ body: (Row) throws -> Void) throws {
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: args)
            while let row = try rows.next() { try body(row) }
        }
        try each("SELECT case_id, department_id FROM case_co_handler WHERE case_id IN \(list) ORDER BY case_id, ordinal") { row in
            records[index[row["case_id"]]!].coHandlerIDs.append(DepartmentID(row["department_id"] as Int64))
        }
        try each("SELECT * FROM case_call_in WHERE case_id IN \(list) ORDER BY case_id, ordinal") { row in
            var c = CallIn(departmentID: DepartmentID(row["department_id"] as Int64), reason: row["reason"], calledBy: row["called_by"],
                           calledAt: date(row["called_at"])!, dueAt: date(row["due_at"])!)
            c.status = CallIn.Status(rawValue: row["status"]) ?? .open
            c.answeredAt = date(row["answered_at"])
            c.feedback = row["feedback"]
            records[index[row["case_id"]]!].callIns.append(c)
        }
        try each("SELECT * FROM case_linkage_request WHERE case_id IN \(list) ORDER BY case_id, ordinal") { row in
            let i = index[row["case_id"]]!
            guard let reason = LinkageReason(rawValue: row["reason"]) else { return }
            records[i].linkage?.requests.append(LinkageRequest(fromLevel: row["from_level"], toLevel: row["to_level"], reason: reason,
                                                               note: row["note"], by: row["by_name"], at: date(row["at"])!))
        }
        var attendees: [Int64: [Int: [String]]] = [:]
        try each("SELECT case_id, consultation, name FROM case_consultation_attendee WHERE case_id IN \(list) ORDER BY case_id, consultation, ordinal") { row in
            attendees[row["case_id"], default: [:]][row["consultation"], default: []].append(row["name"])
        }
        var tasks: [Int64: [Int: [ConsultationTask]]] = [:]
        try each("SELECT * FROM case_consultation_task WHERE case_id IN \(list) ORDER BY case_id, task_id") { row in
            tasks[row["case_id"], default: [:]][row["consultation"], default: []].append(ConsultationTask(
                id: row["task_id"], departmentID: DepartmentID(row["department_id"] as Int64), task: row["task"], dueAt: date(row["due_at"])!,
                doneAt: date(row["done_at"]), doneNote: row["done_note"]))
        }
        try each("SELECT * FROM case_consultation WHERE case_id IN \(list) ORDER BY case_id, ordinal") { row in
            let caseID: Int64 = row["case_id"], ordinal: Int = row["ordinal"]
            records[index[caseID]!].linkage?.consultations.append(Consultation(
                level: row["level"], heldAt: date(row["held_at"])!, attendees: attendees[caseID]?[ordinal] ?? [], decision: row["decision"],
                tasks: tasks[caseID]?[ordinal] ?? [], recordedBy: row["recorded_by"], recordedAt: date(row["recorded_at"])!))
        }
    }
}

/// A row of `CaseColumns.selectList` read by position.
struct CaseRow: CaseColumnReader {
    let row: Row
    func integer(_ position: Int) throws -> Int64? { row[position] }
    func real(_ position: Int) throws -> Double? { row[position] }
    func text(_ position: Int) throws -> String? { row[position] }
    func flag(_ position: Int) throws -> Bool { row[position] }
}
