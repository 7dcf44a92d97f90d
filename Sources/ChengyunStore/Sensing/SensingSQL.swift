public import ChengyunCore
import Foundation

/// Renders a sensing query's filter and order into SQL for either store: each store gives the columns of its
/// entity set and a placeholder for each value (`?` for SQLite, `$n` for PostgreSQL).
public struct SensingSQL {
    /// A value bound to a placeholder.
    public enum Value: Sendable, Hashable {
        case integer(Int64), real(Double), text(String), null
    }

    public let columns: [SensingField: String]
    public init(columns: [SensingField: String]) { self.columns = columns }

    // The columns of each entity set's table, the same in both stores.
    public static let deviceColumns: [SensingField: String] = [
        .id: "id", .name: "name", .description: "description", .code: "code", .kind: "kind", .owner: "owner", .operator: "operator",
        .maintainer: "maintainer", .nodeID: "node_id",
    ]
    public static let datastreamColumns: [SensingField: String] = [
        .id: "id", .name: "name", .description: "description", .deviceID: "device_id", .sensorID: "sensor_id", .propertyID: "property_id",
        .property: "property", .unitSymbol: "unit_symbol", .kind: "kind",
    ]
    public static let sensorColumns: [SensingField: String] = [.id: "id", .name: "name", .description: "description", .encodingType: "encoding_type"]
    public static let propertyColumns: [SensingField: String] = [.id: "id", .name: "name", .description: "description", .definition: "definition", .code: "code"]

    /// The filter as a WHERE condition (without the keyword), binding each literal with `bind`.
    public func condition(_ filter: SensingFilter, bind: (Value) -> String) -> String {
        switch filter {
        case .and(let a, let b): return "(\(condition(a, bind: bind)) AND \(condition(b, bind: bind)))"
        case .or(let a, let b): return "(\(condition(a, bind: bind)) OR \(condition(b, bind: bind)))"
        case .not(let a): return "(NOT \(condition(a, bind: bind)))"
        case .contains(let field, let text):
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            return "(\(column(field)) LIKE \(bind(.text("%" + escaped + "%"))) ESCAPE '\\')"
        case .compare(let field, let op, let value):
            let column = column(field)
            if value == .null {
                switch op {
                case .eq: return "(\(column) IS NULL)"
                case .ne: return "(\(column) IS NOT NULL)"
                default: return "(1 = 0)"
                }
            }
            let sqlOp = switch op {
            case .eq: "="
            case .ne: "<>"
            case .gt: ">"
            case .ge: ">="
            case .lt: "<"
            case .le: "<="
            }
            return "(\(column) \(sqlOp) \(bind(Self.value(value, for: field))))"
        }
    }

    /// The ORDER BY terms (without the keyword), ending with the id so pages are stable.
    public func order(_ terms: [SensingOrder], idColumn: String) -> String {
        var parts = terms.map { "\(column($0.field)) \($0.descending ? "DESC" : "ASC")" }
        if !terms.contains(where: { $0.field == .id }) { parts.append("\(idColumn) ASC") }
        return parts.joined(separator: ", ")
    }

    func column(_ field: SensingField) -> String { columns[field] ?? "NULL" }

    /// Ids and times compare as integers, everything else as given.
    static func value(_ value: SensingValue, for field: SensingField) -> Value {
        switch value {
        case .null: return .null
        case .text(let t): return .text(t)
        case .number(let n):
            switch field {
            case .id, .nodeID, .deviceID, .sensorID, .propertyID, .time, .datastreamID:
                return n.rounded() == n && abs(n) < 9e18 ? .integer(Int64(n)) : .real(n)
            default: return .real(n)
            }
        }
    }
}
