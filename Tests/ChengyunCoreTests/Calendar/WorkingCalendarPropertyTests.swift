import Foundation
import Testing
@testable import ChengyunCore

@Suite("工作时 properties (seeded)")
struct WorkingCalendarPropertyTests {
    typealias Generator = CalendarFixtures.SplitMix64

    /// A random instant between 2025-11-01 and 2027-03-01 local time, to the second — across all the 2026 holidays.
    static func randomInstant(_ g: inout Generator) -> Date {
        let low = CalendarFixtures.at("2025-11-01 00:00").timeIntervalSince1970
        let high = CalendarFixtures.at("2027-03-01 00:00").timeIntervalSince1970
        return Date(timeIntervalSince1970: Double(Int.random(in: Int(low)...Int(high), using: &g)))
    }

    /// Mostly short deadlines, some of hundreds of hours, some fractional.
    static func randomHours(_ g: inout Generator) -> Double {
        switch Int.random(in: 0..<4, using: &g) {
        case 0: Double(Int.random(in: 1...8, using: &g))
        case 1: Double.random(in: 0.01...24, using: &g)
        case 2: Double(Int.random(in: 1...120, using: &g)) / 4
        default: Double.random(in: 24...600, using: &g)
        }
    }

    /// A random but valid calendar: 1–7 working weekdays, 1–3 periods, holidays and make-up days in 2026.
    static func randomCalendar(_ g: inout Generator) -> WorkingCalendar {
        let weekdays = (1...7).filter { _ in Bool.random(using: &g) }
        var cuts = Set<Int>()
        let periodCount = Int.random(in: 1...3, using: &g)
        while cuts.count < periodCount * 2 { cuts.insert(Int.random(in: 0...96, using: &g)) }  // quarter hours
        let sorted = cuts.sorted()
        func clock(_ quarter: Int) -> String {
            let minutes = quarter * 15
            return String(format: "%02d:%02d", minutes / 60, minutes % 60)
        }
        let periods = (0..<periodCount).map { WorkPeriod(start: clock(sorted[2 * $0]), end: clock(sorted[2 * $0 + 1])) }
        let base = LocalDate("2026-01-01")!.daysSince1970
        var holidays = Set<Int>(), makeUps = Set<Int>()
        for _ in 0..<Int.random(in: 0...40, using: &g) { holidays.insert(base + Int.random(in: 0..<365, using: &g)) }
        for _ in 0..<Int.random(in: 0...10, using: &g) {
            let day = base + Int.random(in: 0..<365, using: &g)
            if !holidays.contains(day), !weekdays.contains(LocalDate(daysSince1970: day).isoWeekday) { makeUps.insert(day) }
        }
        return WorkingCalendar(
            utcOffsetSeconds: Int.random(in: -12...14, using: &g) * 3600,
            workingWeekdays: weekdays.isEmpty ? [3] : weekdays,
            periods: periods,
            holidays: holidays.sorted().map { LocalDate(daysSince1970: $0) },
            makeUpWorkdays: makeUps.sorted().map { LocalDate(daysSince1970: $0) }
        )
    }

    /// Working hours the slow way: every local day from start to end, each checked on its own.
    static func referenceWorkingHours(_ calendar: WorkingCalendar, from start: Date, to end: Date) -> Double {
        guard end > start else { return 0 }
        let offset = Double(calendar.utcOffsetSeconds)
        let holidays = Set(calendar.holidays), makeUps = Set(calendar.makeUpWorkdays), weekdays = Set(calendar.workingWeekdays)
        let periods = calendar.periods.map {
            (Double(WorkPeriod.seconds($0.start, allowMidnightEnd: false)!), Double(WorkPeriod.seconds($0.end, allowMidnightEnd: true)!))
        }
        var day = calendar.localDate(of: start).daysSince1970
        let last = calendar.localDate(of: end).daysSince1970
        var total = 0.0
        while day <= last {
            let date = LocalDate(daysSince1970: day)
            if !holidays.contains(date), makeUps.contains(date) || weekdays.contains(date.isoWeekday) {
                let midnight = Double(day) * 86_400 - offset
                for (s, e) in periods {
                    total += max(0, min(midnight + e, end.timeIntervalSince1970) - max(midnight + s, start.timeIntervalSince1970))
                }
            }
            day += 1
        }
        return total / 3600
    }

    @Test("hours(从 s 到 deadline(s, h)) ≈ h")
    func roundTrip() {
        var g = Generator(seed: 0xC4E6_2026)
        let calendar = CalendarFixtures.shanghai2026
        for _ in 0..<3_000 {
            let start = Self.randomInstant(&g), hours = Self.randomHours(&g)
            for kind in HoursKind.allCases {
                let deadline = calendar.deadline(from: start, hours: hours, kind: kind)
                let back = calendar.hours(from: start, to: deadline, kind: kind)
                #expect(abs(back - hours) < 1e-6, "start \(start) hours \(hours) kind \(kind) → \(deadline) gives \(back)")
            }
        }
    }

    @Test("时限随小时数单调不减")
    func monotoneInHours() {
        var g = Generator(seed: 42)
        let calendar = CalendarFixtures.shanghai2026
        for _ in 0..<2_000 {
            let start = Self.randomInstant(&g)
            let a = Self.randomHours(&g), b = Self.randomHours(&g)
            let (low, high) = (min(a, b), max(a, b))
            #expect(calendar.deadline(from: start, hours: low, kind: .working) <= calendar.deadline(from: start, hours: high, kind: .working))
            #expect(calendar.deadline(from: start, hours: low, kind: .natural) <= calendar.deadline(from: start, hours: high, kind: .natural))
        }
    }

    @Test("自然时就是加法")
    func naturalIsAddition() {
        var g = Generator(seed: 7)
        let calendar = CalendarFixtures.shanghai2026
        for _ in 0..<2_000 {
            let start = Self.randomInstant(&g), hours = Self.randomHours(&g)
            #expect(calendar.deadline(from: start, hours: hours, kind: .natural) == start.addingTimeInterval(hours * 3600))
        }
    }

    @Test("时限前一刻一定是工作时刻")
    func deadlineLandsInWorkingTime() {
        var g = Generator(seed: 11)
        let calendar = CalendarFixtures.shanghai2026
        for _ in 0..<2_000 {
            let start = Self.randomInstant(&g), hours = Self.randomHours(&g)
            let deadline = calendar.deadline(from: start, hours: hours, kind: .working)
            #expect(calendar.isWorkingInstant(deadline.addingTimeInterval(-0.01)), "\(start) + \(hours) → \(deadline)")
        }
    }

    @Test("分两段计时与一次计时结果相同")
    func deadlinesCompose() {
        var g = Generator(seed: 99)
        let calendar = CalendarFixtures.shanghai2026
        for _ in 0..<2_000 {
            let start = Self.randomInstant(&g)
            let a = Self.randomHours(&g), b = Self.randomHours(&g)
            let stepwise = calendar.deadline(from: calendar.deadline(from: start, hours: a, kind: .working), hours: b, kind: .working)
            let direct = calendar.deadline(from: start, hours: a + b, kind: .working)
            #expect(abs(stepwise.timeIntervalSince(direct)) < 1e-3)
            let middle = calendar.deadline(from: start, hours: a, kind: .natural)
            let end = calendar.deadline(from: middle, hours: b, kind: .natural)
            let split = calendar.hours(from: start, to: middle, kind: .working) + calendar.hours(from: middle, to: end, kind: .working)
            #expect(abs(split - calendar.hours(from: start, to: end, kind: .working)) < 1e-6)
        }
    }

    @Test("随机日历：快速算法与逐日参考实现一致", .timeLimit(.minutes(1)))
    func randomCalendarsMatchReference() {
        var g = Generator(seed: 2026)
        for _ in 0..<150 {
            let calendar = Self.randomCalendar(&g)
            #expect(calendar.problems().isEmpty, "generator made an invalid calendar: \(calendar.problems())")
            for _ in 0..<10 {
                let start = Self.randomInstant(&g)
                let hours = Self.randomHours(&g)
                let deadline = calendar.deadline(from: start, hours: hours, kind: .working)
                #expect(deadline != .distantFuture)
                let reference = Self.referenceWorkingHours(calendar, from: start, to: deadline)
                #expect(abs(reference - hours) < 1e-6, "calendar \(calendar) start \(start) hours \(hours)")
                let end = start.addingTimeInterval(Double.random(in: 0...(400 * 86_400), using: &g))
                #expect(abs(calendar.hours(from: start, to: end, kind: .working) - Self.referenceWorkingHours(calendar, from: start, to: end)) < 1e-6)
            }
        }
    }
}
