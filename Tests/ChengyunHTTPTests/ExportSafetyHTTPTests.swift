import ChengyunCore
import ChengyunTesting
import Foundation
import Hummingbird
@testable import ChengyunHTTP
import Testing

/// Issue 14 finding 6: a KPI CSV wrote `=HYPERLINK(…)` names that a spreadsheet program evaluates.
@Suite("导出防公式注入 exports keep names inert")
struct ExportSafetyHTTPTests {
    static let evil = #"=HYPERLINK("http://evil.example/","点我")"#

    @Test("名称以 = + - @ 制表符或回车开头的单元格加上撇号；数字不变")
    func inert() {
        for text in ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
            #expect(Spreadsheet.inert(text) == "'" + text)
        }
        for text in ["城管局", "a=b", "1-2", ""] { #expect(Spreadsheet.inert(text) == text) }
        let sheet = Spreadsheet(sheetName: "t", rows: [[.text("=1+1"), .number(-2), .text("正常")]]).parts().first { $0.0 == "xl/worksheets/sheet1.xml" }?.1 ?? ""
        #expect(sheet.contains("<t>&apos;=1+1</t>") && sheet.contains("<v>-2.0</v>") && sheet.contains("<t>正常</t>"), "\(sheet)")
    }

    @Test("考核导出 CSV：部门名 =HYPERLINK(…) 以文本写出")
    func kpiCSV() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let cityID = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=city", token: admin).json[0]["id"].int)
            let kind = try #require(try await api.call(.get, "/api/v1/department-kinds", token: admin).json[0]["code"].string)
            let name = Self.evil.replacingOccurrences(of: "\"", with: "\\\"")
            let created = try await api.call(.post, "/api/v1/departments", token: admin, json: #"{"nodeId":\#(cityID),"kind":"\#(kind)","code":"EVIL-1","name":"\#(name)"}"#)
            #expect(created.status == .created, "\(created.json)")
            let department = try #require(created.json["id"].int)
            let resident = try await api.login("resident1")
            let duty = try await api.login("duty.s1")
            let id = try #require(try await api.report(resident)["id"].int)
            #expect(try await api.act(id, "accept", token: duty).status == .ok)
            let dispatched = try await api.act(id, "dispatch", token: duty, json: #"{"lead":\#(department)}"#)
            #expect(dispatched.status == .ok, "\(dispatched.json)")

            let csv = try await api.call(.get, "/api/v1/kpis/export.csv", token: try await api.login("leader"))
            #expect(csv.status == .ok)
            let text = String(decoding: Data(csv.body.readableBytesView), as: UTF8.self)
            #expect(text.contains(#""'=HYPERLINK(""http://evil.example/"",""点我"")""#), "\(text)")
            #expect(!text.contains(",=") && !text.contains("\n="), "\(text)")
        }
    }
}
