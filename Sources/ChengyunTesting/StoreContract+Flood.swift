import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 防汛: direct reports stored once per request key, listed newest first under a path and counted by kind in a
    /// period; alarms raised in a period counted by level and kind; reinforcement posts added, open under a path,
    /// filled once (with their shift on the roster), ended with their warning (a shift not begun taken off).
    public static func flood(_ fresh: @Sendable () async throws -> any OrganisationStore & FloodStore & DutyStore & WarningStore & UserStore & SensingStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let at = Date(timeIntervalSince1970: 1_781_000_000)
        func report(_ node: OrgNode, _ kind: DirectReport.Kind, _ count: Int, _ minutes: Double) -> DirectReport {
            DirectReport(id: DirectReportID(0), nodeID: node.id, nodePath: node.path, nodeName: node.name, kind: kind, count: count,
                         location: GeoPoint(lon: 0.5, lat: 0.5), address: "长乐路下立交", description: "积水约 30 厘米", reportedBy: "duty.s1", reporterName: "长乐街道值班员",
                         reportedAt: at.addingTimeInterval(minutes * 60))
        }
        let first = try await store.createDirectReport(report(t.street, .waterlogging, 2, 0), requestKey: "k-1")
        #expect(first.created && first.report.id.rawValue > 0)
        let again = try await store.createDirectReport(report(t.street, .waterlogging, 9, 1), requestKey: "k-1")
        #expect(!again.created && again.report == first.report, "the same key: the first report")
        _ = try await store.createDirectReport(report(t.grid, .relocated, 35, 5), requestKey: nil)
        _ = try await store.createDirectReport(report(t.otherGrid, .treeDown, 1, 6), requestKey: "k-2")
        _ = try await store.createDirectReport(report(t.grid, .waterlogging, 1, 600), requestKey: nil)
        let listed = try await store.directReports(under: t.street.path, before: nil, limit: 2)
        #expect(listed.map(\.kind) == [.waterlogging, .relocated] && listed[1].count == 35 && listed[1].location == GeoPoint(lon: 0.5, lat: 0.5)
                && listed[1].reporterName == "长乐街道值班员")
        #expect(try await store.directReports(under: t.street.path, before: listed[1].id, limit: 10).map(\.id) == [first.report.id])
        let counts = try await store.directReportCounts(under: t.street.path, from: at, to: at.addingTimeInterval(3600))
        #expect(counts == [FloodSeasonSummary.Reports(kind: .relocated, reports: 1, count: 35), FloodSeasonSummary.Reports(kind: .waterlogging, reports: 1, count: 2)])
        #expect(try await store.directReportCounts(under: t.district.path, from: at, to: at.addingTimeInterval(86_400)).reduce(0) { $0 + $1.reports } == 4)

        // Alarms raised in a period.
        let rule = try await store.createAlarmRule(AlarmRule(id: AlarmRuleID(0), name: "下立交积水", level: .orange, nodeID: t.city.id, nodePath: t.city.path,
                                                             target: AlarmRule.Target(kind: .waterLevel), trigger: .threshold(raise: 0.25, clear: 0.05)))
        for (i, minutes) in [0.0, 30.0, 1_800.0].enumerated() {
            _ = try await store.createAlarm(Alarm(id: AlarmID(0), ruleID: rule.id, ruleName: rule.name, level: i == 1 ? .red : .orange, datastreamID: DatastreamID(Int64(7 + i % 2)),
                                                  deviceID: nil, kind: .waterLevel, nodePath: t.grid.path, location: nil, value: 0.3,
                                                  raisedAt: at.addingTimeInterval(minutes * 60)))
        }
        let tally = try await store.alarmTally(under: t.street.path, from: at, to: at.addingTimeInterval(3600))
        #expect(Set(tally) == [AlarmTally(level: .orange, kind: .waterLevel, alarms: 1, datastreams: 1), AlarmTally(level: .red, kind: .waterLevel, alarms: 1, datastreams: 1)])
        #expect(try await store.alarmTally(under: t.otherGrid.path, from: at, to: at.addingTimeInterval(86_400 * 2)).isEmpty)

        // Reinforcement posts.
        let warning = try await store.createWarning(Warning(id: WarningID(0), identifier: "sh-r", sender: "qxj", sentAt: at, hazard: .rainstorm, event: "暴雨橙色预警",
                                                            level: .orange, headline: "暴雨橙色预警", description: "", areaDescription: "东湖区",
                                                            nodeIDs: [t.district.id], origin: .received, state: .published, issuedBy: "met"))
        let end = at.addingTimeInterval(6 * 3600)
        let added = try await store.addReinforcements([DutyPost.leaderOnDuty, .dutyOfficer, .dutyOfficer].map {
            DutyReinforcement(id: DutyReinforcementID(0), warningID: warning.id, nodeID: t.street.id, nodePath: t.street.path, nodeName: t.street.name,
                              post: $0, level: .orange, start: at, end: end)
        })
        #expect(added.count == 3 && Set(added.map(\.id)).count == 3)
        #expect(try await store.openReinforcements(under: t.district.path, at: at.addingTimeInterval(60)).map(\.post) == [.dutyOfficer, .dutyOfficer, .leaderOnDuty])
        #expect(try await store.openReinforcements(under: t.district.path, at: end).isEmpty, "ended at its end")
        let user = try await store.createUser(UserDraft(username: "duty.r", displayName: "加强值守员", phone: nil, passwordHash: "h",
                                                        assignments: [AssignmentDraft(role: .dutyOfficer, nodeID: t.street.id)]))
        let later = try await store.createUser(UserDraft(username: "duty.q", displayName: "后来者", phone: nil, passwordHash: "h",
                                                         assignments: [AssignmentDraft(role: .dutyOfficer, nodeID: t.street.id)]))
        func shift(_ who: User, from: Date) -> Shift {
            Shift(id: ShiftID(0), nodeID: t.street.id, nodePath: t.street.path, post: .dutyOfficer, userID: who.id, userName: who.displayName, start: from, end: end)
        }
        let filled = try await store.assignReinforcement(added[1].id, shift: shift(user, from: at))
        #expect(filled.userID == user.id && filled.shiftID != nil)
        #expect(try await store.reinforcement(added[1].id) == filled)
        #expect(try await store.shifts(at: [t.street.id], from: at, to: end).map(\.userID) == [user.id], "on the roster")
        await #expect(throws: DomainError.self) { try await store.assignReinforcement(added[1].id, shift: shift(later, from: at)) }
        await #expect(throws: DomainError.self, "double-booked") { try await store.assignReinforcement(added[2].id, shift: shift(user, from: at)) }
        #expect(try await store.reinforcement(added[2].id)?.isFilled == false, "nothing kept of a refused assignment")
        _ = try await store.assignReinforcement(added[2].id, shift: shift(later, from: at.addingTimeInterval(3 * 3600)))
        // Cancelled after an hour: the posts end, the begun shift ends then, the shift not yet begun is taken off.
        let cancel = at.addingTimeInterval(3600)
        #expect(try await store.endReinforcements(of: warning.id, at: cancel) == 3)
        #expect(try await store.openReinforcements(under: t.city.path, at: cancel).isEmpty)
        let roster = try await store.shifts(at: [t.street.id], from: at, to: end)
        #expect(roster.map(\.userID) == [user.id] && roster[0].end == cancel, "\(roster)")
        #expect(try await store.endReinforcements(of: warning.id, at: cancel) == 0)
    }
}
