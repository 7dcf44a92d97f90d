public import Foundation

/// 类案治理 — when repeated problems of one category at one place count as a hotspot: `minCases` or more cases
/// within `days`, at the same grid or within `metres` of one another.
public struct HotspotPolicy: Sendable, Hashable, Codable {
    public var minCases: Int
    public var days: Int
    public var metres: Double

    public init(minCases: Int = 3, days: Int = 30, metres: Double = 100) {
        self.minCases = minCases
        self.days = days
        self.metres = metres
    }

    /// Checks the numbers a caller chose, naming the one that is out of range.
    public func validated() throws(DomainError) -> HotspotPolicy {
        guard (2...1000).contains(minCases) else { throw HotspotError.invalidMin }
        guard (1...366).contains(days) else { throw HotspotError.invalidDays }
        guard metres.isFinite, (0...5000).contains(metres) else { throw HotspotError.invalidMetres }
        return self
    }
}

/// A hotspot: the cases of one category that keep coming back at one place.
public struct Hotspot: Sendable, Hashable, Codable {
    public var categoryID: String
    /// The grids the cases lie in.
    public var gridIDs: [NodeID]
    /// The mean of the cases' locations, when they have one.
    public var centre: GeoPoint?
    /// Its cases in report order (an answer to a request may hold only the most recent of them; `count` is all).
    public var caseIDs: [CaseID]
    public var numbers: [String]
    public var count: Int
    /// Cases not finished yet.
    public var open: Int
    public var firstReportedAt: Date
    public var lastReportedAt: Date

    public init(categoryID: String, gridIDs: [NodeID], centre: GeoPoint?, caseIDs: [CaseID], numbers: [String], count: Int, open: Int,
                firstReportedAt: Date, lastReportedAt: Date) {
        self.categoryID = categoryID
        self.gridIDs = gridIDs
        self.centre = centre
        self.caseIDs = caseIDs
        self.numbers = numbers
        self.count = count
        self.open = open
        self.firstReportedAt = firstReportedAt
        self.lastReportedAt = lastReportedAt
    }

    enum CodingKeys: String, CodingKey {
        case categoryID, gridIDs, centre, caseIDs, numbers, count, open, firstReportedAt, lastReportedAt
    }

    /// The ids as plain integers: an encoder writes an array of `Int64` at once, but wraps each typed id on its own
    /// (a big screen's hotspots carry thousands). The same JSON as the synthesized encoding.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(categoryID, forKey: .categoryID)
        try c.encode(gridIDs.map(\.rawValue), forKey: .gridIDs)
        try c.encodeIfPresent(centre, forKey: .centre)
        try c.encode(caseIDs.map(\.rawValue), forKey: .caseIDs)
        try c.encode(numbers, forKey: .numbers)
        try c.encode(count, forKey: .count)
        try c.encode(open, forKey: .open)
        try c.encode(firstReportedAt, forKey: .firstReportedAt)
        try c.encode(lastReportedAt, forKey: .lastReportedAt)
    }
}

/// What hotspot finding reads of a case: its category, place, state and report time (a store reads these few
/// columns from an index, not whole cases; the numbers of the cases found are read afterwards).
public struct HotspotCase: Sendable, Hashable {
    public var id: CaseID
    public var categoryID: String
    /// The node the case lies in (a grid).
    public var nodeID: NodeID
    /// That node's path.
    public var nodePath: String
    public var location: GeoPoint?
    public var state: CaseState
    public var reportedAt: Date
    /// The case number when the whole case was at hand; empty from `HotspotStore.hotspotCases`, whose callers read the
    /// numbers of the hotspots they keep (`caseNumbers`).
    public var number: String

    public init(id: CaseID, categoryID: String, nodeID: NodeID, nodePath: String = "", location: GeoPoint?, state: CaseState, reportedAt: Date,
                number: String = "") {
        self.id = id
        self.categoryID = categoryID
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.location = location
        self.state = state
        self.reportedAt = reportedAt
        self.number = number
    }

    public init(_ r: CaseRecord) {
        self.init(id: r.id, categoryID: r.categoryID, nodeID: r.nodeID, nodePath: r.nodePath, location: r.location, state: r.state,
                  reportedAt: r.reportedAt, number: r.number)
    }
}

/// A hotspot with where its cases lie: the deepest node path they all lie under.
public struct HotspotArea: Sendable, Hashable {
    public var hotspot: Hotspot
    public var areaPath: String
    public init(hotspot: Hotspot, areaPath: String) {
        self.hotspot = hotspot
        self.areaPath = areaPath
    }
}

/// Finds hotspots among cases.
public enum HotspotFinder {
    /// Groups the cases (rejected and merged ones left out) by category and place — two cases are at one place when
    /// they share a grid or lie within `policy.metres` — and returns the groups of `policy.minCases` or more,
    /// largest first.
    public static func find(_ cases: [CaseRecord], policy: HotspotPolicy) -> [Hotspot] {
        find(cases.map(HotspotCase.init), policy: policy)
    }

    /// The same over the few facts a store reads for it.
    public static func find(_ cases: [HotspotCase], policy: HotspotPolicy) -> [Hotspot] {
        groups(cases, policy: policy).map(\.hotspot)
    }

    /// The hotspots with the path of the deepest node all their cases lie under (what a stored run keeps, so that a
    /// subtree's hotspots can be told from the city's: those of a subtree are the city's that lie inside it, and
    /// the ones found again among the cases inside it of those that cross its edge), largest first.
    public static func areas(_ cases: [HotspotCase], policy: HotspotPolicy) -> [HotspotArea] {
        groups(cases, policy: policy).map { HotspotArea(hotspot: $0.hotspot, areaPath: commonPath($0.members.map(\.nodePath))) }
    }

    /// The deepest path that starts every one of `paths` (`/1/4/27/` and `/1/4/30/` → `/1/4/`).
    public static func commonPath(_ paths: [String]) -> String {
        guard var common = paths.first else { return "/" }
        for p in paths.dropFirst() where !p.hasPrefix(common) {
            while !p.hasPrefix(common), let cut = common.dropLast().lastIndex(of: "/") { common = String(common[...cut]) }
        }
        return common
    }

    static func groups(_ cases: [HotspotCase], policy: HotspotPolicy) -> [(hotspot: Hotspot, members: [HotspotCase])] {
        let counted = cases.filter { $0.state != .rejected && $0.state != .merged }
        var result: [(hotspot: Hotspot, members: [HotspotCase])] = []
        for (category, group) in Dictionary(grouping: counted, by: \.categoryID) where group.count >= policy.minCases {
            var parent = Array(group.indices)
            func root(_ i: Int) -> Int {
                var i = i
                while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
                return i
            }
            func join(_ a: Int, _ b: Int) { parent[root(a)] = root(b) }
            var firstInGrid: [NodeID: Int] = [:]
            for (i, c) in group.enumerated() {
                if let j = firstInGrid[c.nodeID] { join(i, j) } else { firstInGrid[c.nodeID] = i }
            }
            // Near neighbours: sweep in latitude order, comparing only within the latitude band of `metres`.
            let located = group.indices.filter { group[$0].location != nil }.sorted { group[$0].location!.lat < group[$1].location!.lat }
            let band = policy.metres / 111_000
            for (k, i) in located.enumerated() {
                let p = group[i].location!
                // East–west, a degree is cos(latitude) as long: farther apart in longitude than that is farther than
                // `metres` (with 1 % to spare), without the trigonometry of the exact distance.
                let lonBand = band / max(cos(p.lat * .pi / 180), 0.01) * 1.01
                for j in located[(k + 1)...] {
                    let q = group[j].location!
                    if q.lat - p.lat > band { break }
                    if abs(q.lon - p.lon) > lonBand { continue }
                    if DuplicatePolicy.metres(p, q) <= policy.metres { join(i, j) }
                }
            }
            for members in Dictionary(grouping: group.indices, by: root).values where members.count >= policy.minCases {
                let items = members.map { group[$0] }.sorted { ($0.reportedAt, $0.id.rawValue) < ($1.reportedAt, $1.id.rawValue) }
                let points = items.compactMap(\.location)
                let centre = points.isEmpty ? nil : GeoPoint(lon: points.map(\.lon).reduce(0, +) / Double(points.count),
                                                             lat: points.map(\.lat).reduce(0, +) / Double(points.count))
                result.append((Hotspot(
                    categoryID: category, gridIDs: Array(Set(items.map(\.nodeID))).sorted(), centre: centre, caseIDs: items.map(\.id),
                    numbers: items.map(\.number), count: items.count, open: items.filter { !$0.state.isTerminal }.count,
                    firstReportedAt: items.first!.reportedAt, lastReportedAt: items.last!.reportedAt), items))
            }
        }
        return result.sorted { ($0.hotspot.count, $1.hotspot.categoryID) > ($1.hotspot.count, $0.hotspot.categoryID) }
    }
}
