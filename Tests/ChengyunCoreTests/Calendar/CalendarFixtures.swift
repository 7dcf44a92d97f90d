import Foundation
@testable import ChengyunCore

/// Shared builders for the calendar tests: local instants at UTC+8, the 2026 calendar, a seeded generator.
enum CalendarFixtures {
    /// The instant of local time "2026-03-06 16:00" (or "2026-03-06 16:00:30") at `utcOffsetSeconds`.
    static func at(_ text: String, utcOffsetSeconds: Int = 28_800) -> Date {
        let parts = text.split(separator: " ")
        precondition(parts.count == 2, "write \"YYYY-MM-DD HH:MM\"")
        guard let date = LocalDate(String(parts[0])) else { preconditionFailure("bad date in \(text)") }
        let clock = parts[1].split(separator: ":").map { Int($0)! }
        let seconds = clock[0] * 3600 + clock[1] * 60 + (clock.count > 2 ? clock[2] : 0)
        return Date(timeIntervalSince1970: Double(date.daysSince1970 * 86_400 + seconds - utcOffsetSeconds))
    }

    static func dates(_ texts: [String]) -> [LocalDate] { texts.map { LocalDate($0)! } }

    static func days(_ from: String, _ through: String) -> [LocalDate] {
        let first = LocalDate(from)!.daysSince1970, last = LocalDate(through)!.daysSince1970
        return (first...last).map { LocalDate(daysSince1970: $0) }
    }

    /// The same calendar as Sources/ChengyunDemo/Resources/calendar.json, built in code so property tests need no file.
    static let shanghai2026 = WorkingCalendar(
        holidays: days("2026-01-01", "2026-01-03") + days("2026-02-15", "2026-02-23") + days("2026-04-04", "2026-04-06")
            + days("2026-05-01", "2026-05-05") + days("2026-06-19", "2026-06-21") + days("2026-09-25", "2026-09-27")
            + days("2026-10-01", "2026-10-07"),
        makeUpWorkdays: dates(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
    )

    /// The repository's data folder, found from this file's path (Tests/ChengyunCoreTests/Calendar/…).
    static func dataFile(_ name: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources").appendingPathComponent("ChengyunDemo").appendingPathComponent("Resources").appendingPathComponent(name)
    }

    /// SplitMix64 — a tiny seeded generator so property tests replay exactly.
    struct SplitMix64: RandomNumberGenerator {
        private var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
