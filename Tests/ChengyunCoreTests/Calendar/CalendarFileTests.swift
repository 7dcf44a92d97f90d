import Foundation
import Testing
@testable import ChengyunCore

@Suite("默认工作日历 Sources/ChengyunDemo/Resources/calendar.json")
struct CalendarFileTests {
    @Test("随仓库发布的 Sources/ChengyunDemo/Resources/calendar.json 可解析、有效，并与 standard 的工作时一致")
    func shippedFileDecodes() throws {
        let data = try Data(contentsOf: CalendarFixtures.dataFile("calendar.json"))
        let calendar = try WorkingCalendar.decode(data)
        #expect(calendar == CalendarFixtures.shanghai2026)
        #expect(calendar.utcOffsetSeconds == WorkingCalendar.standard.utcOffsetSeconds)
        #expect(calendar.workingWeekdays == WorkingCalendar.standard.workingWeekdays)
        #expect(calendar.periods == WorkingCalendar.standard.periods)
        let note = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])["note"] as? String
        #expect(note?.contains("State Council") == true)
    }

    @Test("格式错误的日历给出字段路径")
    func malformedFile() {
        let json = #"{"utcOffsetSeconds": 28800, "workingWeekdays": [1,2,3,4,5], "periods": [{"start": "09:00", "end": "12:00"}], "holidays": ["2026-10-1"], "makeUpWorkdays": []}"#
        #expect {
            _ = try WorkingCalendar.decode(Data(json.utf8))
        } throws: { error in
            let error = error as? CalendarError
            return error?.code == "calendar.malformed" && error?.field == "holidays[0]"
                && error?.message.contains("YYYY-MM-DD") == true
        }
        #expect {
            _ = try WorkingCalendar.decode(Data(#"{"utcOffsetSeconds": 28800}"#.utf8))
        } throws: { error in
            (error as? CalendarError)?.field == "workingWeekdays"
        }
        #expect {
            _ = try WorkingCalendar.decode(Data("not json".utf8))
        } throws: { error in
            (error as? CalendarError)?.code == "calendar.malformed"
        }
    }

    @Test("解析后会校验")
    func decodeValidates() {
        let json = #"{"utcOffsetSeconds": 28800, "workingWeekdays": [1,2,3,4,5], "periods": [{"start": "13:00", "end": "12:00"}], "holidays": [], "makeUpWorkdays": []}"#
        #expect(throws: CalendarError(code: "calendar.empty_period",
                                      message: "periods[0] runs from 13:00 to 12:00; the end must be later than the start (a period cannot cross midnight).",
                                      field: "periods[0]")) {
            _ = try WorkingCalendar.decode(Data(json.utf8))
        }
    }

    @Test("编码后再解析不变")
    func roundTrip() throws {
        let data = try JSONEncoder().encode(CalendarFixtures.shanghai2026)
        #expect(try WorkingCalendar.decode(data) == CalendarFixtures.shanghai2026)
    }
}
