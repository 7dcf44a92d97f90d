import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

/// `v5-typed-cases`: a case stops being one JSON document. Every fact becomes a column of `case_record` or a row of a
/// child table, history entries likewise, instants become whole milliseconds, and the KPI rollups are created and
/// filled. Existing rows are moved by streaming them (one row decoded at a time), so the migration runs in bounded
/// memory whatever the size of the database; ids are kept, so attachments, the outbox and the audit trail still point
/// at the right case.
extension SQLiteStore {
    static func registerTypedCaseMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v5-typed-cases") { db in
            try db.execute(sql: """
                CREATE TABLE case_record_v5 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    number TEXT NOT NULL UNIQUE,
                    source TEXT NOT NULL,
                    external_ref TEXT,
                    category_id TEXT NOT NULL,
                    urgency TEXT NOT NULL,
                    description TEXT NOT NULL,
                    address TEXT,
                    lon REAL,
                    lat REAL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    state TEXT NOT NULL,
                    reporter_id INTEGER REFERENCES app_user(id),
                    reporter_name TEXT,
                    reporter_phone TEXT,
                    lead_department_id INTEGER REFERENCES department(id),
                    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('node','department','external')),
                    owner_node_id INTEGER,
                    owner_department_id INTEGER,
                    owner_system TEXT,
                    received_kind TEXT NOT NULL CHECK (received_kind IN ('node','department','external')),
                    received_node_id INTEGER,
                    received_department_id INTEGER,
                    received_system TEXT,
                    self_handled INTEGER NOT NULL,
                    linkage_level INTEGER,
                    wrong_dispatch_count INTEGER NOT NULL,
                    arbitration_pending INTEGER NOT NULL,
                    dispatch_binding INTEGER NOT NULL,
                    classification TEXT,
                    answer TEXT,
                    handler_id INTEGER,
                    handler_name TEXT,
                    reported_at INTEGER NOT NULL,
                    accepted_at INTEGER,
                    first_dispatched_at INTEGER,
                    dispatched_at INTEGER,
                    started_at INTEGER,
                    handled_at INTEGER,
                    first_handled_at INTEGER,
                    closed_at INTEGER,
                    deadline INTEGER,
                    deadline_hours REAL NOT NULL,
                    hours_kind TEXT NOT NULL,
                    suspended_at INTEGER,
                    remaining_hours REAL,
                    parked_until INTEGER,
                    pending_extension_hours REAL,
                    extension_count INTEGER NOT NULL,
                    supervised INTEGER NOT NULL,
                    escalated_to_node_id INTEGER,
                    escalation_level INTEGER NOT NULL,
                    return_count INTEGER NOT NULL,
                    rework_count INTEGER NOT NULL,
                    dispatch_count INTEGER NOT NULL,
                    urge_count INTEGER NOT NULL DEFAULT 0,
                    rating INTEGER CHECK (rating BETWEEN 1 AND 5),
                    merged_into_id INTEGER,
                    duplicate_of_id INTEGER,
                    search TEXT NOT NULL,
                    version INTEGER NOT NULL
                );
                CREATE TABLE case_co_handler (
                    case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                    ordinal INTEGER NOT NULL,
                    department_id INTEGER NOT NULL REFERENCES department(id),
                    PRIMARY KEY (case_id, ordinal)
                ) WITHOUT ROWID;
                CREATE TABLE case_call_in (
                    case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                    ordinal INTEGER NOT NULL,
                    department_id INTEGER NOT NULL REFERENCES department(id),
                    reason TEXT NOT NULL,
                    called_by TEXT NOT NULL,
                    called_at INTEGER NOT NULL,
                    due_at INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('open','answered','released')),
                    answered_at INTEGER,
                    feedback TEXT,
                    PRIMARY KEY (case_id, ordinal)
                ) WITHOUT ROWID;
                CREATE INDEX case_call_in_department ON case_call_in(department_id, status, due_at);
                CREATE TABLE case_linkage_request (
                    case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                    ordinal INTEGER NOT NULL,
                    from_level INTEGER NOT NULL,
                    to_level INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    note TEXT NOT NULL,
                    by_name TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    PRIMARY KEY (case_id, ordinal)
                ) WITHOUT ROWID;
                CREATE TABLE case_consultation (
                    case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                    ordinal INTEGER NOT NULL,
                    level INTEGER NOT NULL,
                    held_at INTEGER NOT NULL,
                    decision TEXT NOT NULL,
                    recorded_by TEXT NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    PRIMARY KEY (case_id, ordinal)
                ) WITHOUT ROWID;
                CREATE TABLE case_consultation_attendee (
                    case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                    consultation INTEGER NOT NULL,
                    ordinal INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    PRIMARY KEY (case_id, consultation, ordinal)
                ) WITHOUT ROWID;
                CREATE TABLE case_consultation_task (
                    case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                    task_id INTEGER NOT NULL,
                    consultation INTEGER NOT NULL,
                    department_id INTEGER NOT NULL REFERENCES department(id),
                    task TEXT NOT NULL,
                    due_at INTEGER NOT NULL,
                    done_at INTEGER,
                    done_note TEXT,
                    PRIMARY KEY (case_id, task_id)
                ) WITHOUT ROWID;
                CREATE INDEX case_consultation_task_department ON case_consultation_task(department_id, done_at);
                CREATE TABLE case_event_v5 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                    action TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    actor_id INTEGER REFERENCES app_user(id),
                    actor_name TEXT NOT NULL,
                    note TEXT,
                    from_state TEXT,
                    to_state TEXT NOT NULL,
                    lon REAL,
                    lat REAL
                );
                CREATE TABLE case_event_department (
                    event_id INTEGER NOT NULL REFERENCES case_event(id) ON DELETE CASCADE,
                    ordinal INTEGER NOT NULL,
                    department_id INTEGER NOT NULL,
                    PRIMARY KEY (event_id, ordinal)
                ) WITHOUT ROWID;
                CREATE TABLE case_event_attachment (
                    event_id INTEGER NOT NULL REFERENCES case_event(id) ON DELETE CASCADE,
                    ordinal INTEGER NOT NULL,
                    attachment_id INTEGER NOT NULL,
                    PRIMARY KEY (event_id, ordinal)
                ) WITHOUT ROWID;
                CREATE TABLE case_event_detail (
                    event_id INTEGER NOT NULL REFERENCES case_event(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (event_id, key)
                ) WITHOUT ROWID;
                DROP TRIGGER case_dispatch_record;
                CREATE TABLE case_dispatch_v5 (
                    event_id INTEGER PRIMARY KEY REFERENCES case_event(id) ON DELETE CASCADE,
                    case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                    rule_id INTEGER NOT NULL,
                    at INTEGER NOT NULL
                );
                INSERT INTO case_dispatch_v5 (event_id, case_id, rule_id, at) SELECT event_id, case_id, rule_id, CAST(round(at * 1000) AS INTEGER) FROM case_dispatch;
                DROP TABLE case_dispatch;
                ALTER TABLE case_dispatch_v5 RENAME TO case_dispatch;
                CREATE INDEX case_dispatch_rule ON case_dispatch(rule_id, at, case_id);
                CREATE INDEX case_dispatch_case ON case_dispatch(case_id);
                DELETE FROM case_department;
                CREATE TABLE case_rollup_node (
                    node_id INTEGER NOT NULL,
                    day INTEGER NOT NULL,
                    \(rollupColumns),
                    PRIMARY KEY (node_id, day)
                ) WITHOUT ROWID;
                CREATE TABLE case_rollup_department (
                    department_id INTEGER NOT NULL,
                    node_id INTEGER NOT NULL,
                    day INTEGER NOT NULL,
                    \(rollupColumns),
                    PRIMARY KEY (node_id, department_id, day)
                ) WITHOUT ROWID;
                """)
            try moveCaseDocuments(db)
            try db.execute(sql: """
                DROP TABLE case_event;
                DROP TABLE case_record;
                ALTER TABLE case_record_v5 RENAME TO case_record;
                ALTER TABLE case_event_v5 RENAME TO case_event;
                CREATE INDEX case_path ON case_record(node_path, reported_at);
                CREATE INDEX case_state ON case_record(state, deadline);
                CREATE INDEX case_category_time ON case_record(category_id, reported_at);
                CREATE INDEX case_reported ON case_record(reported_at);
                CREATE INDEX case_closed ON case_record(closed_at) WHERE closed_at IS NOT NULL;
                CREATE INDEX case_lead ON case_record(lead_department_id, reported_at);
                CREATE INDEX case_reporter ON case_record(reporter_id);
                CREATE INDEX case_handler ON case_record(handler_id) WHERE handler_id IS NOT NULL;
                CREATE UNIQUE INDEX case_external ON case_record(source, external_ref) WHERE external_ref IS NOT NULL;
                CREATE INDEX case_open_data ON case_record(reported_at, node_path, category_id, state);
                -- 超期 now: the open, unhandled, running cases by deadline (KPIs, the trend, escalation).
                CREATE INDEX case_open_deadline ON case_record(deadline, node_path)
                    WHERE first_handled_at IS NULL AND suspended_at IS NULL AND accepted_at IS NOT NULL
                    AND state NOT IN ('closed','merged','rated','rejected','returnedToPolice');
                CREATE INDEX case_event_case ON case_event(case_id, id);
                -- 全文检索: number, description and address, by trigram (works for Chinese); rowid = case id.
                CREATE VIRTUAL TABLE case_search USING fts5(search, tokenize = 'trigram');
                INSERT INTO case_search (rowid, search) SELECT id, search FROM case_record;
                """)
            // The rollups are counted when the store opens, after every migration (no `rollup.basis` yet).
        }
    }

    /// The counts of a rollup row, in `KPITally.Field` order (written out: a landed migration never changes — but for
    /// `urges`, which `v8-urges` adds to a file made before it and these tables now have from the start).
    static let rollupColumns = """
        reported INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0, accepted INTEGER NOT NULL DEFAULT 0,
                    dispatched INTEGER NOT NULL DEFAULT 0, ms_to_dispatch INTEGER NOT NULL DEFAULT 0, closed INTEGER NOT NULL DEFAULT 0,
                    ms_to_close INTEGER NOT NULL DEFAULT 0, handled INTEGER NOT NULL DEFAULT 0, dispatches INTEGER NOT NULL DEFAULT 0,
                    wrong_dispatches INTEGER NOT NULL DEFAULT 0, self_handled INTEGER NOT NULL DEFAULT 0, reworked INTEGER NOT NULL DEFAULT 0,
                    due_handled INTEGER NOT NULL DEFAULT 0, handled_on_time INTEGER NOT NULL DEFAULT 0, hotline_tickets INTEGER NOT NULL DEFAULT 0,
                    hotline_accepted INTEGER NOT NULL DEFAULT 0, hotline_dispatched INTEGER NOT NULL DEFAULT 0,
                    hotline_responded INTEGER NOT NULL DEFAULT 0, hotline_resolved INTEGER NOT NULL DEFAULT 0, hotline_rated INTEGER NOT NULL DEFAULT 0,
                    hotline_satisfied INTEGER NOT NULL DEFAULT 0, closed_on INTEGER NOT NULL DEFAULT 0, late_on INTEGER NOT NULL DEFAULT 0,
                    urges INTEGER NOT NULL DEFAULT 0
        """

    /// Streams the JSON documents of `case_record` and `case_event` into the typed tables, one row at a time.
    static func moveCaseDocuments(_ db: Database) throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        // The columns of that time: the stations' came with a later migration.
        let kept = CaseRows.columns.indices.filter { !CaseColumns.laterColumns.contains(CaseRows.columns[$0]) }
        let names = kept.map { CaseRows.columns[$0] }
        let insertCase = "INSERT INTO case_record_v5 (id, number, \(names.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: names.count + 2).joined(separator: ", ")))"
        let cases = try Row.fetchCursor(db, sql: "SELECT id, number, version, body FROM case_record ORDER BY id")
        while let row = try cases.next() {
            var record = try decoder.decode(CaseRecord.self, from: CaseColumns.documentWithLaterFields(row["body"]))
            record.id = CaseID(row["id"] as Int64)
            record.number = row["number"]
            record.version = row["version"]
            let values = CaseRows.values(record)
            let row: [(any DatabaseValueConvertible)?] = [record.id.rawValue, record.number] + kept.map { values[$0] }
            try db.cachedStatement(sql: insertCase).execute(arguments: StatementArguments(row))
            try CaseRows.writeChildren(db, record, replacing: false)
        }
        let events = try Row.fetchCursor(db, sql: "SELECT id, case_id, body FROM case_event ORDER BY id")
        while let row = try events.next() {
            var event = try decoder.decode(CaseEvent.self, from: Data((row["body"] as String).utf8))
            event.id = row["id"]
            event.caseID = CaseID(row["case_id"] as Int64)
            try EventRows.insert(db, event, table: "case_event_v5", recordDispatch: false)
        }
    }
}
