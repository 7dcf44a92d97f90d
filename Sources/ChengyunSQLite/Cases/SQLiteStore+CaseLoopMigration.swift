import ChengyunCore
import Foundation
import GRDB

/// `v2-case-loop` — the migration that added the outbox and camera tables for the joint practices of the case loop,
/// and brought cases stored before them up to date.
extension SQLiteStore {
    static func registerCaseLoopMigrations(_ m: inout DatabaseMigrator) {
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
}
