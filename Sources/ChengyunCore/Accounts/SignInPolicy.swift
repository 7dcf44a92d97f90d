public import Foundation

/// 登录防护 — how failed sign-ins slow down and lock an account. Pure: the store keeps the counts, this decides.
///
/// Failures are counted per username whether or not the account exists, so a locked answer says nothing about
/// which usernames are real.
public struct SignInPolicy: Sendable, Hashable, Codable {
    /// Failures within `windowSeconds` that lock the username.
    public var maxFailures: Int
    /// The window in which failures are counted.
    public var windowSeconds: Double
    /// How long a lock lasts.
    public var lockSeconds: Double
    /// Failed sign-ins from one address within `windowSeconds` before that address is refused for a while.
    public var maxFailuresPerAddress: Int

    public init(maxFailures: Int = 5, windowSeconds: Double = 900, lockSeconds: Double = 900, maxFailuresPerAddress: Int = 30) {
        self.maxFailures = maxFailures
        self.windowSeconds = windowSeconds
        self.lockSeconds = lockSeconds
        self.maxFailuresPerAddress = maxFailuresPerAddress
    }

    /// The failures counted for one username.
    public struct Record: Sendable, Hashable {
        public var failures: Int
        public var windowStart: Date
        public var lockedUntil: Date?
        public init(failures: Int, windowStart: Date, lockedUntil: Date?) {
            self.failures = failures
            self.windowStart = windowStart
            self.lockedUntil = lockedUntil
        }
    }

    /// The record after one more failure at `now`: a new window once the old one has passed; locked at the limit.
    public func afterFailure(_ record: Record?, now: Date) -> Record {
        var r = record ?? Record(failures: 0, windowStart: now, lockedUntil: nil)
        if now.timeIntervalSince(r.windowStart) > windowSeconds {
            r = Record(failures: 0, windowStart: now, lockedUntil: r.lockedUntil)
        }
        r.failures += 1
        if r.failures >= maxFailures, !isLocked(r, now: now) {
            r.lockedUntil = now.addingTimeInterval(lockSeconds)
            r.failures = 0
            r.windowStart = now
        }
        return r
    }

    /// Whether the record locks sign-in at `now`.
    public func isLocked(_ record: Record?, now: Date) -> Bool {
        guard let until = record?.lockedUntil else { return false }
        return until > now
    }

    /// Seconds until the lock ends (at least 1), for Retry-After.
    public func retryAfter(_ record: Record?, now: Date) -> Int {
        guard let until = record?.lockedUntil else { return 1 }
        return max(1, Int(until.timeIntervalSince(now).rounded(.up)))
    }
}

/// 密码策略 — what a new password must be (OWASP ASVS 2.1: length, not common, not the demo password).
public enum PasswordPolicy {
    /// The password every demo account starts with; refused for any password a person sets.
    public static let demoPassword = "chengyun-demo"
    /// Passwords so common that a guesser tries them first.
    static let common: Set<String> = [
        "123456789012", "password1234", "qwertyuiop12", "1234567890ab", "abc123456789", "iloveyou1234",
        "admin1234567", "administrator", "passw0rd1234", "woaini1314520", "aaaaaaaaaaaa", "111111111111",
        "000000000000", "123123123123", "1q2w3e4r5t6y", "zaq12wsxcde3", "chengyun1234", "changeme1234",
    ]

    /// Throws unless `password` may be set for `username`: 12–128 characters, at most 72 bytes (bcrypt), not the
    /// username, not a common or the demo password, not one character repeated.
    public static func validate(_ password: String, username: String, field: String = "password") throws(DomainError) {
        guard password.count >= 12 else {
            throw AccountError.passwordTooShort(field: field)
        }
        guard password.utf8.count <= 72 else {
            throw AccountError.passwordTooLong(field: field)
        }
        let lower = password.lowercased()
        guard lower != username.lowercased(), !lower.contains(username.lowercased()) || username.count < 4 else {
            throw AccountError.passwordContainsUsername(field: field)
        }
        guard password != demoPassword, !common.contains(lower), Set(password).count > 2 else {
            throw AccountError.passwordTooCommon(field: field)
        }
    }
}
