public import ChengyunCore
public import ChengyunStore
public import Foundation
import PostgresNIO

/// 派遣规则 — the dispatch rules (a row each, the rule as JSON with its lead department as a column: a city has a few
/// hundred, read whole) and how much each dispatched (counted over `case_dispatch`).
extension PostgresStore {
    public func rules() async throws -> [DispatchRule] {
        try await rows("SELECT id, body FROM dispatch_rule ORDER BY id").map { row in
            let (id, body) = try row.decode((Int64, String).self)
            var rule = try decode(DispatchRule.self, body)
            rule.id = RuleID(id)
            return rule
        }
    }

    public func createRule(_ rule: DispatchRule) async throws -> DispatchRule {
        let body = try encode(rule)
        let logger = logger
        return try await transaction { c in
            try await Self.checkRuleDepartments(c, rule, logger: logger)
            let id = try await c.rows("INSERT INTO dispatch_rule (lead_department_id, body) VALUES (\(rule.leadDepartmentID.rawValue), \(body)) RETURNING id",
                                      logger: logger)[0].decode(Int64.self)
            try await Self.announce(c, .referenceChanged, from: node, logger: logger)
            var created = rule
            created.id = RuleID(id)
            return created
        }
    }

    public func updateRule(_ rule: DispatchRule) async throws {
        let body = try encode(rule)
        let logger = logger
        try await transaction { c in
            try await Self.checkRuleDepartments(c, rule, logger: logger)
            guard !(try await c.rows("""
                UPDATE dispatch_rule SET lead_department_id = \(rule.leadDepartmentID.rawValue), body = \(body) WHERE id = \(rule.id.rawValue) RETURNING id
                """, logger: logger).isEmpty) else { throw DispatchError.ruleNotFound(rule.id) }
            try await Self.announce(c, .referenceChanged, from: node, logger: logger)
        }
    }

    public func deleteRule(_ id: RuleID) async throws {
        let logger = logger
        try await transaction { c in
            guard !(try await c.rows("DELETE FROM dispatch_rule WHERE id = \(id.rawValue) RETURNING id", logger: logger).isEmpty) else {
                throw DispatchError.ruleNotFound(id)
            }
            try await Self.announce(c, .referenceChanged, from: node, logger: logger)
        }
    }

    /// The lead and every co-handler must be departments that exist; the first missing one is named by its field.
    static func checkRuleDepartments(_ c: PostgresConnection, _ rule: DispatchRule, logger: Logger) async throws {
        let named = [("leadDepartmentId", rule.leadDepartmentID)] + rule.coHandlerIDs.enumerated().map { ("coHandlerIds[\($0.offset)]", $0.element) }
        let found = Set(try await c.rows("SELECT id FROM department WHERE id = ANY(\(named.map(\.1.rawValue)))", logger: logger).map { try $0.decode(Int64.self) })
        if let (field, missing) = named.first(where: { !found.contains($0.1.rawValue) }) {
            throw DispatchError.departmentNotFound(missing, field: field)
        }
    }

    public func ruleDispatchCounts(since: Date) async throws -> [RuleDispatchCount] {
        try await rows("""
            SELECT rule_id, count(DISTINCT case_id) FILTER (WHERE at >= \(CaseColumns.ms(since)!)), count(DISTINCT case_id), max(at)
            FROM case_dispatch GROUP BY rule_id ORDER BY rule_id
            """).map { row in
            let (rule, recent, total, last) = try row.decode((Int64, Int64, Int64, Int64).self)
            return RuleDispatchCount(ruleID: RuleID(rule), recent: Int(recent), total: Int(total), lastAt: CaseColumns.date(last)!)
        }
    }
}

extension PostgresStore: DispatchRuleStore {}
