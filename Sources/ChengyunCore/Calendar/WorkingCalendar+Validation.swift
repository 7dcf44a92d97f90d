import Foundation

extension WorkingCalendar {
    /// Checks the calendar and throws its first problem.
    /// - Throws: `CalendarError` naming the field, what is wrong and how to fix it.
    public func validate() throws(CalendarError) {
        if let first = problems().first { throw first }
    }

    /// Every problem with the calendar, in field order; empty when it is valid.
    public func problems() -> [CalendarError] {
        var found: [CalendarError] = []
        func report(_ code: String, _ field: String?, _ message: String) {
            found.append(CalendarError(code: code, message: message, field: field))
        }

        if !(-50_400...50_400).contains(utcOffsetSeconds) {
            report("calendar.invalid_utc_offset", "utcOffsetSeconds",
                   "utcOffsetSeconds is \(utcOffsetSeconds); give the offset from UTC in seconds between -50400 and 50400 (28800 for China Standard Time).")
        }

        if workingWeekdays.isEmpty {
            report("calendar.no_working_weekdays", "workingWeekdays",
                   "workingWeekdays is empty; list the ISO weekdays that are working days, e.g. [1, 2, 3, 4, 5] for Monday to Friday.")
        }
        var seenWeekdays: Set<Int> = []
        for (i, weekday) in workingWeekdays.enumerated() {
            if !(1...7).contains(weekday) {
                report("calendar.invalid_weekday", "workingWeekdays[\(i)]",
                       "workingWeekdays[\(i)] is \(weekday); use ISO weekdays 1 (Monday) to 7 (Sunday).")
            } else if !seenWeekdays.insert(weekday).inserted {
                report("calendar.duplicate_weekday", "workingWeekdays[\(i)]",
                       "workingWeekdays[\(i)] repeats weekday \(weekday); list each weekday once.")
            }
        }

        if periods.isEmpty {
            report("calendar.no_periods", "periods",
                   "periods is empty; give at least one working period, e.g. {\"start\": \"09:00\", \"end\": \"12:00\"}.")
        }
        var previousEnd: (index: Int, second: Int)?
        for (i, period) in periods.enumerated() {
            let start = period.startSecond
            let end = period.endSecond
            if start == nil {
                report("calendar.invalid_time", "periods[\(i)].start",
                       "periods[\(i)].start is \"\(period.start)\"; write a local time as HH:MM from 00:00 to 23:59.")
            }
            if end == nil {
                report("calendar.invalid_time", "periods[\(i)].end",
                       "periods[\(i)].end is \"\(period.end)\"; write a local time as HH:MM from 00:01 to 24:00.")
            }
            guard let start, let end else { continue }
            if start >= end {
                report("calendar.empty_period", "periods[\(i)]",
                       "periods[\(i)] runs from \(period.start) to \(period.end); the end must be later than the start (a period cannot cross midnight).")
                continue
            }
            if let previous = previousEnd, start < previous.second {
                report("calendar.periods_overlap", "periods[\(i)]",
                       "periods[\(i)] starts at \(period.start), before periods[\(previous.index)] ends; list periods in time order without overlaps.")
            }
            previousEnd = (i, end)
        }

        func checkDates(_ dates: [LocalDate], _ name: String) {
            var seen: Set<LocalDate> = []
            for (i, date) in dates.enumerated() where !seen.insert(date).inserted {
                report("calendar.duplicate_date", "\(name)[\(i)]", "\(name)[\(i)] repeats \(date); list each date once.")
            }
        }
        checkDates(holidays, "holidays")
        checkDates(makeUpWorkdays, "makeUpWorkdays")
        let holidaySet = Set(holidays)
        for (i, date) in makeUpWorkdays.enumerated() {
            if holidaySet.contains(date) {
                report("calendar.makeup_is_holiday", "makeUpWorkdays[\(i)]",
                       "\(date) is both a holiday and a make-up working day; keep it in only one of holidays and makeUpWorkdays.")
            } else if workingWeekdays.contains(date.isoWeekday) {
                report("calendar.makeup_on_working_weekday", "makeUpWorkdays[\(i)]",
                       "makeUpWorkdays[\(i)] is \(date), already a working weekday; a make-up working day (调休) falls on a non-working weekday — check the date.")
            }
        }
        return found
    }
}
