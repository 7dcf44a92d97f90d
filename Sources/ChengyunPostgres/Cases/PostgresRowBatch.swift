import ChengyunStore
import Logging
import NIOCore
import PostgresNIO

/// Rows of several tables on their way in, each table streamed with one `COPY … FROM STDIN` in the order its first
/// row was added (so a table comes after the tables it refers to). A single case's write and a bulk import of
/// thousands write the same rows the same way.
struct PostgresRowBatch {
    private struct Table {
        let columns: [String]
        var data = ByteBuffer()
    }
    private var order: [String] = []
    private var tables: [String: Table] = [:]

    var isEmpty: Bool { order.isEmpty }

    /// Adds a row of `values` (in the order of `columns`) to `table`.
    mutating func add(_ table: String, _ columns: [String], _ values: [CaseColumns.Value]) {
        if tables[table] == nil {
            order.append(table)
            tables[table] = Table(columns: columns)
        }
        for (index, value) in values.enumerated() {
            if index > 0 { tables[table]!.data.writeInteger(UInt8(ascii: "\t")) }
            switch value {
            case .integer(let v): v.map { tables[table]!.data.writeString(String($0)) } ?? tables[table]!.data.writeStaticString("\\N")
            case .real(let v): v.map { tables[table]!.data.writeString("\($0)") } ?? tables[table]!.data.writeStaticString("\\N")
            case .flag(let v): tables[table]!.data.writeStaticString(v ? "t" : "f")
            case .text(let v):
                if let v { PostgresStore.writeEscaped(v, into: &tables[table]!.data) } else { tables[table]!.data.writeStaticString("\\N") }
            }
        }
        tables[table]!.data.writeInteger(UInt8(ascii: "\n"))
    }

    /// Streams every table's rows, in the caller's transaction.
    func write(_ c: PostgresConnection, logger: Logger) async throws {
        for name in order {
            let table = tables[name]!
            try await c.copyFrom(table: name, columns: table.columns, logger: logger) { writer in try await writer.write(table.data) }
        }
    }
}
