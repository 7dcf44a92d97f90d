import ChengyunCore

/// 限流 — the error codes of load shedding and rate limits (`LoadSheddingMiddleware`), each with its message; each
/// carries Retry-After. The codes are stable: clients, the console and the OpenAPI document rely on them.
enum LoadSheddingError {
    /// 503 `server.overloaded` — too many requests under way on this node, or waiting at a gate.
    static let overloaded = DomainError(.unavailable, "server.overloaded", "The server is busy; try again in a few seconds.", retryAfterSeconds: 5)
    /// 429 `rate.limited` — too many requests from one identity.
    static func limited(retryAfterSeconds: Int) -> DomainError {
        DomainError(.tooManyRequests, "rate.limited", "Too many requests; slow down.", retryAfterSeconds: retryAfterSeconds)
    }
    /// 429 `rate.limited` — too many anonymous requests from one address.
    static func limitedAddress(retryAfterSeconds: Int) -> DomainError {
        DomainError(.tooManyRequests, "rate.limited", "Too many requests from your address; slow down.", retryAfterSeconds: retryAfterSeconds)
    }
    /// 429 `rate.concurrent` — the identity has `limit` heavy reads under way already.
    static func concurrent(_ limit: Int) -> DomainError {
        DomainError(.tooManyRequests, "rate.concurrent", "You have \(limit) heavy requests under way already; wait for them.", retryAfterSeconds: 1)
    }
}
