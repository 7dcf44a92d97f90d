public import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB

/// 派遣规则 — the dispatch rules (a row each, the rule as JSON with its lead department as a column) and how much each
/// dispatched (counted over `case_dispatch`).
extension SQLiteStore {
    public func rules() async throws -> [DispatchRule] {
        let rows = try await read { db in try Row.fetchAll(db, sql: "SELECT id, body FROM dispatch_rule ORDER BY id").map { ($0["id"] as Int64, $0["body"] as String) } }
        return try rows.map { id, body in
            var rule = try decode(DispatchRule.self, body)
            rule.id = RuleID(id)
            return rule
        }
    }

    public func createRule(_ rule: DispatchRule) async throws -> DispatchRule {
        let body = try encode(rule)
        let id = try await writer.write { db in
            try Self.checkRuleDepartments(db, rule)
            try db.execute(sql: "INSERT INTO dispatch_rule (lead_department_id, body) VALUES (?, ?)", arguments: [rule.leadDepartmentID.rawValue, body])
            return db.lastInsertedRowID
        }
        var created = rule
        created.id = RuleID(id)
        return created
    }

    public func updateRule(_ rule: DispatchRule) async throws {
        let body = try encode(rule)
        try await writer.write { db in
            try Self.checkRuleDepartments(db, rule)
            try db.execute(sql: "UPDATE dispatch_rule SET lead_department_id = ?, body = ? WHERE id = ?", arguments: [rule.leadDepartmentID.rawValue, body, rule.id.rawValue])
            guard db.changesCount == 1 else { throw DispatchError.ruleNotFound(rule.id) }
        }
    }

    public func deleteRule(_ id: RuleID) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM dispatch_rule WHERE id = ?", arguments: [id.rawValue])
            guard db.changesCount == 1 else { throw DispatchError.ruleNotFound(id) }
        }
    }

    static func checkRuleDepartments(_ db: Database, _ rule: DispatchRule) throws {
        for (field, d) in [("leadDepartmentId", rule.leadDepartmentID)] + rule.coHandlerIDs.enumerated().map({ ("coHandlerIds[\($0.offset)]", $0.element) }) {
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM department WHERE id = ?", arguments: [d.rawValue]) == true else {
                throw DispatchError.departmentNotFound(d, field: field)
            }
        }
    }

    public func ruleDispatchCounts(since: Date) async throws -> [RuleDispatchCount] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT rule_id, COUNT(DISTINCT CASE WHEN at >= ? THEN case_id END) AS recent, COUNT(DISTINCT case_id) AS total, MAX(at) AS last_at
                FROM case_dispatch GROUP BY rule_id ORDER BY rule_id
                """, arguments: [CaseRows.ms(since)]).map { row in
                RuleDispatchCount(ruleID: RuleID(row["rule_id"] as Int64), recent: row["recent"], total: row["total"],
                                  lastAt: CaseRows.date(row["last_at"] as Int64)!)
            }
        }
    }
}
