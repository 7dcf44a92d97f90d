public import ChengyunStore
import Foundation
import GRDB

/// 迁移 — an SQLite deployment as the source of `chengyun migrate`: each table read in batches in the order of its
/// primary key (its rowid when it has none), and the attachment contents, which live in files beside the database,
/// offered as the table `attachment_content` (hash and bytes) that a store keeping them inside has.
extension SQLiteStore: CopySource {
    /// The table of attachment contents as a store that keeps them in the database names it.
    static let attachmentContentTable = CopySourceTable(name: "attachment_content", columns: ["sha256", "bytes"], key: ["sha256"])

    public func copyIdentity() async throws -> String {
        let root = try await read { db in
            try Row.fetchOne(db, sql: "SELECT code, name FROM org_node WHERE parent_id IS NULL ORDER BY id LIMIT 1").map { "\($0["code"] as String) \($0["name"] as String)" }
        }
        guard let root else { throw CopyError("the source holds no city") }
        return "\(root) in \(pool.path)"
    }

    public func copyPartitions() async throws -> [String] {
        // Every reading still in the inbox moved into its day table first (the background move would, within seconds).
        while try await compactReadings(before: Int64.max / 2) > 0 {}
        return try await read { db in try Self.readingTableNames(db).filter { ReadingTables.span(of: $0) != nil }.sorted() }
    }

    public func copyTable(_ name: String) async throws -> CopySourceTable? {
        if name == Self.attachmentContentTable.name { return Self.attachmentContentTable }
        return try await read { db in
            guard try db.tableExists(name) else { return nil }
            let columns = try db.columns(in: name)
            let key = columns.filter { $0.primaryKeyIndex > 0 }.sorted { $0.primaryKeyIndex < $1.primaryKeyIndex }.map(\.name)
            return CopySourceTable(name: name, columns: columns.map(\.name), key: key.isEmpty ? ["rowid"] : key)
        }
    }

    public func copyCount(_ table: CopySourceTable) async throws -> Int {
        let sql = table == Self.attachmentContentTable
            ? "SELECT count(*) FROM (SELECT sha256 FROM attachment UNION SELECT sha256 FROM document)" : "SELECT count(*) FROM \(table.name.quotedDatabaseIdentifier)"
        return try await read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    public func copyRows(_ table: CopySourceTable, columns: [String], after: [CopyValue]?, limit: Int) async throws -> CopyBatch {
        if table == Self.attachmentContentTable { return try await attachmentContents(after: after, limit: limit) }
        let known = Set(table.columns)
        guard columns.allSatisfy(known.contains) else { throw CopyError("\(table.name) has no column among \(columns)") }
        let key = table.key.map { $0 == "rowid" ? "rowid" : $0.quotedDatabaseIdentifier }
        let selected = (columns.map(\.quotedDatabaseIdentifier) + key).joined(separator: ", ")
        var sql = "SELECT \(selected) FROM \(table.name.quotedDatabaseIdentifier)"
        var arguments = StatementArguments()
        if let after {
            sql += " WHERE (\(key.joined(separator: ", "))) > (\(Array(repeating: "?", count: key.count).joined(separator: ", ")))"
            arguments = StatementArguments(after.map(\.databaseValue))
        }
        sql += " ORDER BY \(key.joined(separator: ", ")) LIMIT \(limit)"
        let width = columns.count
        return try await read { [sql, arguments] db in
            var rows: [[CopyValue]] = []
            var lastKey: [CopyValue] = []
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try cursor.next() {
                let values = Array(row.databaseValues.map(CopyValue.init))
                rows.append(Array(values[..<width]))
                lastKey = Array(values[width...])
            }
            return CopyBatch(rows: rows, lastKey: lastKey)
        }
    }

    /// The distinct contents the attachments and documents name, by hash, with their bytes read from the files.
    private func attachmentContents(after: [CopyValue]?, limit: Int) async throws -> CopyBatch {
        var from = ""
        if case .text(let hash)? = after?.first { from = hash }
        let hashes = try await read { [from] db in
            try String.fetchAll(db, sql: """
                SELECT sha256 FROM attachment WHERE sha256 > ?1 UNION SELECT sha256 FROM document WHERE sha256 > ?1 ORDER BY sha256 LIMIT \(limit)
                """, arguments: [from])
        }
        let rows = try hashes.map { hash in [CopyValue.text(hash), .blob(Array(try files.read(hash)))] }
        return CopyBatch(rows: rows, lastKey: hashes.last.map { [.text($0)] } ?? [])
    }
}

extension CopyValue {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let v): self = .integer(v)
        case .double(let v): self = .real(v)
        case .string(let v): self = .text(v)
        case .blob(let v): self = .blob(Array(v))
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let v): v.databaseValue
        case .real(let v): v.databaseValue
        case .text(let v): v.databaseValue
        case .blob(let v): Data(v).databaseValue
        }
    }
}
