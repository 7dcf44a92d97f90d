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
}
