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
    static let selectList = "id, number, " + columns.joined(separator: ", ")
    /// Where each column of `selectList` is in a row.
    static let position: [String: Int] = Dictionary(uniqueKeysWithValues: (["id", "number"] + columns).enumerated().map { ($1, $0) })

    /// An instant as stored.
    static func ms(_ date: Date?) -> Int64? { CaseColumns.ms(date) }
    /// A stored instant.
    static func date(_ ms: Int64?) -> Date? { CaseColumns.date(ms) }

    /// What text search matches: the number, the description and the address.
    static func searchText(_ r: CaseRecord) -> String { CaseColumns.searchText(r) }

    /// The values of `columns` for a record whose personal fields are already sealed.
    static func values(_ r: CaseRecord) -> [(any DatabaseValueConvertible)?] {
        let search = searchText(r)
        return [
            r.source.rawValue, r.externalRef, r.categoryID, r.urgency.rawValue, r.description, r.address, r.location?.lon, r.location?.lat,
            r.nodeID.rawValue, r.nodePath, r.state.rawValue,
            r.reporterID?.rawValue, r.reporterName, r.reporterPhone, r.leadDepartmentID?.rawValue,
            r.owner.kind.rawValue, r.owner.nodeID?.rawValue, r.owner.departmentID?.rawValue, r.owner.system,
            r.receivedBy.kind.rawValue, r.receivedBy.nodeID?.rawValue, r.receivedBy.departmentID?.rawValue, r.receivedBy.system,
            r.selfHandled, r.linkage?.level, r.wrongDispatchCount, r.arbitrationPending, r.dispatchBinding, r.classification, r.answer,
            r.handlerID?.rawValue, r.handlerName,
            ms(r.reportedAt), ms(r.acceptedAt), ms(r.firstDispatchedAt), ms(r.dispatchedAt), ms(r.startedAt), ms(r.handledAt),
            ms(r.firstHandledAt), ms(r.closedAt),
            ms(r.deadline), r.deadlineHours, r.hoursKind.rawValue, ms(r.suspendedAt), r.remainingHours, r.pendingExtensionHours, r.extensionCount,
            r.supervised, r.escalatedToNodeID?.rawValue, r.escalationLevel, r.returnCount, r.reworkCount, r.dispatchCount, r.rating,
            r.mergedIntoID?.rawValue, r.duplicateOfID?.rawValue, search, r.version,
        ]
    }

    /// A record from a row of `selectList`, without its child rows (those are added by `attachChildren`).
    static func record(_ row: Row) throws -> CaseRecord {
        // By position, not by name: a name is looked up among the row's ~60 columns each time.
        func p(_ name: String) -> Int { position[name]! }
        func required<T: RawRepresentable>(_ type: T.Type, _ column: String) throws -> T where T.RawValue == String {
            guard let value = T(rawValue: row[p(column)] as String) else {
                throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "case_record.\(column) holds an unknown value")
            }
            return value
        }
        func owner(_ prefix: String) throws -> CaseOwner {
            CaseOwner(kind: try required(CaseOwner.Kind.self, prefix + "_kind"), nodeID: (row[p(prefix + "_node_id")] as Int64?).map { NodeID($0) },
                      departmentID: (row[p(prefix + "_department_id")] as Int64?).map { DepartmentID($0) }, system: row[p(prefix + "_system")])
        }
        let lon: Double? = row[p("lon")], lat: Double? = row[p("lat")]
        var r = CaseRecord(
            id: CaseID(row[p("id")] as Int64), number: row[p("number")], source: try required(CaseSource.self, "source"), externalRef: row[p("external_ref")],
            categoryID: row[p("category_id")], urgency: try required(Urgency.self, "urgency"), description: row[p("description")], address: row[p("address")],
            location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } }, nodeID: NodeID(row[p("node_id")] as Int64), nodePath: row[p("node_path")],
            reporterID: (row[p("reporter_id")] as Int64?).map { UserID($0) }, reporterName: row[p("reporter_name")], reporterPhone: row[p("reporter_phone")],
            reportedAt: date(row[p("reported_at")])!, deadlineHours: row[p("deadline_hours")], hoursKind: try required(HoursKind.self, "hours_kind"),
            receivedBy: try owner("received"))
        r.state = try required(CaseState.self, "state")
        r.leadDepartmentID = (row[p("lead_department_id")] as Int64?).map { DepartmentID($0) }
        r.owner = try owner("owner")
        r.selfHandled = row[p("self_handled")]
        r.linkage = (row[p("linkage_level")] as Int?).map { Linkage(level: $0) }
        r.wrongDispatchCount = row[p("wrong_dispatch_count")]
        r.arbitrationPending = row[p("arbitration_pending")]
        r.dispatchBinding = row[p("dispatch_binding")]
        r.classification = row[p("classification")]
        r.answer = row[p("answer")]
        r.handlerID = (row[p("handler_id")] as Int64?).map { UserID($0) }
        r.handlerName = row[p("handler_name")]
        r.acceptedAt = date(row[p("accepted_at")])
        r.firstDispatchedAt = date(row[p("first_dispatched_at")])
        r.dispatchedAt = date(row[p("dispatched_at")])
        r.startedAt = date(row[p("started_at")])
        r.handledAt = date(row[p("handled_at")])
        r.firstHandledAt = date(row[p("first_handled_at")])
        r.closedAt = date(row[p("closed_at")])
        r.deadline = date(row[p("deadline")])
        r.suspendedAt = date(row[p("suspended_at")])
        r.remainingHours = row[p("remaining_hours")]
        r.pendingExtensionHours = row[p("pending_extension_hours")]
        r.extensionCount = row[p("extension_count")]
        r.supervised = row[p("supervised")]
        r.escalatedToNodeID = (row[p("escalated_to_node_id")] as Int64?).map { NodeID($0) }
        r.escalationLevel = row[p("escalation_level")]
        r.returnCount = row[p("return_count")]
        r.reworkCount = row[p("rework_count")]
        r.dispatchCount = row[p("dispatch_count")]
        r.rating = row[p("rating")]
        r.mergedIntoID = (row[p("merged_into_id")] as Int64?).map { CaseID($0) }
        r.duplicateOfID = (row[p("duplicate_of_id")] as Int64?).map { CaseID($0) }
        r.version = row[p("version")]
        return r
    }

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
