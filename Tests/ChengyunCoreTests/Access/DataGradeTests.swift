import ChengyunCore
import Foundation
import Testing

@Suite("数据分级 grades and the export approval rules")
struct DataGradeTests {
    static let now = Date(timeIntervalSince1970: 1_795_489_200)
    static func person(_ id: Int64, _ role: Role, at path: String) -> Identity {
        Identity(userID: UserID(id), name: "u\(id)", assignments: [Assignment(role: role, nodeID: NodeID(1), nodePath: path)])
    }

    /// The stable code of the error `body` throws.
    static func code(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let error as DomainError { return error.code } catch { return "\(error)" }
    }

    @Test("模板的分级取自字段目录：脱敏清单为内部，含个人信息为敏感，考核为内部")
    func templateGrades() {
        #expect(DataGrade.public < .internal && DataGrade.internal < .sensitive)
        #expect(ExportTemplate.cases.grade == .internal && !ExportTemplate.cases.needsApproval)
        #expect(ExportTemplate.casesPersonal.grade == .sensitive && ExportTemplate.casesPersonal.needsApproval)
        #expect(ExportTemplate.casesPersonal.categories == [.personal])
        #expect(ExportTemplate.kpis.grade == .internal)
        #expect(DataGrading.field("reporterPhone", in: .cases)?.grade(masked: true) == .internal)
        #expect(DataGrading.field("departmentName", in: .kpis)?.grade == .public)
        #expect(Set(DataGrading.cases.map(\.name)).count == DataGrading.cases.count, "one entry per field")
        #expect(DataGrading.cases.filter { $0.grade == .sensitive }.allSatisfy { $0.category != nil }, "a sensitive field says why")
    }

    @Test("审批：本人不能批，辖区外不能批，只批一次；下载一次，24 小时后过期")
    func approvalRules() throws {
        let policy = ExportPolicy()
        let request = ExportRequest(id: ExportRequestID(7), template: "cases-personal", filters: "", nodeID: NodeID(4), nodePath: "/1/4/", reason: "回访",
                                    requesterID: UserID(1), requester: "u1", requestedAt: Self.now)
        let ownLeader = Self.person(1, .leader, at: "/1/4/")
        #expect(Self.code { _ = try policy.decide(request, approve: true, note: nil, by: ownLeader, at: Self.now) } == "export.own_request")
        #expect(Self.code {
            _ = try policy.decide(request, approve: true, note: nil, by: Self.person(2, .leader, at: "/1/5/"), at: Self.now)
        } == "export.approver_required")
        #expect(Self.code {
            _ = try policy.decide(request, approve: false, note: " ", by: Self.person(3, .auditor, at: "/1/"), at: Self.now)
        } == "export.note_required")
        let approved = try policy.decide(request, approve: true, note: nil, by: Self.person(3, .auditor, at: "/1/"), at: Self.now)
        #expect(approved.state == .approved && approved.expiresAt == Self.now.addingTimeInterval(24 * 3600))
        #expect(ExportPolicy.mayView(approved, by: Self.person(3, .leader, at: "/1/4/")) && !ExportPolicy.mayView(approved, by: Self.person(4, .leader, at: "/1/5/")))
        let taken = try policy.download(approved, by: ownLeader, at: Self.now.addingTimeInterval(3600))
        #expect(taken.state == .downloaded)
        #expect(Self.code { _ = try policy.download(taken, by: ownLeader, at: Self.now) } == "export.already_downloaded")
        #expect(approved.status(at: Self.now.addingTimeInterval(24 * 3600)) == .expired)
        #expect(Self.code { _ = try policy.download(approved, by: ownLeader, at: Self.now.addingTimeInterval(25 * 3600)) } == "export.expired")
    }

    @Test("水印：文字与 ASCII 的响应头")
    func watermark() {
        let mark = ExportWatermark(grade: .sensitive, exporter: "张三", at: Self.now, authority: "request 12")
        #expect(mark.text == "敏感 sensitive · exported by 张三 · 2026-11-24T03:00:00Z · request 12")
        #expect(mark.headerValue == "sensitive; exported by %E5%BC%A0%E4%B8%89; 2026-11-24T03:00:00Z; request 12")
    }
}
