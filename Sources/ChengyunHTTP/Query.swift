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

    /// A free-text parameter of at most `max` characters (surrounding spaces dropped), or 400 `query.too_long`.
    func text(_ name: String, max: Int) throws(DomainError) -> String? {
        guard let text = string(name)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard text.unicodeScalars.count <= max else {
            throw QueryError.tooLong(name, max: max)
        }
        return text
    }

    /// Every parameter within `InputLimits`: the whole query string at most `queryBytes`, each value at most
    /// `queryValue` characters (a route may allow less, as `q` does).
    /// - Throws: `DomainError` 400 `query.too_long` naming the parameter.
    static func checkLimits(_ request: Request) throws(DomainError) {
        guard let raw = request.uri.query, !raw.isEmpty else { return }
        guard raw.utf8.count <= InputLimits.queryBytes else {
            throw QueryError.queryStringTooLong
        }
        for (name, value) in request.uri.queryParameters where value.unicodeScalars.count > InputLimits.queryValue || name.unicodeScalars.count > InputLimits.queryValue {
            throw QueryError.parameterTooLong(String(name))
        }
    }

    func int(_ name: String, default value: Int? = nil, range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let text = string(name) else { return value }
        guard let n = Int(text), range.map({ $0.contains(n) }) ?? true else {
            throw QueryError.invalidWholeNumber(name, range: range)
        }
        return n
    }

    func id<T>(_ name: String) throws -> Identifier<T>? {
        try int(name).map { Identifier<T>(Int64($0)) }
    }

    func double(_ name: String) throws -> Double? {
        guard let text = string(name) else { return nil }
        guard let d = Double(text), d.isFinite else {
            throw QueryError.invalidNumber(name)
        }
        return d
    }

    func bool(_ name: String) throws -> Bool? {
        guard let text = string(name) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw QueryError.invalidBool(name)
        }
    }

    /// An ISO 8601 instant or a date (YYYY-MM-DD: its midnight in the working calendar's local time).
    func date(_ name: String, in calendar: WorkingCalendar) throws -> Date? {
        guard let text = string(name) else { return nil }
        if let d = try? Date(text, strategy: .iso8601) { return d }
        if let day = LocalDate(text) {
            return Date(timeIntervalSince1970: Double(day.daysSince1970 * 86_400 - calendar.utcOffsetSeconds))
        }
        throw QueryError.invalidDate(name)
    }

    /// A day written YYYY-MM-DD, or 400 `query.invalid_date`.
    func day(_ name: String) throws -> LocalDate? {
        guard let text = string(name) else { return nil }
        guard let day = LocalDate(text) else { throw QueryError.invalidDate(name) }
        return day
    }

    /// A box as `minLon,minLat,maxLon,maxLat` (WGS-84 degrees, min ≤ max), or 400 `query.invalid_bbox`.
    func box(_ name: String) throws(DomainError) -> BoundingBox? {
        guard let text = string(name) else { return nil }
        let n = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard n.count == 4, let minLon = n[0], let minLat = n[1], let maxLon = n[2], let maxLat = n[3],
              -180 <= minLon, minLon <= maxLon, maxLon <= 180, -90 <= minLat, minLat <= maxLat, maxLat <= 90 else {
            throw QueryError.invalidBox(name)
        }
        return BoundingBox(minLon: minLon, minLat: minLat, maxLon: maxLon, maxLat: maxLat)
    }

    func list<T: RawRepresentable>(_ name: String, as: T.Type) throws -> [T]? where T.RawValue == String {
        guard let text = string(name) else { return nil }
        return try text.split(separator: ",").map { part in
            guard let v = T(rawValue: String(part)) else {
                throw QueryError.invalidValue(name, value: String(part))
            }
            return v
        }
    }
}

extension AppContext {
    /// A numeric path parameter, or 400 naming it.
    func pathID<T>(_ name: String = "id") throws -> Identifier<T> {
        guard let text = parameters.get(name), let n = Int64(text) else {
            throw RequestError.invalidID(name)
        }
        return Identifier<T>(n)
    }
}

/// Refuses a request whose query string or any parameter is longer than `InputLimits` allows (400 `query.too_long`),
/// before a route reads it.
struct QueryLimitsMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        // Open311 checks its own, to answer in its own error format.
        if !request.uri.path.hasPrefix("/open311") { try Query.checkLimits(request) }
        return try await next(request, context)
    }
}
