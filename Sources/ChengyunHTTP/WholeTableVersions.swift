import ChengyunCore
import Crypto
import Foundation
import Hummingbird

/// Tables an admin replaces whole (the working calendar, the taxonomy, the handling powers) carry an entity tag:
/// the GET answers with `ETag`, and a PUT that sends `If-Match` is refused with 412 when someone else saved in
/// between — so the second of two admins editing at once reloads instead of silently undoing the first one's work.
/// A PUT without `If-Match` replaces the table as before.
enum WholeTable {
    static func tag<T: Encodable>(_ value: T) throws -> String { tag(data: try JSONCoding.encoder.encode(value)) }

    /// A strong entity tag for these bytes (the first 12 bytes of their SHA-256).
    static func tag(data: Data) -> String {
        "\"" + SHA256.hash(data: data).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// The table as JSON with its entity tag.
    static func response<T: Encodable>(_ value: T) throws -> Response {
        var response = try JSONCoding.response(value)
        response.headers[.eTag] = try tag(value)
        return response
    }

    /// Refuses the change when the request's `If-Match` is not the current table's tag.
    static func check<T: Encodable>(_ request: Request, current: T, what: String) throws {
        guard let wanted = request.headers[.ifMatch], wanted != "*" else { return }
        guard try wanted.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).contains(tag(current)) else {
            throw RequestError.stale(what)
        }
    }
}
