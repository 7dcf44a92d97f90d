/// 数据共享 — the error codes of sharing terms, widenings and key use, each with its message.
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum SharingError {
    /// 404 `apikey.not_found` — a key to widen must be active.
    public static func noActiveKey(_ id: Int64) -> DomainError {
        .notFound("apikey.not_found", "There is no active API key \(id).")
    }
    /// 400 `sharing.hours`
    public static let hours = DomainError.invalid("sharing.hours", "A widening lasts 1 to 72 hours; renew it if the emergency goes on.", field: "hours")
    /// 400 `sharing.reason_required`
    public static let reasonRequired = DomainError.invalid("sharing.reason_required", "Say which emergency the widening is for (2–200 characters).", field: "reason")
    /// 404 `sharing.not_found`
    public static func wideningNotFound(_ id: Int64) -> DomainError {
        .notFound("sharing.not_found", "There is no widening \(id) of this key.")
    }
    /// 403 `apikey.terms_ended`
    public static let termsEnded = DomainError.forbidden("apikey.terms_ended", "The sharing terms of this key ended; ask the operations centre to renew them.")

    /// 404 `sharing.not_found` — as the store reports a widening that is not open.
    public static func noOpenWidening(_ id: Int64) -> DomainError {
        .notFound("sharing.not_found", "There is no open widening \(id) of this key.")
    }

    /// 429 `apikey.daily_limit`
    public static func dailyLimit(_ limit: Int, retryAfterSeconds: Int) -> DomainError {
        DomainError(.tooManyRequests, "apikey.daily_limit", "This key has used its \(limit) requests for today under its sharing terms.", retryAfterSeconds: retryAfterSeconds)
    }

    /// 400 `sharing.purpose_required`
    public static let purposeRequired = DomainError.invalid("sharing.purpose_required", "Name the purpose the data is shared for (2–200 characters).", field: "purpose")
    /// 400 `sharing.daily_limit`
    public static let invalidDailyLimit = DomainError.invalid("sharing.daily_limit", "A daily limit is 1 to 10,000,000 requests.", field: "dailyLimit")
}
