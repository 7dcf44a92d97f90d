import ChengyunCore
import ChengyunServices
import ChengyunTesting
import Foundation
import HTTPTypes
import Hummingbird
@testable import ChengyunHTTP
import Testing

/// Issue 14: data grading (公开 / 内部 / 敏感) on every export, pre-approved templates for routine ones, and graded
/// approval, watermark and audit for sensitive ones.
@Suite("数据分级与导出审批 data grading and graded export approval")
struct ExportApprovalHTTPTests {
    static let morning = Date(timeIntervalSince1970: 1_795_489_200)
    static let phone = "13912345678"
    static let password = "Export-Audit-2026!"

    @Test("预批模板：值班员即时导出本辖区案件清单，个人信息脱敏，带分级与水印，留痕 export.cases")
    func maskedExportAtOnce() async throws {
        let clock = ManualWallClock(Self.morning)
        let city = try await TestCity(clock: clock)
        try await city.test { api in
            let number = try await Self.reportWithPhone(api)
            let reply = try await api.call(.get, "/api/v1/cases/export.csv?state=reported", token: try await api.login("duty.s1"))
            #expect(reply.status == .ok, "\(reply.json)")
            #expect(reply.headers[HTTPField.Name("X-Data-Grade")!] == "internal")
            #expect(reply.headers[HTTPField.Name("X-Export-Watermark")!]?.hasPrefix("internal; exported by duty.s1; 2026-11-24T03:00:00Z; template cases") == true)
            #expect(reply.headers[.cacheControl] == "no-store")
            let bytes = Array(reply.body.readableBytesView)
            #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
            let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
            #expect(lines[0].hasPrefix("# 内部 internal · exported by duty.s1 · 2026-11-24T03:00:00Z · template cases · ref "), "\(lines[0])")
            #expect(lines[1].hasPrefix("编号 number,来源 source,"), "\(lines[1])")
            let row = try #require(lines.first { $0.hasPrefix(number) })
            #expect(row.contains("139****5678") && row.contains("王*"), "\(row)")
            #expect(!lines.joined().contains(Self.phone) && !lines.joined().contains("王小明"))
            #expect(!lines[1].contains("watermark"), "an internal file needs no watermark column")
            // Not for a resident or a department handler; the personal one not without approval.
            #expect(try await api.call(.get, "/api/v1/cases/export.csv", token: try await api.login("resident1")).status == .forbidden)
            let personal = try await api.call(.get, "/api/v1/cases/export.csv?personal=true", token: try await api.login("duty.s1"))
            #expect(personal.status == .forbidden)
            #expect(personal.json["error"]["code"].string == "export.approval_required")

            let trail = try await api.call(.get, "/api/v1/audit?action=export.", token: try await Self.auditor(api))
            let lines2 = trail.json["items"].array
            #expect(lines2.contains { $0["action"].string == "export.cases" && $0["actor"].string == "duty.s1" && $0["detail"].string?.contains("internal") == true })
            #expect(lines2.contains { $0["action"].string == "export.refused" && $0["detail"].string == "export.approval_required" })
        }
    }

    @Test("敏感导出：申请→本人不能批、外区领导不能批→本区领导批准→申请人下载一次（含电话、水印、分级）→再次下载拒绝；每步留痕")
    func approvedPersonalExport() async throws {
        let clock = ManualWallClock(Self.morning)
        let city = try await TestCity(clock: clock)
        try await city.test { api in
            let number = try await Self.reportWithPhone(api)
            let requester = try await api.login("leader.s1")
            let created = try await api.call(.post, "/api/v1/exports", token: requester, json: """
                {"template":"cases-personal","filters":{"state":["reported"],"from":"2026-11-01"},"reason":"回访核实上报人反映的问题"}
                """)
            #expect(created.status == .created, "\(created.json)")
            #expect(created.json["status"].string == "pending")
            #expect(created.json["grade"].string == "sensitive")
            #expect(created.json["filters"]["state"].string == "reported")
            let id = try #require(created.json["id"].int)

            let early = try await api.call(.get, "/api/v1/exports/\(id)/download", token: requester)
            #expect(early.status == .forbidden)
            #expect(early.json["error"]["code"].string == "export.not_approved")
            let own = try await api.call(.post, "/api/v1/exports/\(id)/approve", token: requester, json: #"{"note":"自己批"}"#)
            #expect(own.status == .forbidden)
            #expect(own.json["error"]["code"].string == "export.own_request")
            let otherDistrict = try await api.login("leader.d2")
            #expect(try await api.call(.post, "/api/v1/exports/\(id)/approve", token: otherDistrict, json: "{}").status == .notFound)
            #expect(try await api.call(.get, "/api/v1/exports", token: otherDistrict).json["items"].array.isEmpty)
            #expect(try await api.call(.post, "/api/v1/exports/\(id)/approve", token: try await api.login("duty.d1"), json: "{}").status == .notFound)

            let approver = try await api.login("leader.d1")
            #expect(try await api.call(.get, "/api/v1/exports", token: approver).json["items"].array.map { $0["id"].int } == [id])
            let approved = try await api.call(.post, "/api/v1/exports/\(id)/approve", token: approver, json: #"{"note":"同意，仅限回访"}"#)
            #expect(approved.status == .ok, "\(approved.json)")
            #expect(approved.json["status"].string == "approved")
            #expect(approved.json["expiresAt"].string == "2026-11-25T03:00:00Z")
            #expect(try await api.call(.post, "/api/v1/exports/\(id)/reject", token: approver, json: #"{"note":"改主意"}"#).json["error"]["code"].string == "export.already_decided")
            #expect(try await api.call(.get, "/api/v1/exports/\(id)/download", token: approver).json["error"]["code"].string == "export.not_requester")

            clock.advance(hours: 1)
            let file = try await api.call(.get, "/api/v1/exports/\(id)/download", token: requester)
            #expect(file.status == .ok, "\(file.json)")
            #expect(file.headers[HTTPField.Name("X-Data-Grade")!] == "sensitive")
            let mark = "敏感 sensitive · exported by leader.s1 · 2026-11-24T04:00:00Z · request \(id)"
            #expect(file.headers[HTTPField.Name("X-Export-Watermark")!]?.hasPrefix("sensitive; exported by leader.s1; 2026-11-24T04:00:00Z; request \(id)") == true)
            let lines = String(decoding: Array(file.body.readableBytesView).dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
            #expect(lines[0].hasPrefix("# " + mark), "\(lines[0])")
            #expect(lines[1].hasPrefix("# 敏感数据"), "\(lines[1])")
            #expect(lines[2].hasSuffix(",水印 watermark"), "\(lines[2])")
            let row = try #require(lines.first { $0.hasPrefix(number) })
            #expect(row.contains(Self.phone) && row.contains("王小明") && row.contains(mark), "\(row)")
            #expect(lines.dropFirst(3).filter { !$0.isEmpty }.allSatisfy { $0.contains(mark) }, "every row carries the watermark")

            let again = try await api.call(.get, "/api/v1/exports/\(id)/download", token: requester)
            #expect(again.status == .conflict)
            #expect(again.json["error"]["code"].string == "export.already_downloaded")
            #expect(try await api.call(.get, "/api/v1/exports/\(id)", token: requester).json["status"].string == "downloaded")

            let trail = try await api.call(.get, "/api/v1/audit?action=export.", token: try await Self.auditor(api)).json["items"].array
            func line(_ action: String) -> JSON? { trail.first { $0["action"].string == action && $0["target"].string == "export:\(id)" } }
            #expect(line("export.requested")?["actor"].string == "leader.s1")
            #expect(line("export.requested")?["reason"].string == "回访核实上报人反映的问题")
            #expect(line("export.approved")?["actor"].string == "leader.d1")
            #expect(line("export.approved")?["reason"].string == "同意，仅限回访")
            #expect(line("export.downloaded")?["actor"].string == "leader.s1")
            #expect(line("export.downloaded")?["reason"].string == "回访核实上报人反映的问题")
            #expect(line("export.downloaded")?["detail"].string?.contains("approved by leader.d1") == true)
            #expect(line("export.downloaded")?["at"].string == "2026-11-24T04:00:00Z")
            #expect(trail.contains { $0["action"].string == "export.refused" && $0["detail"].string == "export.already_downloaded" })
            #expect(trail.contains { $0["action"].string == "export.refused" && $0["detail"].string == "export.not_approved" })
        }
    }

    @Test("批准 24 小时后过期不能下载；驳回须说明理由，驳回的申请不能下载")
    func expiredAndRejected() async throws {
        let clock = ManualWallClock(Self.morning)
        let city = try await TestCity(clock: clock)
        try await city.test { api in
            _ = try await Self.reportWithPhone(api)
            let requester = try await api.login("duty.d1")
            func ask(_ token: String) async throws -> Int {
                let reply = try await api.call(.post, "/api/v1/exports", token: token, json: #"{"template":"cases-personal","reason":"核对联系方式"}"#)
                #expect(reply.status == .created, "\(reply.json)")
                return try #require(reply.json["id"].int)
            }
            let expiring = try await ask(requester)
            let auditor = try await Self.auditor(api)
            #expect(try await api.call(.post, "/api/v1/exports/\(expiring)/approve", token: auditor, json: "{}").status == .ok)
            clock.advance(hours: 24.5)
            let requesterAgain = try await api.login("duty.d1")
            #expect(try await api.call(.get, "/api/v1/exports/\(expiring)", token: requesterAgain).json["status"].string == "expired")
            let late = try await api.call(.get, "/api/v1/exports/\(expiring)/download", token: requesterAgain)
            #expect(late.status == .conflict)
            #expect(late.json["error"]["code"].string == "export.expired")

            let rejected = try await ask(requesterAgain)
            let leader = try await api.login("leader.d1")
            let bare = try await api.call(.post, "/api/v1/exports/\(rejected)/reject", token: leader, json: "{}")
            #expect(bare.status == .badRequest)
            #expect(bare.json["error"]["code"].string == "export.note_required")
            #expect(try await api.call(.post, "/api/v1/exports/\(rejected)/reject", token: leader, json: #"{"note":"用途不明确"}"#).json["status"].string == "rejected")
            #expect(try await api.call(.get, "/api/v1/exports/\(rejected)/download", token: requesterAgain).json["error"]["code"].string == "export.not_approved")

            // Requests take a known sensitive template, known filters and a reason.
            for (body, code) in [(#"{"template":"cases","reason":"例行"}"#, "export.unknown_template"),
                                 (#"{"template":"cases-personal","reason":" "}"#, "export.reason_required"),
                                 (#"{"template":"cases-personal","filters":{"limit":5},"reason":"核对"}"#, "export.unknown_filter")] {
                let refused = try await api.call(.post, "/api/v1/exports", token: requesterAgain, json: body)
                #expect(refused.status == .badRequest && refused.json["error"]["code"].string == code, "\(body): \(refused.json)")
            }
            #expect(try await api.call(.post, "/api/v1/exports", token: try await api.login("resident1"), json: #"{"template":"cases-personal","reason":"想看"}"#).status == .forbidden)

            let auditorAgain = try await api.login("auditor.exports", password: Self.password)
            let trail = try await api.call(.get, "/api/v1/audit?action=export.", token: auditorAgain).json["items"].array
            #expect(trail.contains { $0["action"].string == "export.approved" && $0["target"].string == "export:\(expiring)" && $0["actor"].string == "auditor.exports" })
            #expect(trail.contains { $0["action"].string == "export.rejected" && $0["target"].string == "export:\(rejected)" && $0["reason"].string == "用途不明确" })
            #expect(trail.contains { $0["action"].string == "export.refused" && $0["detail"].string == "export.expired" })
        }
    }

    @Test("按键分页读出全部案件：行数与列表总数一致，不重不漏，由新到旧")
    func pagedByKey() async throws {
        let city = try await TestCity(cases: 2_300)
        try await city.test { api in
            let duty = try await api.login("duty")
            let total = try #require(try await api.call(.get, "/api/v1/cases?limit=1", token: duty).json["total"].int)
            #expect(total > 2_000, "more than two pages of 1,000")
            let reply = try await api.call(.get, "/api/v1/cases/export.csv", token: duty)
            #expect(reply.status == .ok)
            let rows = String(decoding: Array(reply.body.readableBytesView).dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
                .dropFirst(2).filter { !$0.isEmpty && !$0.hasPrefix("\"") }
            let numbers = rows.map { String($0.prefix { $0 != "," }) }.filter { $0.count == 15 && $0.contains("-") }
            #expect(numbers.count == total && Set(numbers).count == total, "\(numbers.count) rows for \(total) cases")
            let days = numbers.map { $0.prefix(8) }
            #expect(days == days.sorted(by: >), "newest first")
            let trail = try await api.call(.get, "/api/v1/audit?action=export.cases", token: try await Self.auditor(api)).json["items"].array
            #expect(trail.first?["detail"].string?.contains("\(total) rows") == true)
        }
    }

    @Test("考核导出也带分级和水印：CSV 首行、XLSX 首行与文档属性，并留痕 export.kpis")
    func kpiExportsAreMarked() async throws {
        let clock = ManualWallClock(Self.morning)
        let city = try await TestCity(clock: clock)
        try await city.test { api in
            let leader = try await api.login("leader")
            let csv = try await api.call(.get, "/api/v1/kpis/export.csv", token: leader)
            #expect(csv.status == .ok)
            #expect(csv.headers[HTTPField.Name("X-Data-Grade")!] == "internal")
            let lines = String(decoding: Array(csv.body.readableBytesView).dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
            #expect(lines[0].hasPrefix("# 内部 internal · exported by leader · 2026-11-24T03:00:00Z · template kpis"), "\(lines[0])")
            #expect(lines[1].hasPrefix("城运考核通报 · 全部辖区 · ") && lines[2].hasPrefix("类别,排名,名称,综合得分,上报"))
            let xlsx = try await api.call(.get, "/api/v1/kpis/export.xlsx", token: leader)
            #expect(xlsx.status == .ok)
            #expect(xlsx.headers[HTTPField.Name("X-Export-Watermark")!]?.hasPrefix("internal; exported by leader;") == true)
            let trail = try await api.call(.get, "/api/v1/audit?action=export.kpis", token: try await Self.auditor(api)).json["items"].array
            #expect(trail.compactMap { $0["detail"].string }.filter { $0.hasPrefix("internal; csv") || $0.hasPrefix("internal; xlsx") }.count == 2)
        }
        let mark = ExportWatermark(grade: .internal, exporter: "leader", at: Self.morning, authority: "template kpis", reference: "r1")
        let parts = Dictionary(uniqueKeysWithValues: KPIBulletin(area: "全部辖区", from: LocalDate(daysSince1970: 20000), through: LocalDate(daysSince1970: 20029), english: false, rows: []).sheet(watermark: mark).parts().map { ($0.0, $0.1) })
        #expect(parts["xl/worksheets/sheet1.xml"]?.contains(#"<row r="1"><c r="A1" t="inlineStr"><is><t># 内部 internal · exported by leader"#) == true)
        #expect(parts["xl/worksheets/sheet1.xml"]?.contains("<oddHeader>&amp;C内部 internal") == true)
        let core = try #require(parts["docProps/core.xml"])
        #expect(core.contains("<cp:category>内部 internal</cp:category>") && core.contains("<dc:description>内部 internal · exported by leader"))
        #expect(parts["[Content_Types].xml"]?.contains("/docProps/core.xml") == true && parts["_rels/.rels"]?.contains("docProps/core.xml") == true)
    }

    /// Reports a case in street 1 with the reporter's name and phone; returns its number.
    static func reportWithPhone(_ api: API) async throws -> String {
        let p = TestCity.point(0, 0)
        let reply = try await api.call(.post, "/api/v1/cases", token: try await api.login("resident1"), json: """
            {"source":"resident","categoryId":"event:0110","description":"路边暴露垃圾","location":{"lon":\(p.lon),"lat":\(p.lat)},"reporterName":"王小明","reporterPhone":"\(phone)"}
            """)
        #expect(reply.status == .created, "\(reply.json)")
        return try #require(reply.json["number"].string)
    }

    /// An auditor of the whole city, created by the admin; returns its token.
    static func auditor(_ api: API) async throws -> String {
        let admin = try await api.login("admin")
        let city = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=city", token: admin).json[0]["id"].int)
        let created = try await api.call(.post, "/api/v1/users", token: admin, json: """
            {"username":"auditor.exports","displayName":"审计员","password":"\(password)","assignments":[{"role":"auditor","nodeId":\(city)}]}
            """)
        #expect(created.status == .created, "\(created.json)")
        return try await api.login("auditor.exports", password: password)
    }
}
