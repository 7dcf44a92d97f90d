public import Foundation

/// What a committee's status maps are drawn from, read in one go: its buildings, houses, the residents living in
/// them, the problems open in its compounds and the open sweeps' results.
public struct StatusFacts: Sendable {
    public struct BuildingFact: Sendable {
        public var id: BuildingID
        public var compoundID: CompoundID
        public var location: GeoPoint?
        public var tags: [String]
        /// 分级评估 — the class the committee graded it by hand, over the rules'.
        public var assessed: String?
        public init(id: BuildingID, compoundID: CompoundID, location: GeoPoint?, tags: [String], assessed: String? = nil) {
            self.id = id
            self.compoundID = compoundID
            self.location = location
            self.tags = tags
            self.assessed = assessed
        }
    }
    public struct HouseFact: Sendable {
        public var id: HouseID
        public var buildingID: BuildingID
        public var use: HouseUse
        public var tags: [String]
        public init(id: HouseID, buildingID: BuildingID, use: HouseUse, tags: [String]) {
            self.id = id
            self.buildingID = buildingID
            self.use = use
            self.tags = tags
        }
    }
    public struct ResidentFact: Sendable {
        public var houseID: HouseID
        public var kind: ResidentKind
        public var partyMember: Bool
        public var tags: [String]
        public init(houseID: HouseID, kind: ResidentKind, partyMember: Bool, tags: [String]) {
            self.houseID = houseID
            self.kind = kind
            self.partyMember = partyMember
            self.tags = tags
        }
    }
    /// A problem open in one of the committee's compounds, where it was reported.
    public struct OpenCase: Sendable {
        public var compoundID: CompoundID
        public var location: GeoPoint?
        public init(compoundID: CompoundID, location: GeoPoint?) {
            self.compoundID = compoundID
            self.location = location
        }
    }

    public var buildings: [BuildingFact]
    public var houses: [HouseFact]
    public var residents: [ResidentFact]
    public var openCases: [OpenCase]
    /// Houses whose result in an open sweep differs from the base data.
    public var sweepDiffers: Set<HouseID>
    /// Houses an open sweep over them has no result for yet.
    public var sweepPending: Set<HouseID>

    /// A point from a row's optional columns.
    public static func point(_ lon: Double?, _ lat: Double?) -> GeoPoint? {
        guard let lon, let lat else { return nil }
        return GeoPoint(lon: lon, lat: lat)
    }

    /// Tags as a row's aggregate gives them, comma-joined.
    public static func tags(_ joined: String?) -> [String] { joined.map { $0.split(separator: ",").map(String.init) } ?? [] }

    /// The facts with the houses not yet taken by one of the open `sweeps` (`taken`: the houses each has a result for).
    public init(buildings: [BuildingFact], houses: [HouseFact], residents: [ResidentFact], openCases: [OpenCase], sweepDiffers: Set<HouseID>,
                openSweeps sweeps: [Int64], taken: [Int64: Set<Int64>]) {
        let pending = Set(houses.filter { h in sweeps.contains { !(taken[$0]?.contains(h.id.rawValue) ?? false) } }.map(\.id))
        self.init(buildings: buildings, houses: houses, residents: residents, openCases: openCases, sweepDiffers: sweepDiffers, sweepPending: pending)
    }

    public init(buildings: [BuildingFact], houses: [HouseFact], residents: [ResidentFact], openCases: [OpenCase], sweepDiffers: Set<HouseID>, sweepPending: Set<HouseID>) {
        self.buildings = buildings
        self.houses = houses
        self.residents = residents
        self.openCases = openCases
        self.sweepDiffers = sweepDiffers
        self.sweepPending = sweepPending
    }
}

/// A house as drawn: the rule that coloured it and its residents by shape (counts only: nobody named).
public struct HouseStatus: Sendable, Hashable, Codable {
    public var houseID: HouseID
    public var buildingID: BuildingID
    public var rule: String
    public var triangles: Int
    public var squares: Int
    public var circles: Int
    public var partyMembers: Int
    public init(houseID: HouseID, buildingID: BuildingID, rule: String, triangles: Int, squares: Int, circles: Int, partyMembers: Int) {
        self.houseID = houseID
        self.buildingID = buildingID
        self.rule = rule
        self.triangles = triangles
        self.squares = squares
        self.circles = circles
        self.partyMembers = partyMembers
    }
}

/// A building as drawn: its class (the building rule), level, and why — the index of the condition that held (nil
/// for the last rule's) and the count it found.
public struct BuildingStatus: Sendable, Hashable, Codable {
    public var buildingID: BuildingID
    public var compoundID: CompoundID
    public var buildingClass: String
    public var level: BuildingLevel
    public var reason: Int?
    public var reasonCount: Int
    public var openCases: Int
    public init(buildingID: BuildingID, compoundID: CompoundID, buildingClass: String, level: BuildingLevel, reason: Int?, reasonCount: Int, openCases: Int) {
        self.buildingID = buildingID
        self.compoundID = compoundID
        self.buildingClass = buildingClass
        self.level = level
        self.reason = reason
        self.reasonCount = reasonCount
        self.openCases = openCases
    }
}

/// A committee's maps as drawn on a day under one version of the rules, with its tallies: `class:<code>`,
/// `level:<level>`, `house:<rule>`, `buildings`, `houses`.
public struct StatusDrawing: Sendable {
    public var houses: [HouseStatus]
    public var buildings: [BuildingStatus]
    public var tallies: [String: Int]

    /// What the drawing changes in the committee's tallies, and so in each node above it, from those it replaces (keys
    /// in order, none unchanged).
    public func change(from old: [String: Int]) -> [(key: String, by: Int)] {
        Set(old.keys).union(tallies.keys).sorted().compactMap { key in
            let by = (tallies[key] ?? 0) - (old[key] ?? 0)
            return by == 0 ? nil : (key, by)
        }
    }

    /// The nodes a committee's tallies roll up to, from the city down to the committee itself: (id, path).
    public static func rollupNodes(of path: String) -> [(id: NodeID, path: String)] {
        OrgNode.ids(inPath: path).indices.compactMap { OrgNode.ancestor(of: path, depth: $0) }
    }
}

extension StatusRules {
    /// How far from a building's point a problem reported in its compound is taken as the building's.
    public static let caseReachMetres = 60.0

    /// Draws a committee's maps from its facts: each house by the first house rule that holds, each resident by the
    /// first shape rule, each building by the first building rule; a problem open in a compound belongs to the
    /// compound's nearest building within `caseReachMetres` of where it was reported.
    public func draw(_ facts: StatusFacts, dictionary: [Tag]) -> StatusDrawing {
        let groupOf = Dictionary(dictionary.map { ($0.code, $0.group) }, uniquingKeysWith: { a, _ in a })
        let living = Dictionary(grouping: facts.residents, by: \.houseID)
        var houses: [HouseStatus] = []
        var byBuilding: [BuildingID: [String: Int]] = [:]
        var tallies: [String: Int] = ["houses": facts.houses.count, "buildings": facts.buildings.count]
        var residentTagsInBuilding: [BuildingID: [String: Int]] = [:]
        for h in facts.houses {
            let people = living[h.id] ?? []
            let rule = self.houses.first { $0.when.isEmpty || $0.when.contains { Self.holds($0, h, people, groupOf, facts) } }?.code ?? "-"
            var shapes: [ResidentShape: Int] = [:]
            for p in people {
                let shape = residents.first { $0.when.isEmpty || $0.when.contains { Self.holds($0, p, groupOf) } }?.shape ?? .circle
                shapes[shape, default: 0] += 1
                for t in Set(p.tags) { residentTagsInBuilding[h.buildingID, default: [:]][t, default: 0] += 1 }
            }
            houses.append(HouseStatus(houseID: h.id, buildingID: h.buildingID, rule: rule, triangles: shapes[.triangle] ?? 0, squares: shapes[.square] ?? 0,
                                      circles: shapes[.circle] ?? 0, partyMembers: people.filter(\.partyMember).count))
            byBuilding[h.buildingID, default: [:]][rule, default: 0] += 1
            tallies["house:\(rule)", default: 0] += 1
        }
        let cases = Self.casesPerBuilding(facts)
        var buildings: [BuildingStatus] = []
        for b in facts.buildings {
            let open = cases[b.id] ?? 0
            var found: (rule: BuildingRule, index: Int?, count: Int)? = b.assessed.flatMap { code in self.buildings.first { $0.code == code } }.map { ($0, nil, 0) }
            for r in self.buildings where found == nil {
                if r.when.isEmpty { found = (r, nil, 0); break }
                for (i, c) in r.when.enumerated() {
                    if let n = Self.holds(c, b, houses: byBuilding[b.id] ?? [:], residentTags: residentTagsInBuilding[b.id] ?? [:], openCases: open) {
                        found = (r, i, n)
                        break
                    }
                }
                if found != nil { break }
            }
            let rule = found?.rule ?? BuildingRule(code: "-", label: "-", level: .green)
            buildings.append(BuildingStatus(buildingID: b.id, compoundID: b.compoundID, buildingClass: rule.code, level: rule.level, reason: found?.index,
                                            reasonCount: found?.count ?? 0, openCases: open))
            tallies["class:\(rule.code)", default: 0] += 1
            tallies["level:\(rule.level.rawValue)", default: 0] += 1
        }
        return StatusDrawing(houses: houses, buildings: buildings, tallies: tallies)
    }

    static func holds(_ c: HouseCondition, _ h: StatusFacts.HouseFact, _ people: [StatusFacts.ResidentFact], _ groupOf: [String: String], _ facts: StatusFacts) -> Bool {
        if let uses = c.uses, !uses.contains(h.use) { return false }
        if let tags = c.houseTags, !h.tags.contains(where: tags.contains) { return false }
        if let tags = c.residentTags, !people.contains(where: { $0.tags.contains(where: tags.contains) }) { return false }
        if let groups = c.residentGroups, !people.contains(where: { $0.tags.contains { groups.contains(groupOf[$0] ?? "") } }) { return false }
        if let kinds = c.residentKinds, !people.contains(where: { kinds.contains($0.kind) }) { return false }
        if let n = c.residentsAtLeast, people.count < n { return false }
        if let d = c.sweepDiffers, facts.sweepDiffers.contains(h.id) != d { return false }
        if let p = c.sweepPending, facts.sweepPending.contains(h.id) != p { return false }
        return true
    }

    static func holds(_ c: ResidentCondition, _ p: StatusFacts.ResidentFact, _ groupOf: [String: String]) -> Bool {
        if let tags = c.tags, !p.tags.contains(where: tags.contains) { return false }
        if let groups = c.groups, !p.tags.contains(where: { groups.contains(groupOf[$0] ?? "") }) { return false }
        if let kinds = c.kinds, !kinds.contains(p.kind) { return false }
        return true
    }

    /// The count that made the condition hold (houses, residents or problems; 1 for a tag), or nil when it does not.
    static func holds(_ c: BuildingCondition, _ b: StatusFacts.BuildingFact, houses: [String: Int], residentTags: [String: Int], openCases: Int) -> Int? {
        let least = c.atLeast ?? 1
        var count = 1
        if let codes = c.houses {
            let n = codes.reduce(0) { $0 + (houses[$1] ?? 0) }, total = houses.values.reduce(0, +)
            guard n >= least, n * 100 >= (c.percentAtLeast ?? 0) * total else { return nil }
            count = n
        }
        if let tags = c.buildingTags, !b.tags.contains(where: tags.contains) { return nil }
        if let tags = c.residentTags {
            let n = tags.reduce(0) { $0 + (residentTags[$1] ?? 0) }
            guard n >= least else { return nil }
            count = n
        }
        if let n = c.openCasesAtLeast {
            guard openCases >= n else { return nil }
            count = openCases
        }
        return count
    }

    /// Each open problem to the nearest building of its compound within reach.
    static func casesPerBuilding(_ facts: StatusFacts) -> [BuildingID: Int] {
        let byCompound = Dictionary(grouping: facts.buildings.filter { $0.location != nil }, by: \.compoundID)
        var out: [BuildingID: Int] = [:]
        for c in facts.openCases {
            guard let at = c.location, let candidates = byCompound[c.compoundID] else { continue }
            let nearest = candidates.map { ($0.id, DuplicatePolicy.metres(at, $0.location!)) }.min { $0.1 < $1.1 }
            if let nearest, nearest.1 <= caseReachMetres { out[nearest.0, default: 0] += 1 }
        }
        return out
    }
}

/// 分级评估 — a committee's own grading of a building (seed 002: 北蔡、张江 "按照放心楼、重点楼、关注楼、互助楼进行分级评估"):
/// the class it gives over the rules', why, who and when.
public struct BuildingAssessment: Sendable, Hashable, Codable {
    public var buildingClass: String
    public var reason: String
    public var by: String
    public var at: Date
    public init(buildingClass: String, reason: String, by: String, at: Date) {
        self.buildingClass = buildingClass
        self.reason = reason
        self.by = by
        self.at = at
    }
}

/// A committee's last drawing: the city's day, the rules' version, when.
public struct StatusRun: Sendable, Hashable, Codable {
    public var day: LocalDate
    public var rulesVersion: Int
    public var drawnAt: Date
    public init(day: LocalDate, rulesVersion: Int, drawnAt: Date) {
        self.day = day
        self.rulesVersion = rulesVersion
        self.drawnAt = drawnAt
    }
}

/// A building on the city map (一张总图): where it stands, its committee and compound, and its class, level and
/// problems open as last drawn (nil before its committee's first drawing).
public struct MapBuilding: Sendable, Hashable, Codable {
    public var id: BuildingID
    public var nodeID: NodeID
    public var compoundID: CompoundID
    public var compoundName: String
    public var number: String
    public var lon: Double
    public var lat: Double
    public var buildingClass: String?
    public var level: BuildingLevel?
    public var openCases: Int?
    public init(id: BuildingID, nodeID: NodeID, compoundID: CompoundID, compoundName: String, number: String, lon: Double, lat: Double,
                buildingClass: String?, level: BuildingLevel?, openCases: Int?) {
        self.id = id
        self.nodeID = nodeID
        self.compoundID = compoundID
        self.compoundName = compoundName
        self.number = number
        self.lon = lon
        self.lat = lat
        self.buildingClass = buildingClass
        self.level = level
        self.openCases = openCases
    }
}
