public import Foundation

/// 考核指标 — the case-loop KPIs for one set of cases (a node, department, inspector and period).
///
/// Formulas (the cohort is the cases reported in the period; merged duplicates are left out, they count on their original):
/// - 立案率 acceptanceRate = accepted ÷ reported
/// - 按期处置率 onTimeHandlingRate = handled by the deadline ÷ due (accepted cases handled, or unhandled past their deadline)
/// - 超期率 overdueRate = handled after the deadline or unhandled past it ÷ due
/// - 结案率 closureRate = closed ÷ accepted
/// - 返工率 reworkRate = cases reworked at least once ÷ cases handled at least once
/// - 派遣准确率 dispatchAccuracy = (dispatches − dispatches returned as wrong) ÷ dispatches, over every dispatch
///   (a redispatch counts again); a return is "wrong" when its reason is not our duty, out of area or wrong category
/// - selfHandled counts cases a committee or station fixed itself; they count in reported, accepted and closed too
/// - mean hours to dispatch = mean(first dispatch − report); mean hours to close = mean(close − report), natural hours
/// - hotline 响应率 = dispatched tickets signed for within `responseHours` of dispatch ÷ dispatched tickets;
///   解决率 = closed tickets ÷ accepted tickets; 满意率 = ratings ≥ `satisfiedScore` ÷ rated tickets
public struct KPIReport: Sendable, Hashable, Codable {
    public var reported = 0
    public var accepted = 0
    public var rejected = 0
    public var dispatched = 0
    public var due = 0
    public var handledOnTime = 0
    public var overdue = 0
    public var handled = 0
    public var reworked = 0
    /// 催办: how many times the centre urged (on these cases, or this department).
    public var urges = 0
    public var closed = 0
    public var dispatches = 0
    public var wrongDispatches = 0
    public var selfHandled = 0
    public var acceptanceRate: Double?
    public var dispatchAccuracy: Double?
    public var onTimeHandlingRate: Double?
    public var closureRate: Double?
    public var reworkRate: Double?
    public var overdueRate: Double?
    public var meanHoursToDispatch: Double?
    public var meanHoursToClose: Double?
    public var hotline: HotlineKPI

    public init() { hotline = HotlineKPI() }
}

/// 三率 — response, resolution and satisfaction of 12345 hotline tickets.
public struct HotlineKPI: Sendable, Hashable, Codable {
    public var tickets = 0
    public var dispatched = 0
    public var responded = 0
    public var accepted = 0
    public var resolved = 0
    public var rated = 0
    public var satisfied = 0
    public var responseRate: Double?
    public var resolutionRate: Double?
    public var satisfactionRate: Double?
    public init() {}
}

/// Settings of the KPI formulas.
public struct KPIPolicy: Sendable, Hashable, Codable {
    /// A hotline ticket counts as responded when signed for within this many natural hours of dispatch.
    public var responseHours: Double
    /// The lowest rating that counts as satisfied (满意 and 基本满意).
    public var satisfiedScore: Int
    public init(responseHours: Double = 2, satisfiedScore: Int = 4) {
        self.responseHours = responseHours
        self.satisfiedScore = satisfiedScore
    }
}

/// Computes KPI reports and rankings from cases.
public enum KPICalculator {
    /// The KPIs of `cases` as of `now`.
    public static func report(_ cases: [CaseRecord], now: Date, policy: KPIPolicy = KPIPolicy()) -> KPIReport {
        var r = KPIReport()
        var toDispatch: [Double] = []
        var toClose: [Double] = []
        for c in cases where c.state != .merged {
            r.reported += 1
            if c.state == .rejected { r.rejected += 1 }
            if c.acceptedAt != nil { r.accepted += 1 }
            if let d = c.firstDispatchedAt {
                r.dispatched += 1
                toDispatch.append(d.timeIntervalSince(c.reportedAt) / 3600)
            }
            if let closed = c.closedAt {
                r.closed += 1
                toClose.append(closed.timeIntervalSince(c.reportedAt) / 3600)
            }
            if c.firstHandledAt != nil { r.handled += 1 }
            r.dispatches += c.dispatchCount
            r.wrongDispatches += c.wrongDispatchCount
            if c.selfHandled { r.selfHandled += 1 }
            if c.reworkCount > 0 { r.reworked += 1 }
            r.urges += c.urgeCount
            if let deadline = c.deadline, c.acceptedAt != nil {
                if let h = c.firstHandledAt {
                    r.due += 1
                    if h <= deadline { r.handledOnTime += 1 } else { r.overdue += 1 }
                } else if KPITally.countsOverdue(c), deadline < now {
                    r.due += 1
                    r.overdue += 1
                }
            }
            if c.source == .hotline { tally(c, into: &r.hotline, policy: policy) }
        }
        r.meanHoursToDispatch = mean(toDispatch)
        r.meanHoursToClose = mean(toClose)
        return withRates(r)
    }

    /// The report with its rates computed from its counts (a zero denominator gives nil).
    static func withRates(_ report: KPIReport) -> KPIReport {
        var r = report
        r.acceptanceRate = ratio(r.accepted, r.reported)
        r.dispatchAccuracy = ratio(r.dispatches - r.wrongDispatches, r.dispatches)
        r.onTimeHandlingRate = ratio(r.handledOnTime, r.due)
        r.overdueRate = ratio(r.overdue, r.due)
        r.closureRate = ratio(r.closed, r.accepted)
        r.reworkRate = ratio(r.reworked, r.handled)
        r.hotline.responseRate = ratio(r.hotline.responded, r.hotline.dispatched)
        r.hotline.resolutionRate = ratio(r.hotline.resolved, r.hotline.accepted)
        r.hotline.satisfactionRate = ratio(r.hotline.satisfied, r.hotline.rated)
        return r
    }

    static func tally(_ c: CaseRecord, into h: inout HotlineKPI, policy: KPIPolicy) {
        h.tickets += 1
        if c.acceptedAt != nil { h.accepted += 1 }
        if let d = c.firstDispatchedAt {
            h.dispatched += 1
            if let s = c.startedAt, s.timeIntervalSince(d) <= policy.responseHours * 3600 { h.responded += 1 }
        }
        if c.closedAt != nil { h.resolved += 1 }
        if let score = c.rating {
            h.rated += 1
            if score >= policy.satisfiedScore { h.satisfied += 1 }
        }
    }

    static func ratio(_ n: Int, _ d: Int) -> Double? { d == 0 ? nil : Double(n) / Double(d) }
    static func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }

    /// 排名 — ranks departments or streets by a weighted score:
    /// 0.4 × 按期处置率 + 0.3 × 结案率 + 0.2 × (1 − 返工率) + 0.1 × 立案率; a missing rate counts as 0.
    public static func score(_ r: KPIReport) -> Double {
        0.4 * (r.onTimeHandlingRate ?? 0) + 0.3 * (r.closureRate ?? 0) + 0.2 * (1 - (r.reworkRate ?? 1)) + 0.1 * (r.acceptanceRate ?? 0)
    }

    /// Sorts entries best first; ties keep the key order.
    public static func rank<Key: Comparable>(_ entries: [(key: Key, report: KPIReport)]) -> [(key: Key, report: KPIReport, score: Double)] {
        entries.map { ($0.key, $0.report, score($0.report)) }
            .sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }
    }
}
