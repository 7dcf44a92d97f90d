import Foundation
import Testing
@testable import ChengyunCore

@Suite("处置时限 deadlines")
struct WorkingCalendarDeadlineTests {
    let calendar = CalendarFixtures.shanghai2026
    func at(_ text: String) -> Date { CalendarFixtures.at(text) }

    @Test("周五下午派遣的案件顺延到周一")
    func fridayAfternoonRollsToMonday() {
        #expect(calendar.deadline(from: at("2026-03-06 16:00"), hours: 8, kind: .working) == at("2026-03-09 16:00"))
    }

    @Test("午休期间派遣，从13:00起算")
    func startInLunchPause() {
        #expect(calendar.deadline(from: at("2026-03-03 12:30"), hours: 1, kind: .working) == at("2026-03-03 14:00"))
    }

    @Test("下班后派遣，从次日9:00起算")
    func startAfterHours() {
        #expect(calendar.deadline(from: at("2026-03-03 20:00"), hours: 2, kind: .working) == at("2026-03-04 11:00"))
        #expect(calendar.deadline(from: at("2026-03-03 18:00"), hours: 0.5, kind: .working) == at("2026-03-04 09:30"))
    }

    @Test("上班前派遣，从当天9:00起算")
    func startBeforeHours() {
        #expect(calendar.deadline(from: at("2026-03-03 07:00"), hours: 2.5, kind: .working) == at("2026-03-03 11:30"))
    }

    @Test("时限恰好用完上午，止于12:00而不是13:00")
    func endsAtPeriodEnd() {
        #expect(calendar.deadline(from: at("2026-03-03 09:00"), hours: 3, kind: .working) == at("2026-03-03 12:00"))
        #expect(calendar.deadline(from: at("2026-03-03 09:00"), hours: 8, kind: .working) == at("2026-03-03 18:00"))
    }

    @Test("周末派遣，从周一9:00起算")
    func startOnWeekend() {
        #expect(calendar.deadline(from: at("2026-03-07 10:00"), hours: 4, kind: .working) == at("2026-03-09 14:00"))
    }

    @Test("一般路灯案件3个工作日即24工作时")
    func streetLightThreeWorkingDays() {
        #expect(calendar.deadline(from: at("2026-03-02 09:00"), hours: 24, kind: .working) == at("2026-03-04 18:00"))
        #expect(calendar.deadline(from: at("2026-03-05 10:00"), hours: 24, kind: .working) == at("2026-03-10 10:00"))
    }

    @Test("国庆长假整体顺延到10月8日")
    func nationalDayHolidaySkipped() {
        #expect(calendar.deadline(from: at("2026-09-30 17:00"), hours: 4, kind: .working) == at("2026-10-08 12:00"))
        #expect(calendar.deadline(from: at("2026-10-03 10:00"), hours: 1, kind: .working) == at("2026-10-08 10:00"))
    }

    @Test("调休上班日计入工作时")
    func makeUpWorkdaysCount() {
        // 10月10日（周六）调休上班。
        #expect(calendar.deadline(from: at("2026-10-09 17:00"), hours: 2, kind: .working) == at("2026-10-10 10:00"))
        // 9月20日（周日）调休上班。
        #expect(calendar.deadline(from: at("2026-09-19 10:00"), hours: 1, kind: .working) == at("2026-09-20 10:00"))
    }

    @Test("春节：2月14日调休上班，2月15日至23日放假")
    func springFestival() {
        #expect(calendar.deadline(from: at("2026-02-13 17:00"), hours: 2, kind: .working) == at("2026-02-14 10:00"))
        #expect(calendar.deadline(from: at("2026-02-14 17:00"), hours: 2, kind: .working) == at("2026-02-24 10:00"))
        #expect(calendar.hours(from: at("2026-02-14 17:00"), to: at("2026-02-24 10:00"), kind: .working) == 2)
    }

    @Test("自然时是简单相加，夜间和节假日照样计时")
    func naturalHoursAreAddition() {
        let start = at("2026-09-30 23:30")
        #expect(calendar.deadline(from: start, hours: 2, kind: .natural) == at("2026-10-01 01:30"))
        #expect(calendar.hours(from: start, to: at("2026-10-01 01:30"), kind: .natural) == 2)
    }

    @Test("零、负数和 NaN 时限返回起点；无穷时限返回远期")
    func degenerateHours() {
        let start = at("2026-03-03 12:30")
        for kind in HoursKind.allCases {
            #expect(calendar.deadline(from: start, hours: 0, kind: kind) == start)
            #expect(calendar.deadline(from: start, hours: -3, kind: kind) == start)
            #expect(calendar.deadline(from: start, hours: .nan, kind: kind) == start)
            #expect(calendar.deadline(from: start, hours: .infinity, kind: kind) == .distantFuture)
        }
    }

    @Test("工作时统计：跨周末、跨午休，终点早于起点为0")
    func hoursBetween() {
        #expect(calendar.hours(from: at("2026-03-06 17:00"), to: at("2026-03-09 10:00"), kind: .working) == 2)
        #expect(calendar.hours(from: at("2026-03-03 11:30"), to: at("2026-03-03 13:30"), kind: .working) == 1)
        #expect(calendar.hours(from: at("2026-03-03 19:00"), to: at("2026-03-04 08:00"), kind: .working) == 0)
        #expect(calendar.hours(from: at("2026-03-04 10:00"), to: at("2026-03-03 10:00"), kind: .working) == 0)
        #expect(calendar.hours(from: at("2026-03-04 10:00"), to: at("2026-03-03 10:00"), kind: .natural) == 0)
        // A whole ordinary year: 2027 has 261 weekdays and no holidays in this calendar.
        #expect(calendar.hours(from: at("2027-01-01 00:00"), to: at("2028-01-01 00:00"), kind: .working) == 261 * 8)
    }

    @Test("工作时刻：时段含起点不含终点，周末、节假日不算，调休日算")
    func workingInstants() {
        #expect(calendar.isWorkingInstant(at("2026-03-03 09:00")))
        #expect(calendar.isWorkingInstant(at("2026-03-03 11:59:59")))
        #expect(!calendar.isWorkingInstant(at("2026-03-03 12:00")))
        #expect(!calendar.isWorkingInstant(at("2026-03-03 12:59")))
        #expect(calendar.isWorkingInstant(at("2026-03-03 13:00")))
        #expect(!calendar.isWorkingInstant(at("2026-03-03 18:00")))
        #expect(!calendar.isWorkingInstant(at("2026-03-07 10:00")))
        #expect(!calendar.isWorkingInstant(at("2026-10-05 10:00")))
        #expect(calendar.isWorkingInstant(at("2026-10-10 10:00")))
        #expect(calendar.isWorkingDay(LocalDate("2026-10-10")!))
        #expect(!calendar.isWorkingDay(LocalDate("2026-10-05")!))
    }

    @Test("500工作时的时限按天步进，瞬间算完", .timeLimit(.minutes(1)))
    func longDeadlinesAreFast() {
        let start = at("2026-01-05 10:00")
        for i in 0..<2_000 {
            let hours = 500 + Double(i) / 7
            let deadline = calendar.deadline(from: start, hours: hours, kind: .working)
            #expect(abs(calendar.hours(from: start, to: deadline, kind: .working) - hours) < 1e-6)
        }
        let far = calendar.deadline(from: start, hours: 1_000_000, kind: .working)
        #expect(abs(calendar.hours(from: start, to: far, kind: .working) - 1_000_000) < 1e-4)
        #expect(calendar.deadline(from: start, hours: 1e300, kind: .working) == .distantFuture)
    }

    @Test("没有工作时的日历给出远期，不会死循环", .timeLimit(.minutes(1)))
    func calendarWithoutWorkingTime() {
        var noWeekdays = calendar
        noWeekdays.workingWeekdays = []
        // Only the make-up days remain: 6 of them, 8 hours each.
        #expect(noWeekdays.deadline(from: at("2026-01-01 00:00"), hours: 8, kind: .working) == at("2026-01-04 18:00"))
        #expect(noWeekdays.deadline(from: at("2026-01-01 00:00"), hours: 48, kind: .working) == at("2026-10-10 18:00"))
        #expect(noWeekdays.deadline(from: at("2026-01-01 00:00"), hours: 49, kind: .working) == .distantFuture)
        var noPeriods = calendar
        noPeriods.periods = []
        #expect(noPeriods.deadline(from: at("2026-01-01 00:00"), hours: 1, kind: .working) == .distantFuture)
        #expect(noPeriods.hours(from: at("2026-01-01 00:00"), to: at("2030-01-01 00:00"), kind: .working) == 0)
    }

    @Test("全天候日历的工作时等于自然时")
    func roundTheClockCalendar() {
        let always = WorkingCalendar(utcOffsetSeconds: 0, workingWeekdays: Array(1...7), periods: [WorkPeriod(start: "00:00", end: "24:00")])
        let start = at("2026-03-06 16:20")
        #expect(always.deadline(from: start, hours: 100, kind: .working) == start.addingTimeInterval(100 * 3600))
        #expect(always.hours(from: start, to: start.addingTimeInterval(12_345), kind: .working) == 12_345.0 / 3600)
    }

    @Test("其他时区按 utcOffsetSeconds 计算")
    func otherOffsets() {
        let newYork = WorkingCalendar(utcOffsetSeconds: -5 * 3600)
        let start = CalendarFixtures.at("2026-03-06 17:00", utcOffsetSeconds: -5 * 3600)
        #expect(newYork.deadline(from: start, hours: 2, kind: .working) == CalendarFixtures.at("2026-03-09 10:00", utcOffsetSeconds: -5 * 3600))
    }
}
