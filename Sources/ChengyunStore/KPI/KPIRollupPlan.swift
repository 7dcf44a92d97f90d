public import ChengyunCore
public import Foundation

/// How a store answers a KPI count or ranking from the rollups, the same in every store: a query over a period of a
/// node's subtree (city, district, street or committee) reads the rollup rows of the whole local days inside it; the
/// part of the period that is not whole days, grids, and filters the rollups do not keep are counted from the cases'
/// typed columns. The plan is made in two steps: `init` (nil when the rollups cannot answer at all), then, with what
/// the store looked up — the city's path, whether the period's last day is quiet after its end, the overdue mark —
/// the `steps` the store runs and adds up.
public struct KPIRollupPlan: Sendable {
    /// The rollup table a plan reads.
    public enum Table: Sendable { case node, department, handler }

    /// One part of the answer.
    public enum Step: Sendable {
        /// Count these cases from their columns (of the plan's lead department, when it has one), leaving out those
        /// under `outside` (paths).
        case cases(CaseQuery, outside: [String])
        /// Sum the rollup rows of `node` (at `path`) for the local days `days` (the department and handler tables:
        /// with whole months from their month rows, `RollupMonths`; streets: the rows of the streets under `path`).
        case rollup(node: Int64, path: String, days: Range<Int>)
        /// Add (`sign` 1) or take away (−1) the open, unhandled cases under `path`, reported in [`reportedFrom`,
        /// `reportedTo`) (ms), whose deadline lies in [`low`, `high`) (ms): those between the overdue mark and now.
        case overdue(path: String, reportedFrom: Int64, reportedTo: Int64, low: Int64, high: Int64, sign: Int)
    }

    public let query: CaseQuery
    public let lead: DepartmentID?
    public let grouping: KPIGrouping?
    public let table: Table
    let paths: [String]
    let from: Date
    let to: Date
    let utcOffsetSeconds: Int

    /// A plan for `query` (of the lead department `lead`, or grouped by `grouping`), or nil when the rollups cannot
    /// answer it: a filter they do not keep, no period, or both a lead department and a grouping.
    public init?(_ query: CaseQuery, lead: DepartmentID?, grouping: KPIGrouping?, utcOffsetSeconds: Int) {
        guard let paths = Self.rollupPaths(query), let from = query.reportedFrom, let to = query.reportedTo, lead == nil || grouping == nil else { return nil }
        self.query = query
        self.lead = lead
        self.grouping = grouping
        table = lead != nil || grouping == .leadDepartment ? .department : grouping == .handler ? .handler : .node
        self.paths = paths
        self.from = from
        self.to = to
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// The subtrees a query covers when the rollups can answer it: the scope's paths cut to the query's node path,
    /// none inside another. Nil when the query has a filter the rollups do not keep.
    public static func rollupPaths(_ q: CaseQuery) -> [String]? {
        guard q.scope.departments.isEmpty, q.scope.sources == nil, q.states == nil, q.categoryID == nil, q.departmentID == nil,
              q.source == nil, q.reporterID == nil, q.involving == nil, q.escalatedTo == nil, q.stationID == nil, q.parked == nil, q.linkageLevels == nil, q.overdueAt == nil, q.deadlineBefore == nil, (q.text ?? "").isEmpty
        else { return nil }
        return q.subtrees
    }

    /// Whether the plan covers the whole tree ("/"): the store then passes the paths of its roots (the city).
    public var needsRoots: Bool { paths.contains("/") }

    /// The local day of an instant and the instant a local day starts.
    func localDay(_ date: Date) -> Int { Int(((date.timeIntervalSince1970 + Double(utcOffsetSeconds)) / 86_400).rounded(.down)) }
    func dayStart(_ day: Int) -> Date { Date(timeIntervalSince1970: Double(day * 86_400 - utcOffsetSeconds)) }

    /// The whole local days inside the period, as a half-open range of day numbers (empty when there are none).
    var wholeDays: Range<Int> {
        var first = localDay(from)
        if dayStart(first) < from { first += 1 }
        let end = localDay(to)
        return first < end ? first..<end : first..<first
    }

    /// The period usually ends now, inside today: when no case is reported between its end and the end of that day,
    /// the day's rollup row holds exactly the period's last part and is read instead of the cases. The window the
    /// store looks in (reported at or after the first, before the second), or nil when the period ends at a midnight.
    public var quietWindow: (Date, Date)? {
        let end = wholeDays.upperBound
        return dayStart(end) < to ? (to, dayStart(end + 1)) : nil
    }

    /// The steps: `roots` the paths of the tree's roots (when `needsRoots`), `quiet` whether no case lies in
    /// `quietWindow`, `mark` the overdue mark and `now` the instant counted at (ms).
    public func steps(roots: [String], quiet: Bool, mark: Int64, now: Int64) -> [Step] {
        var days = wholeDays
        var edges = [(from, dayStart(days.lowerBound)), (dayStart(days.upperBound), to)]
        if quietWindow != nil && quiet {
            days = days.lowerBound..<(days.upperBound + 1)
            edges.removeLast()
        }
        let overdue = CaseRollups.overdueBetween(mark: mark, now: now)
        var steps: [Step] = []
        for path in needsRoots ? roots : paths {
            let ids = OrgNode.ids(inPath: path)
            let depth = ids.count - 1
            guard let node = ids.last?.rawValue else { continue }
            let rollable = days.isEmpty ? false : table != .node ? depth <= CaseRollups.departmentDepth
                : grouping == .street ? depth <= OrgNode.Kind.street.depth : depth <= CaseRollups.nodeDepth
            var pathQuery = query
            pathQuery.scope = CaseScope(paths: [path])
            pathQuery.nodePath = nil
            guard rollable else {
                steps.append(.cases(pathQuery, outside: []))
                continue
            }
            for (edgeFrom, edgeTo) in edges where edgeFrom < edgeTo {
                var edge = pathQuery
                edge.reportedFrom = edgeFrom
                edge.reportedTo = edgeTo
                steps.append(.cases(edge, outside: []))
            }
            steps.append(.rollup(node: node, path: path, days: days))
            if let (low, high, sign) = overdue {
                steps.append(.overdue(path: path, reportedFrom: KPITally.milliseconds(dayStart(days.lowerBound)),
                                      reportedTo: KPITally.milliseconds(dayStart(days.upperBound)), low: low, high: high, sign: sign))
            }
        }
        // The caller's own reports outside those subtrees.
        if let reporter = query.scope.reporter {
            var own = query
            own.scope = CaseScope(paths: [], reporter: reporter)
            steps.append(.cases(own, outside: paths))
        }
        return steps
    }

    /// Adds summed rollup rows to the counts: their overdue-before-the-mark as overdue now, the rest as the tally.
    public static func add(_ tallies: [Int64: KPITally], to out: inout [Int64: KPICount]) {
        for (k, t) in tallies {
            var tally = t
            out[k, default: KPICount()].openOverdue += Int(tally[.overdueOpen])
            tally[.overdueOpen] = 0
            tally[.overdueOpenOn] = 0
            out[k, default: KPICount()].tally += tally
        }
    }
}
