public import ChengyunCore
import ChengyunStore
public import Foundation
import GRDB

/// 一网通办 — requests as rows with their steps; counted per resident's committee in the transaction that files or moves
/// one; the open ones indexed by their promised day for the overdue count.
extension SQLiteStore {
    static func registerServiceRequestMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v36-service-requests") { db in
            try db.execute(sql: """
                CREATE TABLE service_request (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL,
                    item_code TEXT NOT NULL,
                    resident_id INTEGER NOT NULL REFERENCES resident(id),
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    filed_at_id INTEGER NOT NULL REFERENCES org_node(id),
                    filed_at_path TEXT NOT NULL,
                    applicant_user_id INTEGER REFERENCES app_user(id),
                    on_behalf INTEGER NOT NULL,
                    authorisation TEXT,
                    detail TEXT NOT NULL,
                    state TEXT NOT NULL,
                    due_on INTEGER NOT NULL,
                    filed_at INTEGER NOT NULL,
                    filed_by TEXT NOT NULL,
                    closed_at INTEGER,
                    outcome TEXT,
                    client_key TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    UNIQUE (filed_at_id, client_key)
                );
                CREATE INDEX service_request_path ON service_request(node_path, id);
                CREATE INDEX service_request_filed_at ON service_request(filed_at_path, id);
                CREATE INDEX service_request_resident ON service_request(resident_id, id);
                CREATE INDEX service_request_open ON service_request(node_path, due_on) WHERE state IN ('submitted','accepted','forwarded');
                CREATE TABLE service_request_step (
                    request_id INTEGER NOT NULL REFERENCES service_request(id),
                    seq INTEGER NOT NULL,
                    action TEXT NOT NULL,
                    by TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    note TEXT NOT NULL,
                    PRIMARY KEY (request_id, seq)
                ) WITHOUT ROWID;
                CREATE TABLE service_request_tally (
                    committee_id INTEGER NOT NULL,
                    committee_path TEXT NOT NULL,
                    key TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (committee_id, key)
                ) WITHOUT ROWID;
                CREATE INDEX service_request_tally_path ON service_request_tally(committee_path);
                """)
        }
    }

    /// 好差评: the rating and the answer to a bad one as columns of the request; the bad ones not answered indexed by
    /// both paths (差评待整改).
    static func registerServiceRatingMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v40-service-ratings") { db in
            try db.execute(sql: """
                ALTER TABLE service_request ADD COLUMN rating_score INTEGER;
                ALTER TABLE service_request ADD COLUMN rating_comment TEXT;
                ALTER TABLE service_request ADD COLUMN rated_at INTEGER;
                ALTER TABLE service_request ADD COLUMN rectify_by INTEGER;
                ALTER TABLE service_request ADD COLUMN rectification TEXT;
                ALTER TABLE service_request ADD COLUMN rectified_at INTEGER;
                ALTER TABLE service_request ADD COLUMN rectified_by TEXT;
                CREATE INDEX service_request_bad_open ON service_request(node_path, id) WHERE rating_score <= 2 AND rectified_at IS NULL;
                CREATE INDEX service_request_bad_open_filed_at ON service_request(filed_at_path, id) WHERE rating_score <= 2 AND rectified_at IS NULL;
                """)
        }
    }

    /// 受理中心 — the requests forwarded and not decided yet, by the path of the station that filed them: a street's
    /// centre walks its own few, whatever else its street has filed.
    static func registerServiceRequestCentreMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v43-service-request-forwarded") { db in
            try db.execute(sql: "CREATE INDEX service_request_forwarded ON service_request(filed_at_path, id) WHERE state = 'forwarded'")
        }
    }

    static func serviceRequest(_ r: Row) -> ServiceRequest {
        let applicant: Int64? = r["applicant_user_id"], authorisation: String? = r["authorisation"], closed: Int64? = r["closed_at"], state: String = r["state"]
        return ServiceRequest(id: ServiceRequestID(r["id"] as Int64), number: r["number"], itemCode: r["item_code"], residentID: ResidentID(r["resident_id"] as Int64),
                              nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"], filedAtID: NodeID(r["filed_at_id"] as Int64), filedAtPath: r["filed_at_path"],
                              applicantUserID: applicant.map { UserID($0) }, onBehalf: r["on_behalf"], authorisation: authorisation.flatMap(ServiceRequest.Authorisation.init(rawValue:)),
                              detail: r["detail"], state: ServiceRequest.State(rawValue: state) ?? .returned, dueOn: LocalDate(daysSince1970: r["due_on"]),
                              filedAt: instant(r["filed_at"]), filedBy: r["filed_by"], closedAt: closed.map(instant), outcome: r["outcome"], clientKey: r["client_key"],
                              version: r["version"], rating: rating(r))
    }

    static func rating(_ r: Row) -> ServiceRequest.Rating? {
        guard let score: Int = r["rating_score"] else { return nil }
        let due: Int? = r["rectify_by"], answered: Int64? = r["rectified_at"]
        return ServiceRequest.Rating(score: score, comment: r["rating_comment"] ?? "", at: instant(r["rated_at"]), rectifyBy: due.map { LocalDate(daysSince1970: $0) },
                                     rectification: r["rectification"], rectifiedAt: answered.map(instant), rectifiedBy: r["rectified_by"])
    }

    /// Adds `sign` to the tallies of a request's keys at the resident's committee (in the caller's transaction).
    static func tally(_ db: Database, _ r: ServiceRequest, _ sign: Int) throws {
        guard let committee = OrgNode.ancestor(of: r.nodePath, depth: OrgNode.Kind.committee.depth) else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO service_request_tally (committee_id, committee_path, key, count) VALUES (?, ?, ?, ?)
            ON CONFLICT (committee_id, key) DO UPDATE SET count = count + excluded.count
            """)
        for key in ServiceRequestCounts.keys(of: r) { try statement.execute(arguments: [committee.id.rawValue, committee.path, key, sign]) }
    }

    static func insertStep(_ db: Database, _ s: ServiceRequestStep, request: ServiceRequestID) throws {
        try db.execute(sql: "INSERT INTO service_request_step (request_id, seq, action, by, at, note) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [request.rawValue, s.seq, s.action.rawValue, s.by, CaseRows.ms(s.at), s.note])
    }

    public func fileServiceRequest(_ r: ServiceRequest, step: ServiceRequestStep) async throws -> (request: ServiceRequest, created: Bool) {
        try await writer.write { db in
            let find = "SELECT * FROM service_request WHERE filed_at_id = ? AND client_key = ?"
            if let held = try Row.fetchOne(db, sql: find, arguments: [r.filedAtID.rawValue, r.clientKey]) { return (Self.serviceRequest(held), false) }
            try db.execute(sql: """
                INSERT INTO service_request (number, item_code, resident_id, node_id, node_path, filed_at_id, filed_at_path, applicant_user_id, on_behalf, authorisation,
                    detail, state, due_on, filed_at, filed_by, closed_at, outcome, client_key, version)
                VALUES ('', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, 1)
                """, arguments: [r.itemCode, r.residentID.rawValue, r.nodeID.rawValue, r.nodePath, r.filedAtID.rawValue, r.filedAtPath, r.applicantUserID?.rawValue,
                                 r.onBehalf, r.authorisation?.rawValue, r.detail, r.state.rawValue, r.dueOn.daysSince1970, CaseRows.ms(r.filedAt), r.filedBy, r.clientKey])
            let id = ServiceRequestID(db.lastInsertedRowID)
            try db.execute(sql: "UPDATE service_request SET number = ? WHERE id = ?", arguments: [ServiceRequest.number(prefix: r.number, id: id), id.rawValue])
            try Self.insertStep(db, step, request: id)
            let stored = Self.serviceRequest(try Row.fetchOne(db, sql: "SELECT * FROM service_request WHERE id = ?", arguments: [id.rawValue])!)
            try Self.tally(db, stored, 1)
            return (stored, true)
        }
    }

    public func serviceRequest(_ id: ServiceRequestID) async throws -> ServiceRequest? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM service_request WHERE id = ?", arguments: [id.rawValue]).map(Self.serviceRequest) }
    }

    public func serviceRequestSteps(_ ids: [ServiceRequestID]) async throws -> [ServiceRequestID: [ServiceRequestStep]] {
        guard !ids.isEmpty else { return [:] }
        return try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM service_request_step WHERE request_id IN (SELECT value FROM json_each(?)) ORDER BY request_id, seq
                """, arguments: [jsonIDs(ids.map(\.rawValue))])
            return Dictionary(grouping: rows.map { r in
                let action: String = r["action"]
                return ServiceRequestStep(requestID: ServiceRequestID(r["request_id"] as Int64), seq: r["seq"], action: ServiceRequest.Action(rawValue: action) ?? .file,
                                          by: r["by"], at: Self.instant(r["at"]), note: r["note"])
            }, by: \.requestID)
        }
    }

    public func moveServiceRequest(_ id: ServiceRequestID, version: Int, to moved: ServiceRequest, step: ServiceRequestStep) async throws -> ServiceRequest? {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM service_request WHERE id = ?", arguments: [id.rawValue]) else { return nil }
            let before = Self.serviceRequest(row)
            guard before.version == version else { return nil }
            let rating = moved.rating
            try db.execute(sql: """
                UPDATE service_request SET state = ?, closed_at = ?, outcome = ?, rating_score = ?, rating_comment = ?, rated_at = ?, rectify_by = ?, rectification = ?,
                    rectified_at = ?, rectified_by = ?, version = version + 1 WHERE id = ?
                """, arguments: [moved.state.rawValue, CaseRows.ms(moved.closedAt), moved.outcome, rating?.score, rating?.comment, CaseRows.ms(rating?.at),
                                 rating?.rectifyBy?.daysSince1970, rating?.rectification, CaseRows.ms(rating?.rectifiedAt), rating?.rectifiedBy, id.rawValue])
            let seq = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) + 1 FROM service_request_step WHERE request_id = ?", arguments: [id.rawValue]) ?? 1
            var numbered = step
            numbered.seq = seq
            try Self.insertStep(db, numbered, request: id)
            let after = Self.serviceRequest(try Row.fetchOne(db, sql: "SELECT * FROM service_request WHERE id = ?", arguments: [id.rawValue])!)
            try Self.tally(db, before, -1)
            try Self.tally(db, after, 1)
            return after
        }
    }

    public func serviceRequests(under path: String, state: ServiceRequest.State?, badOpen: Bool, before: ServiceRequestID?, limit: Int) async throws -> [ServiceRequest] {
        let (low, high) = Self.pathRange(path)
        let below = before?.rawValue ?? Int64.max
        // 差评待整改 walks the partial indexes of the bad ratings not answered.
        let bad = badOpen ? "AND rating_score <= 2 AND rectified_at IS NULL" : ""
        return try await read { db in
            // Two index walks (the residents' committees, the filing committees), merged: each is a range of its own index.
            var seen = Set<Int64>(), found: [ServiceRequest] = []
            for column in ["node_path", "filed_at_path"] {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM service_request WHERE \(column) >= ? AND \(column) < ? AND id < ? AND (? IS NULL OR state = ?) \(bad) ORDER BY id DESC LIMIT ?
                    """, arguments: [low, high, below, state?.rawValue, state?.rawValue, limit])
                for r in rows.map(Self.serviceRequest) where seen.insert(r.id.rawValue).inserted { found.append(r) }
            }
            return Array(found.sorted { $0.id.rawValue > $1.id.rawValue }.prefix(limit))
        }
    }

    public func forwardedServiceRequests(filedUnder path: String, before: ServiceRequestID?, limit: Int) async throws -> [ServiceRequest] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM service_request INDEXED BY service_request_forwarded
                WHERE filed_at_path >= ? AND filed_at_path < ? AND state = 'forwarded' AND id < ? ORDER BY id DESC LIMIT ?
                """, arguments: [low, high, before?.rawValue ?? Int64.max, limit]).map(Self.serviceRequest)
        }
    }

    public func badRatingsPastDay(filedUnder path: String, today: LocalDate, before: ServiceRequestID?, limit: Int) async throws -> [ServiceRequest] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM service_request INDEXED BY service_request_bad_open_filed_at
                WHERE filed_at_path >= ? AND filed_at_path < ? AND rating_score <= 2 AND rectified_at IS NULL AND rectify_by < ? AND id < ?
                ORDER BY id DESC LIMIT ?
                """, arguments: [low, high, today.daysSince1970, before?.rawValue ?? Int64.max, limit]).map(Self.serviceRequest)
        }
    }

    public func serviceRequests(resident: ResidentID, limit: Int) async throws -> [ServiceRequest] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM service_request WHERE resident_id = ? ORDER BY id DESC LIMIT ?", arguments: [resident.rawValue, limit]).map(Self.serviceRequest)
        }
    }

    public func serviceRequestCounts(under path: String, today: LocalDate) async throws -> ServiceRequestCounts {
        let (low, high) = Self.pathRange(path)
        let committee = OrgNode.ancestor(of: path, depth: OrgNode.Kind.committee.depth)?.path
        return try await read { db in
            let rows = try committee.map { try Row.fetchAll(db, sql: "SELECT key, SUM(count) FROM service_request_tally WHERE committee_path = ? GROUP BY key", arguments: [$0]) }
                ?? Row.fetchAll(db, sql: "SELECT key, SUM(count) FROM service_request_tally WHERE committee_path >= ? AND committee_path < ? GROUP BY key", arguments: [low, high])
            let overdue = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM service_request WHERE node_path >= ? AND node_path < ? AND due_on < ? AND state IN ('submitted','accepted','forwarded')
                """, arguments: [low, high, today.daysSince1970]) ?? 0
            // 差评逾期: the bad ratings not answered (a partial index, few) whose day to answer has passed.
            let badOverdue = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM service_request INDEXED BY service_request_bad_open
                WHERE node_path >= ? AND node_path < ? AND rating_score <= 2 AND rectified_at IS NULL AND rectify_by < ?
                """, arguments: [low, high, today.daysSince1970]) ?? 0
            return ServiceRequestCounts(tallies: rows.map { ($0[0] as String, $0[1] as Int) }, overdue: overdue, badOverdue: badOverdue)
        }
    }
}

/// 扫码评价 — a request's rating code, as its SHA-256 with the time it expires.
extension SQLiteStore {
    static func registerServiceRatingCodeMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v46-service-rating-codes") { db in
            try db.execute(sql: """
                ALTER TABLE service_request ADD COLUMN rating_code_hash TEXT;
                ALTER TABLE service_request ADD COLUMN rating_code_expires INTEGER;
                CREATE UNIQUE INDEX service_request_rating_code ON service_request(rating_code_hash) WHERE rating_code_hash IS NOT NULL;
                """)
        }
    }

    public func setServiceRatingCode(_ id: ServiceRequestID, hash: String, expiresAt: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE service_request SET rating_code_hash = ?, rating_code_expires = ? WHERE id = ?",
                           arguments: [hash, CaseRows.ms(expiresAt), id.rawValue])
        }
    }

    public func serviceRequest(ratingCodeHash hash: String, at now: Date) async throws -> ServiceRequest? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM service_request WHERE rating_code_hash = ? AND rating_code_expires > ?",
                             arguments: [hash, CaseRows.ms(now)]).map(Self.serviceRequest)
        }
    }
}
