public import ChengyunCore
public import Foundation

/// 案件的列 — how a case is laid out in a relational store, whichever adapter keeps it: every fact a column of
/// `case_record` (these) or a row of a child table. Instants are whole milliseconds since 1970; the domain's
/// `CaseRecord` is built from the columns and never stored whole. The SQLite and PostgreSQL adapters share this
/// mapping, so a fact has one column name in both.
public enum CaseColumns {
    /// The columns of `case_record` after `id` and `number`, in the order `values(_:)` gives them and `record(_:)`
    /// reads them (at positions 2…).
    public static let names = [
        "source", "external_ref", "category_id", "urgency", "description", "address", "lon", "lat", "node_id", "node_path", "state",
        "reporter_id", "reporter_name", "reporter_phone", "lead_department_id",
        "owner_kind", "owner_node_id", "owner_department_id", "owner_system",
        "received_kind", "received_node_id", "received_department_id", "received_system",
        "self_handled", "linkage_level", "wrong_dispatch_count", "arbitration_pending", "dispatch_binding", "classification", "answer",
        "handler_id", "handler_name",
        "reported_at", "accepted_at", "first_dispatched_at", "dispatched_at", "started_at", "handled_at", "first_handled_at", "closed_at",
        "deadline", "deadline_hours", "hours_kind", "suspended_at", "remaining_hours", "parked_until", "pending_extension_hours", "extension_count",
        "supervised", "escalated_to_node_id", "escalation_level", "return_count", "rework_count", "dispatch_count", "urge_count", "rating",
        "merged_into_id", "duplicate_of_id", "search", "version",
        "station_id", "owner_station_id", "received_station_id",
        "compound_id", "property_company_id",
    ]

    /// The columns the stations' migrations added (联勤联动站: the case's station, and a station as owner or first receiver).
    public static let stationColumns: Set<String> = ["station_id", "owner_station_id", "received_station_id"]
    /// The columns the property companies' migrations added (the case's compound and the company serving it then).
    public static let propertyColumns: Set<String> = ["compound_id", "property_company_id"]
    /// The columns later migrations added: a migration before them writes the others.
    public static let laterColumns = stationColumns.union(propertyColumns)

    /// `id, number` and then `names`: what `record(_:)` reads.
    public static let selectList = "id, number, " + names.joined(separator: ", ")

    /// A column's value, typed as the store keeps it.
    public enum Value: Sendable, Hashable {
        case integer(Int64?)
        case real(Double?)
        case text(String?)
        case flag(Bool)
    }

    /// A stored case document with the counts added to `CaseRecord` after documents gave way to columns set to zero
    /// (a document never held them; `urgeCount`, 催办).
    public static func documentWithLaterFields(_ body: String) throws -> Data {
        guard var document = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return Data(body.utf8) }
        for field in ["urgeCount"] where document[field] == nil { document[field] = 0 }
        return try JSONSerialization.data(withJSONObject: document)
    }

    /// An instant as stored.
    public static func ms(_ date: Date?) -> Int64? { date.map(KPITally.milliseconds) }
    /// A stored instant.
    public static func date(_ ms: Int64?) -> Date? { ms.map { Date(timeIntervalSince1970: Double($0) / 1000) } }

    /// The case number: the local report date and the id, e.g. `20261123-000042`.
    public static func number(id: Int64, reportedAt: Date, utcOffsetSeconds: Int) -> String {
        let day = WorkingCalendar(utcOffsetSeconds: utcOffsetSeconds).localDate(of: reportedAt)
        // As String(format: "%04d%02d%02d-%06lld"), without Foundation's formatter (bulk imports number millions).
        func padded(_ n: Int64, _ width: Int) -> String {
            let digits = String(n)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return padded(Int64(day.year), 4) + padded(Int64(day.month), 2) + padded(Int64(day.day), 2) + "-" + padded(id, 6)
    }

    /// What text search matches: the number, the description and the address.
    public static func searchText(_ r: CaseRecord) -> String { [r.number, r.description, r.address ?? ""].joined(separator: " ") }

    /// The values of `names` for a record whose personal fields are already sealed.
    public static func values(_ r: CaseRecord) -> [Value] {
        func int(_ v: Int64?) -> Value { .integer(v) }
        func count(_ v: Int?) -> Value { .integer(v.map(Int64.init)) }
        return [
            .text(r.source.rawValue), .text(r.externalRef), .text(r.categoryID), .text(r.urgency.rawValue), .text(r.description), .text(r.address),
            .real(r.location?.lon), .real(r.location?.lat), int(r.nodeID.rawValue), .text(r.nodePath), .text(r.state.rawValue),
            int(r.reporterID?.rawValue), .text(r.reporterName), .text(r.reporterPhone), int(r.leadDepartmentID?.rawValue),
            .text(r.owner.kind.rawValue), int(r.owner.nodeID?.rawValue), int(r.owner.departmentID?.rawValue), .text(r.owner.system),
            .text(r.receivedBy.kind.rawValue), int(r.receivedBy.nodeID?.rawValue), int(r.receivedBy.departmentID?.rawValue), .text(r.receivedBy.system),
            .flag(r.selfHandled), count(r.linkage?.level), count(r.wrongDispatchCount), .flag(r.arbitrationPending), .flag(r.dispatchBinding),
            .text(r.classification), .text(r.answer),
            int(r.handlerID?.rawValue), .text(r.handlerName),
            int(ms(r.reportedAt)), int(ms(r.acceptedAt)), int(ms(r.firstDispatchedAt)), int(ms(r.dispatchedAt)), int(ms(r.startedAt)),
            int(ms(r.handledAt)), int(ms(r.firstHandledAt)), int(ms(r.closedAt)),
            int(ms(r.deadline)), .real(r.deadlineHours), .text(r.hoursKind.rawValue), int(ms(r.suspendedAt)), .real(r.remainingHours),
            int(ms(r.parkedUntil)), .real(r.pendingExtensionHours), count(r.extensionCount),
            .flag(r.supervised), int(r.escalatedToNodeID?.rawValue), count(r.escalationLevel), count(r.returnCount), count(r.reworkCount),
            count(r.dispatchCount), count(r.urgeCount), count(r.rating),
            int(r.mergedIntoID?.rawValue), int(r.duplicateOfID?.rawValue), .text(searchText(r)), count(r.version),
            int(r.stationID?.rawValue), int(r.owner.stationID?.rawValue), int(r.receivedBy.stationID?.rawValue),
            int(r.compoundID?.rawValue), int(r.propertyCompanyID?.rawValue),
        ]
    }

    /// A stored value the domain does not know (the store was written by a newer build, or changed by hand).
    public struct UnknownValue: Error, Sendable, CustomStringConvertible {
        public let column: String
        public var description: String { "case_record.\(column) holds a value this build does not know" }
    }

    /// Where each column of `selectList` is in a row.
    public static let position: [String: Int] = Dictionary(uniqueKeysWithValues: (["id", "number"] + names).enumerated().map { ($1, $0) })

    /// A record from a row of `selectList`, without its child rows.
    public static func record(_ row: some CaseColumnReader) throws -> CaseRecord {
        func p(_ name: String) -> Int { position[name]! }
        func int(_ name: String) throws -> Int64? { try row.integer(p(name)) }
        func count(_ name: String) throws -> Int { Int(try row.integer(p(name)) ?? 0) }
        func text(_ name: String) throws -> String? { try row.text(p(name)) }
        func required<T: RawRepresentable>(_ type: T.Type, _ column: String) throws -> T where T.RawValue == String {
            guard let raw = try text(column), let value = T(rawValue: raw) else { throw UnknownValue(column: column) }
            return value
        }
        func owner(_ prefix: String) throws -> CaseOwner {
            CaseOwner(kind: try required(CaseOwner.Kind.self, prefix + "_kind"), nodeID: try int(prefix + "_node_id").map { NodeID($0) },
                      departmentID: try int(prefix + "_department_id").map { DepartmentID($0) }, system: try text(prefix + "_system"),
                      stationID: try int(prefix + "_station_id").map { StationID($0) })
        }
        let lon = try row.real(p("lon")), lat = try row.real(p("lat"))
        guard let id = try int("id"), let number = try text("number"), let reported = try int("reported_at") else { throw UnknownValue(column: "id") }
        var r = CaseRecord(
            id: CaseID(id), number: number, source: try required(CaseSource.self, "source"), externalRef: try text("external_ref"),
            categoryID: try text("category_id") ?? "", urgency: try required(Urgency.self, "urgency"), description: try text("description") ?? "",
            address: try text("address"), location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } },
            nodeID: NodeID(try int("node_id") ?? 0), nodePath: try text("node_path") ?? "",
            reporterID: try int("reporter_id").map { UserID($0) }, reporterName: try text("reporter_name"), reporterPhone: try text("reporter_phone"),
            reportedAt: date(reported)!, deadlineHours: try row.real(p("deadline_hours")) ?? 0, hoursKind: try required(HoursKind.self, "hours_kind"),
            receivedBy: try owner("received"))
        r.state = try required(CaseState.self, "state")
        r.leadDepartmentID = try int("lead_department_id").map { DepartmentID($0) }
        r.owner = try owner("owner")
        r.selfHandled = try row.flag(p("self_handled"))
        r.linkage = try int("linkage_level").map { Linkage(level: Int($0)) }
        r.wrongDispatchCount = try count("wrong_dispatch_count")
        r.arbitrationPending = try row.flag(p("arbitration_pending"))
        r.dispatchBinding = try row.flag(p("dispatch_binding"))
        r.classification = try text("classification")
        r.answer = try text("answer")
        r.handlerID = try int("handler_id").map { UserID($0) }
        r.handlerName = try text("handler_name")
        r.acceptedAt = date(try int("accepted_at"))
        r.firstDispatchedAt = date(try int("first_dispatched_at"))
        r.dispatchedAt = date(try int("dispatched_at"))
        r.startedAt = date(try int("started_at"))
        r.handledAt = date(try int("handled_at"))
        r.firstHandledAt = date(try int("first_handled_at"))
        r.closedAt = date(try int("closed_at"))
        r.deadline = date(try int("deadline"))
        r.suspendedAt = date(try int("suspended_at"))
        r.remainingHours = try row.real(p("remaining_hours"))
        r.parkedUntil = date(try int("parked_until"))
        r.pendingExtensionHours = try row.real(p("pending_extension_hours"))
        r.extensionCount = try count("extension_count")
        r.supervised = try row.flag(p("supervised"))
        r.escalatedToNodeID = try int("escalated_to_node_id").map { NodeID($0) }
        r.stationID = try int("station_id").map { StationID($0) }
        r.compoundID = try int("compound_id").map { CompoundID($0) }
        r.propertyCompanyID = try int("property_company_id").map { PropertyCompanyID($0) }
        r.escalationLevel = try count("escalation_level")
        r.returnCount = try count("return_count")
        r.reworkCount = try count("rework_count")
        r.dispatchCount = try count("dispatch_count")
        r.urgeCount = try count("urge_count")
        r.rating = try int("rating").map { Int($0) }
        r.mergedIntoID = try int("merged_into_id").map { CaseID($0) }
        r.duplicateOfID = try int("duplicate_of_id").map { CaseID($0) }
        r.version = try count("version")
        return r
    }

    /// The record with every instant rounded to the millisecond, as it will read back.
    public static func rounded(_ record: CaseRecord) -> CaseRecord {
        func round(_ d: Date?) -> Date? { date(ms(d)) }
        var r = record
        r.reportedAt = round(r.reportedAt)!
        r.acceptedAt = round(r.acceptedAt)
        r.firstDispatchedAt = round(r.firstDispatchedAt)
        r.dispatchedAt = round(r.dispatchedAt)
        r.startedAt = round(r.startedAt)
        r.handledAt = round(r.handledAt)
        r.firstHandledAt = round(r.firstHandledAt)
        r.closedAt = round(r.closedAt)
        r.deadline = round(r.deadline)
        r.suspendedAt = round(r.suspendedAt)
        r.parkedUntil = round(r.parkedUntil)
        r.callIns = r.callIns.map { c in
            var c = c
            c.calledAt = round(c.calledAt)!
            c.dueAt = round(c.dueAt)!
            c.answeredAt = round(c.answeredAt)
            return c
        }
        if var linkage = r.linkage {
            linkage.requests = linkage.requests.map { var q = $0; q.at = round(q.at)!; return q }
            linkage.consultations = linkage.consultations.map { c in
                var c = c
                c.heldAt = round(c.heldAt)!
                c.recordedAt = round(c.recordedAt)!
                c.tasks = c.tasks.map { var t = $0; t.dueAt = round(t.dueAt)!; t.doneAt = round(t.doneAt); return t }
                return c
            }
            r.linkage = linkage
        }
        return r
    }
}

/// A row of `CaseColumns.selectList` as an adapter reads it: typed values by position.
public protocol CaseColumnReader {
    func integer(_ position: Int) throws -> Int64?
    func real(_ position: Int) throws -> Double?
    func text(_ position: Int) throws -> String?
    func flag(_ position: Int) throws -> Bool
}
