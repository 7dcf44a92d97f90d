public import Foundation

extension WorkingCalendar {
    /// The day `days` working days after `day` (承诺时限 in working days: weekends and holidays skipped, make-up days
    /// counted); at most ten years on, for a calendar with no working day left.
    public func day(_ days: Int, workingDaysAfter day: LocalDate) -> LocalDate {
        var d = day.daysSince1970, left = max(days, 0)
        let last = d + 3_660
        while left > 0, d < last {
            d += 1
            if isWorkingDay(LocalDate(daysSince1970: d)) { left -= 1 }
        }
        return LocalDate(daysSince1970: d)
    }

    /// Whether `t` lies inside a working period of a working day (a period's end is not inside it).
    public func isWorkingInstant(_ t: Date) -> Bool {
        let schedule = Schedule(self)
        let local = t.timeIntervalSince1970 + schedule.offset
        let day = Schedule.dayNumber(local)
        guard schedule.isWorkingDay(day) else { return false }
        let second = local - Double(day) * 86_400
        return schedule.periods.contains { $0.start <= second && second < $0.end }
    }

    /// The instant `hours` of the given kind after `start` (working hours skip nights, weekends and holidays).
    ///
    /// Natural hours are plain addition. Working hours start counting at the first working
    /// moment at or after `start` (so a start in the lunch pause, after hours, on a weekend or
    /// on a holiday counts from the next working period) and a deadline that uses up a period
    /// exactly ends at that period's end (18:00, not 09:00 the next working day). Zero,
    /// negative or NaN hours give `start`; when the calendar has no working time left the
    /// answer is `Date.distantFuture`. Steps a whole period, day or week at a time.
    public func deadline(from start: Date, hours: Double, kind: HoursKind) -> Date {
        guard hours > 0 else { return start }  // also catches NaN
        guard hours.isFinite else { return .distantFuture }
        switch kind {
        case .natural:
            return start.addingTimeInterval(hours * 3600)
        case .working:
            return Schedule(self).workingDeadline(from: start, seconds: hours * 3600)
        }
    }

    /// Hours of the given kind between two instants (0 if end <= start).
    public func hours(from start: Date, to end: Date, kind: HoursKind) -> Double {
        guard end > start else { return 0 }
        switch kind {
        case .natural:
            return end.timeIntervalSince(start) / 3600
        case .working:
            return Schedule(self).workingSeconds(from: start, to: end) / 3600
        }
    }
}

/// A working calendar compiled for arithmetic: periods in seconds, special days as day numbers.
struct Schedule {
    /// Local day numbers beyond which nothing is computed (years 1 … 9999).
    static let dayRange = -719_162...2_932_896

    let offset: Double
    /// Working periods in seconds after local midnight, valid ones only, sorted and merged.
    let periods: [(start: Double, end: Double)]
    /// Index 1…7: whether that ISO weekday is a working weekday.
    let weekdayIsWorking: [Bool]
    let holidays: Set<Int>
    let makeUps: Set<Int>
    /// Holidays and make-up days, sorted, for finding the next special day.
    let specialDays: [Int]
    /// Working seconds in a working day and in an ordinary week (no special days).
    let daySeconds: Double
    let weekSeconds: Double

    init(_ calendar: WorkingCalendar) {
        offset = Double(calendar.utcOffsetSeconds)
        var raw: [(start: Double, end: Double)] = calendar.periods.compactMap { period in
            guard let s = period.startSecond, let e = period.endSecond, s < e else { return nil }
            return (Double(s), Double(e))
        }
        raw.sort { $0.start < $1.start }
        var merged: [(start: Double, end: Double)] = []
        for period in raw {
            if let last = merged.last, period.start <= last.end {
                merged[merged.count - 1].end = max(last.end, period.end)
            } else {
                merged.append(period)
            }
        }
        periods = merged
        var mask = [Bool](repeating: false, count: 8)
        for weekday in calendar.workingWeekdays where (1...7).contains(weekday) { mask[weekday] = true }
        weekdayIsWorking = mask
        holidays = Set(calendar.holidays.map(\.daysSince1970))
        makeUps = Set(calendar.makeUpWorkdays.map(\.daysSince1970))
        specialDays = holidays.union(makeUps).sorted()
        daySeconds = merged.reduce(0) { $0 + $1.end - $1.start }
        weekSeconds = daySeconds * Double(mask.filter { $0 }.count)
    }

    /// The local day number of local seconds `local`, clamped to years 1 … 9999.
    static func dayNumber(_ local: Double) -> Int {
        let day = (local / 86_400).rounded(.down)
        guard day.isFinite else { return day > 0 ? dayRange.upperBound : dayRange.lowerBound }
        return Int(min(max(day, Double(dayRange.lowerBound)), Double(dayRange.upperBound)))
    }

    func isWorkingDay(_ day: Int) -> Bool {
        if holidays.contains(day) { return false }
        if makeUps.contains(day) { return true }
        return weekdayIsWorking[LocalDate.isoWeekday(daysSince1970: day)]
    }

    /// Whole weeks from `day` on that hold no holiday or make-up day.
    func ordinaryWeeks(from day: Int) -> Int {
        var low = 0, high = specialDays.count
        while low < high {
            let mid = (low + high) / 2
            if specialDays[mid] < day { low = mid + 1 } else { high = mid }
        }
        guard low < specialDays.count else { return Int.max / 8 }
        return (specialDays[low] - day) / 7
    }

    func workingDeadline(from start: Date, seconds: Double) -> Date {
        var remaining = seconds
        let local = start.timeIntervalSince1970 + offset
        var day = Schedule.dayNumber(local)
        var from = max(0, local - Double(day) * 86_400)
        while day < Schedule.dayRange.upperBound {
            if from == 0 {
                let free = ordinaryWeeks(from: day)
                let weeksToEnd = (Schedule.dayRange.upperBound - day) / 7 + 1
                if weekSeconds == 0 {
                    // Ordinary weeks hold no working time: jump to the next special day, if any.
                    if free == Int.max / 8 { return .distantFuture }
                    day += free * 7
                } else if remaining > weekSeconds, free > 0 {
                    // Leave a remainder in (0, weekSeconds] so the answer lands inside a period.
                    let weeks = min(Double(min(free, weeksToEnd)), (remaining / weekSeconds).rounded(.up) - 1)
                    day += Int(weeks) * 7
                    remaining -= weeks * weekSeconds
                }
            }
            if isWorkingDay(day) {
                for period in periods where period.end > from {
                    let segmentStart = max(period.start, from)
                    let available = period.end - segmentStart
                    if remaining <= available {
                        return Date(timeIntervalSince1970: Double(day) * 86_400 + segmentStart + remaining - offset)
                    }
                    remaining -= available
                }
            }
            day += 1
            from = 0
        }
        return .distantFuture
    }

    func workingSeconds(from start: Date, to end: Date) -> Double {
        let low = start.timeIntervalSince1970 + offset
        let high = end.timeIntervalSince1970 + offset
        let firstDay = Schedule.dayNumber(low)
        let lastDay = Schedule.dayNumber(high)
        var total = 0.0
        var day = firstDay
        while day <= lastDay {
            if day > firstDay {
                // Whole ordinary weeks strictly before the last day count a week at a time.
                let weeks = min(ordinaryWeeks(from: day), (lastDay - day) / 7)
                if weeks > 0 {
                    total += Double(weeks) * weekSeconds
                    day += weeks * 7
                    continue
                }
            }
            if isWorkingDay(day) {
                let dayStart = Double(day) * 86_400
                let from = max(0, low - dayStart)
                let to = min(86_400, high - dayStart)
                for period in periods {
                    let overlap = min(period.end, to) - max(period.start, from)
                    if overlap > 0 { total += overlap }
                }
            }
            day += 1
        }
        return total
    }
}
