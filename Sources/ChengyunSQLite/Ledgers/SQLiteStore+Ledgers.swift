public import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

/// 台账 — the ledgers the city and districts add (the baseline is the platform's, in code, with the ids below 100),
/// entries keyed by committee and client key, and the report's rollups kept in the same transaction as each write.
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
                CREATE TABLE ledger_rollup (
                    node_id INTEGER NOT NULL,
                    month INTEGER NOT NULL,
                    item_id INTEGER NOT NULL,
                    lines INTEGER NOT NULL,
                    participants INTEGER NOT NULL,
                    PRIMARY KEY (node_id, month, item_id)
                ) WITHOUT ROWID;
                """)
            try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('ledger_item', ?)", arguments: [LedgerItem.firstStoredID - 1])
        }
    }

    /// 更正 / 撤回: an entry's version, its last correction and its withdrawal (kept, out of the lists and the report).
    static func registerLedgerCorrectionMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v41-ledger-corrections") { db in
            try db.execute(sql: """
                ALTER TABLE ledger_entry ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
                ALTER TABLE ledger_entry ADD COLUMN corrected_at INTEGER;
                ALTER TABLE ledger_entry ADD COLUMN corrected_by TEXT;
                ALTER TABLE ledger_entry ADD COLUMN withdrawn_at INTEGER;
                ALTER TABLE ledger_entry ADD COLUMN withdrawn_by TEXT;
                ALTER TABLE ledger_entry ADD COLUMN withdraw_reason TEXT;
                """)
        }
    }

    static func ledgerItem(_ r: Row) -> LedgerItem {
        let node: Int64? = r["node_id"], kind: String = r["kind"], source: String = r["source"]
        return LedgerItem(id: LedgerItemID(r["id"] as Int64), code: r["code"], name: r["name"], kind: LedgerItem.Kind(rawValue: kind) ?? .activity,
                          source: LedgerItem.Source(rawValue: source) ?? .entries, nodeID: node.map { NodeID($0) }, nodePath: r["node_path"], guide: r["guide"],
                          active: r["active"], version: r["version"])
    }

    static func ledgerEntry(_ r: Row) -> LedgerEntry {
        let origin: String = r["origin"], by: Int64? = r["recorded_by_id"], corrected: Int64? = r["corrected_at"], withdrawn: Int64? = r["withdrawn_at"]
        return LedgerEntry(id: LedgerEntryID(r["id"] as Int64), itemID: LedgerItemID(r["item_id"] as Int64), nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"],
                           day: LocalDate(daysSince1970: r["day"]), title: r["title"], place: r["place"], participants: r["participants"], content: r["content"],
                           recordedByID: by.map { UserID($0) }, recordedBy: r["recorded_by"], recordedAt: instant(r["recorded_at"]), clientKey: r["client_key"],
                           origin: LedgerEntry.Origin(rawValue: origin) ?? .typed, version: r["version"], correctedAt: corrected.map(instant), correctedBy: r["corrected_by"],
                           withdrawnAt: withdrawn.map(instant), withdrawnBy: r["withdrawn_by"], withdrawReason: r["withdraw_reason"])
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
                if created {
                    var rollup: [LedgerRollups.Key: (lines: Int, participants: Int)] = [:]
                    LedgerRollups.add(&rollup, path: e.nodePath, month: LedgerRollups.month(e.day), item: e.itemID, lines: 1, participants: e.participants ?? 0)
                    try Self.addLedgerRollups(db, rollup)
                }
                let row = try Row.fetchOne(db, sql: "SELECT * FROM ledger_entry WHERE node_id = ? AND client_key = ?", arguments: [e.nodeID.rawValue, e.clientKey])
                out.append((row.map(Self.ledgerEntry) ?? e, created))
            }
            return out
        }
    }

    public func ledgerEntry(_ id: LedgerEntryID) async throws -> LedgerEntry? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM ledger_entry WHERE id = ?", arguments: [id.rawValue]).map(Self.ledgerEntry) }
    }

    public func reviseLedgerEntry(_ id: LedgerEntryID, version: Int, to e: LedgerEntry) async throws -> LedgerEntry? {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM ledger_entry WHERE id = ?", arguments: [id.rawValue]) else { return nil }
            let before = Self.ledgerEntry(row)
            guard before.version == version, before.withdrawnAt == nil else { return nil }
            try db.execute(sql: """
                UPDATE ledger_entry SET day = ?, title = ?, place = ?, participants = ?, content = ?, corrected_at = ?, corrected_by = ?, withdrawn_at = ?, withdrawn_by = ?,
                    withdraw_reason = ?, version = version + 1 WHERE id = ?
                """, arguments: [e.day.daysSince1970, e.title, e.place, e.participants, e.content, CaseRows.ms(e.correctedAt), e.correctedBy, CaseRows.ms(e.withdrawnAt),
                                 e.withdrawnBy, e.withdrawReason, id.rawValue])
            let after = Self.ledgerEntry(try Row.fetchOne(db, sql: "SELECT * FROM ledger_entry WHERE id = ?", arguments: [id.rawValue])!)
            try Self.addLedgerRollups(db, LedgerRollups.revision(before: before, after: after))
            try Self.keepLedgerVersion(db, before: before, after: after)
            return after
        }
    }

    public func ledgerEntries(under path: String, item: LedgerItemID?, days: Range<Int>, after: LedgerEntry.Cursor?, limit: Int) async throws -> [LedgerEntry] {
        let (low, high) = Self.pathRange(path)
        let (afterDay, afterID) = (after?.day ?? Int.max, after?.id.rawValue ?? Int64.max)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM ledger_entry WHERE node_path >= ? AND node_path < ? AND day >= ? AND day < ? AND (? IS NULL OR item_id = ?)
                  AND (day < ? OR (day = ? AND id < ?)) AND withdrawn_at IS NULL
                ORDER BY day DESC, id DESC LIMIT ?
                """, arguments: [low, high, days.lowerBound, days.upperBound, item?.rawValue, item?.rawValue, afterDay, afterDay, afterID, limit]).map(Self.ledgerEntry)
        }
    }

    /// Adds to the ledger rollups (a row per node, month and ledger).
    static func addLedgerRollups(_ db: Database, _ rows: [LedgerRollups.Key: (lines: Int, participants: Int)]) throws {
        for (key, value) in rows where value.lines != 0 || value.participants != 0 {
            try db.execute(sql: """
                INSERT INTO ledger_rollup (node_id, month, item_id, lines, participants) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (node_id, month, item_id) DO UPDATE SET lines = lines + excluded.lines, participants = participants + excluded.participants
                """, arguments: [key.node, key.month, key.item, value.lines, value.participants])
        }
    }

    public func ledgerRollups(nodes: [NodeID], month: Int) async throws -> [NodeID: LedgerTally] {
        let ids = jsonIDs(nodes.map(\.rawValue))
        return try await read { db in
            LedgerRollups.tallies(try Row.fetchAll(db, sql: """
                SELECT node_id, item_id, lines, participants FROM ledger_rollup WHERE node_id IN (SELECT value FROM json_each(?)) AND month = ?
                """, arguments: [ids, month]).map { ($0[0], $0[1], $0[2], $0[3]) })
        }
    }

    public func countLedgerRollups() async throws {
        let offset = utcOffsetSeconds
        try await writer.write { db in
            guard try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [LedgerRollups.offsetSetting]) != String(offset) else { return }
            try db.execute(sql: "DELETE FROM ledger_rollup")
            var rows: [LedgerRollups.Key: (lines: Int, participants: Int)] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT node_path, day, item_id, COUNT(*), SUM(COALESCE(participants, 0)) FROM ledger_entry WHERE withdrawn_at IS NULL GROUP BY node_path, day, item_id
                """) {
                LedgerRollups.add(&rows, path: r[0], month: LedgerRollups.month(LocalDate(daysSince1970: r[1])), item: LedgerItemID(r[2] as Int64), lines: r[3], participants: r[4])
            }
            // Times as days of the city: 三会 in milliseconds, sweep results in seconds.
            for r in try Row.fetchAll(db, sql: """
                SELECT node_path, (held_at / 1000 + ?) / 86400 AS d, COUNT(*), SUM(participant_count) FROM community_consultation WHERE held_at IS NOT NULL GROUP BY node_path, d
                """, arguments: [offset]) {
                LedgerRollups.add(&rows, path: r[0], month: LedgerRollups.month(LocalDate(daysSince1970: r[1])), item: LedgerRollups.consultations, lines: r[2], participants: r[3])
            }
            for r in try Row.fetchAll(db, sql: """
                SELECT node_path, (taken_at + ?) / 86400 AS d, COUNT(*) FROM sweep_result WHERE method = 'visit' GROUP BY node_path, d
                """, arguments: [offset]) {
                LedgerRollups.add(&rows, path: r[0], month: LedgerRollups.month(LocalDate(daysSince1970: r[1])), item: LedgerRollups.visits, lines: r[2], participants: 0)
            }
            for r in try Row.fetchAll(db, sql: """
                SELECT t.node_path, (c.confirmed_at / 1000 + ?) / 86400 AS d, COUNT(*), SUM(COALESCE(c.minutes, 0)) FROM task_claim c JOIN volunteer_task t ON t.id = c.task_id
                WHERE c.confirmed_at IS NOT NULL GROUP BY t.node_path, d
                """, arguments: [offset]) {
                LedgerRollups.add(&rows, path: r[0], month: LedgerRollups.month(LocalDate(daysSince1970: r[1])), item: LedgerRollups.volunteerServices, lines: r[2],
                                  participants: r[3])
            }
            try Self.addLedgerRollups(db, rows)
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           arguments: [LedgerRollups.offsetSetting, String(offset)])
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
