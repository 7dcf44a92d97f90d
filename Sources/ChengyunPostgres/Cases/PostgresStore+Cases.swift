public import ChengyunCore
public import ChengyunStore
public import Foundation
import PostgresNIO
import Synchronization

extension PostgresStore {
    public func createCase(_ record: CaseRecord, events: [CaseEvent], outbox: [OutboxMessage]) async throws -> CaseRecord {
        let sealed = try sealed(record)
        let logger = logger
        do {
            var stored = try await transaction { c in
                let mark = try await rollupMark(c)
                let (stored, eventIDs) = try await insertCase(c, sealed, events: events)
                try await Self.enqueue(c, outbox, caseID: stored.id, number: stored.number, logger: logger)
                try await Self.announce(c, .caseChanged(stored.id, events: eventIDs), from: node, logger: logger)
                let (delta, map) = rollupDelta(old: nil, new: stored, mark: mark)
                try await addToRollups(c, delta, map: map)
                return stored
            }
            stored.reporterName = record.reporterName
            stored.reporterPhone = record.reporterPhone
            return stored
        } catch let error as PSQLError where error.isUniqueViolation("case_external") && record.externalRef != nil {
            // Two reports with the same external reference raced past the use case's check: the unique index decides.
            throw CaseError.duplicateExternalRef(source: record.source)
        }
    }

    /// The record rounded to whole milliseconds (as it will read back) with its personal fields sealed.
    func sealed(_ record: CaseRecord) throws -> CaseRecord {
        var r = CaseColumns.rounded(record)
        r.reporterName = try sealPersonal(record.reporterName)
        r.reporterPhone = try sealPersonal(record.reporterPhone)
        return r
    }

    /// Inserts a new case (its id drawn from the sequence first, so the number that follows from it is written with
    /// the row), its child rows and its first history entries, in the caller's transaction; returns it and the ids of
    /// its history entries.
    func insertCase(_ c: PostgresConnection, _ sealed: CaseRecord, events: [CaseEvent]) async throws -> (CaseRecord, [Int64]) {
        let (records, eventIDs) = try await insertCases(c, [(sealed, events)])
        return (records[0], eventIDs[0])
    }

    /// Inserts new cases with their child rows and history, every table in one COPY: ids drawn from the sequences
    /// first (a case's number follows from its id). Returns the cases as stored and each one's history ids.
    func insertCases(_ c: PostgresConnection, _ cases: [(record: CaseRecord, events: [CaseEvent])]) async throws -> ([CaseRecord], [[Int64]]) {
        func ids(_ table: String, _ count: Int) async throws -> [Int64] {
            guard count > 0 else { return [] }
            return try await c.rows("SELECT nextval(pg_get_serial_sequence(\(table), 'id')) FROM generate_series(1, \(Int64(count)))", logger: logger)
                .map { try $0.decode(Int64.self) }
        }
        let caseIDs = try await ids("case_record", cases.count)
        var eventIDs = try await ids("case_event", cases.reduce(0) { $0 + $1.events.count })[...]
        var batch = PostgresRowBatch(), stored: [CaseRecord] = [], storedEvents: [[Int64]] = []
        var events = PostgresRowBatch()
        for ((sealed, caseEvents), id) in zip(cases, caseIDs) {
            var record = sealed
            record.id = CaseID(id)
            record.number = CaseColumns.number(id: id, reportedAt: record.reportedAt, utcOffsetSeconds: utcOffsetSeconds)
            batch.add("case_record", ["id", "number"] + CaseColumns.names, [.integer(id), .text(record.number)] + CaseColumns.values(record))
            stored.append(record)
            var mine: [Int64] = []
            for var event in caseEvents {
                event.caseID = record.id
                let eventID = eventIDs.removeFirst()
                PostgresEventRows.add(event, id: eventID, to: &events)
                mine.append(eventID)
            }
            storedEvents.append(mine)
        }
        for record in stored { PostgresCaseRows.addChildren(record, to: &batch) }
        try await batch.write(c, logger: logger)
        try await events.write(c, logger: logger)
        return (stored, storedEvents)
    }

    public func saveTransition(_ record: CaseRecord, event: CaseEvent, outbox: [OutboxMessage]) async throws -> CaseEvent {
        try await saveTransitions([CaseStep(record: record, event: event, outbox: outbox)])[0]
    }

    /// Each step's case row is locked and its version checked first: two nodes saving the same case at once cannot
    /// both pass (the second waits, then finds the version moved on).
    public func saveTransitions(_ steps: [CaseStep]) async throws -> [CaseEvent] {
        let prepared = try steps.map { step in
            var event = step.event
            event.at = CaseColumns.date(CaseColumns.ms(event.at))!
            return (record: try sealed(step.record), event: event, outbox: step.outbox)
        }
        let logger = logger
        return try await transaction { c in
            var saved: [CaseEvent] = []
            var rollups: [CaseRollups.Key: KPITally] = [:], map: [CaseMapRollup.Key: CaseMapRollup.Tally] = [:]
            let mark = try await rollupMark(c)
            for step in prepared {
                let record = step.record
                let old = try await c.rows("SELECT \(unescaped: CaseColumns.selectList) FROM case_record WHERE id = \(record.id.rawValue) FOR UPDATE", logger: logger)
                    .first.map { try CaseColumns.record(CaseRow($0)) }
                guard let old, old.version == record.version - 1 else { throw CaseError.concurrentChange(record.number) }
                var update = SQLBuilder()
                let assignments = zip(CaseColumns.names, CaseColumns.values(record)).map { name, value in "\(name) = \(update.bind(value))" }
                update.append("UPDATE case_record SET \(assignments.joined(separator: ", ")) WHERE id = \(update.bind(record.id.rawValue))")
                try await c.rows(update.query, logger: logger)
                try await PostgresCaseRows.writeChildren(c, record, replacing: true, logger: logger)
                let (delta, mapDelta) = rollupDelta(old: old, new: record, mark: mark)
                rollups.merge(delta, uniquingKeysWith: +)
                map.merge(mapDelta) { a, b in
                    var sum = a
                    sum += b
                    return sum
                }
                var event = step.event
                event.id = try await PostgresEventRows.insert(c, [event], logger: logger)[0]
                saved.append(event)
                try await Self.enqueue(c, step.outbox, caseID: record.id, number: record.number, logger: logger)
                try await Self.announce(c, .caseChanged(record.id, events: [event.id!]), from: node, logger: logger)
            }
            try await addToRollups(c, rollups, map: map)
            return saved
        }
    }

    /// The cases these rows name, with their child rows and personal fields opened: `where` follows
    /// `SELECT <selectList> FROM case_record` (its placeholders numbered from $1).
    func records(_ c: PostgresConnection, _ query: SQLBuilder) async throws -> [CaseRecord] {
        var records = try await c.rows(query.query, logger: logger).map { try CaseColumns.record(CaseRow($0)) }
        try await PostgresCaseRows.attachChildren(c, &records, logger: logger)
        for i in records.indices {
            records[i].reporterName = try openPersonal(records[i].reporterName)
            records[i].reporterPhone = try openPersonal(records[i].reporterPhone)
        }
        return records
    }

    /// `SELECT <selectList> FROM case_record ` followed by `rest`.
    func cases(where rest: (inout SQLBuilder) -> String) async throws -> [CaseRecord] {
        var query = SQLBuilder()
        let tail = rest(&query)
        query.append("SELECT \(CaseColumns.selectList) FROM case_record \(tail)")
        return try await read { c in try await records(c, query) }
    }

    public func caseRecord(_ id: CaseID) async throws -> CaseRecord? {
        try await cases { "WHERE id = \($0.bind(id.rawValue))" }.first
    }

    public func caseRecord(externalRef: String, source: CaseSource) async throws -> CaseRecord? {
        try await cases { "WHERE source = \($0.bind(source.rawValue)) AND external_ref = \($0.bind(externalRef))" }.first
    }

    public func events(of id: CaseID) async throws -> [CaseEvent] {
        try await read { c in try await PostgresEventRows.events(c, caseID: id, logger: logger) }
    }

    /// The cases of a category near a report (the duplicate check), reported since `since` and open or not yet
    /// accepted.
    public func openCases(categoryID: String, in box: BoundingBox, since: Date) async throws -> [CaseRecord] {
        let open = (CaseMapQuery.openStates + [.reported]).map(\.rawValue)
        return try await cases { q in
            """
            WHERE category_id = \(q.bind(categoryID)) AND lon BETWEEN \(q.bind(box.minLon)) AND \(q.bind(box.maxLon))
              AND lat BETWEEN \(q.bind(box.minLat)) AND \(q.bind(box.maxLat))
              AND state = ANY(\(q.bind(open))) AND reported_at >= \(q.bind(CaseColumns.ms(since)))
            ORDER BY id
            """
        }
    }

    public func overdueCases(now: Date, limit: Int) async throws -> [CaseRecord] {
        try await cases { q in "WHERE \(Self.runningSQL) AND deadline < \(q.bind(CaseColumns.ms(now))) ORDER BY deadline LIMIT \(q.bind(Int64(limit)))" }
    }

    /// Bulk import writes a thousand cases to a transaction, every table of them in one COPY, with their rollups
    /// summed (not announced to other nodes' live streams: a history, not news). Nothing is set aside: the indexes
    /// stay, so `beginImport` has nothing to do.
    public func importCases(_ cases: [(record: CaseRecord, events: [CaseEvent])]) async throws {
        for start in stride(from: 0, to: cases.count, by: 1_000) {
            let chunk = try cases[start..<min(start + 1_000, cases.count)].map { (record: try sealed($0.record), events: $0.events) }
            let policy = kpiPolicy.withLock { $0 }, offset = utcOffsetSeconds
            try await transaction { c in
                let mark = try await rollupMark(c)
                var rollups: [CaseRollups.Key: KPITally] = [:]
                var map: [CaseMapRollup.Key: CaseMapRollup.Tally] = [:]
                for stored in try await insertCases(c, chunk).0 {
                    for (key, tally) in CaseRollups.parts(stored, policy: policy, utcOffsetSeconds: offset, overdueBefore: mark) { rollups[key, default: KPITally()] += tally }
                    if let (key, tally) = CaseMapRollup.part(stored, utcOffsetSeconds: offset, overdueBefore: mark) { map[key, default: CaseMapRollup.Tally()] += tally }
                }
                try await addToRollups(c, rollups, map: map)
            }
        }
    }

    public func beginImport() async throws {}

    /// Refreshes the planner's statistics after the import.
    public func finishImport() async throws {
        try await rows("ANALYZE")
    }
}
