public import ChengyunCore
public import Foundation

/// 地图汇总 — the big screen's counts per street without reading the cases, the same in every store. Every located
/// case but merged ones has one share: in the row of its area (the street it lies in, or its own node when it is
/// filed higher up) and of day -1 while it is open, else of the local day it was reported. A row holds how many
/// cases, how many of them urgent, the sums of their positions in ten-millionths of a degree (integers, so shares
/// come and go exactly), and the running ones past their deadline before the overdue mark (`CaseRollups`).
public enum CaseMapRollup {
    /// A row: an area and a day (`openDay` for the open cases).
    public struct Key: Hashable, Comparable, Sendable {
        public var node: Int64
        public var day: Int
        public init(node: Int64, day: Int) {
            self.node = node
            self.day = day
        }
        public static func < (a: Self, b: Self) -> Bool { (a.day, a.node) < (b.day, b.node) }
    }

    /// The share of some cases in a row.
    public struct Tally: Sendable, Equatable {
        public var count: Int64 = 0
        public var urgent: Int64 = 0
        public var lon: Int64 = 0
        public var lat: Int64 = 0
        /// Running cases past their deadline before the overdue mark (open rows only).
        public var overdue: Int64 = 0
        public init(count: Int64 = 0, urgent: Int64 = 0, lon: Int64 = 0, lat: Int64 = 0, overdue: Int64 = 0) {
            self.count = count
            self.urgent = urgent
            self.lon = lon
            self.lat = lat
            self.overdue = overdue
        }
        public var isZero: Bool { self == Tally() }
        public static func += (a: inout Tally, b: Tally) {
            a.count += b.count; a.urgent += b.urgent; a.lon += b.lon; a.lat += b.lat; a.overdue += b.overdue
        }
        public static func + (a: Tally, b: Tally) -> Tally {
            var sum = a
            sum += b
            return sum
        }
        public static func -= (a: inout Tally, b: Tally) {
            a.count -= b.count; a.urgent -= b.urgent; a.lon -= b.lon; a.lat -= b.lat; a.overdue -= b.overdue
        }
    }

    /// The day of the open cases' rows.
    public static let openDay = -1
    /// Positions are summed in units of 1e-7 degree (about a centimetre).
    public static let degreeUnits = 10_000_000.0

    /// The area a case at `path` counts in on the street map: its street, or its own node when it is filed higher up.
    public static func area(_ path: String) -> NodeID? {
        let ids = OrgNode.ids(inPath: path)
        return ids.count > OrgNode.Kind.street.depth ? ids[OrgNode.Kind.street.depth] : ids.last
    }

    /// The share of one case: nil for a merged case or one without a position.
    public static func part(path: String, state: CaseState, reportedAt: Date, urgent: Bool, lon: Double?, lat: Double?,
                            utcOffsetSeconds: Int) -> (Key, Tally)? {
        guard state != .merged, let lon, let lat, let area = area(path) else { return nil }
        let day = CaseMapQuery.openStates.contains(state) ? openDay
            : Int(((reportedAt.timeIntervalSince1970 + Double(utcOffsetSeconds)) / 86_400).rounded(.down))
        return (Key(node: area.rawValue, day: day),
                Tally(count: 1, urgent: urgent ? 1 : 0, lon: Int64((lon * degreeUnits).rounded()), lat: Int64((lat * degreeUnits).rounded())))
    }

    /// The share of a case, overdue when it is running and its deadline is before the mark `overdueBefore` (ms).
    public static func part(_ r: CaseRecord, utcOffsetSeconds: Int, overdueBefore: Int64) -> (Key, Tally)? {
        guard let (key, share) = part(path: r.nodePath, state: r.state, reportedAt: r.reportedAt, urgent: r.urgency != .normal,
                                      lon: r.location?.lon, lat: r.location?.lat, utcOffsetSeconds: utcOffsetSeconds) else { return nil }
        var tally = share
        if let deadline = r.deadline, KPITally.milliseconds(deadline) < overdueBefore, r.suspendedAt == nil,
           [CaseState.accepted, .dispatched, .inProgress].contains(r.state) { tally.overdue = 1 }
        return (key, tally)
    }

    /// What a write of a case moves: the old share out, the new one in.
    public static func delta(old: CaseRecord?, new: CaseRecord?, utcOffsetSeconds: Int, overdueBefore: Int64) -> [Key: Tally] {
        var delta: [Key: Tally] = [:]
        if let new, let (key, tally) = part(new, utcOffsetSeconds: utcOffsetSeconds, overdueBefore: overdueBefore) { delta[key, default: Tally()] += tally }
        if let old, let (key, tally) = part(old, utcOffsetSeconds: utcOffsetSeconds, overdueBefore: overdueBefore) { delta[key, default: Tally()] -= tally }
        return delta
    }
}

extension CaseMapRollup {
    /// The first day of the map's window whose rows the rollup sums (`Int.max` for an empty window: only the open
    /// rows), or nil when it cannot answer: other levels than streets, scopes cut by department or source (the
    /// rollup's paths are `KPIRollupPlan.rollupPaths`), or a window that does not start at a local midnight.
    public static func sinceDay(_ query: CaseMapQuery, depth: Int, utcOffsetSeconds: Int) -> Int? {
        guard depth == OrgNode.Kind.street.depth, KPIRollupPlan.rollupPaths(query.query) != nil else { return nil }
        if query.since >= query.now { return Int.max }
        let day = Int(((query.since.timeIntervalSince1970 + Double(utcOffsetSeconds)) / 86_400).rounded(.down))
        guard Double(day * 86_400 - utcOffsetSeconds) == query.since.timeIntervalSince1970 else { return nil }
        return day
    }

    /// Whether the subtrees (the roots' paths for the whole tree) lie at or above streets, where the rollup answers.
    public static func answers(_ paths: [String]) -> Bool {
        paths.allSatisfy { OrgNode.ids(inPath: $0).count - 1 <= OrgNode.Kind.street.depth }
    }

    /// An area of the map being summed: its node, the shares of its cases and those overdue now.
    public struct Area: Sendable {
        public var path: String
        public var name: String
        public var tally: Tally
        public var overdue: Int
        public init(path: String, name: String, tally: Tally = Tally(), overdue: Int = 0) {
            self.path = path
            self.name = name
            self.tally = tally
            self.overdue = overdue
        }
    }

    /// The counts of the areas, each centred on the mean of its cases' positions, in a view those whose centre lies
    /// inside its box, in path order.
    public static func counts(_ areas: [Int64: Area], box: BoundingBox?) -> [AreaCaseCount] {
        areas.compactMap { id, a -> AreaCaseCount? in
            guard a.tally.count > 0 else { return nil }
            let n = Double(a.tally.count)
            let centre = GeoPoint(lon: Double(a.tally.lon) / degreeUnits / n, lat: Double(a.tally.lat) / degreeUnits / n)
            if let box, !box.contains(centre) { return nil }
            return AreaCaseCount(nodeID: NodeID(id), path: a.path, name: a.name, count: Int(a.tally.count), overdue: a.overdue,
                                 urgent: Int(a.tally.urgent), centre: centre)
        }.sorted { $0.path < $1.path }
    }

    /// Adds one of the caller's own reports (outside the subtrees summed) to its area, when the map shows it:
    /// `deadline` and `suspended` as stored (ms), `now` the instant counted at.
    public static func addOwn(_ areas: inout [Int64: Area], key: Key, tally: Tally, state: CaseState, deadline: Int64?, suspended: Int64?, now: Int64) {
        areas[key.node]?.tally += tally
        if let deadline, deadline < now, suspended == nil, [CaseState.accepted, .dispatched, .inProgress].contains(state) { areas[key.node]?.overdue += 1 }
    }
}
