import ChengyunCore
public import ChengyunStore
import Foundation
import NIOCore
import PostgresNIO

/// 迁移 — a PostgreSQL database as the target of `chengyun migrate`: its tables read from the catalogue (in the order
/// of their references), each batch streamed in with `COPY … FROM STDIN` and recorded in `copy_progress` in the same
/// transaction, so a copy stopped anywhere goes on after its last committed batch.
extension PostgresStore: CopyTarget {
    /// The secondary indexes set aside while a copy runs, to be built again at its end (after the rollups' migration).
    static let copyIndexMigrations = [
        PostgresMigration(name: "v2-copy-index", statements: [
            "CREATE TABLE copy_index (name text COLLATE \"C\" PRIMARY KEY, definition text NOT NULL)",
        ]),
    ]

    static let copyMigrations = [
        PostgresMigration(name: "v1-copy-progress", statements: [
            """
            CREATE TABLE copy_progress (
                table_name text COLLATE "C" PRIMARY KEY,
                source text NOT NULL,
                last_key text NOT NULL,
                rows bigint NOT NULL
            )
            """,
        ]),
    ]

    /// Tables of our own bookkeeping, never copied.
    static let uncopiedTables: Set<String> = ["schema_migration", "copy_progress", "copy_index"]

    public func copyTables() async throws -> [CopyTargetTable] {
        let columns = try await rows("""
            SELECT table_name::text, column_name::text, data_type::text,
                   is_nullable = 'YES' OR column_default IS NOT NULL OR is_identity = 'YES'
            FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_generated = 'NEVER'
            ORDER BY table_name, ordinal_position
            """)
        var tables: [String: [CopyTargetColumn]] = [:]
        for row in columns {
            let (table, column, type, optional) = try row.decode((String, String, String, Bool).self)
            guard !Self.uncopiedTables.contains(table) else { continue }
            guard let kind = Self.copyKind(type) else { throw CopyError("\(table).\(column) is of type \(type), which the copy does not know") }
            tables[table, default: []].append(CopyTargetColumn(name: column, kind: kind, optional: optional))
        }
        let references = try await rows("""
            SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint
            WHERE contype = 'f' AND connamespace = current_schema()::regnamespace AND conrelid <> confrelid
            """)
        var needs: [String: Set<String>] = [:]
        for row in references {
            let (table, referred) = try row.decode((String, String).self)
            needs[table, default: []].insert(referred)
        }
        // Tables in the order of their references (a table after the tables it refers to), by name among equals.
        var ordered: [CopyTargetTable] = []
        var placed: Set<String> = []
        var waiting = tables.keys.sorted()
        while !waiting.isEmpty {
            guard let next = waiting.first(where: { needs[$0, default: []].subtracting(placed).isEmpty }) else {
                throw CopyError("the references among \(waiting.joined(separator: ", ")) go round in a circle")
            }
            ordered.append(CopyTargetTable(name: next, columns: tables[next]!))
            placed.insert(next)
            waiting.removeAll { $0 == next }
        }
        return ordered
    }

    static func copyKind(_ type: String) -> CopyTargetColumn.Kind? {
        switch type {
        case "bigint", "integer", "smallint": .integer
        case "double precision", "real", "numeric": .real
        case "boolean": .boolean
        case "text", "character varying": .text
        case "timestamp with time zone": .instant
        case "bytea": .bytes
        default: nil
        }
    }

    public func copyStarted() async throws -> (source: String, positions: [String: CopyPosition])? {
        let found = try await rows("SELECT table_name, source, last_key, rows FROM copy_progress")
        guard !found.isEmpty else { return nil }
        var source = ""
        var positions: [String: CopyPosition] = [:]
        for row in found {
            let (table, from, key, count) = try row.decode((String, String, String, Int64).self)
            source = from
            positions[table] = CopyPosition(lastKey: try decode([CopyValue].self, key), rows: Int(count))
        }
        return (source, positions)
    }

    public func copyCount(_ table: String) async throws -> Int {
        Int(try await rows(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(Self.quoted(table))"))[0].decode(Int64.self))
    }

    public func copyWrite(_ table: CopyTargetTable, columns: [CopyTargetColumn], rows: [[CopyValue]], position: CopyPosition, source: String) async throws {
        var data = ByteBuffer()
        data.reserveCapacity(rows.count * 64 * max(columns.count, 1))
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { data.writeInteger(UInt8(ascii: "\t")) }
                try Self.writeCopyText(value, as: columns[index], of: table.name, into: &data)
            }
            data.writeInteger(UInt8(ascii: "\n"))
        }
        let key = try encode(position.lastKey)
        let logger = self.logger
        try await transaction { connection in
            try await connection.copyFrom(table: table.name, columns: columns.map(\.name), logger: logger) { writer in
                try await writer.write(data)
            }
            try await connection.rows("""
                INSERT INTO copy_progress (table_name, source, last_key, rows) VALUES (\(table.name), \(source), \(key), \(Int64(position.rows)))
                ON CONFLICT (table_name) DO UPDATE SET last_key = excluded.last_key, rows = excluded.rows
                """, logger: logger)
        }
    }

    /// Sets aside the secondary indexes of the copied tables (every index that backs no primary key, unique or
    /// other constraint): each batch then writes its rows and the constraints' indexes only, and `copyFinish` builds
    /// the rest once. Their definitions are kept in `copy_index`, in the transaction that drops them, so a copy
    /// stopped anywhere builds them at the end of the run that finishes it.
    public func copyPrepare() async throws {
        let logger = logger
        try await transaction { c in
            let indexes = try await c.rows("""
                SELECT i.indexname::text, i.indexdef FROM pg_indexes i
                WHERE i.schemaname = current_schema() AND NOT i.tablename = ANY(\(Array(Self.uncopiedTables)))
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
                ORDER BY i.indexname
                """, logger: logger)
            for row in indexes {
                let (name, definition) = try row.decode((String, String).self)
                try await c.rows("INSERT INTO copy_index (name, definition) VALUES (\(name), \(definition))", logger: logger)
                try await c.rows(PostgresQuery(unsafeSQL: "DROP INDEX \(Self.quoted(name))"), logger: logger)
            }
        }
    }

    public func copyCreatePartitions(_ names: [String]) async throws {
        let times = names.compactMap { ReadingTables.span(of: $0)?.start }
        guard !times.isEmpty else { return }
        let logger = logger
        try await transaction { c in try await Self.createReadingTables(c, at: times, logger: logger) }
    }

    public func copyFinish() async throws {
        // The indexes set aside, each built and struck off in its own transaction.
        for row in try await rows("SELECT name, definition FROM copy_index ORDER BY name") {
            let (name, definition) = try row.decode((String, String).self)
            let logger = logger
            try await transaction { c in
                try await c.rows(PostgresQuery(unsafeSQL: definition), logger: logger)
                try await c.rows("DELETE FROM copy_index WHERE name = \(name)", logger: logger)
            }
        }
        let identities = try await rows("""
            SELECT table_name::text, column_name::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES'
            """)
        for row in identities {
            let (table, column) = try row.decode((String, String).self)
            let name = Self.quoted(table), id = Self.quoted(column)
            // The next id follows the largest copied one (an empty table starts at 1).
            try await rows(PostgresQuery(unsafeSQL: """
                SELECT setval(pg_get_serial_sequence('\(name)', '\(column)'), coalesce((SELECT max(\(id)) FROM \(name)), 0) + 1, false)
                """))
        }
        // Statistics for the planner, and the visibility map: a table filled by COPY has none, so no index-only
        // scan (the map's covering indexes, `v4-map-covering`) could skip the heap until autovacuum came round.
        try await rows("VACUUM (ANALYZE)")
    }

    static func quoted(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// Appends one value in COPY's text format, converted to the column's kind.
    static func writeCopyText(_ value: CopyValue, as column: CopyTargetColumn, of table: String, into data: inout ByteBuffer) throws {
        func mismatch() -> CopyError { CopyError("\(table).\(column.name) cannot take \(value) as \(column.kind.rawValue)") }
        let converted: CopyValue
        switch (value, column.kind) {
        case (.null, _), (.integer, .integer), (.integer, .real), (.text, .text), (.text, .instant), (.blob, .bytes): converted = value
        case (.real(let v), .integer):
            guard let exact = Int64(exactly: v) else { throw mismatch() }
            converted = .integer(exact)
        case (.real(let v), .real):
            guard v.isFinite else { throw mismatch() }
            converted = value
        case (.integer(let v), .boolean): converted = .text(v != 0 ? "t" : "f")
        case (.integer(let v), .instant): converted = .text(instantText(Double(v)))
        case (.real(let v), .instant):
            guard v.isFinite else { throw mismatch() }
            converted = .text(instantText(v))
        case (.blob(let v), .text): converted = .text(String(decoding: v, as: UTF8.self))
        default: throw mismatch()
        }
        writeCopyText(converted, into: &data)
    }

    /// Appends one value in COPY's text format as it is (the column reads the text: `t`/`f` for a boolean).
    static func writeCopyText(_ value: CopyValue, into data: inout ByteBuffer) {
        switch value {
        case .null: data.writeStaticString("\\N")
        case .integer(let v): data.writeString(String(v))
        case .real(let v): data.writeString("\(v)")
        case .text(let v): writeEscaped(v, into: &data)
        case .blob(let v):
            data.writeStaticString("\\\\x")
            let digits = Array("0123456789abcdef".utf8)
            for byte in v {
                data.writeInteger(digits[Int(byte >> 4)])
                data.writeInteger(digits[Int(byte & 0x0f)])
            }
        }
    }

    /// Text with COPY's escapes for the backslash, tab, newline and carriage return.
    static func writeEscaped(_ text: String, into data: inout ByteBuffer) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): data.writeStaticString("\\\\")
            case UInt8(ascii: "\t"): data.writeStaticString("\\t")
            case UInt8(ascii: "\n"): data.writeStaticString("\\n")
            case UInt8(ascii: "\r"): data.writeStaticString("\\r")
            default: data.writeInteger(byte)
            }
        }
    }

    /// Seconds since 1970 as `YYYY-MM-DD HH:MM:SS.ffffff+00`, to the microsecond timestamptz keeps.
    static func instantText(_ seconds: Double) -> String {
        let micros = Int64((seconds * 1_000_000).rounded())
        var days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        if rest < 0 { rest += 86_400_000_000; days -= 1 }
        let second = rest / 1_000_000, fraction = rest % 1_000_000
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let micro = String(fraction).leftPadded(to: 6)
        return "\(LocalDate(daysSince1970: Int(days))) \(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60)).\(micro)+00"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
