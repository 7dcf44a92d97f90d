public import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB
import Synchronization

extension SQLiteStore {
    /// The case number: local report date and the id, e.g. `20261123-000042`.
    func caseNumber(id: Int64, reportedAt: Date) -> String {
        let day = WorkingCalendar(utcOffsetSeconds: utcOffsetSeconds).localDate(of: reportedAt)
        return String(format: "%04d%02d%02d-%06lld", day.year, day.month, day.day, id)
    }

    public func createCase(_ record: CaseRecord, events: [CaseEvent], outbox: [OutboxMessage]) async throws -> CaseRecord {
        let prepared = try prepare(record, events)
        do {
            return try await writer.write { [self] db in
                let stored = try insertCase(db, prepared)
                try Self.enqueue(db, outbox, caseID: stored.id, number: stored.number)
                return stored
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && record.externalRef != nil {
            // Two reports with the same external reference raced past the use case's check: the unique index decides.
            throw DomainError.conflict("case.duplicate_external_ref", "A \(record.source.rawValue) case with this externalRef exists already.", field: "externalRef")
        }
    }

    public func importCases(_ cases: [(record: CaseRecord, events: [CaseEvent])]) async throws {
        for chunk in stride(from: 0, to: cases.count, by: 500).map({ Array(cases[$0..<min($0 + 500, cases.count)]) }) {
            let prepared = try chunk.map { try prepare($0.record, $0.events) }
            _ = try await writer.write { [self] db in
                for c in prepared { _ = try insertCase(db, c) }
            }
        }
    }

    /// A case and its events with their JSON encoded outside the write transaction; id and number are
    /// assigned inside it and kept in columns (the JSON holds placeholders, patched on read).
    struct PreparedCase: Sendable {
        var record: CaseRecord
        var body: String
        var events: [(event: CaseEvent, body: String)]
    }

    func prepare(_ record: CaseRecord, _ events: [CaseEvent]) throws -> PreparedCase {
        var blank = record
        blank.id = CaseID(0)
        blank.number = ""
        blank.reporterName = try sealPersonal(record.reporterName)
        blank.reporterPhone = try sealPersonal(record.reporterPhone)
        return PreparedCase(record: record, body: try encode(blank), events: try events.map { ($0, try encode($0)) })
    }

    func insertCase(_ db: Database, _ prepared: PreparedCase) throws -> CaseRecord {
        let id = (try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(id), 0) + 1 FROM case_record")) ?? 1
        var record = prepared.record
        record.id = CaseID(id)
        record.number = caseNumber(id: id, reportedAt: record.reportedAt)
        try db.execute(sql: """
            INSERT INTO case_record (id, number, source, external_ref, category_id, state, node_id, node_path, lead_department_id,
                reporter_id, reported_at, deadline, suspended, lon, lat, search, version, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: caseArguments(record, body: prepared.body))
        for d in record.involvedDepartments {
            try db.execute(sql: "INSERT INTO case_department (case_id, department_id) VALUES (?, ?)", arguments: [id, d.rawValue])
        }
        for (event, body) in prepared.events {
            try db.execute(sql: "INSERT INTO case_event (case_id, action, at, actor_id, body) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, event.action.rawValue, event.at.timeIntervalSince1970, event.actorID?.rawValue, body])
        }
        return record
    }

    func caseArguments(_ r: CaseRecord, body: String) -> StatementArguments {
        let search = [r.number, r.description, r.address ?? ""].joined(separator: " ")
        let values: [(any DatabaseValueConvertible)?] = [
            r.id.rawValue, r.number, r.source.rawValue, r.externalRef, r.categoryID, r.state.rawValue, r.nodeID.rawValue, r.nodePath,
            r.leadDepartmentID?.rawValue, r.reporterID?.rawValue, r.reportedAt.timeIntervalSince1970, r.deadline?.timeIntervalSince1970,
            r.suspendedAt != nil, r.location?.lon, r.location?.lat, search, r.version, body,
        ]
        return StatementArguments(values)
    }

    /// The cases of rows that name `id` and `version` (in their order). Decoding the JSON body is the dearest part of
    /// reading many cases (the KPIs, rankings, trend and hotspots read a period's cases), so decoded cases are kept
    /// by id with the version they had, and only the bodies of cases not kept, or changed since, are read and
    /// decoded — in the same read transaction. Every write of a case raises its version.
    func records(_ db: Database, _ heads: [Row]) throws -> [CaseRecord] {
        let wanted = heads.map { (id: $0["id"] as Int64, version: $0["version"] as Int) }
        var found: [Int64: CaseRecord] = [:]
        decodedCases.withLock { cache in
            for (id, version) in wanted { if let hit = cache[id], hit.version == version { found[id] = hit.record } }
        }
        let missing = wanted.map(\.id).filter { found[$0] == nil }
        for start in stride(from: 0, to: missing.count, by: 500) {
            let chunk = missing[start..<min(start + 500, missing.count)]
            let rows = try Row.fetchAll(db, sql: "SELECT id, number, version, body FROM case_record WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))",
                                        arguments: StatementArguments(Array(chunk)))
            var decoded: [(Int64, Int, CaseRecord)] = []
            for row in rows {
                var record = try decode(CaseRecord.self, row["body"] as String)
                record.reporterName = try openPersonal(record.reporterName)
                record.reporterPhone = try openPersonal(record.reporterPhone)
                record.id = CaseID(row["id"] as Int64)
                record.number = row["number"]
                found[row["id"]] = record
                decoded.append((row["id"], row["version"], record))
            }
            decodedCases.withLock { cache in
                if cache.count + decoded.count > Self.decodedCaseLimit { cache.removeAll(keepingCapacity: true) }
                for (id, version, record) in decoded { cache[id] = (version, record) }
            }
        }
        return wanted.compactMap { found[$0.id] }
    }

    /// Runs a query of `SELECT id, number, version FROM case_record …` and returns its cases in order.
    func fetchCases(_ sql: String, _ arguments: StatementArguments) async throws -> [CaseRecord] {
        try await read { [self] db in try records(db, Row.fetchAll(db, sql: sql, arguments: arguments)) }
    }

    func writeDepartments(_ db: Database, _ record: CaseRecord) throws {
        try db.execute(sql: "DELETE FROM case_department WHERE case_id = ?", arguments: [record.id.rawValue])
        for d in record.involvedDepartments {
            try db.execute(sql: "INSERT INTO case_department (case_id, department_id) VALUES (?, ?)", arguments: [record.id.rawValue, d.rawValue])
        }
    }

    public func saveTransition(_ record: CaseRecord, event: CaseEvent, outbox: [OutboxMessage]) async throws -> CaseEvent {
        let prepared = try prepare(record, [event])
        var args = caseArguments(record, body: prepared.body)
        args += [record.id.rawValue, record.version - 1]
        let arguments = args
        let eventBody = prepared.events[0].body
        return try await writer.write { [self] db in
            try db.execute(sql: """
                UPDATE case_record SET id = ?, number = ?, source = ?, external_ref = ?, category_id = ?, state = ?, node_id = ?, node_path = ?,
                    lead_department_id = ?, reporter_id = ?, reported_at = ?, deadline = ?, suspended = ?, lon = ?, lat = ?, search = ?,
                    version = ?, body = ?
                WHERE id = ? AND version = ?
                """, arguments: arguments)
            guard db.changesCount == 1 else {
                throw DomainError.conflict("case.concurrent_change", "Case \(record.number) was changed by someone else a moment ago; reload it and try again.")
            }
            try writeDepartments(db, record)
            try db.execute(sql: "INSERT INTO case_event (case_id, action, at, actor_id, body) VALUES (?, ?, ?, ?, ?)",
                           arguments: [record.id.rawValue, event.action.rawValue, event.at.timeIntervalSince1970, event.actorID?.rawValue, eventBody])
            var stored = event
            stored.id = db.lastInsertedRowID
            try Self.enqueue(db, outbox, caseID: record.id, number: record.number)
            return stored
        }
    }

    public func caseRecord(_ id: CaseID) async throws -> CaseRecord? {
        try await fetchCases("SELECT id, number, version FROM case_record WHERE id = ?", [id.rawValue]).first
    }

    public func caseRecord(externalRef: String, source: CaseSource) async throws -> CaseRecord? {
        try await fetchCases("SELECT id, number, version FROM case_record WHERE source = ? AND external_ref = ?", [source.rawValue, externalRef]).first
    }

    public func cases(_ query: CaseQuery) async throws -> CasePage {
        let (whereSQL, args) = Self.whereClause(query)
        var paging = args
        paging += [query.limit ?? -1, query.offset]
        let pageArgs = paging
        return try await read { [self] db in
            let items = try records(db, Row.fetchAll(db, sql: "SELECT id, number, version FROM case_record WHERE \(whereSQL) ORDER BY reported_at DESC, id DESC LIMIT ? OFFSET ?", arguments: pageArgs))
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_record WHERE \(whereSQL)", arguments: args) ?? 0
            return CasePage(items: items, total: total)
        }
    }

    static func whereClause(_ q: CaseQuery) -> (String, StatementArguments) {
        var clauses: [String] = []
        var args: [(any DatabaseValueConvertible)?] = []
        // Data scope: subtree paths, or cases of the handler's departments, or the caller's own reports.
        var scope: [String] = []
        for path in q.scope.paths {
            let (low, high) = pathRange(path)
            scope.append("(node_path >= ? AND node_path < ?)")
            args += [low, high]
        }
        for d in q.scope.departments {
            let (low, high) = pathRange(d.path)
            scope.append("(id IN (SELECT case_id FROM case_department WHERE department_id = ?) AND node_path >= ? AND node_path < ?)")
            args += [d.department.rawValue, low, high]
        }
        if let reporter = q.scope.reporter {
            scope.append("reporter_id = ?")
            args.append(reporter.rawValue)
        }
        clauses.append(scope.isEmpty ? "0" : "(" + scope.joined(separator: " OR ") + ")")
        if let sources = q.scope.sources {
            clauses.append(sources.isEmpty ? "0" : "source IN (\(sources.map { _ in "?" }.joined(separator: ",")))")
            args += sources.map(\.rawValue).sorted()
        }
        if let states = q.states, !states.isEmpty {
            clauses.append("state IN (\(states.map { _ in "?" }.joined(separator: ",")))")
            args += states.map(\.rawValue)
        }
        if let c = q.categoryID { clauses.append("category_id = ?"); args.append(c) }
        if let p = q.nodePath {
            let (low, high) = pathRange(p)
            clauses.append("node_path >= ? AND node_path < ?")
            args += [low, high]
        }
        if let d = q.departmentID { clauses.append("id IN (SELECT case_id FROM case_department WHERE department_id = ?)"); args.append(d.rawValue) }
        if let s = q.source { clauses.append("source = ?"); args.append(s.rawValue) }
        if let r = q.reporterID { clauses.append("reporter_id = ?"); args.append(r.rawValue) }
        if let u = q.involving {
            // The handler lives in the body only; the scope and other filters keep this to few rows.
            clauses.append("(reporter_id = ? OR json_extract(body, '$.handlerID') = ?)")
            args += [u.rawValue, u.rawValue]
        }
        if let f = q.reportedFrom { clauses.append("reported_at >= ?"); args.append(f.timeIntervalSince1970) }
        if let t = q.reportedTo { clauses.append("reported_at < ?"); args.append(t.timeIntervalSince1970) }
        if let now = q.overdueAt {
            clauses.append("state IN ('accepted','dispatched','inProgress') AND suspended = 0 AND deadline < ?")
            args.append(now.timeIntervalSince1970)
        }
        if let before = q.deadlineBefore {
            clauses.append("state IN ('accepted','dispatched','inProgress') AND suspended = 0 AND deadline < ?")
            args.append(before.timeIntervalSince1970)
        }
        if let text = q.text, !text.isEmpty {
            // A substring test, not LIKE: a LIKE pattern over SQLite's limit (50,000 bytes) fails the whole query.
            // lower() folds ASCII only, as LIKE did; the needle is folded the same way.
            clauses.append("instr(lower(search), ?) > 0")
            args.append(String(String.UnicodeScalarView(text.unicodeScalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32)! : $0 })))
        }
        return (clauses.joined(separator: " AND "), StatementArguments(args))
    }

    public func events(of id: CaseID) async throws -> [CaseEvent] {
        let rows = try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, case_id, body FROM case_event WHERE case_id = ? ORDER BY id", arguments: [id.rawValue])
                .map { ($0["id"] as Int64, $0["case_id"] as Int64, $0["body"] as String) }
        }
        return try rows.map { id, caseID, body in
            var e = try decode(CaseEvent.self, body)
            e.id = id
            e.caseID = CaseID(caseID)
            return e
        }
    }

    public func openCases(categoryID: String, in box: BoundingBox, since: Date) async throws -> [CaseRecord] {
        try await fetchCases("""
            SELECT id, number, version FROM case_record WHERE category_id = ? AND reported_at >= ?
            AND state NOT IN (\(Self.terminalStatesSQL))
            AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?
            """, [categoryID, since.timeIntervalSince1970, box.minLon, box.maxLon, box.minLat, box.maxLat])
    }

    /// The finished states as an SQL list, e.g. `'closed','merged'`.
    static let terminalStatesSQL = CaseState.terminal.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")

    public func overdueCases(now: Date, limit: Int) async throws -> [CaseRecord] {
        try await fetchCases("""
            SELECT id, number, version FROM case_record WHERE state IN ('accepted','dispatched','inProgress') AND suspended = 0 AND deadline < ?
            ORDER BY deadline LIMIT ?
            """, [now.timeIntervalSince1970, limit])
    }
}
