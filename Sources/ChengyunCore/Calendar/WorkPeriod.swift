import Foundation

/// 工作时段 — one stretch of working time in a day, from `start` to `end` in local "HH:MM".
public struct WorkPeriod: Sendable, Hashable, Codable {
    /// Local start time, "HH:MM" (00:00–23:59).
    public var start: String
    /// Local end time, "HH:MM" (00:01–24:00), after `start`.
    public var end: String

    public init(start: String, end: String) {
        self.start = start
        self.end = end
    }

    /// Seconds after local midnight at which the period starts, or nil when `start` is not HH:MM.
    var startSecond: Int? { WorkPeriod.seconds(start, allowMidnightEnd: false) }
    /// Seconds after local midnight at which the period ends, or nil when `end` is not HH:MM.
    var endSecond: Int? { WorkPeriod.seconds(end, allowMidnightEnd: true) }

    /// "HH:MM" → seconds after midnight; "24:00" only when `allowMidnightEnd`.
    static func seconds(_ text: String, allowMidnightEnd: Bool) -> Int? {
        let u = Array(text.utf8)
        guard u.count == 5, u[2] == UInt8(ascii: ":"),
              u.enumerated().allSatisfy({ $0.offset == 2 || ($0.element >= 48 && $0.element <= 57) })
        else { return nil }
        let hour = Int(u[0] - 48) * 10 + Int(u[1] - 48)
        let minute = Int(u[3] - 48) * 10 + Int(u[4] - 48)
        if allowMidnightEnd, hour == 24, minute == 0 { return 86_400 }
        guard hour < 24, minute < 60 else { return nil }
        return hour * 3600 + minute * 60
    }
}
