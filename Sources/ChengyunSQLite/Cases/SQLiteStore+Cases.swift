public import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB
import Synchronization

extension SQLiteStore {
    /// The case number: local report date and the id, e.g. `20261123-000042` (`CaseColumns.number`).
    func caseNumber(id: Int64, reportedAt: Date) -> String {
        CaseColumns.number(id: id, reportedAt: reportedAt, utcOffsetSeconds: utcOffsetSeconds)
    }

    /// The record rounded to whole milliseconds (as it will read back) with its personal fields sealed.
    func sealed(_ record: CaseRecord) throws -> CaseRecord {
        var r = CaseRows.rounded(record)
        r.reporterName = try sealPersonal(record.reporterName)
        r.reporterPhone = try sealPersonal(record.reporterPhone)
        return r
    }

    /// Inserts a new case (the database assigns its id; the number follows from it), its child rows, its first
    /// history entries and its share of the rollups.
    func insertCase(_ db: Database, _ sealed: CaseRecord, events: [CaseEvent], rollups: Bool = true, search: Bool = true) throws -> CaseRecord {
        var record = sealed
        // The next id of the table's AUTOINCREMENT sequence (never reused), read in the one writer's transaction: the
        // number follows from it, so the row is written once.
        let id = (try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM sqlite_sequence WHERE name = 'case_record'")) ?? 0) + 1
        record.id = CaseID(id)
        record.number = caseNumber(id: id, reportedAt: record.reportedAt)
        try db.cachedStatement(sql: CaseRows.insertSQL).insert([id, record.number] + CaseRows.values(record))
        if search {
            try db.cachedStatement(sql: "INSERT INTO case_search (rowid, search) VALUES (?, ?)").insert([id, CaseRows.searchText(record)])
        }
        try CaseRows.writeChildren(db, record, replacing: false)
        for var event in events {
            event.caseID = record.id
            event.at = CaseRows.date(CaseRows.ms(event.at))!
            try EventRows.insert(db, event)
        }
        if rollups { try updateRollups(db, old: nil, new: record) }
        return record
    }

    /// Cases decoded from rows of `CaseRows.selectList`, with their child rows and personal fields opened.
    /// - Parameter cached: keep the statement prepared (a query of fixed text: preparing sixty columns costs more
    ///   than reading a case by id).
    func records(_ db: Database, sql: String, arguments: StatementArguments, cached: Bool = false) throws -> [CaseRecord] {
        let statement = cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
        var records = try Row.fetchAll(statement, arguments: arguments).map(CaseRows.record)
        try CaseRows.attachChildren(db, &records)
        for i in records.indices {
            records[i].reporterName = try openPersonal(records[i].reporterName)
            records[i].reporterPhone = try openPersonal(records[i].reporterPhone)
        }
        return records
    }

    /// Runs a query of `SELECT <CaseRows.selectList> FROM case_record …` of fixed text (its statement kept prepared)
    /// and returns its cases in order.
    func fetchCases(_ sql: String, _ arguments: StatementArguments) async throws -> [CaseRecord] {
        try await read { [self] db in try records(db, sql: sql, arguments: arguments, cached: true) }
    }

    public func saveTransition(_ record: CaseRecord, event: CaseEvent, outbox: [OutboxMessage]) async throws -> CaseEvent {
        try await saveTransitions([CaseStep(record: record, event: event, outbox: outbox)])[0]
    }

    public func saveTransitions(_ steps: [CaseStep]) async throws -> [CaseEvent] {
        let prepared = try steps.map { step in
            var event = step.event
            event.at = CaseRows.date(CaseRows.ms(event.at))!
            return (record: try sealed(step.record), event: event, outbox: step.outbox)
        }
        let assignments = CaseRows.columns.map { "\($0) = ?" }.joined(separator: ", ")
        return try await writer.write { [self] db in
            var saved: [CaseEvent] = []
            for step in prepared {
                let record = step.record
                guard let oldRow = try Row.fetchOne(db, sql: "SELECT \(CaseRows.selectList) FROM case_record WHERE id = ?", arguments: [record.id.rawValue]),
                      oldRow["version"] as Int == record.version - 1 else {
                    throw CaseError.concurrentChange(record.number)
                }
                let old = try CaseRows.record(oldRow)
                try db.cachedStatement(sql: "UPDATE case_record SET \(assignments) WHERE id = ?")
                    .execute(arguments: StatementArguments(CaseRows.values(record)) + [record.id.rawValue])
                if CaseRows.searchText(old) != CaseRows.searchText(record) {
                    try db.execute(sql: "UPDATE case_search SET search = ? WHERE rowid = ?", arguments: [CaseRows.searchText(record), record.id.rawValue])
                }
                try CaseRows.writeChildren(db, record, replacing: true)
                var event = step.event
                event.id = try EventRows.insert(db, event)
                saved.append(event)
                try updateRollups(db, old: old, new: record)
                try Self.enqueue(db, step.outbox, caseID: record.id, number: record.number)
            }
            return saved
        }
    }

    public func caseRecord(_ id: CaseID) async throws -> CaseRecord? {
        try await fetchCases("SELECT \(CaseRows.selectList) FROM case_record WHERE id = ?", [id.rawValue]).first
    }

    public func caseRecord(externalRef: String, source: CaseSource) async throws -> CaseRecord? {
        try await fetchCases("SELECT \(CaseRows.selectList) FROM case_record WHERE source = ? AND external_ref = ?", [source.rawValue, externalRef]).first
    }

    /// The cases after a cursor in the lists' order (newest first), bound with the cursor's time twice and its id.
    /// The time's bound is a term of its own: SQLite seeks an index to it; inside the OR alone, with its values bound,
    /// it walks the index from the newest case (a page 100,000 cases down at 10M: 10 ms → 0.4 ms).
    static let afterCursorSQL = " AND reported_at <= ? AND (reported_at < ? OR id < ?)"
    /// The same after a cursor in deadline order (the soonest first).
    static let afterDeadlineSQL = " AND deadline >= ? AND (deadline > ? OR id > ?)"

    public func cases(_ query: CaseQuery) async throws -> CasePage {
        try await read { [self] db in
            let filter = try Self.tightened(query, db)
            let hits = try Self.searchHits(db, filter.text)
            let byDeadline = query.order == .deadline
            let (whereSQL, args) = Self.whereClause(filter, hits: hits)
            // Overdue or due soon in every running state: the running cases by deadline, from their partial index
            // (named: with a big city's statistics the planner takes the state index and reads every running case's
            // row). With states named, the state index reads only theirs.
            let running = (query.overdueAt != nil || query.deadlineBefore != nil) && (query.states ?? []).isEmpty
            let table = running ? "case_record INDEXED BY case_running_deadline"
                : hits == nil && Self.isWideSearch(filter) ? "case_record INDEXED BY case_reported" : "case_record"
            // The page's ids first, then their rows: where no index gives the order (the overdue cases by deadline,
            // a search's matches), SQLite sorts what it selects — ids and report times, not every matching row's
            // sixty columns (10M city's overdue page: 0.13–0.86 s → ~30 ms).
            var idSQL = "SELECT id FROM \(table) WHERE \(whereSQL)"
            var pageArgs = args
            if let after = query.after {
                idSQL += byDeadline ? Self.afterDeadlineSQL : Self.afterCursorSQL
                pageArgs += [after.key, after.key, after.id]
            }
            let order = byDeadline ? "ORDER BY deadline, id" : "ORDER BY reported_at DESC, id DESC"
            idSQL += " \(order) LIMIT ? OFFSET ?"
            pageArgs += [query.limit ?? -1, query.offset]
            let items = try records(db, sql: "SELECT \(CaseRows.selectList) FROM case_record WHERE id IN (\(idSQL)) \(order)", arguments: pageArgs)
            // Counted up to a limit: a total never reads a whole city's cases.
            let counted = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM \(table) WHERE \(whereSQL) LIMIT \(CasePage.countLimit + 1))", arguments: args) ?? 0
            let last = query.limit.flatMap { items.count == $0 ? items.last : nil }
            return CasePage(items: items, total: min(counted, CasePage.countLimit), totalCapped: counted > CasePage.countLimit,
                            next: last.map { CaseCursor(key: CaseRows.ms(byDeadline ? $0.deadline : $0.reportedAt) ?? 0, id: $0.id.rawValue) })
        }
    }

    /// A search of a common text (more matches than a total counts) over a city or a district with no other filter:
    /// its page walks the newest cases and keeps the matches (a twentieth of the cases or more match), where SQLite
    /// would read every match's row and sort them (花园居委 at 10M: 554,450 matches, the page 1.45 s → 0.16 s, most
    /// of it reading the index's matches once).
    static func isWideSearch(_ q: CaseQuery) -> Bool {
        let n = narrowed(q)
        // No filter but the text and a scope of subtrees (any filter added to `CaseQuery` later makes it differ).
        var bare = CaseQuery(scope: CaseScope(paths: n.scope.paths, reporter: n.scope.reporter), text: n.text, limit: n.limit, offset: n.offset)
        bare.after = n.after
        guard bare == n, let text = n.text, text.count >= 3, !n.scope.paths.isEmpty else { return false }
        return n.scope.paths.allSatisfy { OrgNode.ids(inPath: $0).count <= 2 }
    }

    /// The query without the caller's own reports in its scope when none of them lies outside the scope's subtrees
    /// (the usual case for staff): the same cases, and a scope of one subtree that an index can serve, where
    /// "under this path OR reported by me" would make SQLite read the whole path range.
    static func tightened(_ q: CaseQuery, _ db: Database) throws -> CaseQuery {
        guard let reporter = q.scope.reporter, !q.scope.paths.isEmpty, q.scope.departments.isEmpty else { return q }
        var sql = "SELECT EXISTS (SELECT 1 FROM case_record WHERE reporter_id = ?"
        var args: StatementArguments = [reporter.rawValue]
        for path in q.scope.paths {
            let (low, high) = pathRange(path)
            sql += " AND NOT (node_path >= ? AND node_path < ?)"
            args += [low, high]
        }
        guard try Bool.fetchOne(db, sql: sql + ")", arguments: args) == false else { return q }
        var tight = q
        tight.scope.reporter = nil
        return tight
    }

    /// The share of a city's cases under a node at each depth (city, district, street, committee, grid), after
    /// Shanghai's shape (16 districts, 215 streets, 6,077 committees, 40,625 grids).
    static let shareAtDepth: [Double] = [1, 1.0 / 16, 1.0 / 215, 1.0 / 6_077, 1.0 / 40_625]

    /// Whether the query's subtree holds fewer cases than its report period (taken as a share of a year).
    static func pathIsNarrower(_ q: CaseQuery) -> Bool {
        guard let path = onePath(q), q.reportedFrom != nil || q.reportedTo != nil else { return false }
        let depth = min(max(OrgNode.ids(inPath: path).count - 1, 0), shareAtDepth.count - 1)
        let from = q.reportedFrom ?? .distantPast, to = q.reportedTo ?? .distantFuture
        let period = min(max(to.timeIntervalSince(from), 0) / (365 * 86_400), 1)
        return shareAtDepth[depth] < period
    }

    /// The one subtree a query is cut to, if it is one: its node, or a scope of one path alone.
    static func onePath(_ q: CaseQuery) -> String? {
        q.nodePath ?? (q.scope.departments.isEmpty && q.scope.reporter == nil && q.scope.paths.count == 1 ? q.scope.paths.first : nil)
    }

    /// A node inside one of the scope's subtrees is the whole answer to "where": one range, not two.
    static func narrowed(_ query: CaseQuery) -> CaseQuery {
        var q = query
        if let p = q.nodePath, q.scope.paths.contains(where: { p.hasPrefix($0) }) {
            q.scope = CaseScope(paths: [p], sources: q.scope.sources)
            q.nodePath = nil
        }
        return q
    }

    /// - Parameter hits: the matches of `query.text`, when read already (`searchHits`).
    static func whereClause(_ query: CaseQuery, hits: String? = nil) -> (String, StatementArguments) {
        let q = narrowed(query)
        var clauses: [String] = []
        var args: [(any DatabaseValueConvertible)?] = []
        // SQLite's planner cannot tell a committee's year (under its path) from a city's month (by date): both are two
        // ranges. Where the subtree is the narrower, the date range is written so that no index serves it (`+`); where
        // the subtree is a city or a district and not the narrower, the path is (its index would read a sixteenth of
        // the cases or all of them, where the date index reads the period, or a list's first page, in order).
        let narrowPath = pathIsNarrower(q)
        func pathColumn(_ path: String) -> String { narrowPath || OrgNode.ids(inPath: path).count > 2 ? "node_path" : "+node_path" }
        // Data scope: subtree paths, or cases of the handler's departments, or the caller's own reports.
        var scope: [String] = []
        for path in q.scope.paths {
            let (low, high) = pathRange(path)
            let column = pathColumn(path)
            scope.append("(\(column) >= ? AND \(column) < ?)")
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
            let column = pathColumn(p)
            clauses.append("\(column) >= ? AND \(column) < ?")
            args += [low, high]
        }
        if let d = q.departmentID { clauses.append("id IN (SELECT case_id FROM case_department WHERE department_id = ?)"); args.append(d.rawValue) }
        if let s = q.source { clauses.append("source = ?"); args.append(s.rawValue) }
        if let r = q.reporterID { clauses.append("reporter_id = ?"); args.append(r.rawValue) }
        if let e = q.escalatedTo { clauses.append("escalated_to_node_id = ?"); args.append(e.rawValue) }
        if let s = q.stationID { clauses.append("station_id = ?"); args.append(s.rawValue) }
        if let c = q.propertyCompanyID { clauses.append("property_company_id = ?"); args.append(c.rawValue) }
        if let parked = q.parked { clauses.append(parked ? "parked_until IS NOT NULL" : "parked_until IS NULL") }
        if q.order == .deadline { clauses.append("deadline IS NOT NULL") }
        if let levels = q.linkageLevels {
            clauses.append("linkage_level IN (\(levels.map { _ in "?" }.joined(separator: ",")))")
            args += levels.map { Int64($0) }
        }
        if let u = q.involving {
            clauses.append("(reporter_id = ? OR handler_id = ?)")
            args += [u.rawValue, u.rawValue]
        }
        let reported = narrowPath ? "+reported_at" : "reported_at"
        if let f = q.reportedFrom { clauses.append("\(reported) >= ?"); args.append(CaseRows.ms(f)) }
        if let t = q.reportedTo { clauses.append("\(reported) < ?"); args.append(CaseRows.ms(t)) }
        if let now = q.overdueAt {
            clauses.append("\(Self.runningSQL) AND deadline < ?")
            args.append(CaseRows.ms(now))
        }
        if let before = q.deadlineBefore {
            clauses.append("\(Self.runningSQL) AND deadline < ?")
            args.append(CaseRows.ms(before))
        }
        if let hits, q.text != nil {
            clauses.append("id IN (SELECT value FROM json_each(?))")
            args.append(hits)
        } else if let text = q.text, text.count >= 3 {
            // 全文检索: three characters or more go through the trigram index (FTS5), as one phrase.
            clauses.append("id IN (SELECT rowid FROM case_search WHERE case_search MATCH ?)")
            args.append(searchPhrase(text))
        } else if let text = q.text, !text.isEmpty {
            // One or two characters (a trigram index cannot help): a substring test over the cases the other filters
            // leave. lower() folds ASCII only; the needle is folded the same way.
            clauses.append("instr(lower(search), ?) > 0")
            args.append(String(String.UnicodeScalarView(text.unicodeScalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32)! : $0 })))
        }
        return (clauses.joined(separator: " AND "), StatementArguments(args))
    }

    public func events(of id: CaseID) async throws -> [CaseEvent] {
        try await read { db in try EventRows.events(db, caseID: id) }
    }

    /// The duplicate check of every report: its neighbours are chosen from the map's covering indexes (the open
    /// cases by position, the reported ones by report time), not from the category's cases since `since` read row by
    /// row (a category's three days are hundreds of cases in a city; the box holds a few).
    public func openCases(categoryID: String, in box: BoundingBox, since: Date) async throws -> [CaseRecord] {
        let from = CaseRows.ms(since)
        let near = "lon BETWEEN ? AND ? AND lat BETWEEN ? AND ? AND category_id = ?"
        let place: StatementArguments = [box.minLon, box.maxLon, box.minLat, box.maxLat, categoryID]
        var arguments = place
        arguments += [from, from]
        arguments += place
        return try await fetchCases("""
            SELECT \(CaseRows.selectList) FROM case_record WHERE id IN (
                SELECT id FROM case_record WHERE \(Self.mapOpenSQL) AND \(near) AND reported_at >= ?
                UNION ALL
                SELECT id FROM case_record WHERE \(Self.mapRecentSQL) AND state = 'reported' AND \(near))
            """, arguments)
    }

    /// The cases whose deadline runs (accepted, dispatched, in progress, not suspended): past it they are overdue.
    /// Written the same in the filters and in the index `case_running_deadline`, so that SQLite sees the index apply.
    static let runningSQL = "state IN ('accepted','dispatched','inProgress') AND suspended_at IS NULL"

    /// `v6-running-deadline`: the overdue and due-soon filters of the case list (the big screen's "overdue now" total,
    /// the escalation's overdue cases) read the running cases by deadline from a partial index, not every open row.
    static func registerCaseListMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v6-running-deadline") { db in
            try db.execute(sql: "CREATE INDEX case_running_deadline ON case_record(deadline, node_path, reported_at) WHERE \(runningSQL)")
        }
        // 被升级: a centre's queue of the cases escalated to it, newest first (few among many: a partial index).
        m.registerMigration("v7-case-escalated") { db in
            try db.execute(sql: "CREATE INDEX case_escalated ON case_record(escalated_to_node_id, reported_at, id) WHERE escalated_to_node_id IS NOT NULL")
        }
    }

    /// `v8-case-parked` and `v8-urges`: the loop's 挂账 and counted 催办, registered after every table they touch exists.
    static func registerLoopStepMigrations(_ m: inout DatabaseMigrator) {
        // 挂账: the review date of a parked case (a file typed before it lacks the column; `v5-typed-cases` writes it
        // now, since it copies the cases with today's columns), and the 挂账 list (few among many: a partial index).
        m.registerMigration("v8-case-parked") { db in
            if try !db.columns(in: "case_record").contains(where: { $0.name == "parked_until" }) {
                try db.execute(sql: "ALTER TABLE case_record ADD COLUMN parked_until INTEGER")
            }
            try db.execute(sql: "CREATE INDEX case_parked ON case_record(node_path, reported_at, id) WHERE parked_until IS NOT NULL")
        }
        // 催办 counted: each case's urges, and the rollups' sum of them (a file typed before it lacks the columns; the
        // urges stored before it were none, as urging came with it).
        m.registerMigration("v8-urges") { db in
            for (table, column) in [("case_record", "urge_count"), ("case_rollup_node", "urges"), ("case_rollup_department", "urges"), ("case_rollup_handler", "urges")]
            where try !db.columns(in: table).contains(where: { $0.name == column }) {
                try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN \(column) INTEGER NOT NULL DEFAULT 0")
            }
        }
    }

    public func overdueCases(now: Date, limit: Int) async throws -> [CaseRecord] {
        try await fetchCases("""
            SELECT \(CaseRows.selectList) FROM case_record WHERE \(Self.runningSQL) AND deadline < ?
            ORDER BY deadline LIMIT ?
            """, [CaseRows.ms(now), limit])
    }
}
