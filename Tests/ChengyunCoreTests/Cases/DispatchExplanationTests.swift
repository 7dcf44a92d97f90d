import Foundation
import Testing
@testable import ChengyunCore

@Suite("派遣说明 dispatch explanation")
struct DispatchExplanationTests {
    typealias W = CaseWorld

    func rule(_ id: Int64, category: String?, area: String, window: TimeWindow? = nil, lead: Int64 = 10, active: Bool = true) -> DispatchRule {
        DispatchRule(id: RuleID(id), name: "r\(id)", categoryID: category, areaNodeID: nil, areaPath: area, window: window,
                     leadDepartmentID: DepartmentID(lead), active: active)
    }

    @Test("规则按平台尝试的顺序排列：第一条适用的规则就是派遣选中的规则（随机规则集）")
    func sameAnswerAsDispatcher() {
        var seed: UInt64 = 42
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        let categories = ["event:0110", "event:0509", "component:0101"]
        let areas = ["/1/", "/1/2/", "/1/2/3/", "/1/6/", "/1/2/3/4/"]
        let windows: [TimeWindow?] = [nil, TimeWindow(weekdays: [1, 2, 3, 4, 5], start: "08:00", end: "18:00"),
                                      TimeWindow(weekdays: Array(1...7), start: "22:00", end: "06:00")]
        for _ in 0..<300 {
            let rules = (0..<(1 + next(8))).map { i in
                rule(Int64(1 + next(20)) * 10 + Int64(i), category: next(4) == 0 ? nil : categories[next(3)], area: areas[next(5)],
                     window: windows[next(3)], lead: Int64(next(5)), active: next(6) != 0)
            }
            let category = categories[next(3)]
            let path = ["/1/2/3/4/5/", "/1/6/7/", "/1/2/9/"][next(3)]
            let at = Date(timeIntervalSince1970: 1_795_140_000 + Double(next(7 * 24)) * 3600)
            let verdicts = Dispatcher.verdicts(rules, categoryID: category, nodePath: path, at: at, utcOffsetSeconds: 28_800)
            let expected = Dispatcher.match(rules, categoryID: category, nodePath: path, at: at, utcOffsetSeconds: 28_800)
            #expect(verdicts.first { $0.outcome == .chosen }?.ruleID == expected?.id)
            #expect(verdicts.filter { $0.outcome == .chosen }.count == (expected == nil ? 0 : 1))
            for v in verdicts {
                let r = rules.first { $0.id == v.ruleID }!
                #expect(v.reasons.isEmpty == r.matches(categoryID: category, nodePath: path, at: at, utcOffsetSeconds: 28_800))
            }
        }
    }

    @Test("每条未适用的规则给出原因：停用、其他类别、区域之外、时段之外；适用但更不具体的规则被排在后面")
    func reasons() throws {
        let night = TimeWindow(weekdays: Array(1...7), start: "22:00", end: "06:00")
        let rules = [
            rule(1, category: "event:0110", area: "/1/"),
            rule(2, category: "event:0110", area: "/1/2/"),
            rule(3, category: "event:0110", area: "/1/6/"),
            rule(4, category: "event:0110", area: "/1/2/", window: night),
            rule(5, category: "event:0110", area: "/1/2/3/", active: false),
            rule(6, category: "event:0509", area: "/1/2/"),
        ]
        var (record, history) = try W.run([(.accept(note: nil), W.duty)])
        let rec = Dispatcher.match(rules, categoryID: record.categoryID, nodePath: record.nodePath, at: W.friday10, utcOffsetSeconds: 28_800)
        #expect(rec?.id == RuleID(2))
        // The platform's dispatch as `dispatchByRule` does it: the rule's id in the event.
        var dispatched = try CaseMachine.decide(record, .dispatch(lead: W.lead, coHandlers: [], note: "按规则派遣: r2"), W.context(.platform, at: history[0].at))
        dispatched.event.detail["ruleId"] = "2"
        record = dispatched.record
        history.append(dispatched.event)
        let e = Dispatcher.explain(record, history: history, rules: rules, utcOffsetSeconds: 28_800)
        #expect(e.basis == .rule && e.ruleID == RuleID(2) && e.ruleName == "r2" && e.ruleRecorded && !e.rulesChangedSince)
        #expect(e.matched?.areaPath == "/1/2/" && e.matched?.localTime == "11:00" && e.matched?.localWeekday == 5)
        #expect(e.considered.map(\.ruleID.rawValue) == [5, 4, 2, 3, 1], "most specific first, then the lowest id")
        let byID = Dictionary(uniqueKeysWithValues: e.considered.map { ($0.ruleID.rawValue, $0) })
        #expect(byID[5]?.reasons == [.inactive])
        #expect(byID[4]?.reasons == [.outsideWindow])
        #expect(byID[2]?.outcome == .chosen)
        #expect(byID[1]?.outcome == .outranked)
        #expect(byID[3]?.reasons == [.outsideArea])
        #expect(e.otherCategoryRules == 1)
        let all = Dispatcher.explain(record, history: history, rules: rules, utcOffsetSeconds: 28_800, includeOtherCategories: true)
        #expect(all.considered.first { $0.ruleID == RuleID(6) }?.reasons == [.otherCategory])

        // Rules changed since: today the district rule is gone, so the city's rule would choose.
        let later = Dispatcher.explain(record, history: history, rules: rules.filter { $0.id != RuleID(2) }, utcOffsetSeconds: 28_800)
        #expect(later.ruleID == RuleID(2) && later.rulesChangedSince && later.currentRuleID == RuleID(1) && later.ruleName == nil)
    }

    @Test("人工派遣与改派：说明谁、何时、备注；自处置案件没有派遣")
    func manual() throws {
        let (record, history) = try W.run(W.toDispatched + [(.dispatch(lead: W.cityDept, coHandlers: [], note: "改派市级部门"), W.duty)])
        let e = Dispatcher.explain(record, history: history, rules: [rule(1, category: "event:0509", area: "/1/")], utcOffsetSeconds: 28_800)
        #expect(e.basis == .manual && e.leadDepartmentID == W.cityDept && e.byUserID == W.duty.userID && e.note == "改派市级部门")
        #expect(e.steps.map(\.action) == [.dispatch, .dispatch])
        #expect(e.considered.isEmpty && e.otherCategoryRules == 1 && e.currentRuleID == nil)

        let own = Dispatcher.explain(try W.selfHandled(), history: [], rules: [], utcOffsetSeconds: 28_800)
        #expect(own.basis == .selfHandled && own.leadDepartmentID == nil)
        let waiting = Dispatcher.explain(W.reported(), history: [], rules: [], utcOffsetSeconds: 28_800)
        #expect(waiting.basis == .notDispatched && waiting.rulesTriedAt == nil)
    }

    @Test("规则重叠：同类别、区域相同或嵌套、时段有交集；同区域同具体度的后一条永远用不上")
    func overlaps() {
        let day = TimeWindow(weekdays: [1, 2, 3, 4, 5], start: "08:00", end: "18:00")
        let night = TimeWindow(weekdays: Array(1...7), start: "22:00", end: "06:00")
        let rules = [
            rule(1, category: "event:0110", area: "/1/"),
            rule(2, category: "event:0110", area: "/1/2/"),
            rule(3, category: "event:0110", area: "/1/2/"),
            rule(4, category: "event:0110", area: "/1/6/", window: day),
            rule(5, category: "event:0110", area: "/1/6/", window: night),
            rule(6, category: "event:0509", area: "/1/2/"),
            rule(7, category: "event:0110", area: "/1/2/", active: false),
        ]
        let found = RuleReview.overlaps(rules)
        let pairs = found.map { [$0.ruleIDs[0].rawValue, $0.ruleIDs[1].rawValue] }
        #expect(pairs == [[1, 2], [1, 3], [1, 4], [1, 5], [2, 3]], "4 and 5 never meet; 6 is another category; 7 is inactive")
        let same = found.first { $0.ruleIDs == [RuleID(2), RuleID(3)] }
        #expect(same?.relation == .sameArea && same?.winnerID == RuleID(2) && same?.shadowed == true)
        let nested = found.first { $0.ruleIDs == [RuleID(1), RuleID(2)] }
        #expect(nested?.relation == .nested && nested?.winnerID == RuleID(2) && nested?.shadowed == false)
        #expect(found.first { $0.ruleIDs == [RuleID(1), RuleID(4)] }?.winnerID == RuleID(4))
        #expect(RuleReview.covers(night, TimeWindow(weekdays: [3], start: "23:00", end: "01:00")))
        #expect(!RuleReview.covers(day, night))
    }
}

@Suite("开放数据目录 catalogue")
struct OpenDataCatalogueTests {
    @Test("目录守规矩：只有公开级数据开放且有下载；敏感数据不予开放；不开放的说明如何获取或为何不开放")
    func rules() {
        let datasets = OpenDataCatalogue.datasets
        #expect(Set(datasets.map(\.id)).count == datasets.count)
        for d in datasets { #expect(d.violation == nil, "\(d.violation ?? "")") }
        #expect(Set(datasets.map(\.openness)) == Set(Openness.allCases))
        var leaky = OpenDataset(id: "x", title: "x", titleEn: "x", description: "x", descriptionEn: "x", department: "x", departmentEn: "x",
                                form: .csv, updateFrequency: .daily, openness: .open, grade: .internal, fields: ["a"])
        #expect(leaky.violation != nil)
        leaky.grade = .sensitive
        leaky.openness = .conditional
        #expect(leaky.violation != nil)
    }
}
