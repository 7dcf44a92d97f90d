public import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

/// 指引图 — the current guide of each kind at the city and at districts, its steps and signs as rows.
extension SQLiteStore {
    static func registerWallGuideMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v34-wall-guides") { db in
            try db.execute(sql: """
                CREATE TABLE wall_guide (
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    kind TEXT NOT NULL,
                    node_path TEXT NOT NULL,
                    title TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    set_by TEXT,
                    set_at INTEGER NOT NULL,
                    PRIMARY KEY (node_id, kind)
                ) WITHOUT ROWID;
                CREATE TABLE wall_guide_step (
                    node_id INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    content TEXT NOT NULL,
                    responsible TEXT,
                    requirements TEXT,
                    protection TEXT,
                    notes TEXT,
                    PRIMARY KEY (node_id, kind, position)
                ) WITHOUT ROWID;
                CREATE TABLE wall_guide_sign (
                    node_id INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    step INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    lang TEXT NOT NULL,
                    text TEXT NOT NULL,
                    PRIMARY KEY (node_id, kind, step, position)
                ) WITHOUT ROWID;
                """)
        }
    }

    public func wallGuides(kind: WallGuideKind, at nodes: [NodeID]) async throws -> [WallGuide] {
        guard !nodes.isEmpty else { return [] }
        let ids = jsonIDs(nodes.map(\.rawValue))
        return try await read { db in
            let heads = try Row.fetchAll(db, sql: "SELECT * FROM wall_guide WHERE kind = ? AND node_id IN (SELECT value FROM json_each(?)) ORDER BY node_path",
                                         arguments: [kind.rawValue, ids])
            var signs: [Int64: [Int: [GuideSign]]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT * FROM wall_guide_sign WHERE kind = ? AND node_id IN (SELECT value FROM json_each(?)) ORDER BY node_id, step, position",
                                      arguments: [kind.rawValue, ids]) {
                signs[r["node_id"], default: [:]][r["step"], default: []].append(GuideSign(lang: r["lang"], text: r["text"]))
            }
            var steps: [Int64: [WallGuideStep]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT * FROM wall_guide_step WHERE kind = ? AND node_id IN (SELECT value FROM json_each(?)) ORDER BY node_id, position",
                                      arguments: [kind.rawValue, ids]) {
                let node: Int64 = r["node_id"], position: Int = r["position"]
                steps[node, default: []].append(WallGuideStep(title: r["title"], content: r["content"], responsible: r["responsible"], requirements: r["requirements"],
                                                              protection: r["protection"], notes: r["notes"], signs: signs[node]?[position] ?? []))
            }
            return heads.map { r in
                let node: Int64 = r["node_id"], at: Int64 = r["set_at"]
                return WallGuide(kind: kind, nodeID: NodeID(node), nodePath: r["node_path"], title: r["title"], version: r["version"], steps: steps[node] ?? [],
                                 setBy: r["set_by"], setAt: Date(timeIntervalSince1970: Double(at) / 1000))
            }
        }
    }

    public func withdrawWallGuide(_ kind: WallGuideKind, at node: NodeID, version: Int) async throws -> Bool {
        try await writer.write { db in
            guard let current = try Int.fetchOne(db, sql: "SELECT version FROM wall_guide WHERE node_id = ? AND kind = ?", arguments: [node.rawValue, kind.rawValue]) else {
                return false
            }
            guard version == current else { throw WallGuideError.changed }
            for table in ["wall_guide_sign", "wall_guide_step", "wall_guide"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE node_id = ? AND kind = ?", arguments: [node.rawValue, kind.rawValue])
            }
            return true
        }
    }

    public func setWallGuide(_ guide: WallGuide, version: Int?) async throws -> WallGuide {
        guard let node = guide.nodeID, let path = guide.nodePath else { throw WallGuideError.level }
        let at = guide.setAt ?? Date()
        return try await writer.write { db in
            let current = try Int.fetchOne(db, sql: "SELECT version FROM wall_guide WHERE node_id = ? AND kind = ?", arguments: [node.rawValue, guide.kind.rawValue]) ?? 0
            if let version, version != current { throw WallGuideError.changed }
            for table in ["wall_guide_sign", "wall_guide_step", "wall_guide"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE node_id = ? AND kind = ?", arguments: [node.rawValue, guide.kind.rawValue])
            }
            var stored = guide
            stored.version = current + 1
            stored.setAt = at
            try db.execute(sql: "INSERT INTO wall_guide (node_id, kind, node_path, title, version, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [node.rawValue, guide.kind.rawValue, path, guide.title, stored.version, guide.setBy, Int64((at.timeIntervalSince1970 * 1000).rounded())])
            for (i, s) in guide.steps.enumerated() {
                try db.execute(sql: """
                    INSERT INTO wall_guide_step (node_id, kind, position, title, content, responsible, requirements, protection, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [node.rawValue, guide.kind.rawValue, i, s.title, s.content, s.responsible, s.requirements, s.protection, s.notes])
                for (j, sign) in s.signs.enumerated() {
                    try db.execute(sql: "INSERT INTO wall_guide_sign (node_id, kind, step, position, lang, text) VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [node.rawValue, guide.kind.rawValue, i, j, sign.lang, sign.text])
                }
            }
            stored.setAt = Date(timeIntervalSince1970: Double(Int64((at.timeIntervalSince1970 * 1000).rounded())) / 1000)
            return stored
        }
    }
}
