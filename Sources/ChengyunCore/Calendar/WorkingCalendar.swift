public import Foundation

/// 工作日历 — working days, hours, holidays and make-up working days (调休) of one city.
///
/// All arithmetic is plain seconds since 1970 shifted by `utcOffsetSeconds`; no time-zone
/// database is consulted, so a calendar is only right for zones without daylight saving
/// (China Standard Time is UTC+8 all year).
public struct WorkingCalendar: Sendable, Hashable, Codable {
    /// Offset of local time from UTC in seconds; 28800 for China Standard Time.
    public var utcOffsetSeconds: Int
    /// ISO weekdays that are working days: 1 = Monday … 7 = Sunday.
    public var workingWeekdays: [Int]
    /// Working periods of a working day, sorted and non-overlapping.
    public var periods: [WorkPeriod]
    /// 法定节假日 — days off even when they fall on a working weekday.
    public var holidays: [LocalDate]
    /// 调休上班日 — working days even when they fall on a weekend.
    public var makeUpWorkdays: [LocalDate]

    public init(
        utcOffsetSeconds: Int = 28_800,
        workingWeekdays: [Int] = [1, 2, 3, 4, 5],
        periods: [WorkPeriod] = [WorkPeriod(start: "09:00", end: "12:00"), WorkPeriod(start: "13:00", end: "18:00")],
        holidays: [LocalDate] = [],
        makeUpWorkdays: [LocalDate] = []
    ) {
        self.utcOffsetSeconds = utcOffsetSeconds
        self.workingWeekdays = workingWeekdays
        self.periods = periods
        self.holidays = holidays
        self.makeUpWorkdays = makeUpWorkdays
    }

    /// The default hours of data/calendar.json — Monday to Friday, 09:00–12:00 and 13:00–18:00
    /// at UTC+8 — without its holidays; load the file to get those.
    public static let standard = WorkingCalendar()

    /// Decodes a calendar in the format of data/calendar.json (extra keys such as "note" are
    /// ignored) and validates it.
    /// - Throws: `CalendarError` with code `calendar.malformed` when the JSON does not decode,
    ///   or the first problem `validate()` finds.
    public static func decode(_ data: Data) throws(CalendarError) -> WorkingCalendar {
        let calendar: WorkingCalendar
        do {
            calendar = try JSONDecoder().decode(WorkingCalendar.self, from: data)
        } catch let error as DecodingError {
            let (path, detail) = error.pathAndDetail
            throw CalendarError(
                code: "calendar.malformed",
                message: "The calendar JSON does not decode: \(detail) Compare it with data/calendar.json.",
                field: path.isEmpty ? nil : path
            )
        } catch {
            throw CalendarError(code: "calendar.malformed", message: "The calendar is not valid JSON.", field: nil)
        }
        try calendar.validate()
        return calendar
    }

    /// The local calendar day on which instant `t` falls.
    public func localDate(of t: Date) -> LocalDate {
        LocalDate(daysSince1970: Schedule.dayNumber(t.timeIntervalSince1970 + Double(utcOffsetSeconds)))
    }

    /// The first instant (local midnight) of a local day.
    public func startOfDay(_ day: LocalDate) -> Date {
        Date(timeIntervalSince1970: Double(day.daysSince1970 * 86_400 - utcOffsetSeconds))
    }

    /// The first instant of the last `days` local days at `now` (today among them): the midnight `days - 1` days
    /// before today's; `now` itself for none.
    public func startOfLast(_ days: Int, at now: Date) -> Date {
        guard days > 0 else { return now }
        return startOfDay(LocalDate(daysSince1970: localDate(of: now).daysSince1970 - days + 1))
    }

    /// Whether `date` is a working day: a working weekday or a make-up day, and not a holiday.
    public func isWorkingDay(_ date: LocalDate) -> Bool {
        if holidays.contains(date) { return false }
        if makeUpWorkdays.contains(date) { return true }
        return workingWeekdays.contains(date.isoWeekday)
    }
}
