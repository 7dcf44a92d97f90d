import ChengyunCore

/// The error codes of the HTTP requests themselves — their bodies, path ids and entity tags — each with its message.
/// The query string's codes are `QueryError` (ChengyunCore), as use cases check parameters too. The codes are
/// stable: clients, the console and the OpenAPI document rely on them.
enum RequestError {
    /// 408 `request.timeout` — the body did not arrive within `deadline`.
    static func timeout(_ deadline: Duration) -> DomainError {
        DomainError(.timeout, "request.timeout", "The request body did not arrive within \(deadline.components.seconds) s; send it again.", field: "body")
    }
    /// 400 `request.empty_body`
    static let emptyBody = DomainError.invalid("request.empty_body", "Send a JSON object as the body with Content-Type: application/json.", field: "body")
    /// 413 `request.too_large` — a JSON body past `limit` bytes.
    static func tooLarge(limit: Int) -> DomainError {
        DomainError(.tooLarge, "request.too_large", "The JSON body is too large: this call takes at most \(limit / 1024) KiB.", field: "body")
    }
    /// 400 `path.invalid_id` — the path parameter `name` is not a whole number.
    static func invalidID(_ name: String) -> DomainError {
        .invalid("path.invalid_id", "The id in the path must be a whole number.", field: name)
    }
    /// 400 `path.invalid_id` — the widening of an API key.
    static let invalidWideningID = DomainError.invalid("path.invalid_id", "The widening id in the path must be a whole number.", field: "widening")
    /// 412 `edit.stale` — `If-Match` names a version of the whole table (`what`) that is no longer the current one.
    static func stale(_ what: String) -> DomainError {
        DomainError(.stale, "edit.stale", "Someone changed the \(what) since you loaded it; load it again and make your change on the new version.")
    }
}
