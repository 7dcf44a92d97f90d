public import ChengyunCore
import ChengyunStore
public import Foundation
import GRDB

/// 台账 — the ledgers the city and districts add (the baseline is the platform's, in code, with the ids below 100),
/// entries keyed by committee and client key, and the report's counts: grouped reads by committee path from partial indexes, the cases from the KPI rollups.
extension SQLiteStore {
    static func registerLedgerMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v25-ledgers") { db in
            try db.execute(sql: """
                CREATE TABLE ledger_item (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    source TEXT NOT NULL,
                    node_id INTEGER REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    guide TEXT NOT NULL,
                    active INTEGER NOT NULL,
                    version INTEGER NOT NULL
                );
                CREATE INDEX ledger_item_path ON ledger_item(node_path, code);
                CREATE TABLE ledger_entry (
                    id INTEGER PRIMARY KEY,
                    item_id INTEGER NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    day INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    place TEXT NOT NULL,
                    participants INTEGER,
                    content TEXT NOT NULL,
                    recorded_by_id INTEGER,
                    recorded_by TEXT NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    client_key TEXT NOT NULL,
                    origin TEXT NOT NULL,
                    UNIQUE (node_id, client_key)
                );
                CREATE INDEX ledger_entry_path ON ledger_entry(node_path, day, id);
                CREATE INDEX community_consultation_held ON community_consultation(node_path, held_at) WHERE held_at IS NOT NULL;
                CREATE INDEX sweep_result_visit ON sweep_result(node_path, taken_at) WHERE method = 'visit';
                """)
            try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('ledger_item', ?)", arguments: [LedgerItem.firstStoredID - 1])
        }
    }

    static func ledgerItem(_ r: Row) -> LedgerItem {
        let node: Int64? = r["node_id"], kind: String = r["kind"], source: String = r["source"]
        return LedgerItem(id: LedgerItemID(r["id"] as Int64), code: r["code"], name: r["name"], kind: LedgerItem.Kind(rawValue: kind) ?? .activity,
                          source: LedgerItem.Source(rawValue: source) ?? .entries, nodeID: node.map { NodeID($0) }, nodePath: r["node_path"], guide: r["guide"],
                          active: r["active"], version: r["version"])
    }

    static func ledgerEntry(_ r: Row) -> LedgerEntry {
        let origin: String = r["origin"], by: Int64? = r["recorded_by_id"]
        return LedgerEntry(id: LedgerEntryID(r["id"] as Int64), itemID: LedgerItemID(r["item_id"] as Int64), nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"],
                           day: LocalDate(daysSince1970: r["day"]), title: r["title"], place: r["place"], participants: r["participants"], content: r["content"],
                           recordedByID: by.map { UserID($0) }, recordedBy: r["recorded_by"], recordedAt: instant(r["recorded_at"]), clientKey: r["client_key"],
                           origin: LedgerEntry.Origin(rawValue: origin) ?? .typed)
    }

    public func createLedgerItem(_ item: LedgerItem) async throws -> LedgerItem {
        do {
            return try await writer.write { db in
                try db.execute(sql: "INSERT INTO ledger_item (code, name, kind, source, node_id, node_path, guide, active, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                               arguments: [item.code, item.name, item.kind.rawValue, item.source.rawValue, item.nodeID?.rawValue, item.nodePath, item.guide, item.active])
                var stored = item
                stored.id = LedgerItemID(db.lastInsertedRowID)
                stored.version = 1
                return stored
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("ledger_item.code") {
            throw LedgerError.duplicateCode(item.code)
        }
    }

    public func ledgerItem(_ id: LedgerItemID) async throws -> LedgerItem? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM ledger_item WHERE id = ?", arguments: [id.rawValue]).map(Self.ledgerItem) }
    }

    public func ledgerItems(over path: String, under: Bool) async throws -> [LedgerItem] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM ledger_item WHERE substr(?, 1, length(node_path)) = node_path OR (? AND node_path >= ? AND node_path < ?) ORDER BY code
                """, arguments: [path, under, low, high]).map(Self.ledgerItem)
        }
    }

    public func setLedgerItemActive(_ id: LedgerItemID, _ active: Bool) async throws -> LedgerItem? {
        try await writer.write { db in
            try db.execute(sql: "UPDATE ledger_item SET active = ?, version = version + 1 WHERE id = ?", arguments: [active, id.rawValue])
            guard db.changesCount > 0 else { return nil }
            return try Row.fetchOne(db, sql: "SELECT * FROM ledger_item WHERE id = ?", arguments: [id.rawValue]).map(Self.ledgerItem)
        }
    }

    public func addLedgerEntries(_ entries: [LedgerEntry]) async throws -> [(entry: LedgerEntry, created: Bool)] {
        try await writer.write { db in
            var out: [(entry: LedgerEntry, created: Bool)] = []
            for e in entries {
                try db.execute(sql: """
                    INSERT INTO ledger_entry (item_id, node_id, node_path, day, title, place, participants, content, recorded_by_id, recorded_by, recorded_at, client_key, origin)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node_id, client_key) DO NOTHING
                    """, arguments: [e.itemID.rawValue, e.nodeID.rawValue, e.nodePath, e.day.daysSince1970, e.title, e.place, e.participants, e.content,
                                     e.recordedByID?.rawValue, e.recordedBy, CaseRows.ms(e.recordedAt), e.clientKey, e.origin.rawValue])
                let created = db.changesCount > 0
                let row = try Row.fetchOne(db, sql: "SELECT * FROM ledger_entry WHERE node_id = ? AND client_key = ?", arguments: [e.nodeID.rawValue, e.clientKey])
                out.append((row.map(Self.ledgerEntry) ?? e, created))
            }
            return out
        }
    }

    public func ledgerEntries(under path: String, item: LedgerItemID?, days: Range<Int>, after: LedgerEntry?, limit: Int) async throws -> [LedgerEntry] {
        let (low, high) = Self.pathRange(path)
        let (afterDay, afterID) = (after?.day.daysSince1970 ?? Int.max, after?.id.rawValue ?? Int64.max)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM ledger_entry WHERE node_path >= ? AND node_path < ? AND day >= ? AND day < ? AND (? IS NULL OR item_id = ?)
                  AND (day < ? OR (day = ? AND id < ?))
                ORDER BY day DESC, id DESC LIMIT ?
                """, arguments: [low, high, days.lowerBound, days.upperBound, item?.rawValue, item?.rawValue, afterDay, afterDay, afterID, limit]).map(Self.ledgerEntry)
        }
    }

    public func ledgerTallies(under path: String, from: Date, to: Date, days: Range<Int>) async throws -> [String: LedgerTally] {
        let (low, high) = Self.pathRange(path)
        let (f, t) = (CaseRows.ms(from), CaseRows.ms(to))
        return try await read { db in
            var out: [String: LedgerTally] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT node_path, COUNT(*), SUM(participant_count) FROM community_consultation INDEXED BY community_consultation_held
                WHERE held_at IS NOT NULL AND node_path >= ? AND node_path < ? AND held_at >= ? AND held_at < ? GROUP BY node_path
                """, arguments: [low, high, f, t]) {
                out[r[0], default: LedgerTally()].consultations = r[1]
                out[r[0], default: LedgerTally()].consultationParticipants = r[2]
            }
            // A sweep's results are timed in whole seconds.
            for r in try Row.fetchAll(db, sql: """
                SELECT node_path, COUNT(*) FROM sweep_result INDEXED BY sweep_result_visit
                WHERE method = 'visit' AND node_path >= ? AND node_path < ? AND taken_at >= ? AND taken_at < ? GROUP BY node_path
                """, arguments: [low, high, Int64(from.timeIntervalSince1970.rounded(.up)), Int64(to.timeIntervalSince1970.rounded(.up))]) {
                out[r[0], default: LedgerTally()].visits = r[1]
            }
            for r in try Row.fetchAll(db, sql: """
                SELECT node_path, item_id, COUNT(*), SUM(COALESCE(participants, 0)) FROM ledger_entry
                WHERE node_path >= ? AND node_path < ? AND day >= ? AND day < ? GROUP BY node_path, item_id
                """, arguments: [low, high, days.lowerBound, days.upperBound]) {
                let item = LedgerItemID(r[1] as Int64)
                out[r[0], default: LedgerTally()].entries[item] = r[2]
                out[r[0], default: LedgerTally()].entryParticipants[item] = r[3]
            }
            return out
        }
    }

    public func caseDayCounts(nodes: [NodeID], days: Range<Int>) async throws -> [NodeID: (reported: Int, closed: Int)] {
        let ids = jsonIDs(nodes.map(\.rawValue))
        return try await read { db in
            var out: [NodeID: (reported: Int, closed: Int)] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT node_id, SUM(reported), SUM(closed_on) FROM case_rollup_node WHERE node_id IN (SELECT value FROM json_each(?)) AND day >= ? AND day < ? GROUP BY node_id
                """, arguments: [ids, days.lowerBound, days.upperBound]) {
                out[NodeID(r[0] as Int64)] = (r[1], r[2])
            }
            return out
        }
    }
}
