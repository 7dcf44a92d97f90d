import Foundation
import Testing
@testable import ChengyunCore

@Suite("考核指标 KPIs on a hand-checked data set")
struct KPITests {
    static let t0 = Date(timeIntervalSince1970: 1_763_600_000)
    static func h(_ hours: Double) -> Date { t0.addingTimeInterval(hours * 3600) }

    static func make(_ n: Int64, source: CaseSource = .inspector, state: CaseState, accepted: Double? = 1, dispatched: Double? = 2, started: Double? = nil,
                     handled: Double? = nil, closed: Double? = nil, deadline: Double? = 10, rework: Int = 0, rating: Int? = nil) -> CaseRecord {
        var c = CaseRecord(id: CaseID(n), number: "\(n)", source: source, categoryID: "event:0110", urgency: .normal, description: "x", location: nil,
                           nodeID: NodeID(5), nodePath: "/1/2/3/4/5/", reporterID: nil, reportedAt: t0, deadlineHours: 10, hoursKind: .natural, receivedBy: .node(NodeID(3)))
        c.state = state
        c.acceptedAt = accepted.map(h)
        c.firstDispatchedAt = dispatched.map(h)
        c.startedAt = started.map(h)
        c.firstHandledAt = handled.map(h)
        c.closedAt = closed.map(h)
        c.deadline = accepted == nil ? nil : deadline.map(h)
        c.reworkCount = rework
        c.rating = rating
        return c
    }

    /// Ten cases, checked by hand:
    /// 1 closed on time; 2 closed late (handled at 12 > 10) with one rework; 3 handled on time, not closed;
    /// 4 in progress, past deadline at now = 20; 5 dispatched, deadline 30 not yet passed; 6 rejected; 7 merged (left out);
    /// 8 reported only; 9 hotline closed on time, responded within 2 h, rated 5; 10 hotline closed, responded after 3 h, rated 2.
    static let cases: [CaseRecord] = [
        make(1, state: .closed, handled: 8, closed: 9),
        make(2, state: .closed, handled: 12, closed: 14, rework: 1),
        make(3, state: .handled, handled: 6),
        make(4, state: .inProgress),
        make(5, state: .dispatched, deadline: 30),
        make(6, state: .rejected, accepted: nil, dispatched: nil),
        make(7, state: .merged, accepted: nil, dispatched: nil),
        make(8, state: .reported, accepted: nil, dispatched: nil),
        make(9, source: .hotline, state: .rated, started: 3, handled: 5, closed: 6, rating: 5),
        make(10, source: .hotline, state: .rated, started: 5, handled: 7, closed: 8, rating: 2),
    ]

    @Test("立案率、按期处置率、超期率、结案率、返工率、平均时长")
    func rates() throws {
        let r = KPICalculator.report(Self.cases, now: Self.h(20))
        #expect(r.reported == 9)          // 7 (merged) left out
        #expect(r.accepted == 7)          // 1,2,3,4,5,9,10
        #expect(r.acceptanceRate == 7.0 / 9.0)
        #expect(r.due == 6)               // handled: 1,2,3,9,10; past deadline unhandled: 4
        #expect(r.handledOnTime == 4)     // 1,3,9,10
        #expect(r.onTimeHandlingRate == 4.0 / 6.0)
        #expect(r.overdueRate == 2.0 / 6.0) // 2, 4
        #expect(r.closed == 4)
        #expect(r.closureRate == 4.0 / 7.0)
        #expect(r.reworkRate == 1.0 / 5.0)
        #expect(r.meanHoursToDispatch == 2)
        let expectedClose: Double = (9.0 + 14.0 + 6.0 + 8.0) / 4.0
        #expect(r.meanHoursToClose == expectedClose)
    }

    @Test("12345 三率：响应率、解决率、满意率")
    func hotline() {
        let r = KPICalculator.report(Self.cases, now: Self.h(20)).hotline
        #expect(r.tickets == 2)
        #expect(r.responseRate == 0.5)    // 9 started 1 h after dispatch; 10 after 3 h (> 2 h)
        #expect(r.resolutionRate == 1)
        #expect(r.satisfactionRate == 0.5)
    }

    @Test("没有分母时指标为空而不是 0")
    func emptyIsNil() {
        let r = KPICalculator.report([], now: Self.t0)
        #expect(r.acceptanceRate == nil)
        #expect(r.hotline.satisfactionRate == nil)
    }

    @Test("排名按加权得分从高到低")
    func ranking() {
        let good = KPICalculator.report([Self.cases[0]], now: Self.h(20))
        let bad = KPICalculator.report([Self.cases[3]], now: Self.h(20))
        let ranked = KPICalculator.rank([(key: "B", report: bad), (key: "A", report: good)])
        #expect(ranked.map(\.key) == ["A", "B"])
        #expect(ranked[0].score > ranked[1].score)
    }
}
