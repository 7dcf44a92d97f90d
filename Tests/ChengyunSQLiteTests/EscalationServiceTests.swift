import ChengyunCore
import ChengyunDemo
import ChengyunServices
import ChengyunSQLite
import ChengyunStore
import ChengyunTesting
import Foundation
import Logging
import Testing

@Suite("超期升级服务 escalation on a real store with a moving clock")
struct EscalationServiceTests {
    @Test("热线工单自动立案派遣；超过时限后升级到街道，再过一个时限升级到区，均记入历史")
    func overdueCasesClimb() async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        let clock = ManualWallClock(Date(timeIntervalSince1970: 1_795_140_000)) // Fri 2026-11-20 10:00 +08
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let store = try SQLiteStore(path: db.path)
        let platform = Platform(store: store, clock: clock, logger: logger)
        var options = DemoOptions()
        options.layout = .lattice   // the report below names a place on the test lattice
        options.districts = 1
        options.streets = 2
        options.committees = 4
        options.grids = 40
        options.departments = 20
        options.cases = 0
        _ = try await DemoCity.generate(options, store: store, platform: platform, now: clock.now())
        let hotline = Identity(userID: nil, name: "12345", assignments: [], systemSources: [.hotline], systemScopePath: "/")
        // Any natural-hours event led by 城管, which the demo rules dispatch.
        let category = try #require(platform.data.taxonomy.categories.first { $0.hoursKind == .natural && $0.kind == .event && $0.leadDepartmentKind == "chengguan" })
        let record = try await platform.cases.report(ReportInput(source: .hotline, categoryID: category.id, description: "积水", location: GeoPoint(lon: 121.4005, lat: 31.15045)), by: hotline)
        #expect(record.state == .dispatched)
        let hours = record.deadlineHours
        #expect(try await platform.cases.escalateOverdue() == 0)
        clock.advance(hours: hours + 0.5)
        #expect(try await platform.cases.escalateOverdue() == 1)
        #expect(try await platform.cases.escalateOverdue() == 0)
        clock.advance(hours: hours)
        #expect(try await platform.cases.escalateOverdue() == 1)
        let history = try await store.events(of: record.id)
        #expect(history.map(\.action) == [.report, .accept, .dispatch, .escalate, .escalate])
        #expect(history.last?.actorName == "platform")
        let escalated = try #require(try await store.caseRecord(record.id))
        #expect(escalated.escalationLevel == 2)
        #expect(escalated.supervised)
        #expect(escalated.escalatedToNodeID == OrgNode.ids(inPath: escalated.nodePath)[1])
    }
}
