public import ChengyunCore
import ChengyunStore
public import Foundation
import GRDB

/// 指令 — instructions (typed columns, their targets as child rows) and one receipt per node; times in whole seconds.
extension SQLiteStore {
    static func registerInstructionMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v16-instructions") { db in
            try db.execute(sql: """
                CREATE TABLE instruction (
                    id INTEGER PRIMARY KEY,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    node_name TEXT NOT NULL,
                    title TEXT NOT NULL,
                    text TEXT NOT NULL,
                    acknowledge_minutes INTEGER NOT NULL,
                    warning_id INTEGER REFERENCES warning(id),
                    issued_by TEXT NOT NULL,
                    issued_at INTEGER NOT NULL
                );
                CREATE INDEX instruction_path ON instruction(node_path, id);
                CREATE TABLE instruction_target (
                    instruction_id INTEGER NOT NULL REFERENCES instruction(id),
                    position INTEGER NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    PRIMARY KEY (instruction_id, position)
                ) WITHOUT ROWID;
                CREATE TABLE instruction_receipt (
                    instruction_id INTEGER NOT NULL REFERENCES instruction(id),
                    node_path TEXT NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    sent_at INTEGER NOT NULL,
                    due_at INTEGER NOT NULL,
                    on_duty TEXT NOT NULL,
                    acknowledged_at INTEGER,
                    acknowledged_by TEXT,
                    reply TEXT,
                    escalated_at INTEGER,
                    PRIMARY KEY (instruction_id, node_path)
                ) WITHOUT ROWID;
                CREATE INDEX instruction_receipt_path ON instruction_receipt(node_path, instruction_id);
                CREATE INDEX instruction_receipt_due ON instruction_receipt(due_at) WHERE acknowledged_at IS NULL AND escalated_at IS NULL;
                """)
        }
    }

    static func instructionRow(_ r: Row, targets: [Int64: [NodeID]]) -> Instruction {
        let id: Int64 = r["id"], at: Int64 = r["issued_at"], warning: Int64? = r["warning_id"]
        return Instruction(id: InstructionID(id), nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"], nodeName: r["node_name"], title: r["title"],
                           text: r["text"], targetIDs: targets[id] ?? [], acknowledgeMinutes: r["acknowledge_minutes"], warningID: warning.map { WarningID($0) },
                           issuedBy: r["issued_by"], issuedAt: Date(timeIntervalSince1970: Double(at)))
    }

    static func receiptRow(_ r: Row) -> InstructionReceipt {
        func date(_ c: String) -> Date? { (r[c] as Int64?).map { Date(timeIntervalSince1970: Double($0)) } }
        let duty: String = r["on_duty"], kind: String = r["kind"]
        return InstructionReceipt(instructionID: InstructionID(r["instruction_id"] as Int64), nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"],
                                  nodeName: r["node_name"], kind: OrgNode.Kind(rawValue: kind) ?? .committee, sentAt: date("sent_at")!, dueAt: date("due_at")!,
                                  onDuty: duty.isEmpty ? [] : duty.components(separatedBy: "、"), acknowledgedAt: date("acknowledged_at"),
                                  acknowledgedBy: r["acknowledged_by"], reply: r["reply"], escalatedAt: date("escalated_at"))
    }

    static func instructionTargets(_ db: Database, _ ids: [Int64]) throws -> [Int64: [NodeID]] {
        var out: [Int64: [NodeID]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT instruction_id, node_id FROM instruction_target WHERE instruction_id IN (SELECT value FROM json_each(?)) ORDER BY instruction_id, position",
                                  arguments: [jsonIDs(ids)]) {
            out[r[0] as Int64, default: []].append(NodeID(r[1] as Int64))
        }
        return out
    }

    public func createInstruction(_ i: Instruction, receipts: [InstructionReceipt]) async throws -> Instruction {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO instruction (node_id, node_path, node_name, title, text, acknowledge_minutes, warning_id, issued_by, issued_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [i.nodeID.rawValue, i.nodePath, i.nodeName, i.title, i.text, i.acknowledgeMinutes, i.warningID?.rawValue, i.issuedBy,
                                 Self.seconds(i.issuedAt)])
            var stored = i
            stored.id = InstructionID(db.lastInsertedRowID)
            for (n, target) in i.targetIDs.enumerated() {
                try db.execute(sql: "INSERT INTO instruction_target (instruction_id, position, node_id) VALUES (?, ?, ?)", arguments: [stored.id.rawValue, n, target.rawValue])
            }
            let insert = try db.cachedStatement(sql: """
                INSERT INTO instruction_receipt (instruction_id, node_path, node_id, node_name, kind, sent_at, due_at, on_duty) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for r in receipts {
                try insert.execute(arguments: [stored.id.rawValue, r.nodePath, r.nodeID.rawValue, r.nodeName, r.kind.rawValue, Self.seconds(r.sentAt),
                                               Self.seconds(r.dueAt), r.onDuty.joined(separator: "、")])
            }
            return stored
        }
    }

    public func instruction(_ id: InstructionID) async throws -> Instruction? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM instruction WHERE id = ?", arguments: [id.rawValue]) else { return nil }
            return Self.instructionRow(row, targets: try Self.instructionTargets(db, [id.rawValue]))
        }
    }

    public func instructions(touching path: String, before: InstructionID?, limit: Int) async throws -> [Instruction] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM instruction WHERE id < ? AND (
                    (node_path >= ? AND node_path < ?)
                    OR id IN (SELECT instruction_id FROM instruction_receipt WHERE node_path >= ? AND node_path < ? AND instruction_id < ?))
                ORDER BY id DESC LIMIT ?
                """, arguments: [before?.rawValue ?? Int64.max, low, high, low, high, before?.rawValue ?? Int64.max, limit])
            let targets = try Self.instructionTargets(db, rows.map { $0["id"] as Int64 })
            return rows.map { Self.instructionRow($0, targets: targets) }
        }
    }

    public func receipts(of id: InstructionID, under path: String) async throws -> [InstructionReceipt] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM instruction_receipt WHERE instruction_id = ? AND node_path >= ? AND node_path < ? ORDER BY node_path",
                             arguments: [id.rawValue, low, high]).map(Self.receiptRow)
        }
    }

    public func acknowledgeInstruction(_ id: InstructionID, nodes: [NodeID], by: String, reply: String?, at: Date) async throws -> Int {
        guard !nodes.isEmpty else { return 0 }
        return try await writer.write { db in
            try db.execute(sql: """
                UPDATE instruction_receipt SET acknowledged_at = ?, acknowledged_by = ?, reply = ?
                WHERE instruction_id = ? AND acknowledged_at IS NULL AND node_id IN (SELECT value FROM json_each(?))
                """, arguments: [Self.seconds(at), by, reply, id.rawValue, jsonIDs(nodes.map(\.rawValue))])
            return db.changesCount
        }
    }

    public func escalateOverdueReceipts(now: Date, limit: Int) async throws -> [InstructionReceipt] {
        try await writer.write { db in
            let due = try Row.fetchAll(db, sql: """
                SELECT * FROM instruction_receipt WHERE acknowledged_at IS NULL AND escalated_at IS NULL AND due_at < ? ORDER BY due_at LIMIT ?
                """, arguments: [Self.seconds(now), limit]).map(Self.receiptRow)
            for r in due {
                try db.execute(sql: "UPDATE instruction_receipt SET escalated_at = ? WHERE instruction_id = ? AND node_path = ?",
                               arguments: [Self.seconds(now), r.instructionID.rawValue, r.nodePath])
            }
            return due.map { var r = $0; r.escalatedAt = Date(timeIntervalSince1970: Double(Self.seconds(now))); return r }
        }
    }
}
