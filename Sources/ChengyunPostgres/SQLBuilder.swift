import ChengyunStore
import PostgresNIO

/// A statement written piece by piece with its values: `bind` keeps a value and gives its placeholder (`$3`), for
/// statements whose filters depend on the query (the case list) or that are long (sixty columns of a case).
struct SQLBuilder {
    var sql: String
    private(set) var bindings = PostgresBindings()

    init(_ sql: String = "") { self.sql = sql }

    mutating func bind<T: PostgresDynamicTypeEncodable>(_ value: T) -> String {
        bindings.append(value)
        return "$\(bindings.count)"
    }

    mutating func bind<T: PostgresDynamicTypeEncodable>(_ value: T?) -> String {
        bindings.append(value)
        return "$\(bindings.count)"
    }

    mutating func bind<T: PostgresThrowingDynamicTypeEncodable>(throwing value: T) throws -> String {
        try bindings.append(value)
        return "$\(bindings.count)"
    }

    /// A column value of a case, typed as stored.
    mutating func bind(_ value: CaseColumns.Value) -> String {
        switch value {
        case .integer(let v): bind(v)
        case .real(let v): bind(v)
        case .text(let v): bind(v)
        case .flag(let v): bind(v)
        }
    }

    mutating func append(_ text: String) { sql += text }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }
}
