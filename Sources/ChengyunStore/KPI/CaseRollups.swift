public import ChengyunCore
import Foundation

/// 汇总 — what a case adds to the KPI rollups, the same in every store: for every node of the case's path down to its
/// committee, and for its lead department and its handler at the city and its district, one row per local day with
/// the `KPITally` of the cases of that day (departments and handlers also one row per local month, `RollupMonths`).
/// Each write of a case takes the old case's share out and puts the new one in, in the same transaction.
///
/// 超期 now: the rollups count the open cases whose deadline passed before a *mark* (`overdue_open` on the day of
/// report, `overdue_open_on` on the day of the deadline); the mark moves forward every minute (`markOverdue`), and
/// overdue at any instant is the rollups' count plus the cases whose deadline lies between the mark and that instant.
public enum CaseRollups {
    /// A rollup row: a node's day, a lead department's or a handler's day (or month) under a node.
    public enum Key: Hashable, Comparable, Sendable {
        case node(Int64, day: Int)
        case department(Int64, node: Int64, day: Int)
        /// The handler (处置人) of the cases that were not self-handled; only the day of report (the trend's
        /// `closedOn`/`lateOn` are kept by node).
        case handler(Int64, node: Int64, day: Int)
    }

    /// What the rollups were counted with: when it changes they are counted again.
    public struct Basis: Codable, Equatable, Sendable {
        public var responseHours: Double
        public var satisfiedScore: Int
        public var utcOffsetSeconds: Int

        public init(_ policy: KPIPolicy, utcOffsetSeconds: Int) {
            responseHours = policy.responseHours
            satisfiedScore = policy.satisfiedScore
            self.utcOffsetSeconds = utcOffsetSeconds
        }
    }

    /// The deepest level of the tree with a node rollup (0 city … 3 committee); grids are counted from the cases.
    public static let nodeDepth = 3
    /// The deepest level with a department rollup and a handler rollup (0 city, 1 district).
    public static let departmentDepth = 1

    /// The key a case is ranked by among handlers (nil when self-handled or without a handler).
    public static func handlerKey(_ r: CaseRecord) -> Int64? { r.selfHandled ? nil : r.handlerID?.rawValue }

    /// What a case adds to the rollups; `overdueBefore` is the overdue mark (milliseconds).
    public static func parts(_ r: CaseRecord, policy: KPIPolicy, utcOffsetSeconds: Int, overdueBefore: Int64) -> [Key: KPITally] {
        let offset = Double(utcOffsetSeconds)
        let dayOf = { (date: Date) in Int(((date.timeIntervalSince1970 + offset) / 86_400).rounded(.down)) }
        let parts = KPITally.of(r, policy: policy, day: dayOf)
        guard !parts.isEmpty else { return [:] }
        let ancestors = OrgNode.ids(inPath: r.nodePath).map(\.rawValue)
        var out: [Key: KPITally] = [:]
        if KPITally.countsOverdue(r), let deadline = r.deadline, KPITally.milliseconds(deadline) < overdueBefore {
            addOverdue(&out, ancestors: ancestors, lead: r.leadDepartmentID?.rawValue, handler: handlerKey(r),
                       reportDay: dayOf(r.reportedAt), deadlineDay: dayOf(deadline), sign: 1)
        }
        if let handler = handlerKey(r), let (day, tally) = parts.first {
            for node in ancestors.prefix(departmentDepth + 1) { out[.handler(handler, node: node, day: day), default: KPITally()] += tally }
        }
        for (day, tally) in parts {
            for node in ancestors.prefix(nodeDepth + 1) { out[.node(node, day: day), default: KPITally()] += tally }
            if let lead = r.leadDepartmentID?.rawValue {
                for node in ancestors.prefix(departmentDepth + 1) { out[.department(lead, node: node, day: day), default: KPITally()] += tally }
            }
        }
        return out
    }

    /// What a write of a case moves: `new`'s share in, `old`'s out (either may be nil).
    public static func delta(old: CaseRecord?, new: CaseRecord?, policy: KPIPolicy, utcOffsetSeconds: Int, overdueBefore: Int64) -> [Key: KPITally] {
        var delta = new.map { parts($0, policy: policy, utcOffsetSeconds: utcOffsetSeconds, overdueBefore: overdueBefore) } ?? [:]
        if let old {
            for (key, tally) in parts(old, policy: policy, utcOffsetSeconds: utcOffsetSeconds, overdueBefore: overdueBefore) {
                delta[key, default: KPITally()] = delta[key, default: KPITally()] - tally
            }
        }
        return delta
    }

    /// Adds one open case past its deadline (`sign` −1 takes it away) to the rollup keys it counts under.
    public static func addOverdue(_ out: inout [Key: KPITally], ancestors: [Int64], lead: Int64?, handler: Int64?,
                                  reportDay: Int, deadlineDay: Int, sign: Int64) {
        for node in ancestors.prefix(nodeDepth + 1) {
            out[.node(node, day: reportDay), default: KPITally()][.overdueOpen] += sign
            out[.node(node, day: deadlineDay), default: KPITally()][.overdueOpenOn] += sign
        }
        for node in ancestors.prefix(departmentDepth + 1) {
            if let lead { out[.department(lead, node: node, day: reportDay), default: KPITally()][.overdueOpen] += sign }
            if let handler { out[.handler(handler, node: node, day: reportDay), default: KPITally()][.overdueOpen] += sign }
        }
    }

    /// The rows to add for `delta`: its own, each department's and handler's day added to the row of its month too,
    /// in key order (rows of one node or department and neighbouring days share pages), zero rows left out.
    public static func rows(_ delta: [Key: KPITally]) -> [(key: Key, tally: KPITally)] {
        var all = delta
        for (key, tally) in delta {
            switch key {
            case let .department(department, node, day) where day >= 0: all[.department(department, node: node, day: RollupMonths.row(ofDay: day)), default: KPITally()] += tally
            case let .handler(handler, node, day) where day >= 0: all[.handler(handler, node: node, day: RollupMonths.row(ofDay: day)), default: KPITally()] += tally
            default: break
            }
        }
        return all.sorted { $0.key < $1.key }.filter { !$0.value.isZero }.map { ($0.key, $0.value) }
    }

    /// The deadlines between the mark and `now` — `[low, high)` — and whether their cases are added (the mark is
    /// behind `now`) or taken away (ahead of it) to count those overdue at `now`; nil when the two are equal.
    public static func overdueBetween(mark: Int64, now: Int64) -> (low: Int64, high: Int64, sign: Int)? {
        mark == now ? nil : mark < now ? (mark, now, 1) : (now, mark, -1)
    }

    /// The local day number of an instant in milliseconds.
    public static func day(ms: Int64, utcOffsetSeconds: Int) -> Int { Int(((ms / 1000) + Int64(utcOffsetSeconds)) / 86_400) }
}

/// The month rows of the department and handler rollups: a row whose `day` is negative holds a whole local month —
/// `-1 - m` for the m-th month since January 1970 — so that a period of whole months sums one row per month.
public enum RollupMonths {
    /// The months since January 1970 of a local day number (days since 1970-01-01).
    public static func month(ofDay day: Int) -> Int {
        let date = LocalDate(daysSince1970: day)
        return (date.year - 1970) * 12 + date.month - 1
    }

    /// The local day number of the first day of a month.
    public static func firstDay(ofMonth month: Int) -> Int {
        LocalDate(year: 1970 + month / 12, month: month % 12 + 1, day: 1)!.daysSince1970
    }

    public static func row(ofDay day: Int) -> Int { -1 - month(ofDay: day) }

    /// The ranges of `day` values whose rows sum the days `days` — the whole months inside them from month rows, the
    /// rest from day rows — each half-open.
    public static func ranges(_ days: Range<Int>) -> [Range<Int>] {
        var first = month(ofDay: days.lowerBound)
        if firstDay(ofMonth: first) < days.lowerBound { first += 1 }
        let end = month(ofDay: days.upperBound)
        guard first < end else { return [days] }
        return [days.lowerBound..<firstDay(ofMonth: first), (-end)..<(-first), firstDay(ofMonth: end)..<days.upperBound]
    }
}
