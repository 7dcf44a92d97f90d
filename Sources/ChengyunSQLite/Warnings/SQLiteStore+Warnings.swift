public import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB

/// 预警 — warnings and their relay.
extension SQLiteStore {
    static func registerWarningMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v11-warnings") { db in
            try db.execute(sql: """
                CREATE TABLE warning (
                    id INTEGER PRIMARY KEY,
                    identifier TEXT NOT NULL,
                    sender TEXT NOT NULL,
                    sent_at INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    msg_type TEXT NOT NULL,
                    refs TEXT NOT NULL,
                    hazard TEXT NOT NULL,
                    event TEXT NOT NULL,
                    level TEXT NOT NULL,
                    urgency TEXT NOT NULL,
                    certainty TEXT NOT NULL,
                    headline TEXT NOT NULL,
                    description TEXT NOT NULL,
                    instruction TEXT NOT NULL,
                    effective INTEGER,
                    onset INTEGER,
                    expires INTEGER,
                    area_description TEXT NOT NULL,
                    step TEXT,
                    origin TEXT NOT NULL,
                    state TEXT NOT NULL,
                    issued_by TEXT NOT NULL,
                    approved_by TEXT,
                    published_at INTEGER,
                    UNIQUE (sender, identifier)
                );
                CREATE INDEX warning_published ON warning(id) WHERE state = 'published';
                CREATE TABLE warning_node (
                    warning_id INTEGER NOT NULL REFERENCES warning(id),
                    position INTEGER NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    PRIMARY KEY (warning_id, position)
                ) WITHOUT ROWID;
                CREATE TABLE warning_relay (
                    warning_id INTEGER NOT NULL REFERENCES warning(id),
                    node_path TEXT NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    sent_at INTEGER NOT NULL,
                    on_duty TEXT NOT NULL,
                    acknowledged_at INTEGER,
                    acknowledged_by TEXT,
                    PRIMARY KEY (warning_id, node_path)
                ) WITHOUT ROWID;
                """)
        }
    }

    static func seconds(_ d: Date?) -> Int64? { d.map { Int64($0.timeIntervalSince1970.rounded(.down)) } }
    static func date(_ s: Int64?) -> Date? { s.map { Date(timeIntervalSince1970: TimeInterval($0)) } }

    static func warning(_ r: Row, nodes: [NodeID]) -> Warning {
        let refs: String = r["refs"]
        let step: String? = r["step"]
        var w = Warning(id: WarningID(r["id"] as Int64), identifier: r["identifier"], sender: r["sender"], sentAt: date(r["sent_at"])!,
                        hazard: Warning.Hazard(rawValue: r["hazard"]) ?? .other, event: r["event"], level: AlarmLevel(rawValue: r["level"]) ?? .blue,
                        headline: r["headline"], description: r["description"], areaDescription: r["area_description"], nodeIDs: nodes,
                        origin: Warning.Origin(rawValue: r["origin"]) ?? .received, state: Warning.State(rawValue: r["state"]) ?? .pending, issuedBy: r["issued_by"])
        w.status = Warning.Status(rawValue: r["status"]) ?? .actual
        w.msgType = Warning.MessageType(rawValue: r["msg_type"]) ?? .alert
        w.references = refs.isEmpty ? [] : refs.split(separator: " ").map(String.init)
        w.urgency = Warning.Urgency(rawValue: r["urgency"]) ?? .unknown
        w.certainty = Warning.Certainty(rawValue: r["certainty"]) ?? .unknown
        w.instruction = r["instruction"]
        w.effective = date(r["effective"])
        w.onset = date(r["onset"])
        w.expires = date(r["expires"])
        w.step = step.flatMap { Warning.Step(rawValue: $0) }
        w.approvedBy = r["approved_by"]
        w.publishedAt = date(r["published_at"])
        return w
    }

    static func warnings(_ db: Database, where clause: String, _ arguments: StatementArguments) throws -> [Warning] {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM warning \(clause)", arguments: arguments)
        guard !rows.isEmpty else { return [] }
        let ids = rows.map { $0["id"] as Int64 }
        var nodes: [Int64: [NodeID]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT warning_id, node_id FROM warning_node WHERE warning_id IN (\(ids.map { _ in "?" }.joined(separator: ","))) ORDER BY warning_id, position",
                                  arguments: StatementArguments(ids)) {
            nodes[r["warning_id"], default: []].append(NodeID(r["node_id"] as Int64))
        }
        return rows.map { warning($0, nodes: nodes[$0["id"] as Int64] ?? []) }
    }

    public func createWarning(_ w: Warning) async throws -> Warning {
        do {
            return try await writer.write { db in
                try db.execute(sql: """
                    INSERT INTO warning (identifier, sender, sent_at, status, msg_type, refs, hazard, event, level, urgency, certainty, headline, description,
                        instruction, effective, onset, expires, area_description, step, origin, state, issued_by, approved_by, published_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [w.identifier, w.sender, Self.seconds(w.sentAt), w.status.rawValue, w.msgType.rawValue, w.references.joined(separator: " "),
                                     w.hazard.rawValue, w.event, w.level.rawValue, w.urgency.rawValue, w.certainty.rawValue, w.headline, w.description,
                                     w.instruction, Self.seconds(w.effective), Self.seconds(w.onset), Self.seconds(w.expires), w.areaDescription,
                                     w.step?.rawValue, w.origin.rawValue, w.state.rawValue, w.issuedBy, w.approvedBy, Self.seconds(w.publishedAt)])
                var made = w
                made.id = WarningID(db.lastInsertedRowID)
                for (i, node) in w.nodeIDs.enumerated() {
                    try db.execute(sql: "INSERT INTO warning_node (warning_id, position, node_id) VALUES (?, ?, ?)", arguments: [made.id.rawValue, i, node.rawValue])
                }
                return made
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("warning.identifier") {
            throw WarningError.duplicate(w.identifier)
        }
    }

    public func warning(_ id: WarningID) async throws -> Warning? {
        try await read { db in try Self.warnings(db, where: "WHERE id = ?", [id.rawValue]).first }
    }

    public func warning(identifier: String, sender: String) async throws -> Warning? {
        try await read { db in try Self.warnings(db, where: "WHERE sender = ? AND identifier = ?", [sender, identifier]).first }
    }

    public func warnings(publishedOnly: Bool, before: WarningID?, limit: Int) async throws -> [Warning] {
        try await read { db in
            var conditions: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            if publishedOnly { conditions.append("state = 'published'") }
            if let before { conditions.append("id < ?"); arguments.append(before.rawValue) }
            arguments.append(limit)
            let clause = (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY id DESC LIMIT ?"
            return try Self.warnings(db, where: clause, StatementArguments(arguments))
        }
    }

    public func decideWarning(_ id: WarningID, publish: Bool, by: String, at: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE warning SET state = ?, approved_by = ?, published_at = ? WHERE id = ? AND state = 'pending'",
                           arguments: [publish ? "published" : "refused", by, publish ? Self.seconds(at) : nil, id.rawValue])
            return db.changesCount == 1
        }
    }

    public func relay(_ id: WarningID, to rows: [WarningRelay], publishedAt: Date, outbox: [OutboxMessage]) async throws {
        try await writer.write { db in
            for m in outbox {
                try db.execute(sql: """
                    INSERT INTO outbox (topic, key, case_id, payload, created_at, attempts, next_attempt_at) VALUES (?, ?, NULL, ?, ?, 0, ?)
                    """, arguments: [m.topic, m.key, m.payload, m.createdAt.timeIntervalSince1970, m.nextAttemptAt.timeIntervalSince1970])
            }
            try db.execute(sql: "UPDATE warning SET state = 'published', published_at = coalesce(published_at, ?) WHERE id = ?", arguments: [Self.seconds(publishedAt), id.rawValue])
            let insert = try db.cachedStatement(sql: """
                INSERT INTO warning_relay (warning_id, node_path, node_id, node_name, kind, sent_at, on_duty) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """)
            for r in rows {
                try insert.execute(arguments: [id.rawValue, r.nodePath, r.nodeID.rawValue, r.nodeName, r.kind.rawValue, Self.seconds(r.sentAt), r.onDuty.joined(separator: "、")])
            }
        }
    }

    public func acknowledgeRelay(_ id: WarningID, nodes: [NodeID], by: String, at: Date) async throws -> Int {
        guard !nodes.isEmpty else { return 0 }
        return try await writer.write { db in
            try db.execute(sql: """
                UPDATE warning_relay SET acknowledged_at = ?, acknowledged_by = ?
                WHERE warning_id = ? AND acknowledged_at IS NULL AND node_id IN (\(nodes.map { _ in "?" }.joined(separator: ",")))
                """, arguments: StatementArguments(([Self.seconds(at), by, id.rawValue] as [(any DatabaseValueConvertible)?]) + nodes.map { $0.rawValue as (any DatabaseValueConvertible)? }))
            return db.changesCount
        }
    }

    static func relayRow(_ r: Row) -> WarningRelay {
        let duty: String = r["on_duty"]
        return WarningRelay(warningID: WarningID(r["warning_id"] as Int64), nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"], nodeName: r["node_name"],
                            kind: OrgNode.Kind(rawValue: r["kind"]) ?? .committee, sentAt: date(r["sent_at"])!,
                            onDuty: duty.isEmpty ? [] : duty.components(separatedBy: "、"), acknowledgedAt: date(r["acknowledged_at"]), acknowledgedBy: r["acknowledged_by"])
    }

    public func relayRows(_ id: WarningID, under path: String) async throws -> [WarningRelay] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM warning_relay WHERE warning_id = ? AND node_path >= ? AND node_path < ? ORDER BY node_path",
                             arguments: [id.rawValue, low, high]).map(Self.relayRow)
        }
    }

    public func relayCounts(_ id: WarningID, under path: String) async throws -> (relayed: Int, acknowledged: Int) {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS n, COUNT(acknowledged_at) AS a FROM warning_relay WHERE warning_id = ? AND node_path >= ? AND node_path < ?
                """, arguments: [id.rawValue, low, high])
            return (row?["n"] ?? 0, row?["a"] ?? 0)
        }
    }
}
