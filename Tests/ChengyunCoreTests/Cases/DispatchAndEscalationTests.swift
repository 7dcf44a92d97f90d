import Foundation
import Testing
@testable import ChengyunCore

@Suite("派遣规则 dispatch rules")
struct DispatchRuleTests {
    func rule(_ id: Int64, category: String?, area: String, window: TimeWindow? = nil, lead: Int64) -> DispatchRule {
        DispatchRule(id: RuleID(id), name: "r\(id)", categoryID: category, areaNodeID: nil, areaPath: area, window: window, leadDepartmentID: DepartmentID(lead))
    }

    @Test("最具体的规则胜出：类别 > 区域深度 > 时段")
    func mostSpecificWins() {
        let rules = [
            rule(1, category: nil, area: "/1/", lead: 100),
            rule(2, category: "event:0509", area: "/1/", lead: 200),
            rule(3, category: "event:0509", area: "/1/2/", lead: 300),
            rule(4, category: nil, area: "/1/2/3/", lead: 400),
            rule(5, category: "event:0509", area: "/1/2/", window: TimeWindow(weekdays: Array(1...7), start: "22:00", end: "06:00"), lead: 500),
        ]
        let noon = Date(timeIntervalSince1970: 1_795_147_200) // Fri 2026-11-20 12:00 +08
        let night = noon.addingTimeInterval(11 * 3600)         // Fri 23:00 +08
        let early = noon.addingTimeInterval(17 * 3600)         // Sat 05:00 +08 (window started Friday)
        #expect(Dispatcher.match(rules, categoryID: "event:0509", nodePath: "/1/2/3/4/5/", at: noon, utcOffsetSeconds: 28_800)?.leadDepartmentID.rawValue == 300)
        #expect(Dispatcher.match(rules, categoryID: "event:0509", nodePath: "/1/2/3/4/5/", at: night, utcOffsetSeconds: 28_800)?.leadDepartmentID.rawValue == 500)
        #expect(Dispatcher.match(rules, categoryID: "event:0509", nodePath: "/1/2/3/4/5/", at: early, utcOffsetSeconds: 28_800)?.leadDepartmentID.rawValue == 500)
        #expect(Dispatcher.match(rules, categoryID: "event:0509", nodePath: "/1/7/8/9/10/", at: noon, utcOffsetSeconds: 28_800)?.leadDepartmentID.rawValue == 200)
        #expect(Dispatcher.match(rules, categoryID: "event:0110", nodePath: "/1/2/3/4/5/", at: noon, utcOffsetSeconds: 28_800)?.leadDepartmentID.rawValue == 400)
        #expect(Dispatcher.match(rules, categoryID: "event:0110", nodePath: "/1/9/", at: noon, utcOffsetSeconds: 28_800)?.leadDepartmentID.rawValue == 100)
    }

    @Test("无匹配规则的案件进入值班员队列（返回 nil）；停用的规则不匹配")
    func unmatched() {
        var r = rule(1, category: "event:0110", area: "/1/2/", lead: 1)
        #expect(Dispatcher.match([r], categoryID: "event:0509", nodePath: "/1/2/3/", at: Date(timeIntervalSince1970: 0), utcOffsetSeconds: 0) == nil)
        r.active = false
        #expect(Dispatcher.match([r], categoryID: "event:0110", nodePath: "/1/2/3/", at: Date(timeIntervalSince1970: 0), utcOffsetSeconds: 0) == nil)
    }

    @Test("时段格式错误给出字段")
    func windowValidation() {
        #expect(throws: DomainError.self) { try TimeWindow(weekdays: [8], start: "08:00", end: "09:00").validate(field: "window") }
        #expect(throws: DomainError.self) { try TimeWindow(weekdays: [1], start: "8:00", end: "09:00").validate(field: "window") }
    }
}

@Suite("超期升级 escalation")
struct EscalationTests {
    typealias W = CaseWorld

    @Test("超期后逐级升级：居委 → 街道 → 区 → 市，可限制到区")
    func escalatesLevelByLevel() throws {
        var (r, _) = try W.run(W.toDispatched, from: W.reported(hours: 4, kind: .natural))
        let deadline = try #require(r.deadline)
        let policy = Escalation()
        #expect(policy.nextTarget(r, now: deadline.addingTimeInterval(-60), calendar: .standard) == nil)
        var t = deadline.addingTimeInterval(60)
        var reached: [String] = []
        for _ in 0..<6 {
            if let target = policy.nextTarget(r, now: t, calendar: .standard) {
                r = try CaseMachine.decide(r, .escalate(to: target.node, toPath: target.path, reason: "超期"), W.context(.platform, at: t)).record
                reached.append(target.path)
            }
            t = t.addingTimeInterval(4 * 3600)
        }
        #expect(reached == ["/1/2/3/", "/1/2/", "/1/"])
        #expect(r.escalationLevel == 3)
        #expect(r.supervised)
        let districtOnly = Escalation(highestKind: .district)
        var (s, _) = try W.run(W.toDispatched, from: W.reported(hours: 4, kind: .natural))
        let late = s.deadline!.addingTimeInterval(100 * 3600)
        for _ in 0..<5 {
            guard let target = districtOnly.nextTarget(s, now: late, calendar: .standard) else { break }
            s = try CaseMachine.decide(s, .escalate(to: target.node, toPath: target.path, reason: "超期"), W.context(.platform, at: late)).record
        }
        #expect(s.escalatedToNodeID == NodeID(2))
    }
}

@Suite("重复案件 duplicates")
struct DuplicateTests {
    typealias W = CaseWorld

    @Test("同类别、距离与时间范围内的未结案件被标记为疑似重复")
    func flagsNearbyOpenCase() throws {
        let policy = DuplicatePolicy(distanceMetres: 50, windowHours: 72)
        let open = W.reported()
        let near = GeoPoint(lon: 121.4003, lat: 31.2)   // ~28 m east
        let far = GeoPoint(lon: 121.401, lat: 31.2)     // ~95 m east
        let later = W.friday10.addingTimeInterval(3600)
        #expect(policy.duplicate(categoryID: open.categoryID, location: near, reportedAt: later, among: [open])?.id == open.id)
        #expect(policy.duplicate(categoryID: open.categoryID, location: far, reportedAt: later, among: [open]) == nil)
        #expect(policy.duplicate(categoryID: "event:0509", location: near, reportedAt: later, among: [open]) == nil)
        #expect(policy.duplicate(categoryID: open.categoryID, location: near, reportedAt: later.addingTimeInterval(80 * 3600), among: [open]) == nil)
        var closed = open
        closed.state = .closed
        #expect(policy.duplicate(categoryID: open.categoryID, location: near, reportedAt: later, among: [closed]) == nil)
        #expect(policy.searchBox(around: near).contains(open.location!))
    }
}
