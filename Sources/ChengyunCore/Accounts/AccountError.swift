/// 账号 — the error codes of sign-in, sessions, passwords and API keys, each with its message.
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum AccountError {
    /// 404 `apikey.not_found`
    public static func apiKeyNotFound(_ id: Int64) -> DomainError {
        .notFound("apikey.not_found", "There is no API key \(id).")
    }
    /// 400 `auth.missing_credentials`
    public static func missingCredentials(field: String) -> DomainError {
        .invalid("auth.missing_credentials", "Send a JSON body with username and password.", field: field)
    }
    /// 429 `auth.too_many_attempts` — too many failures from one address.
    public static func tooManyAttempts(retryAfterSeconds: Int?) -> DomainError {
        DomainError(.tooManyRequests, "auth.too_many_attempts", "Too many failed sign-ins from your address; try again later.", retryAfterSeconds: retryAfterSeconds)
    }
    /// 429 `auth.locked` — too many failures for one account.
    public static func locked(retryAfterSeconds: Int?) -> DomainError {
        DomainError(.tooManyRequests, "auth.locked", "Too many failed sign-ins for this account; try again later or ask an admin to reset the password.",
                    retryAfterSeconds: retryAfterSeconds)
    }
    /// 401 `auth.invalid_credentials` — never says which of the two was wrong.
    public static let invalidCredentials = DomainError(.unauthenticated, "auth.invalid_credentials", "Username or password is wrong.")
    /// 401 `auth.invalid_token`
    public static let invalidToken = DomainError(.unauthenticated, "auth.invalid_token", "The bearer token is unknown or expired: sign in again at POST /api/v1/auth/login.")
    /// 401 `auth.required` — no token, session cookie or API key.
    public static let signInRequired = DomainError(.unauthenticated, "auth.required", "Sign in first: send 'Authorization: Bearer <token>' from POST /api/v1/auth/login, or an API key.")
    /// 401 `auth.bad_header` — an `Authorization` header that is not `Bearer <token>`.
    public static let badAuthorizationHeader = DomainError(.unauthenticated, "auth.bad_header", "Send the token as 'Authorization: Bearer <token>'.", field: "Authorization")
    /// 403 `auth.csrf` — a change made with the console's session cookie but without the console's header.
    public static let consoleHeaderRequired = DomainError.forbidden("auth.csrf", "A change made with the console's session cookie must carry the header X-Chengyun-Console: 1.")
    /// 403 `auth.user_required`
    public static let userRequired = DomainError.forbidden("auth.user_required", "Only a signed-in user has a password to change.")
    /// 400 `password.old_wrong`
    public static let oldPasswordWrong = DomainError.invalid("password.old_wrong", "The current password is wrong.", field: "oldPassword")
    /// 400 `password.unchanged`
    public static let passwordUnchanged = DomainError.invalid("password.unchanged", "The new password must differ from the current one.", field: "newPassword")
    /// 400 `apikey.no_sources`
    public static let noSources = DomainError.invalid("apikey.no_sources", "Name the sources the system reports as, e.g. [\"hotline\"].", field: "sources")
    /// 422 `apikey.platform_source` — a source only the platform reports as (a whistle-blower's confirmed report).
    public static let platformSource = DomainError.unprocessable("apikey.platform_source", "No system reports as a whistle-blower: those cases come from the designated handler's confirmation.", field: "sources")
    /// 403 `audit.auditor_only`
    public static let auditorOnly = DomainError.forbidden("audit.auditor_only", "Only an auditor may read the audit trail.")
    /// 403 `auth.city_admin_required`
    public static func cityAdminRequired(to action: String) -> DomainError {
        .forbidden("auth.city_admin_required", "Only an admin of the whole city may \(action).")
    }

    /// 409 `apikey.duplicate_name`
    public static func duplicateKeyName(_ name: String) -> DomainError {
        .conflict("apikey.duplicate_name", "An API key named \(name) exists already.", field: "name")
    }
    /// 404 `apikey.not_found` — a revoked key is not rotated.
    public static func noActiveKeyToRotate(_ id: Int64) -> DomainError {
        .notFound("apikey.not_found", "There is no active API key \(id); a revoked key cannot be rotated.")
    }

    // The password policy.

    /// 400 `password.too_short`
    public static func passwordTooShort(field: String) -> DomainError { .invalid("password.too_short", "A password needs at least 12 characters.", field: field) }
    /// 400 `password.too_long`
    public static func passwordTooLong(field: String) -> DomainError { .invalid("password.too_long", "A password may be at most 72 bytes long.", field: field) }
    /// 400 `password.contains_username`
    public static func passwordContainsUsername(field: String) -> DomainError {
        .invalid("password.contains_username", "A password may not contain the username.", field: field)
    }
    /// 400 `password.too_common`
    public static func passwordTooCommon(field: String) -> DomainError { .invalid("password.too_common", "This password is too easy to guess; choose another.", field: field) }

    // Live streams (实时推送) of a session.

    /// 503 `stream.capacity`
    public static let streamCapacity = DomainError(.unavailable, "stream.capacity", "The server has as many live streams as it can hold; try again shortly.", retryAfterSeconds: 30)
    /// 429 `stream.too_many`
    public static func tooManyStreams(_ limit: Int) -> DomainError {
        DomainError(.tooManyRequests, "stream.too_many", "You have \(limit) live streams open already; close a console tab or wall display first.", retryAfterSeconds: 15)
    }
}
