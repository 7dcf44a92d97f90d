public import ChengyunCore
public import ChengyunStore
public import Foundation
import PostgresNIO
import Synchronization

extension PostgresStore {
    /// The record rounded to whole milliseconds (as it will read back) with its personal fields sealed.
    func sealed(_ record: CaseRecord) throws -> CaseRecord {
        var r = CaseColumns.rounded(record)
        r.reporterName = try sealPersonal(record.reporterName)
        r.reporterPhone = try sealPersonal(record.reporterPhone)
        return r
    }

    /// Adds new cases with their child rows and history to `batch`: their ids drawn from the sequences first (a
    /// case's number follows from its id), with the overdue mark in the same statement. Returns the cases as they
    /// will be stored, each one's history ids, and the mark.
    func addCases(_ c: PostgresConnection, _ cases: [(record: CaseRecord, events: [CaseEvent])],
                  to batch: inout PostgresRowBatch) async throws -> (([CaseRecord], [[Int64]]), Int64) {
        let eventCount = cases.reduce(0) { $0 + $1.events.count }
        let (caseIDs, allEventIDs, stored) = try await c.rows("""
            SELECT ARRAY(SELECT nextval(pg_get_serial_sequence('case_record', 'id')) FROM generate_series(1, \(Int64(cases.count)))),
                   ARRAY(SELECT nextval(pg_get_serial_sequence('case_event', 'id')) FROM generate_series(1, \(Int64(eventCount)))),
                   \(unescaped: Self.markSQL)
            """, logger: logger)[0].decode(([Int64], [Int64], String?).self)
        var eventIDs = allEventIDs[...]
        var records: [CaseRecord] = [], storedEvents: [[Int64]] = [], events: [(CaseEvent, Int64)] = []
        for ((sealed, caseEvents), id) in zip(cases, caseIDs) {
            var record = sealed
            record.id = CaseID(id)
            record.number = CaseColumns.number(id: id, reportedAt: record.reportedAt, utcOffsetSeconds: utcOffsetSeconds)
            batch.add("case_record", ["id", "number"] + CaseColumns.names, [.integer(id), .text(record.number)] + CaseColumns.values(record))
            records.append(record)
            var mine: [Int64] = []
            for var event in caseEvents {
                event.caseID = record.id
                let eventID = eventIDs.removeFirst()
                events.append((event, eventID))
                mine.append(eventID)
            }
            storedEvents.append(mine)
        }
        // The child rows and the history after every case (a COPY per table checks its references at once).
        for record in records { PostgresCaseRows.addChildren(record, to: &batch) }
        for (event, id) in events { PostgresEventRows.add(event, id: id, to: &batch) }
        return ((records, storedEvents), Self.mark(stored))
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
        let logger = logger, node = node
        // Per step: its case locked and read with its event's id; its child rows cleared; its rows, outbox and
        // notification in one statement — the last step's with the rollups of them all.
        return try await transaction { c in
            var saved: [CaseEvent] = []
            var rollups: [CaseRollups.Key: KPITally] = [:], map: [CaseMapRollup.Key: CaseMapRollup.Tally] = [:]
            try await rollupLock(c)
            for (index, step) in prepared.enumerated() {
                let record = step.record
                let row = try await c.rows("""
                    SELECT \(unescaped: CaseColumns.selectList), nextval(pg_get_serial_sequence('case_event', 'id')), \(unescaped: Self.markSQL)
                    FROM case_record WHERE id = \(record.id.rawValue) FOR UPDATE
                    """, logger: logger).first
                guard let row, case let old = try CaseColumns.record(CaseRow(row)), old.version == record.version - 1 else {
                    throw CaseError.concurrentChange(record.number)
                }
                let tail = row.makeRandomAccess()
                let eventID = try tail[tail.count - 2].decode(Int64.self), mark = Self.mark(try tail[tail.count - 1].decode(String?.self))
                try await PostgresCaseRows.clearChildren(c, record.id, logger: logger)
                var batch = PostgresRowBatch()
                batch.also { q in
                    let assignments = zip(CaseColumns.names, CaseColumns.values(record)).map { name, value in "\(name) = \(q.bind(value))" }
                    return ["UPDATE case_record SET \(assignments.joined(separator: ", ")) WHERE id = \(q.bind(record.id.rawValue))"]
                }
                PostgresCaseRows.addChildren(record, to: &batch)
                var event = step.event
                event.id = eventID
                PostgresEventRows.add(event, id: eventID, to: &batch)
                saved.append(event)
                let outbox = step.outbox
                batch.also { q in Self.enqueue(&q, outbox, caseID: record.id, number: record.number).map { [$0] } ?? [] }
                let (delta, mapDelta) = rollupDelta(old: old, new: record, mark: mark)
                rollups.merge(delta, uniquingKeysWith: +)
                map.merge(mapDelta, uniquingKeysWith: +)
                if index == prepared.count - 1 {
                    let (all, allMap) = (rollups, map)
                    batch.also { Self.rollupStatements(&$0, all, map: allMap) }
                }
                batch.select { Self.announce(&$0, .caseChanged(record.id, events: [eventID]), from: node) }
                try await batch.write(c, logger: logger)
            }
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
            try await transaction { c in
                try await rollupLock(c)
                var batch = PostgresRowBatch()
                let ((stored, _), mark) = try await addCases(c, chunk, to: &batch)
                var rollups: [CaseRollups.Key: KPITally] = [:]
                var map: [CaseMapRollup.Key: CaseMapRollup.Tally] = [:]
                for record in stored {
                    let (delta, mapDelta) = rollupDelta(old: nil, new: record, mark: mark)
                    rollups.merge(delta, uniquingKeysWith: +)
                    map.merge(mapDelta, uniquingKeysWith: +)
                }
                batch.also { Self.rollupStatements(&$0, rollups, map: map) }
                try await batch.write(c, logger: logger)
            }
        }
    }

    public func beginImport() async throws {}

    /// Refreshes the planner's statistics after the import.
    public func finishImport() async throws {
        try await rows("ANALYZE")
    }
}
