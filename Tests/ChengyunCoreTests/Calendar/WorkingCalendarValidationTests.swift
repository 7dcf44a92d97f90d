import Foundation
import Testing
@testable import ChengyunCore

@Suite("工作日历校验 calendar validation")
struct WorkingCalendarValidationTests {
    func firstProblem(_ change: (inout WorkingCalendar) -> Void) -> CalendarError? {
        var calendar = CalendarFixtures.shanghai2026
        change(&calendar)
        do {
            try calendar.validate()
            return nil
        } catch {
            return error
        }
    }

    @Test("标准日历和2026年日历都有效")
    func validCalendars() throws {
        try WorkingCalendar.standard.validate()
        try CalendarFixtures.shanghai2026.validate()
        #expect(CalendarFixtures.shanghai2026.problems().isEmpty)
    }

    @Test("时间须写作 HH:MM")
    func invalidTimes() {
        let error = firstProblem { $0.periods[1].start = "1:00" }
        #expect(error?.code == "calendar.invalid_time")
        #expect(error?.field == "periods[1].start")
        #expect(error?.message.contains("HH:MM") == true)
        #expect(firstProblem { $0.periods[0].end = "12:60" }?.field == "periods[0].end")
        #expect(firstProblem { $0.periods[0].start = "24:00" }?.code == "calendar.invalid_time")
        #expect(firstProblem { $0.periods = [WorkPeriod(start: "08:30", end: "24:00")] } == nil)
    }

    @Test("时段终点须晚于起点，不可跨午夜")
    func emptyPeriod() {
        let error = firstProblem { $0.periods = [WorkPeriod(start: "22:00", end: "06:00")] }
        #expect(error?.code == "calendar.empty_period")
        #expect(error?.field == "periods[0]")
    }

    @Test("时段须按时间排序且不重叠")
    func overlappingPeriods() {
        let overlap = firstProblem { $0.periods = [WorkPeriod(start: "09:00", end: "12:30"), WorkPeriod(start: "12:00", end: "18:00")] }
        #expect(overlap?.code == "calendar.periods_overlap")
        #expect(overlap?.field == "periods[1]")
        let unsorted = firstProblem { $0.periods = [WorkPeriod(start: "13:00", end: "18:00"), WorkPeriod(start: "09:00", end: "12:00")] }
        #expect(unsorted?.code == "calendar.periods_overlap")
        #expect(firstProblem { $0.periods = [WorkPeriod(start: "09:00", end: "12:00"), WorkPeriod(start: "12:00", end: "18:00")] } == nil)
        #expect(firstProblem { $0.periods = [] }?.code == "calendar.no_periods")
    }

    @Test("工作日须是1到7且不重复")
    func weekdays() {
        #expect(firstProblem { $0.workingWeekdays = [1, 2, 8] }?.field == "workingWeekdays[2]")
        #expect(firstProblem { $0.workingWeekdays = [1, 2, 8] }?.code == "calendar.invalid_weekday")
        #expect(firstProblem { $0.workingWeekdays = [1, 2, 2] }?.code == "calendar.duplicate_weekday")
        #expect(firstProblem { $0.workingWeekdays = [] }?.code == "calendar.no_working_weekdays")
    }

    @Test("时区偏移须在 ±14 小时内")
    func utcOffset() {
        let error = firstProblem { $0.utcOffsetSeconds = 8 * 3600 * 1000 }
        #expect(error?.code == "calendar.invalid_utc_offset")
        #expect(error?.field == "utcOffsetSeconds")
    }

    @Test("节假日与调休日不重复、不冲突")
    func specialDays() {
        let duplicate = firstProblem { $0.holidays.append(LocalDate("2026-10-01")!) }
        #expect(duplicate?.code == "calendar.duplicate_date")
        #expect(duplicate?.field == "holidays[33]")
        let both = firstProblem { $0.makeUpWorkdays.append(LocalDate("2026-10-03")!) }
        #expect(both?.code == "calendar.makeup_is_holiday")
        #expect(both?.field == "makeUpWorkdays[6]")
        let weekday = firstProblem { $0.makeUpWorkdays.append(LocalDate("2026-10-12")!) }
        #expect(weekday?.code == "calendar.makeup_on_working_weekday")
        #expect(weekday?.message.contains("2026-10-12") == true)
    }

    @Test("problems() 列出全部问题")
    func listsAllProblems() {
        var calendar = WorkingCalendar.standard
        calendar.workingWeekdays = [0]
        calendar.periods = [WorkPeriod(start: "9:00", end: "12:00"), WorkPeriod(start: "14:00", end: "13:00")]
        #expect(calendar.problems().map(\.code) == ["calendar.invalid_weekday", "calendar.invalid_time", "calendar.empty_period"])
    }
}
