public import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB

/// The store for the practices of the papers: the outbox to external systems, cameras, handling powers, and the
/// migration that brings cases stored before them up to date.
extension SQLiteStore {
    static func registerLoopMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v2-case-loop") { db in
            try db.execute(sql: """
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY,
                    topic TEXT NOT NULL,
                    key TEXT NOT NULL,
                    case_id INTEGER REFERENCES case_record(id) ON DELETE CASCADE,
                    payload TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    delivered_at REAL,
                    last_error TEXT
                );
                CREATE INDEX outbox_due ON outbox(topic, next_attempt_at) WHERE delivered_at IS NULL;
                CREATE INDEX outbox_key ON outbox(topic, key, id);
                CREATE TABLE camera (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    lon REAL NOT NULL,
                    lat REAL NOT NULL,
                    active INTEGER NOT NULL DEFAULT 1
                );
                CREATE INDEX camera_path ON camera(node_path);
                -- Roles are checked by the code (Role): the list no longer lives in the schema, so a new role
                -- (stationChief, 第一站长) needs no table rebuild.
                CREATE TABLE assignment_v2 (
                    user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    department_id INTEGER REFERENCES department(id),
                    CHECK ((role = 'departmentHandler') = (department_id IS NOT NULL))
                );
                INSERT INTO assignment_v2 (user_id, role, node_id, department_id) SELECT user_id, role, node_id, department_id FROM assignment;
                DROP TABLE assignment;
                ALTER TABLE assignment_v2 RENAME TO assignment;
                CREATE UNIQUE INDEX assignment_unique ON assignment(user_id, role, node_id, IFNULL(department_id, 0));
                CREATE INDEX assignment_node ON assignment(node_id);
                """)
            try upgradeCaseBodies(db)
        }
    }

    /// Cases stored before owners, call-in tasks and returns by reason were kept get them, from what they hold:
    /// the department owns a case it signed for, otherwise the street centre of its area.
    static func upgradeCaseBodies(_ db: Database) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT id, node_path, body FROM case_record")
        for row in rows {
            let body: String = row["body"]
            guard var object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], object["owner"] == nil else { continue }
            let path: String = row["node_path"]
            let centre = OrgNode.ancestor(of: path, depth: OrgNode.Kind.street.depth) ?? OrgNode.ancestor(of: path, depth: 0)
            let received: [String: Any] = ["kind": "node", "nodeID": centre?.id.rawValue ?? 0]
            object["receivedBy"] = received
            if object["startedAt"] != nil, let lead = object["leadDepartmentID"] {
                object["owner"] = ["kind": "department", "departmentID": lead]
            } else {
                object["owner"] = received
            }
            let finished = ["rejected", "merged", "closed", "rated"].contains(object["state"] as? String ?? "")
            let at = object["dispatchedAt"] ?? object["reportedAt"] ?? 0
            object["callIns"] = ((object["calledInIDs"] as? [Any]) ?? []).map { d -> [String: Any] in
                ["departmentID": d, "reason": "", "calledBy": "", "calledAt": at, "dueAt": object["deadline"] ?? at, "status": finished ? "answered" : "open"]
            }
            object["calledInIDs"] = nil
            object["selfHandled"] = false
            object["wrongDispatchCount"] = 0
            object["arbitrationPending"] = false
            object["dispatchBinding"] = false
            let upgraded = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            try db.execute(sql: "UPDATE case_record SET body = ? WHERE id = ?", arguments: [upgraded, row["id"] as Int64])
        }
    }

    static func enqueue(_ db: Database, _ messages: [OutboxMessage], caseID: CaseID, number: String) throws {
        for m in messages {
            // The payload may name the case before it had an id and number: fill them in now.
            let payload = m.payload.replacingOccurrences(of: "\"caseId\":0", with: "\"caseId\":\(caseID.rawValue)")
                .replacingOccurrences(of: "\"number\":\"\"", with: "\"number\":\"\(number)\"")
            try db.execute(sql: """
                INSERT INTO outbox (topic, key, case_id, payload, created_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 0, ?)
                """, arguments: [m.topic, m.key, caseID.rawValue, payload, m.createdAt.timeIntervalSince1970, m.nextAttemptAt.timeIntervalSince1970])
        }
    }

    static func outboxMessage(_ r: Row) -> OutboxMessage {
        var m = OutboxMessage(topic: r["topic"], key: r["key"], payload: r["payload"], createdAt: Date(timeIntervalSince1970: r["created_at"]))
        m.id = r["id"]
        m.attempts = r["attempts"]
        m.nextAttemptAt = Date(timeIntervalSince1970: r["next_attempt_at"])
        m.deliveredAt = (r["delivered_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        m.lastError = r["last_error"]
        return m
    }

    public func dueMessages(topic: String, now: Date, limit: Int) async throws -> [OutboxMessage] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM outbox WHERE topic = ? AND delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?
                """, arguments: [topic, now.timeIntervalSince1970, limit]).map(Self.outboxMessage)
        }
    }

    public func markDelivered(_ id: Int64, at: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?", arguments: [at.timeIntervalSince1970, id])
        }
    }

    public func markFailed(_ id: Int64, error: String, nextAttemptAt: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                           arguments: [String(error.prefix(500)), nextAttemptAt.timeIntervalSince1970, id])
        }
    }

    public func messages(topic: String, key: String) async throws -> [OutboxMessage] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE topic = ? AND key = ? ORDER BY id", arguments: [topic, key]).map(Self.outboxMessage)
        }
    }

    public func outboxStats(topic: String) async throws -> OutboxStats {
        try await read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT SUM(delivered_at IS NULL), SUM(delivered_at IS NOT NULL), SUM(delivered_at IS NULL AND attempts > 0) FROM outbox WHERE topic = ?
                """, arguments: [topic])
            return OutboxStats(pending: row?[0] ?? 0, delivered: row?[1] ?? 0, failing: row?[2] ?? 0)
        }
    }

    // MARK: cameras and handling powers

    static func camera(_ r: Row) -> Camera {
        Camera(id: CameraID(r["id"] as Int64), code: r["code"], name: r["name"], location: GeoPoint(lon: r["lon"], lat: r["lat"]),
               nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"], active: r["active"])
    }

    public func createCamera(_ draft: CameraDraft, nodeID: NodeID) async throws -> Camera {
        do {
            return try await writer.write { db in
                guard let path = try String.fetchOne(db, sql: "SELECT path FROM org_node WHERE id = ?", arguments: [nodeID.rawValue]) else {
                    throw DomainError.unprocessable("node.not_found", "There is no organisation node \(nodeID) to place the camera in.", field: "nodeId")
                }
                try db.execute(sql: "INSERT INTO camera (code, name, node_id, node_path, lon, lat) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [draft.code, draft.name, nodeID.rawValue, path, draft.location.lon, draft.location.lat])
                return Camera(id: CameraID(db.lastInsertedRowID), code: draft.code, name: draft.name, location: draft.location, nodeID: nodeID, nodePath: path)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw DomainError.conflict("camera.duplicate_code", "A camera with code \(draft.code) is registered already.", field: "code")
        }
    }

    public func camera(_ id: CameraID) async throws -> Camera? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM camera WHERE id = ?", arguments: [id.rawValue]).map(Self.camera) }
    }

    public func cameras(under path: String) async throws -> [Camera] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM camera WHERE node_path >= ? AND node_path < ? ORDER BY code", arguments: [low, high]).map(Self.camera)
        }
    }

    public func setCameraActive(_ id: CameraID, active: Bool) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE camera SET active = ? WHERE id = ?", arguments: [active, id.rawValue])
            guard db.changesCount == 1 else { throw DomainError.notFound("camera.not_found", "There is no camera \(id).") }
        }
    }

    public func handlingPowers() async throws -> [HandlingPower] {
        try await setting("handlingPowers", as: [HandlingPower].self) ?? []
    }

    public func saveHandlingPowers(_ powers: [HandlingPower]) async throws {
        try await saveSetting("handlingPowers", powers)
    }
}
