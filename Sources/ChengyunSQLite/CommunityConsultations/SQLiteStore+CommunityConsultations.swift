public import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

/// 三会 — topics (the open ones in a partial index), consultations and their decisions as child rows.
extension SQLiteStore {
    static func registerConsultationMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v23-community-consultations") { db in
            try db.execute(sql: """
                CREATE TABLE community_consultation (
                    id INTEGER PRIMARY KEY,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    title TEXT NOT NULL,
                    host TEXT NOT NULL,
                    scheduled_at INTEGER NOT NULL,
                    place TEXT NOT NULL,
                    status TEXT NOT NULL,
                    participants TEXT NOT NULL,
                    participant_count INTEGER NOT NULL,
                    held_at INTEGER,
                    notice TEXT,
                    published_at INTEGER,
                    surveyed INTEGER,
                    satisfied INTEGER,
                    created_by TEXT NOT NULL,
                    version INTEGER NOT NULL
                );
                CREATE INDEX community_consultation_path ON community_consultation(node_path, id);
                CREATE TABLE consultation_decision (
                    consultation_id INTEGER NOT NULL REFERENCES community_consultation(id),
                    ordinal INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    owner TEXT NOT NULL,
                    due_on TEXT NOT NULL,
                    done_at INTEGER,
                    done_note TEXT,
                    PRIMARY KEY (consultation_id, ordinal)
                ) WITHOUT ROWID;
                CREATE TABLE consultation_topic (
                    id INTEGER PRIMARY KEY,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    building_group_id INTEGER REFERENCES building_group(id),
                    text TEXT NOT NULL,
                    raised_by_id INTEGER NOT NULL,
                    raised_by TEXT NOT NULL,
                    raised_at INTEGER NOT NULL,
                    consultation_id INTEGER REFERENCES community_consultation(id)
                );
                CREATE INDEX consultation_topic_path ON consultation_topic(node_path, id);
                CREATE INDEX consultation_topic_open ON consultation_topic(node_path, id) WHERE consultation_id IS NULL;
                CREATE INDEX consultation_topic_taken ON consultation_topic(consultation_id) WHERE consultation_id IS NOT NULL;
                """)
        }
    }

    static let topicSelect = "t.*, g.name AS group_name FROM consultation_topic t LEFT JOIN building_group g ON g.id = t.building_group_id"

    static func consultationTopic(_ r: Row) -> ConsultationTopic {
        let id: Int64 = r["id"], node: Int64 = r["node_id"], byID: Int64 = r["raised_by_id"], at: Int64 = r["raised_at"]
        let group: Int64? = r["building_group_id"], consultation: Int64? = r["consultation_id"]
        return ConsultationTopic(id: ConsultationTopicID(id), nodeID: NodeID(node), nodePath: r["node_path"], buildingGroupID: group.map { BuildingGroupID($0) },
                                 buildingGroupName: r["group_name"], text: r["text"], raisedByID: UserID(byID), raisedBy: r["raised_by"], raisedAt: instant(at),
                                 consultationID: consultation.map { CommunityConsultationID($0) })
    }

    static func instant(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    static func consultations(_ db: Database, _ rows: [Row]) throws -> [CommunityConsultation] {
        let ids = jsonIDs(rows.map { $0["id"] as Int64 })
        var decisions: [Int64: [ConsultationDecision]] = [:], topics: [Int64: [ConsultationTopicID]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT * FROM consultation_decision WHERE consultation_id IN (SELECT value FROM json_each(?)) ORDER BY consultation_id, ordinal",
                                  arguments: [ids]) {
            decisions[r["consultation_id"], default: []].append(ConsultationDecision(
                ordinal: r["ordinal"], text: r["text"], owner: r["owner"], dueOn: r["due_on"], doneAt: (r["done_at"] as Int64?).map(instant), doneNote: r["done_note"]))
        }
        for r in try Row.fetchAll(db, sql: "SELECT id, consultation_id FROM consultation_topic WHERE consultation_id IN (SELECT value FROM json_each(?)) ORDER BY id",
                                  arguments: [ids]) {
            topics[r["consultation_id"], default: []].append(ConsultationTopicID(r["id"] as Int64))
        }
        return rows.map { r in
            let id: Int64 = r["id"], kind: String = r["kind"], status: String = r["status"]
            return CommunityConsultation(
                id: CommunityConsultationID(id), nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"], kind: CommunityConsultation.Kind(rawValue: kind) ?? .hearing,
                title: r["title"], host: r["host"], scheduledAt: instant(r["scheduled_at"]), place: r["place"], topicIDs: topics[id] ?? [],
                status: CommunityConsultation.Status(rawValue: status) ?? .planned, participants: r["participants"], participantCount: r["participant_count"],
                heldAt: (r["held_at"] as Int64?).map(instant), decisions: decisions[id] ?? [], notice: r["notice"], publishedAt: (r["published_at"] as Int64?).map(instant),
                surveyed: r["surveyed"], satisfied: r["satisfied"], createdBy: r["created_by"], version: r["version"])
        }
    }

    public func createConsultationTopic(_ topic: ConsultationTopic) async throws -> ConsultationTopic {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO consultation_topic (node_id, node_path, building_group_id, text, raised_by_id, raised_by, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [topic.nodeID.rawValue, topic.nodePath, topic.buildingGroupID?.rawValue, topic.text, topic.raisedByID.rawValue, topic.raisedBy,
                                 CaseRows.ms(topic.raisedAt)])
            let id = db.lastInsertedRowID
            return Self.consultationTopic(try Row.fetchOne(db, sql: "SELECT \(Self.topicSelect) WHERE t.id = ?", arguments: [id])!)
        }
    }

    public func consultationTopics(under path: String, open: Bool, limit: Int) async throws -> [ConsultationTopic] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Self.topicSelect) WHERE t.node_path >= ? AND t.node_path < ? \(open ? "AND t.consultation_id IS NULL" : "") ORDER BY t.id DESC LIMIT ?
                """, arguments: [low, high, limit]).map(Self.consultationTopic)
        }
    }

    public func consultationTopics(_ ids: [ConsultationTopicID]) async throws -> [ConsultationTopic] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.topicSelect) WHERE t.id IN (SELECT value FROM json_each(?)) ORDER BY t.id",
                             arguments: [jsonIDs(ids.map(\.rawValue))]).map(Self.consultationTopic)
        }
    }

    public func createConsultation(_ c: CommunityConsultation) async throws -> CommunityConsultation {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO community_consultation (node_id, node_path, kind, title, host, scheduled_at, place, status, participants, participant_count, created_by, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'planned', '', 0, ?, 1)
                """, arguments: [c.nodeID.rawValue, c.nodePath, c.kind.rawValue, c.title, c.host, CaseRows.ms(c.scheduledAt), c.place, c.createdBy])
            let id = db.lastInsertedRowID
            for topic in c.topicIDs {
                try db.execute(sql: "UPDATE consultation_topic SET consultation_id = ? WHERE id = ? AND consultation_id IS NULL", arguments: [id, topic.rawValue])
                guard db.changesCount == 1 else { throw ConsultationError.topicTaken(topic) }
            }
            return try Self.consultations(db, try Row.fetchAll(db, sql: "SELECT * FROM community_consultation WHERE id = ?", arguments: [id]))[0]
        }
    }

    public func consultation(_ id: CommunityConsultationID) async throws -> CommunityConsultation? {
        try await read { db in try Self.consultations(db, try Row.fetchAll(db, sql: "SELECT * FROM community_consultation WHERE id = ?", arguments: [id.rawValue])).first }
    }

    public func consultations(under path: String, before: CommunityConsultationID?, limit: Int, publishedOnly: Bool) async throws -> [CommunityConsultation] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Self.consultations(db, try Row.fetchAll(db, sql: """
                SELECT * FROM community_consultation WHERE node_path >= ? AND node_path < ? AND id < ? \(publishedOnly ? "AND status = 'published'" : "")
                ORDER BY id DESC LIMIT ?
                """, arguments: [low, high, before?.rawValue ?? Int64.max, limit]))
        }
    }

    public func updateConsultation(_ c: CommunityConsultation, expecting version: Int) async throws -> CommunityConsultation? {
        let offset = utcOffsetSeconds
        return try await writer.write { db in
            let before = try Row.fetchOne(db, sql: "SELECT node_path, held_at, participant_count FROM community_consultation WHERE id = ? AND version = ?",
                                          arguments: [c.id.rawValue, version])
            try db.execute(sql: """
                UPDATE community_consultation SET status = ?, participants = ?, participant_count = ?, held_at = ?, notice = ?, published_at = ?, surveyed = ?,
                    satisfied = ?, version = version + 1
                WHERE id = ? AND version = ?
                """, arguments: [c.status.rawValue, c.participants, c.participantCount, CaseRows.ms(c.heldAt), c.notice, CaseRows.ms(c.publishedAt), c.surveyed,
                                 c.satisfied, c.id.rawValue, version])
            guard db.changesCount == 1 else { return nil }
            // 三会 held count in the ledgers' rollups: the old share out, the new one in.
            var rollup: [LedgerRollups.Key: (lines: Int, participants: Int)] = [:]
            if let before, let held = before["held_at"] as Int64? {
                LedgerRollups.add(&rollup, path: before["node_path"], month: LedgerRollups.month(of: Self.instant(held), utcOffsetSeconds: offset),
                                  item: LedgerRollups.consultations, lines: -1, participants: -(before["participant_count"] as Int))
            }
            if let held = c.heldAt {
                LedgerRollups.add(&rollup, path: c.nodePath, month: LedgerRollups.month(of: held, utcOffsetSeconds: offset), item: LedgerRollups.consultations,
                                  lines: 1, participants: c.participantCount)
            }
            try Self.addLedgerRollups(db, rollup)
            try db.execute(sql: "DELETE FROM consultation_decision WHERE consultation_id = ?", arguments: [c.id.rawValue])
            for d in c.decisions {
                try db.execute(sql: """
                    INSERT INTO consultation_decision (consultation_id, ordinal, text, owner, due_on, done_at, done_note) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [c.id.rawValue, d.ordinal, d.text, d.owner, d.dueOn, CaseRows.ms(d.doneAt), d.doneNote])
            }
            return try Self.consultations(db, try Row.fetchAll(db, sql: "SELECT * FROM community_consultation WHERE id = ?", arguments: [c.id.rawValue])).first
        }
    }
}
