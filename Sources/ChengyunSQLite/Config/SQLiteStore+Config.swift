public import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

extension SQLiteStore {
    func setting<T: Decodable>(_ key: String, as type: T.Type) async throws -> T? {
        let text = try await read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
        return try text.map { try decode(type, $0) }
    }

    func saveSetting<T: Encodable>(_ key: String, _ value: T) async throws {
        let text = try encode(value)
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [key, text])
        }
    }

    public func taxonomy() async throws -> Taxonomy? { try await setting("taxonomy", as: Taxonomy.self) }
    public func saveTaxonomy(_ taxonomy: Taxonomy) async throws { try await saveSetting("taxonomy", taxonomy) }
    public func calendar() async throws -> WorkingCalendar? { try await setting("calendar", as: WorkingCalendar.self) }
    public func saveCalendar(_ calendar: WorkingCalendar) async throws { try await saveSetting("calendar", calendar) }

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
            guard db.changesCount == 1 else { throw DomainError.notFound("rule.not_found", "Dispatch rule \(rule.id) does not exist.") }
        }
    }

    public func deleteRule(_ id: RuleID) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM dispatch_rule WHERE id = ?", arguments: [id.rawValue])
            guard db.changesCount == 1 else { throw DomainError.notFound("rule.not_found", "Dispatch rule \(id) does not exist.") }
        }
    }

    static func checkRuleDepartments(_ db: Database, _ rule: DispatchRule) throws {
        for (field, d) in [("leadDepartmentId", rule.leadDepartmentID)] + rule.coHandlerIDs.enumerated().map({ ("coHandlerIds[\($0.offset)]", $0.element) }) {
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM department WHERE id = ?", arguments: [d.rawValue]) == true else {
                throw DomainError.unprocessable("department.not_found", "Department \(d) does not exist.", field: field)
            }
        }
    }
}
