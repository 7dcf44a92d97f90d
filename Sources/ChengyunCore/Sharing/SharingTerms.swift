public import Foundation

/// 共享条款 — the manner, scope and limits (方式、范围和限度) under which a department's or a partner's system receives
/// data through its API key. The scope is the key's node and sources; the manner is fixed (the API, personal data
/// masked); the terms add the purpose the data is for, a daily volume and an end.
public struct SharingTerms: Sendable, Hashable, Codable {
    /// What the data is used for (collection limited to a stated purpose).
    public var purpose: String
    /// Requests a local day (UTC+8) at most; nil for no limit.
    public var dailyLimit: Int?
    /// The terms end then, and the key stops with them; nil while they are in force without an end.
    public var until: Date?

    public init(purpose: String, dailyLimit: Int? = nil, until: Date? = nil) {
        self.purpose = purpose
        self.dailyLimit = dailyLimit
        self.until = until
    }

    /// Throws unless the terms are complete: a purpose of 2–200 characters, a positive limit.
    public func validate() throws(DomainError) {
        let text = purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(text.count) else {
            throw SharingError.purposeRequired
        }
        if let dailyLimit, !(1...10_000_000).contains(dailyLimit) {
            throw SharingError.invalidDailyLimit
        }
    }

    /// The local day (UTC+8) of an instant, as `2026-12-03`: the unit of the daily limit and the sharing report.
    public static func day(of date: Date, utcOffsetSeconds: Int = 8 * 3600) -> String {
        let days = Int((date.timeIntervalSince1970 + Double(utcOffsetSeconds)) / 86_400)
        let local = LocalDate(daysSince1970: days)
        return local.description
    }

    /// Seconds from `date` to the next local midnight (UTC+8), at least 1.
    public static func secondsToNextDay(from date: Date, utcOffsetSeconds: Int = 8 * 3600) -> Int {
        let local = date.timeIntervalSince1970 + Double(utcOffsetSeconds)
        return max(1, Int((ceil(local / 86_400) * 86_400 - local).rounded(.up)))
    }
}

/// One key's use on one local day, for the daily limit and the sharing report (数据共享情况通报).
public struct KeyUsage: Sendable, Hashable, Codable {
    public var keyID: Int64
    public var day: String
    public var requests: Int
    public var refused: Int
    public init(keyID: Int64, day: String, requests: Int, refused: Int) {
        self.keyID = keyID
        self.day = day
        self.requests = requests
        self.refused = refused
    }
}
