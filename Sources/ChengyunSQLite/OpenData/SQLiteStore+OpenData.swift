import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB

extension SQLiteStore {
    static func registerOpenDataMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v4-open-data") { db in
            try db.execute(sql: """
                -- The open case counts group a period's cases by day, district and major class: an index that covers the
                -- query, so the scan reads no table rows (their JSON bodies make them large).
                CREATE INDEX case_open_data ON case_record(reported_at, node_path, category_id, state);
                -- 派遣规则审查: which rule dispatched which case, one row per dispatch event. No foreign key to the rule:
                -- a deleted rule keeps its history.
                CREATE TABLE case_dispatch (
                    event_id INTEGER PRIMARY KEY REFERENCES case_event(id) ON DELETE CASCADE,
                    case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                    rule_id INTEGER NOT NULL,
                    at REAL NOT NULL
                );
                CREATE INDEX case_dispatch_rule ON case_dispatch(rule_id, at, case_id);
                CREATE INDEX case_dispatch_case ON case_dispatch(case_id);
                -- Written in the transaction that appends the dispatch event (the use case records the rule's id in the
                -- event as `ruleId`), whichever write path appends it.
                CREATE TRIGGER case_dispatch_record AFTER INSERT ON case_event
                WHEN NEW.action = 'dispatch' AND json_extract(NEW.body, '$.detail.ruleId') IS NOT NULL
                BEGIN
                    INSERT INTO case_dispatch (event_id, case_id, rule_id, at)
                    VALUES (NEW.id, NEW.case_id, CAST(json_extract(NEW.body, '$.detail.ruleId') AS INTEGER), NEW.at);
                END;
                -- The dispatches recorded before this migration.
                INSERT INTO case_dispatch (event_id, case_id, rule_id, at)
                SELECT id, case_id, CAST(json_extract(body, '$.detail.ruleId') AS INTEGER), at FROM case_event
                WHERE action = 'dispatch' AND json_extract(body, '$.detail.ruleId') IS NOT NULL;
                """)
        }
    }

    /// The district of a node path is its first two levels: `/1/4/17/203/` → `/1/4/`.
    static let districtOfPath = """
        substr(node_path, 1, instr(substr(node_path, instr(substr(node_path, 2), '/') + 2), '/') + instr(substr(node_path, 2), '/') + 1)
        """

    public func caseCounts(from: Date, to: Date, utcOffsetSeconds: Int) async throws -> [CaseCountRow] {
        let sql = """
            SELECT g.day, d.id AS district_id, g.major, g.reported, g.closed FROM (
                SELECT (reported_at / 1000 + ?) / 86400 AS day, \(Self.districtOfPath) AS district,
                       substr(category_id, 1, length(category_id) - 2) AS major,
                       COUNT(*) AS reported, SUM(state IN ('closed', 'rated')) AS closed
                FROM case_record WHERE reported_at >= ? AND reported_at < ?
                GROUP BY day, district, major
            ) g JOIN org_node d ON d.kind = 'district' AND d.path = g.district
            ORDER BY g.day, d.path, g.major
            """
        let arguments: StatementArguments = [utcOffsetSeconds, CaseRows.ms(from), CaseRows.ms(to)]
        return try await read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                CaseCountRow(day: LocalDate(daysSince1970: row["day"]), districtID: NodeID(row["district_id"] as Int64), majorClass: row["major"],
                             reported: row["reported"], closed: row["closed"])
            }
        }
    }
}
