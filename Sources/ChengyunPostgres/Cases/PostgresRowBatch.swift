import ChengyunCore
import ChengyunStore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Rows of several tables on their way in, with the statements that go with them (the rollups, the outbox) and what
/// the write selects at its end (a notification). A few rows — one case's write — go in one statement: a
/// data-modifying CTE per table reading its rows from one JSON parameter (`jsonb_populate_recordset`), one round trip
/// however many tables. Many rows — a bulk import — are streamed with one `COPY … FROM STDIN` per table, then the rest
/// in one statement. Tables are written in the order their first row was added (a table after those it refers to;
/// within one statement the references are checked at its end).
struct PostgresRowBatch {
    private var order: [String] = []
    private var tables: [String: (columns: [String], rows: [[CaseColumns.Value]])] = [:]
    private var rowCount = 0
    private var statements: [(inout SQLBuilder) -> [String]] = []
    private var selects: [(inout SQLBuilder) -> String] = []

    /// Rows up to which one statement carries them all.
    static let statementRows = 2_000

    /// Adds a row of `values` (in the order of `columns`) to `table`.
    mutating func add(_ table: String, _ columns: [String], _ values: [CaseColumns.Value]) {
        if tables[table] == nil {
            order.append(table)
            tables[table] = (columns, [])
        }
        tables[table]!.rows.append(values)
        rowCount += 1
    }

    /// Adds `other`'s rows after these (its tables after these tables).
    mutating func append(_ other: PostgresRowBatch) {
        for table in other.order {
            let (columns, rows) = other.tables[table]!
            for row in rows { add(table, columns, row) }
        }
    }

    /// Data-modifying statements written after the rows (built with the write's placeholders).
    mutating func also(_ statement: @escaping (inout SQLBuilder) -> [String]) { statements.append(statement) }

    /// An expression the write selects at its end (`pg_notify(…)`), evaluated once the rows are in.
    mutating func select(_ expression: @escaping (inout SQLBuilder) -> String) { selects.append(expression) }

    /// Writes everything in the caller's transaction.
    func write(_ c: PostgresConnection, logger: Logger) async throws {
        var q = SQLBuilder()
        var parts: [String] = []
        if rowCount <= Self.statementRows {
            if !order.isEmpty {
                let json = q.bind(jsonText())
                for table in order {
                    let columns = tables[table]!.columns.joined(separator: ", ")
                    parts.append("INSERT INTO \(table) (\(columns)) SELECT \(columns) FROM jsonb_populate_recordset(NULL::\(table), \(json)::jsonb -> '\(table)')")
                }
            }
        } else {
            for table in order {
                let (columns, rows) = tables[table]!
                var data = ByteBuffer()
                for row in rows { Self.appendCopyText(row, to: &data) }
                try await c.copyFrom(table: table, columns: columns, logger: logger) { writer in try await writer.write(data) }
            }
        }
        for statement in statements { parts += statement(&q) }
        let selected = selects.map { $0(&q) }
        guard !parts.isEmpty || !selected.isEmpty else { return }
        let with = parts.isEmpty ? "" : "WITH " + parts.enumerated().map { "w\($0.offset) AS (\($0.element))" }.joined(separator: ", ") + " "
        q.append(with + "SELECT " + (selected.isEmpty ? "1" : selected.joined(separator: ", ")))
        try await c.rows(q.query, logger: logger)
    }

    /// The rows as `{"table": [{"column": value, …}, …], …}`.
    private func jsonText() -> String {
        var out = "{"
        for (t, table) in order.enumerated() {
            if t > 0 { out += "," }
            let (columns, rows) = tables[table]!
            out += "\"\(table)\":["
            for (r, row) in rows.enumerated() {
                out += r > 0 ? ",{" : "{"
                for (i, value) in row.enumerated() {
                    if i > 0 { out += "," }
                    out += "\"\(columns[i])\":"
                    switch value {
                    case .integer(let v): out += v.map { String($0) } ?? "null"
                    case .real(let v): out += v.map { "\($0)" } ?? "null"
                    case .flag(let v): out += v ? "true" : "false"
                    case .text(let v): out += v.map(JSONText.quoted) ?? "null"
                    }
                }
                out += "}"
            }
            out += "]"
        }
        return out + "}"
    }

    /// A row in COPY's text format.
    static func appendCopyText(_ row: [CaseColumns.Value], to data: inout ByteBuffer) {
        for (index, value) in row.enumerated() {
            if index > 0 { data.writeInteger(UInt8(ascii: "\t")) }
            let copied: CopyValue = switch value {
            case .integer(let v): v.map(CopyValue.integer) ?? .null
            case .real(let v): v.map(CopyValue.real) ?? .null
            case .text(let v): v.map(CopyValue.text) ?? .null
            case .flag(let v): .text(v ? "t" : "f")
            }
            PostgresStore.writeCopyText(copied, into: &data)
        }
        data.writeInteger(UInt8(ascii: "\n"))
    }
}
