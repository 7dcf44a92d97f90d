/// 分区 — readings are kept in one table per day (raw readings and minute rollups) or per month (hour rollups), so
/// that dropping old data is dropping a table, on either store. The names carry the UTC date:
/// `sensing_raw_d20261205`, `sensing_minute_d20261205`, `sensing_hour_m202612`.
public enum ReadingTables {
    public static let dayMillis: Int64 = 86_400_000
    public static let rawPrefix = "sensing_raw_d"
    public static let minutePrefix = "sensing_minute_d"
    public static let hourPrefix = "sensing_hour_m"

    public static func raw(_ time: Int64) -> String { rawPrefix + ymd(time) }
    public static func minute(_ time: Int64) -> String { minutePrefix + ymd(time) }
    public static func hour(_ time: Int64) -> String { hourPrefix + String(ymd(time).prefix(6)) }

    /// The start (ms) of the period a table named `name` holds, and the end of it; nil for another table.
    public static func span(of name: String) -> (start: Int64, end: Int64)? {
        for prefix in [rawPrefix, minutePrefix] where name.hasPrefix(prefix) {
            guard let start = millis(String(name.dropFirst(prefix.count))) else { return nil }
            return (start, start + dayMillis)
        }
        guard name.hasPrefix(hourPrefix), let start = millis(String(name.dropFirst(hourPrefix.count)) + "01") else { return nil }
        let (y, m, _) = civil(start / dayMillis)
        let next = m == 12 ? days(y + 1, 1, 1) : days(y, m + 1, 1)
        return (start, next * dayMillis)
    }

    /// The tables among `names` (of the family `prefix`) that hold part of `[from, to)`, oldest first.
    public static func covering(_ names: [String], prefix: String, from: Int64, to: Int64) -> [String] {
        names.filter { $0.hasPrefix(prefix) }
            .compactMap { name in span(of: name).map { (name, $0) } }
            .filter { $0.1.end > from && $0.1.start < to }
            .sorted { $0.1.start < $1.1.start }
            .map(\.0)
    }

    /// `20261205` for a time in ms (UTC).
    static func ymd(_ time: Int64) -> String {
        let day = time >= 0 ? time / dayMillis : (time - dayMillis + 1) / dayMillis
        let (y, m, d) = civil(day)
        return String(format4(y)) + two(m) + two(d)
    }

    static func millis(_ ymd: String) -> Int64? {
        guard ymd.count == 8, let y = Int64(ymd.prefix(4)), let m = Int64(ymd.dropFirst(4).prefix(2)), let d = Int64(ymd.suffix(2)),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return days(y, m, d) * dayMillis
    }

    private static func format4(_ y: Int64) -> String { let s = String(y); return String(repeating: "0", count: max(0, 4 - s.count)) + s }
    private static func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
    public static func civil(_ z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// (year, month, day) → days since 1970-01-01.
    public static func days(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
