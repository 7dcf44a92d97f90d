import Foundation
import Testing
@testable import ChengyunCore

@Suite("日期 LocalDate")
struct LocalDateTests {
    @Test("按 YYYY-MM-DD 解析日期")
    func parsesISODates() throws {
        let date = try #require(LocalDate("2026-10-01"))
        #expect(date.year == 2026 && date.month == 10 && date.day == 1)
        #expect(date.description == "2026-10-01")
        #expect(LocalDate("0987-01-05")?.description == "0987-01-05")
    }

    @Test("拒绝不存在的日期和其他写法", arguments: [
        "2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "2026/10/01", "20261001",
        "2026-10-01T00:00", " 2026-10-01", "", "abcd-ef-gh", "0000-01-01", "2026-10-0１",
    ])
    func rejectsInvalidDates(text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test("闰年规则：能被4整除、整百年须被400整除")
    func leapYears() {
        #expect(LocalDate("2024-02-29") != nil)
        #expect(LocalDate("2000-02-29") != nil)
        #expect(LocalDate("2100-02-29") == nil)
        #expect(LocalDate("2026-02-28") != nil)
    }

    @Test("ISO 星期：2026年国庆节是星期四")
    func isoWeekday() {
        #expect(LocalDate("2026-10-01")?.isoWeekday == 4)
        #expect(LocalDate("1970-01-01")?.isoWeekday == 4)
        #expect(LocalDate("2026-03-09")?.isoWeekday == 1)
        #expect(LocalDate("2026-03-08")?.isoWeekday == 7)
        #expect(LocalDate("1969-12-31")?.isoWeekday == 3)
    }

    @Test("日序号与日期往返一致")
    func dayNumbersRoundTrip() {
        #expect(LocalDate("1970-01-01")?.daysSince1970 == 0)
        #expect(LocalDate("2026-01-01")?.daysSince1970 == 20_454)
        for day in stride(from: -719_162, through: 2_932_896, by: 997) {
            let date = LocalDate(daysSince1970: day)
            #expect(date.daysSince1970 == day)
            #expect(LocalDate(date.description) == date)
        }
    }

    @Test("日期按先后比较")
    func ordering() {
        #expect(LocalDate("2026-09-30")! < LocalDate("2026-10-01")!)
        #expect(LocalDate("2025-12-31")! < LocalDate("2026-01-01")!)
        #expect(!(LocalDate("2026-10-01")! < LocalDate("2026-10-01")!))
    }

    @Test("JSON 中写作字符串")
    func codableAsString() throws {
        let data = try JSONEncoder().encode([LocalDate("2026-10-01")!])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-10-01"]"#)
        let decoded = try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-14"]"#.utf8))
        #expect(decoded == [LocalDate("2026-02-14")!])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-30"]"#.utf8))
        }
    }

    @Test("瞬间所在的本地日期按 UTC+8 计算")
    func localDateOfInstant() {
        let calendar = WorkingCalendar.standard
        // 2026-09-30 16:30 UTC is already 2026-10-01 00:30 in Beijing.
        let instant = CalendarFixtures.at("2026-09-30 16:30", utcOffsetSeconds: 0)
        #expect(calendar.localDate(of: instant) == LocalDate("2026-10-01"))
        #expect(calendar.localDate(of: CalendarFixtures.at("2026-10-01 00:00")) == LocalDate("2026-10-01"))
        #expect(calendar.localDate(of: CalendarFixtures.at("2026-09-30 23:59")) == LocalDate("2026-09-30"))
    }
}
