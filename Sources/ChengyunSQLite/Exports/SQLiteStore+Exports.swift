public import ChengyunCore
public import ChengyunStore
import Foundation
import GRDB

extension SQLiteStore {
    /// v4-export-requests: requests to export sensitive data. A request is decided once and downloaded once; the
    /// schema holds that (and that nobody decides their own) with checks and triggers, and no row is ever deleted.
    static func registerExportMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v4-export-requests") { db in
            try db.execute(sql: """
                CREATE TABLE export_request (
                    id INTEGER PRIMARY KEY,
                    template TEXT NOT NULL CHECK (length(template) > 0),
                    filters TEXT NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    reason TEXT NOT NULL CHECK (length(reason) > 0),
                    requester_id INTEGER NOT NULL REFERENCES app_user(id),
                    requester TEXT NOT NULL,
                    requested_at REAL NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending','approved','rejected','downloaded')),
                    decider_id INTEGER REFERENCES app_user(id),
                    decider TEXT,
                    decided_at REAL,
                    note TEXT,
                    expires_at REAL,
                    downloaded_at REAL,
                    CHECK ((state = 'pending') = (decided_at IS NULL AND decider_id IS NULL)),
                    CHECK (decider_id IS NULL OR decider_id <> requester_id),
                    CHECK (state NOT IN ('approved','downloaded') OR expires_at IS NOT NULL),
                    CHECK ((state = 'downloaded') = (downloaded_at IS NOT NULL))
                );
                CREATE INDEX export_request_requester ON export_request(requester_id, id);
                CREATE INDEX export_request_pending ON export_request(node_path) WHERE state = 'pending';
                CREATE TRIGGER export_request_no_delete BEFORE DELETE ON export_request
                    BEGIN SELECT RAISE(ABORT, 'export requests are kept'); END;
                CREATE TRIGGER export_request_once BEFORE UPDATE ON export_request
                    WHEN NEW.template IS NOT OLD.template OR NEW.filters IS NOT OLD.filters OR NEW.node_id IS NOT OLD.node_id
                        OR NEW.node_path IS NOT OLD.node_path OR NEW.reason IS NOT OLD.reason OR NEW.requester_id IS NOT OLD.requester_id
                        OR NEW.requester IS NOT OLD.requester OR NEW.requested_at IS NOT OLD.requested_at
                        OR NOT ((OLD.state = 'pending' AND NEW.state IN ('approved','rejected'))
                            OR (OLD.state = 'approved' AND NEW.state = 'downloaded' AND NEW.decider_id IS OLD.decider_id
                                AND NEW.decided_at IS OLD.decided_at AND NEW.note IS OLD.note AND NEW.expires_at IS OLD.expires_at))
                    BEGIN SELECT RAISE(ABORT, 'an export request is decided once and downloaded once'); END;
                """)
        }
    }

    public func createExportRequest(_ request: ExportRequest, audit: AuditEntry) async throws -> ExportRequest {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO export_request (template, filters, node_id, node_path, reason, requester_id, requester, requested_at, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')
                """, arguments: [request.template, request.filters, request.nodeID.rawValue, request.nodePath, request.reason,
                                 request.requesterID.rawValue, request.requester, request.requestedAt.timeIntervalSince1970])
            var stored = request
            stored.id = ExportRequestID(db.lastInsertedRowID)
            stored.state = .pending
            var line = audit
            line.target = "export:\(stored.id)"
            try Self.insertAudit(db, line)
            return stored
        }
    }

    public func exportRequest(_ id: ExportRequestID) async throws -> ExportRequest? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM export_request WHERE id = ?", arguments: [id.rawValue]).map(Self.exportRequest) }
    }

    public func exportRequests(_ query: ExportRequestQuery) async throws -> [ExportRequest] {
        var whose: [String] = []
        var arguments: StatementArguments = []
        if let r = query.requesterID { whose.append("requester_id = ?"); arguments += [r.rawValue] }
        for path in query.pendingUnder {
            let (low, high) = Self.pathRange(path)
            whose.append("(state = 'pending' AND node_path >= ? AND node_path < ?)")
            arguments += [low, high]
        }
        guard !whose.isEmpty else { return [] }
        var sql = "SELECT * FROM export_request WHERE (\(whose.joined(separator: " OR ")))"
        if let b = query.before { sql += " AND id < ?"; arguments += [b.rawValue] }
        sql += " ORDER BY id DESC LIMIT ?"
        arguments += [query.limit]
        let bound = arguments
        let statement = sql
        return try await read { db in try Row.fetchAll(db, sql: statement, arguments: bound).map(Self.exportRequest) }
    }

    public func saveExportRequest(_ request: ExportRequest, from: ExportRequest.State, audit: AuditEntry) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE export_request SET state = ?, decider_id = ?, decider = ?, decided_at = ?, note = ?, expires_at = ?, downloaded_at = ?
                WHERE id = ? AND state = ?
                """, arguments: [request.state.rawValue, request.deciderID?.rawValue, request.decider, request.decidedAt?.timeIntervalSince1970,
                                 request.note, request.expiresAt?.timeIntervalSince1970, request.downloadedAt?.timeIntervalSince1970,
                                 request.id.rawValue, from.rawValue])
            guard db.changesCount == 1 else { return false }
            try Self.insertAudit(db, audit)
            return true
        }
    }

    public func exportCases(_ query: CaseQuery, after cursor: CaseCursor?, limit: Int) async throws -> (cases: [CaseRecord], next: CaseCursor?) {
        let (whereSQL, filterArguments) = Self.whereClause(query)
        var arguments = filterArguments
        var sql = "SELECT \(CaseRows.selectList) FROM case_record WHERE \(whereSQL)"
        if let cursor {
            sql += Self.afterCursorSQL
            arguments += [cursor.key, cursor.key, cursor.id]
        }
        sql += " ORDER BY reported_at DESC, id DESC LIMIT ?"
        arguments += [limit]
        let bound = arguments
        let statement = sql
        let cases = try await read { [self] db in try records(db, sql: statement, arguments: bound) }
        let next = cases.count == limit ? cases.last.map { CaseCursor(key: CaseRows.ms($0.reportedAt)!, id: $0.id.rawValue) } : nil
        return (cases, next)
    }

    static func insertAudit(_ db: Database, _ e: AuditEntry) throws {
        try db.execute(sql: """
            INSERT INTO audit_log (at, actor_id, actor, action, target, subject_user_id, reason, address, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [e.at.timeIntervalSince1970, e.actorID?.rawValue, e.actor, e.action, e.target, e.subjectUserID?.rawValue,
                             e.reason, e.address, e.detail])
    }

    static func exportRequest(_ r: Row) -> ExportRequest {
        func date(_ column: String) -> Date? { (r[column] as Double?).map(Date.init(timeIntervalSince1970:)) }
        return ExportRequest(
            id: ExportRequestID(r["id"] as Int64), template: r["template"], filters: r["filters"], nodeID: NodeID(r["node_id"] as Int64),
            nodePath: r["node_path"], reason: r["reason"], requesterID: UserID(r["requester_id"] as Int64), requester: r["requester"],
            requestedAt: Date(timeIntervalSince1970: r["requested_at"]), state: ExportRequest.State(rawValue: r["state"]) ?? .pending,
            deciderID: (r["decider_id"] as Int64?).map(UserID.init(rawValue:)), decider: r["decider"], decidedAt: date("decided_at"),
            note: r["note"], expiresAt: date("expires_at"), downloadedAt: date("downloaded_at"))
    }
}
