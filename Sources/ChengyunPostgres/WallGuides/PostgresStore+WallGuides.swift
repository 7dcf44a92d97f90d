public import ChengyunCore
public import ChengyunStore
import Foundation
import PostgresNIO

/// 指引图 — as the SQLite adapter keeps them; a guide written with arrays in three statements.
extension PostgresStore: WallGuideStore {
    static let wallGuideMigrations = [
        PostgresMigration(name: "v30-wall-guides", statements: [
            """
            CREATE TABLE wall_guide (
                node_id bigint NOT NULL REFERENCES org_node(id),
                kind text NOT NULL,
                node_path text COLLATE "C" NOT NULL,
                title text NOT NULL,
                version integer NOT NULL,
                set_by text,
                set_at bigint NOT NULL,
                PRIMARY KEY (node_id, kind)
            )
            """,
            """
            CREATE TABLE wall_guide_step (
                node_id bigint NOT NULL, kind text NOT NULL, position integer NOT NULL, title text NOT NULL, content text NOT NULL,
                responsible text, requirements text, protection text, notes text, PRIMARY KEY (node_id, kind, position)
            )
            """,
            """
            CREATE TABLE wall_guide_sign (
                node_id bigint NOT NULL, kind text NOT NULL, step integer NOT NULL, position integer NOT NULL, lang text NOT NULL, text text NOT NULL,
                PRIMARY KEY (node_id, kind, step, position)
            )
            """,
        ]),
    ]

    public func wallGuides(kind: WallGuideKind, at nodes: [NodeID]) async throws -> [WallGuide] {
        guard !nodes.isEmpty else { return [] }
        let ids = nodes.map(\.rawValue)
        let logger = logger
        return try await read { c in
            var signs: [Int64: [Int: [GuideSign]]] = [:]
            for row in try await c.rows("""
                SELECT node_id, step, lang, text FROM wall_guide_sign WHERE kind = \(kind.rawValue) AND node_id = ANY(\(ids)) ORDER BY node_id, step, position
                """, logger: logger) {
                let (node, step, lang, text) = try row.decode((Int64, Int, String, String).self)
                signs[node, default: [:]][step, default: []].append(GuideSign(lang: lang, text: text))
            }
            var steps: [Int64: [WallGuideStep]] = [:]
            for row in try await c.rows("""
                SELECT node_id, position, title, content, responsible, requirements, protection, notes FROM wall_guide_step
                WHERE kind = \(kind.rawValue) AND node_id = ANY(\(ids)) ORDER BY node_id, position
                """, logger: logger) {
                let (node, position, title, content, responsible, requirements, protection, notes)
                    = try row.decode((Int64, Int, String, String, String?, String?, String?, String?).self)
                steps[node, default: []].append(WallGuideStep(title: title, content: content, responsible: responsible, requirements: requirements,
                                                              protection: protection, notes: notes, signs: signs[node]?[position] ?? []))
            }
            return try await c.rows("""
                SELECT node_id, node_path, title, version, set_by, set_at FROM wall_guide WHERE kind = \(kind.rawValue) AND node_id = ANY(\(ids)) ORDER BY node_path
                """, logger: logger).map { row in
                let (node, path, title, version, by, at) = try row.decode((Int64, String, String, Int, String?, Int64).self)
                return WallGuide(kind: kind, nodeID: NodeID(node), nodePath: path, title: title, version: version, steps: steps[node] ?? [], setBy: by,
                                 setAt: Date(timeIntervalSince1970: Double(at) / 1000))
            }
        }
    }

    public func withdrawWallGuide(_ kind: WallGuideKind, at node: NodeID, version: Int) async throws -> Bool {
        let logger = logger
        return try await transaction { c in
            guard let current = try await c.rows("""
                SELECT version FROM wall_guide WHERE node_id = \(node.rawValue) AND kind = \(kind.rawValue) FOR UPDATE
                """, logger: logger).first?.decode(Int.self) else { return false }
            guard version == current else { throw WallGuideError.changed }
            for table in ["wall_guide_sign", "wall_guide_step", "wall_guide"] {
                try await c.rows("DELETE FROM \(unescaped: table) WHERE node_id = \(node.rawValue) AND kind = \(kind.rawValue)", logger: logger)
            }
            return true
        }
    }

    public func setWallGuide(_ guide: WallGuide, version: Int?) async throws -> WallGuide {
        guard let node = guide.nodeID?.rawValue, let path = guide.nodePath else { throw WallGuideError.level }
        let millis = Int64(((guide.setAt ?? Date()).timeIntervalSince1970 * 1000).rounded())
        let logger = logger
        let g = guide
        return try await transaction { c in
            // The node's row locked (or the first one's insert serialised by the key) so that two changes at once do not both win.
            let found = try await c.rows("SELECT version FROM wall_guide WHERE node_id = \(node) AND kind = \(g.kind.rawValue) FOR UPDATE", logger: logger)
            let current = try found.first?.decode(Int.self) ?? 0
            if let version, version != current { throw WallGuideError.changed }
            try await c.rows("DELETE FROM wall_guide_sign WHERE node_id = \(node) AND kind = \(g.kind.rawValue)", logger: logger)
            try await c.rows("DELETE FROM wall_guide_step WHERE node_id = \(node) AND kind = \(g.kind.rawValue)", logger: logger)
            try await c.rows("""
                INSERT INTO wall_guide (node_id, kind, node_path, title, version, set_by, set_at) VALUES (\(node), \(g.kind.rawValue), \(path), \(g.title), \(current + 1), \(g.setBy), \(millis))
                ON CONFLICT (node_id, kind) DO UPDATE SET title = excluded.title, version = excluded.version, set_by = excluded.set_by, set_at = excluded.set_at
                """, logger: logger)
            // Optional texts travel as '' in the arrays (they carry no NULLs) and are stored as NULL.
            try await c.rows("""
                INSERT INTO wall_guide_step (node_id, kind, position, title, content, responsible, requirements, protection, notes)
                SELECT \(node), \(g.kind.rawValue), o - 1, t, b, NULLIF(r, ''), NULLIF(q, ''), NULLIF(p, ''), NULLIF(n, '')
                FROM unnest(\(g.steps.map(\.title))::text[], \(g.steps.map(\.content))::text[], \(g.steps.map { $0.responsible ?? "" })::text[],
                            \(g.steps.map { $0.requirements ?? "" })::text[], \(g.steps.map { $0.protection ?? "" })::text[], \(g.steps.map { $0.notes ?? "" })::text[])
                    WITH ORDINALITY AS s(t, b, r, q, p, n, o)
                """, logger: logger)
            let signs = g.steps.enumerated().flatMap { i, s in s.signs.enumerated().map { j, sign in (i, j, sign) } }
            if !signs.isEmpty {
                try await c.rows("""
                    INSERT INTO wall_guide_sign (node_id, kind, step, position, lang, text)
                    SELECT \(node), \(g.kind.rawValue), s, j, l, t FROM unnest(\(signs.map { $0.0 })::integer[], \(signs.map { $0.1 })::integer[],
                        \(signs.map { $0.2.lang })::text[], \(signs.map { $0.2.text })::text[]) AS x(s, j, l, t)
                    """, logger: logger)
            }
            var stored = g
            stored.version = current + 1
            stored.setAt = Date(timeIntervalSince1970: Double(millis) / 1000)
            return stored
        }
    }
}
