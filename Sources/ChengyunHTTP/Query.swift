import ChengyunCore
import Foundation
import Hummingbird

/// Reads typed query parameters with errors that name the parameter.
struct Query {
    let parameters: [String: String]

    init(_ request: Request) {
        var p: [String: String] = [:]
        for (k, v) in request.uri.queryParameters { p[String(k)] = String(v) }
        parameters = p
    }

    func string(_ name: String) -> String? {
        parameters[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    func int(_ name: String, default value: Int? = nil, range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let text = string(name) else { return value }
        guard let n = Int(text), range.map({ $0.contains(n) }) ?? true else {
            let bounds = range.map { " between \($0.lowerBound) and \($0.upperBound)" } ?? ""
            throw DomainError.invalid("query.invalid_number", "The parameter '\(name)' must be a whole number\(bounds).", field: name)
        }
        return n
    }

    func id<T>(_ name: String) throws -> Identifier<T>? {
        try int(name).map { Identifier<T>(Int64($0)) }
    }

    func double(_ name: String) throws -> Double? {
        guard let text = string(name) else { return nil }
        guard let d = Double(text), d.isFinite else {
            throw DomainError.invalid("query.invalid_number", "The parameter '\(name)' must be a number.", field: name)
        }
        return d
    }

    func bool(_ name: String) throws -> Bool? {
        guard let text = string(name) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw DomainError.invalid("query.invalid_bool", "The parameter '\(name)' must be true or false.", field: name)
        }
    }

    /// An ISO 8601 instant or a date (YYYY-MM-DD, midnight at UTC+8).
    func date(_ name: String) throws -> Date? {
        guard let text = string(name) else { return nil }
        if let d = try? Date(text, strategy: .iso8601) { return d }
        if let day = LocalDate(text) {
            return Date(timeIntervalSince1970: Double(day.daysSince1970 * 86_400 - 8 * 3600))
        }
        throw DomainError.invalid("query.invalid_date", "The parameter '\(name)' must be a date like 2026-11-23 or an ISO 8601 instant like 2026-11-23T08:00:00+08:00.", field: name)
    }

    func list<T: RawRepresentable>(_ name: String, as: T.Type) throws -> [T]? where T.RawValue == String {
        guard let text = string(name) else { return nil }
        return try text.split(separator: ",").map { part in
            guard let v = T(rawValue: String(part)) else {
                throw DomainError.invalid("query.invalid_value", "The parameter '\(name)' has an unknown value '\(part.prefix(40))'.", field: name)
            }
            return v
        }
    }
}

extension AppContext {
    /// A numeric path parameter, or 400 naming it.
    func pathID<T>(_ name: String = "id") throws -> Identifier<T> {
        guard let text = parameters.get(name), let n = Int64(text) else {
            throw DomainError.invalid("path.invalid_id", "The id in the path must be a whole number.", field: name)
        }
        return Identifier<T>(n)
    }
}
