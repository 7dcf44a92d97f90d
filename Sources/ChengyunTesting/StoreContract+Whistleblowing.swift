import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 吹哨人: a report stored with its reporter (read back as given) or none; found by its receipt hash; the same client
    /// key is the same report with the new receipt hash (the old one finds nothing); listed by the paths it is routed to,
    /// newest first, by status and page; a step saved on the version read only; messages in order up to a limit; the
    /// designations set, replaced and ended; the open reports counted per path.
    public static func whistleblowing(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & WhistleblowerStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let now = Date(timeIntervalSince1970: 1_795_140_000)
        func report(_ kind: HazardKind, reporter: WhistleblowerReport.Reporter?, routed: String, at: Date = now) -> WhistleblowerReport {
            WhistleblowerReport(id: WhistleblowerReportID(0), kind: kind, description: "楼道飞线充电，电线挂在晾衣架上", unitName: "", nodeID: t.street.id, nodePath: t.street.path,
                                address: "长乐路 1 号", location: GeoPoint(lon: 0.5, lat: 0.5), routedPath: routed, reporterRole: .citizen, urgent: false, levelSkipped: false,
                                anonymous: reporter == nil, reporter: reporter, createdAt: at)
        }
        let named = WhistleblowerReport.Reporter(name: "王小明", phone: "13800001234")
        let (first, created) = try await store.createWhistleblowerReport(report(.flyingWireCharging, reporter: named, routed: t.district.path), receiptHash: "r1", clientKeyHash: "k1")
        #expect(created && first.id.rawValue > 0 && first.reporter == named && first.status == .received && first.version == 1 && first.createdAt == now)
        #expect(first.location == GeoPoint(lon: 0.5, lat: 0.5) && first.routedPath == t.district.path && !first.anonymous)
        #expect(try await store.whistleblowerReport(receiptHash: "r1")?.id == first.id)
        let again = try await store.createWhistleblowerReport(report(.flyingWireCharging, reporter: named, routed: t.district.path), receiptHash: "r1b", clientKeyHash: "k1")
        #expect(!again.created && again.report.id == first.id, "the same client key is the same report")
        #expect(try await store.whistleblowerReport(receiptHash: "r1") == nil, "a retry's receipt replaces the first")
        #expect(try await store.whistleblowerReport(receiptHash: "r1b")?.id == first.id)
        let anonymous = try await store.createWhistleblowerReport(report(.threeInOne, reporter: nil, routed: t.district.path, at: now.addingTimeInterval(60)),
                                                                  receiptHash: "r2", clientKeyHash: "k2").report
        #expect(anonymous.reporter == nil && anonymous.anonymous)
        let skipped = try await store.createWhistleblowerReport(report(.publicHealth, reporter: named, routed: t.city.path), receiptHash: "r3", clientKeyHash: "k3").report

        // Listed by where they are routed, newest first, by status, a page at a time.
        #expect(try await store.whistleblowerReports(routedTo: [t.district.path], status: nil, before: nil, limit: 10).map(\.id) == [anonymous.id, first.id])
        #expect(try await store.whistleblowerReports(routedTo: [t.district.path, t.city.path], status: nil, before: nil, limit: 2).map(\.id) == [skipped.id, anonymous.id])
        #expect(try await store.whistleblowerReports(routedTo: [t.district.path, t.city.path], status: nil, before: anonymous.id, limit: 2).map(\.id) == [first.id])
        #expect(try await store.whistleblowerReports(routedTo: [t.street.path], status: nil, before: nil, limit: 10).isEmpty)
        #expect(try await store.whistleblowerReports(routedTo: [], status: nil, before: nil, limit: 10).isEmpty)

        // A step on the version read; a stale one changes nothing.
        var step = first
        (step.status, step.reply, step.decidedAt, step.caseID) = (.confirmed, "属实，已整改", now.addingTimeInterval(3600), CaseID(42))
        let saved = try #require(try await store.saveWhistleblowerReport(step, readVersion: 1))
        #expect(saved.status == .confirmed && saved.version == 2 && saved.caseID == CaseID(42) && saved.reply == "属实，已整改" && saved.reporter == named)
        #expect(try await store.saveWhistleblowerReport(step, readVersion: 1) == nil, "a stale version is refused")
        var rewarded = saved
        rewarded.reward = .init(yuan: 500, note: "凭回执码领取", at: now.addingTimeInterval(7200))
        #expect(try await store.saveWhistleblowerReport(rewarded, readVersion: 2)?.reward == rewarded.reward)
        #expect(try await store.whistleblowerReports(routedTo: [t.district.path], status: .confirmed, before: nil, limit: 10).map(\.id) == [first.id])
        #expect(try await store.openWhistleblowerReports(routedTo: [t.district.path, t.city.path, t.street.path]) == [t.district.path: 1, t.city.path: 1])

        // The thread, in order, up to its limit.
        #expect(try await store.addWhistleblowerMessage(WhistleblowerMessage(reportID: first.id, from: .handler, text: "请问具体几号楼？", at: now), limit: 2))
        #expect(try await store.addWhistleblowerMessage(WhistleblowerMessage(reportID: first.id, from: .reporter, text: "12号楼", at: now.addingTimeInterval(1)), limit: 2))
        #expect(try await !store.addWhistleblowerMessage(WhistleblowerMessage(reportID: first.id, from: .reporter, text: "还有", at: now), limit: 2), "full")
        #expect(try await store.whistleblowerMessages(first.id).map(\.from) == [.handler, .reporter])
        #expect(try await store.whistleblowerMessages(anonymous.id).isEmpty)

        // Designations: set, replaced, ended.
        let a = try await store.createUser(UserDraft(username: "wb-a", displayName: "受理人甲", phone: nil, passwordHash: "h",
                                                     assignments: [AssignmentDraft(role: .dutyOfficer, nodeID: t.district.id)]))
        let b = try await store.createUser(UserDraft(username: "wb-b", displayName: "受理人乙", phone: nil, passwordHash: "h",
                                                     assignments: [AssignmentDraft(role: .dutyOfficer, nodeID: t.city.id)]))
        try await store.designateWhistleblowerHandler(node: t.district.id, WhistleblowerHandler(nodeID: t.district.id, nodePath: t.district.path, userID: a.id,
                                                                                                   designatedBy: "管理员", designatedAt: now))
        try await store.designateWhistleblowerHandler(node: t.city.id, WhistleblowerHandler(nodeID: t.city.id, nodePath: t.city.path, userID: a.id, designatedBy: "管理员",
                                                                                               designatedAt: now))
        try await store.designateWhistleblowerHandler(node: t.district.id, WhistleblowerHandler(nodeID: t.district.id, nodePath: t.district.path, userID: b.id,
                                                                                                   designatedBy: "管理员", designatedAt: now.addingTimeInterval(5)))
        let handlers = try await store.whistleblowerHandlers()
        #expect(handlers.map(\.nodeID) == [t.city.id, t.district.id] && handlers.map(\.userID) == [a.id, b.id] && handlers[1].designatedAt == now.addingTimeInterval(5))
        try await store.designateWhistleblowerHandler(node: t.city.id, nil)
        #expect(try await store.whistleblowerHandlers().map(\.nodeID) == [t.district.id])
    }
}
