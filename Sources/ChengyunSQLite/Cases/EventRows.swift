import ChengyunCore
import Foundation
import GRDB

/// How a history entry is laid out: a row of `case_event` with its departments, attachments and action-specific
/// facts (`detail`) as rows of child tables.
enum EventRows {
    /// Inserts an event (with its id when it has one) and its child rows; returns its id. A dispatch by a rule is
    /// also recorded in `case_dispatch` (派遣规则审查), in the same transaction, when `recordDispatch` is set.
    @discardableResult
    static func insert(_ db: Database, _ e: CaseEvent, table: String = "case_event", recordDispatch: Bool = true) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO \(table) (id, case_id, action, at, actor_id, actor_name, note, from_state, to_state, lon, lat)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).insert([e.id, e.caseID.rawValue, e.action.rawValue, CaseRows.ms(e.at), e.actorID?.rawValue, e.actorName, e.note,
                                     e.fromState?.rawValue, e.toState.rawValue, e.location?.lon, e.location?.lat])
        let id = e.id ?? db.lastInsertedRowID
        for (i, d) in e.departmentIDs.enumerated() {
            try db.cachedStatement(sql: "INSERT INTO case_event_department (event_id, ordinal, department_id) VALUES (?, ?, ?)").insert([id, i, d.rawValue])
        }
        for (i, a) in e.attachmentIDs.enumerated() {
            try db.cachedStatement(sql: "INSERT INTO case_event_attachment (event_id, ordinal, attachment_id) VALUES (?, ?, ?)").insert([id, i, a.rawValue])
        }
        for (key, value) in e.detail.sorted(by: { $0.key < $1.key }) {
            try db.cachedStatement(sql: "INSERT INTO case_event_detail (event_id, key, value) VALUES (?, ?, ?)").insert([id, key, value])
        }
        if recordDispatch, e.action == .dispatch, let rule = e.detail["ruleId"].flatMap(Int64.init) {
            try db.cachedStatement(sql: "INSERT INTO case_dispatch (event_id, case_id, rule_id, at) VALUES (?, ?, ?, ?)")
                .insert([id, e.caseID.rawValue, rule, CaseRows.ms(e.at)])
        }
        return id
    }

    /// The history of a case, oldest first.
    static func events(_ db: Database, caseID: CaseID) throws -> [CaseEvent] {
        var events: [CaseEvent] = []
        var index: [Int64: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM case_event WHERE case_id = ? ORDER BY id", arguments: [caseID.rawValue]) {
            guard let action = CaseAction(rawValue: row["action"]), let to = CaseState(rawValue: row["to_state"]) else {
                throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "case_event holds an unknown action or state")
            }
            let lon: Double? = row["lon"], lat: Double? = row["lat"]
            index[row["id"]] = events.count
            events.append(CaseEvent(
                id: row["id"], caseID: caseID, action: action, actorID: (row["actor_id"] as Int64?).map { UserID($0) }, actorName: row["actor_name"],
                at: CaseRows.date(row["at"])!, note: row["note"], fromState: (row["from_state"] as String?).flatMap(CaseState.init), toState: to,
                location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } }))
        }
        guard !events.isEmpty else { return [] }
        let inCase = "event_id IN (SELECT id FROM case_event WHERE case_id = ?)"
        for row in try Row.fetchAll(db, sql: "SELECT event_id, department_id FROM case_event_department WHERE \(inCase) ORDER BY event_id, ordinal", arguments: [caseID.rawValue]) {
            if let i = index[row["event_id"]] { events[i].departmentIDs.append(DepartmentID(row["department_id"] as Int64)) }
        }
        for row in try Row.fetchAll(db, sql: "SELECT event_id, attachment_id FROM case_event_attachment WHERE \(inCase) ORDER BY event_id, ordinal", arguments: [caseID.rawValue]) {
            if let i = index[row["event_id"]] { events[i].attachmentIDs.append(AttachmentID(row["attachment_id"] as Int64)) }
        }
        for row in try Row.fetchAll(db, sql: "SELECT event_id, key, value FROM case_event_detail WHERE \(inCase)", arguments: [caseID.rawValue]) {
            if let i = index[row["event_id"]] { events[i].detail[row["key"] as String] = row["value"] as String }
        }
        return events
    }
}
