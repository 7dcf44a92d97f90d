public import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

/// 准入清单 — admission items with their form templates as child rows; sweeps' admission codes and staggered windows.
extension SQLiteStore {
    static func registerAdmissionMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v21-admission") { db in
            try db.execute(sql: """
                CREATE TABLE admission_item (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    guide TEXT NOT NULL,
                    stagger_minutes INTEGER NOT NULL,
                    active INTEGER NOT NULL,
                    version INTEGER NOT NULL
                );
                CREATE INDEX admission_item_path ON admission_item(node_path, code);
                CREATE TABLE admission_field (
                    item_id INTEGER NOT NULL REFERENCES admission_item(id),
                    position INTEGER NOT NULL,
                    code TEXT NOT NULL,
                    label TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    options TEXT NOT NULL,
                    required INTEGER NOT NULL,
                    PRIMARY KEY (item_id, position)
                ) WITHOUT ROWID;
                ALTER TABLE sweep ADD COLUMN admission_code TEXT;
                CREATE TABLE sweep_window (
                    sweep_id INTEGER NOT NULL REFERENCES sweep(id),
                    node_id INTEGER NOT NULL,
                    node_path TEXT NOT NULL,
                    opens_at INTEGER NOT NULL,
                    PRIMARY KEY (sweep_id, node_id)
                ) WITHOUT ROWID;
                """)
        }
    }

    static func admissionItems(_ db: Database, _ rows: [Row]) throws -> [AdmissionItem] {
        var fields: [Int64: [SweepField]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT * FROM admission_field WHERE item_id IN (SELECT value FROM json_each(?)) ORDER BY item_id, position",
                                  arguments: [jsonIDs(rows.map { $0["id"] as Int64 })]) {
            fields[r["item_id"], default: []].append(sweepField(r))
        }
        return rows.map { r in
            let id: Int64 = r["id"], kind: String = r["kind"]
            return AdmissionItem(id: AdmissionItemID(id), code: r["code"], name: r["name"], kind: AdmissionItem.Kind(rawValue: kind) ?? .sweep, nodeID: NodeID(r["node_id"] as Int64),
                                 nodePath: r["node_path"], guide: r["guide"], form: fields[id] ?? [], staggerMinutes: r["stagger_minutes"], active: r["active"],
                                 version: r["version"])
        }
    }

    /// A question of a form, from a row of `sweep_field` or `admission_field`.
    static func sweepField(_ r: Row) -> SweepField {
        let kind: String = r["kind"], options: String = r["options"]
        return SweepField(code: r["code"], label: r["label"], kind: SweepField.Kind(rawValue: kind) ?? .text,
                          options: (try? JSONDecoder().decode([String].self, from: Data(options.utf8))) ?? [], required: r["required"])
    }

    static func optionsText(_ f: SweepField) throws -> String { String(decoding: try JSONEncoder().encode(f.options), as: UTF8.self) }

    public func createAdmissionItem(_ item: AdmissionItem) async throws -> AdmissionItem {
        do {
            return try await writer.write { db in
                try db.execute(sql: """
                    INSERT INTO admission_item (code, name, kind, node_id, node_path, guide, stagger_minutes, active, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)
                    """, arguments: [item.code, item.name, item.kind.rawValue, item.nodeID.rawValue, item.nodePath, item.guide, item.staggerMinutes, item.active])
                var stored = item
                stored.id = AdmissionItemID(db.lastInsertedRowID)
                stored.version = 1
                for (i, f) in item.form.enumerated() {
                    try db.execute(sql: "INSERT INTO admission_field (item_id, position, code, label, kind, options, required) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [stored.id.rawValue, i, f.code, f.label, f.kind.rawValue, try Self.optionsText(f), f.required])
                }
                return stored
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("admission_item.code") {
            throw AdmissionError.duplicateCode(item.code)
        }
    }

    public func admissionItem(_ id: AdmissionItemID) async throws -> AdmissionItem? {
        try await read { db in try Self.admissionItems(db, try Row.fetchAll(db, sql: "SELECT * FROM admission_item WHERE id = ?", arguments: [id.rawValue])).first }
    }

    public func admissionItems(over path: String, under: Bool) async throws -> [AdmissionItem] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Self.admissionItems(db, try Row.fetchAll(db, sql: """
                SELECT * FROM admission_item WHERE substr(?, 1, length(node_path)) = node_path OR (? AND node_path >= ? AND node_path < ?) ORDER BY code
                """, arguments: [path, under, low, high]))
        }
    }

    public func setAdmissionItemActive(_ id: AdmissionItemID, _ active: Bool) async throws -> AdmissionItem? {
        try await writer.write { db in
            try db.execute(sql: "UPDATE admission_item SET active = ?, version = version + 1 WHERE id = ?", arguments: [active, id.rawValue])
            guard db.changesCount > 0 else { return nil }
            return try Self.admissionItems(db, try Row.fetchAll(db, sql: "SELECT * FROM admission_item WHERE id = ?", arguments: [id.rawValue])).first
        }
    }
}
