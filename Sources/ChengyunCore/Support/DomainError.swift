/// An error the domain raises: a stable code, a message that says what to fix, the offending field.
///
/// The HTTP layer maps `kind` to a status in one place. Messages never contain personal data.
public struct DomainError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in the terms the HTTP layer maps to a status.
    public enum Kind: String, Sendable, Hashable {
        case invalid        // 400: malformed request
        case unauthenticated // 401
        case forbidden      // 403: role or data scope does not allow it
        case notFound       // 404
        case conflict       // 409: state does not allow it now, or a concurrent change
        case tooLarge       // 413
        case unprocessable  // 422: well-formed but breaks a domain rule
        case stale          // 412: If-Match names a version that is no longer the current one
        case unsupportedMedia // 415: the bytes are not of a type we take, or not of the type declared
        case tooManyRequests  // 429: a rate limit, lockout or quota; the error says when to try again
        case unavailable      // 503: the server sheds load; try again after Retry-After
        case timeout          // 408: the request's body did not arrive in time
    }

    public var kind: Kind
    public var code: String
    public var message: String
    public var field: String?
    /// For `tooManyRequests` and `unavailable`: seconds until a retry may succeed (the Retry-After header).
    public var retryAfterSeconds: Int?

    public init(_ kind: Kind, _ code: String, _ message: String, field: String? = nil, retryAfterSeconds: Int? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.field = field
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { "\(code): \(message)" + (field.map { " (field: \($0))" } ?? "") }

    /// The same error about another field: an item of a list (`hazards[2].description`), which the console shows as
    /// "item 3".
    public func at(_ field: String) -> DomainError {
        var moved = self
        moved.field = field
        return moved
    }

    public static func invalid(_ code: String, _ message: String, field: String? = nil) -> DomainError {
        DomainError(.invalid, code, message, field: field)
    }
    public static func forbidden(_ code: String, _ message: String, field: String? = nil) -> DomainError {
        DomainError(.forbidden, code, message, field: field)
    }
    public static func notFound(_ code: String, _ message: String, field: String? = nil) -> DomainError {
        DomainError(.notFound, code, message, field: field)
    }
    public static func conflict(_ code: String, _ message: String, field: String? = nil) -> DomainError {
        DomainError(.conflict, code, message, field: field)
    }
    public static func unprocessable(_ code: String, _ message: String, field: String? = nil) -> DomainError {
        DomainError(.unprocessable, code, message, field: field)
    }
}
