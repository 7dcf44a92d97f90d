import Foundation

/// 多色管理 — the colours of the house status map (房态图), by rule. A fixed palette, so a printed wall map reads the
/// same in every committee.
public enum StatusColour: String, Sendable, Hashable, Codable, CaseIterable {
    case red, orange, yellow, green, blue, purple, grey
}

/// 三色 — a building's level: the colour of the 楼态图's frame ("三角形三色": colour for the building).
public enum BuildingLevel: String, Sendable, Hashable, Codable, CaseIterable {
    case red, yellow, green
}

/// 三角形 — the shape a resident is drawn with ("三角形三色": shape for the resident's status).
public enum ResidentShape: String, Sendable, Hashable, Codable, CaseIterable {
    case triangle, square, circle
}

/// A house rule's condition: every field given must hold (a list holds when any of its items does).
public struct HouseCondition: Sendable, Hashable, Codable {
    /// The house's recorded use is one of these.
    public var uses: [HouseUse]?
    /// The house carries one of these tags (kind `house`).
    public var houseTags: [String]?
    /// Someone living there carries one of these tags (kind `resident`).
    public var residentTags: [String]?
    /// Someone living there carries a tag of one of these dictionary groups (关爱对象, 重点人群 …).
    public var residentGroups: [String]?
    /// Someone living there is of one of these kinds (e.g. `floating`).
    public var residentKinds: [ResidentKind]?
    /// At least this many live there.
    public var residentsAtLeast: Int?
    /// An open sweep's result for the house differs from the base data (排摸有出入, not yet corrected).
    public var sweepDiffers: Bool?
    /// An open sweep over the house has no result for it yet (待排摸).
    public var sweepPending: Bool?

    public init(uses: [HouseUse]? = nil, houseTags: [String]? = nil, residentTags: [String]? = nil, residentGroups: [String]? = nil, residentKinds: [ResidentKind]? = nil,
                residentsAtLeast: Int? = nil, sweepDiffers: Bool? = nil, sweepPending: Bool? = nil) {
        self.uses = uses
        self.houseTags = houseTags
        self.residentTags = residentTags
        self.residentGroups = residentGroups
        self.residentKinds = residentKinds
        self.residentsAtLeast = residentsAtLeast
        self.sweepDiffers = sweepDiffers
        self.sweepPending = sweepPending
    }
}

/// A building rule's condition: every field given must hold.
public struct BuildingCondition: Sendable, Hashable, Codable {
    /// Houses coloured by one of these house rules (codes) …
    public var houses: [String]?
    /// … at least this many of them (default 1); with `residentTags`, the residents carrying one.
    public var atLeast: Int?
    /// … and at least this share of the building's houses, in percent.
    public var percentAtLeast: Int?
    /// The building carries one of these tags (kind `building`).
    public var buildingTags: [String]?
    /// Residents carrying one of these tags live in the building (at least `atLeast`).
    public var residentTags: [String]?
    /// At least this many problems (cases) open at the building.
    public var openCasesAtLeast: Int?

    public init(houses: [String]? = nil, buildingTags: [String]? = nil, residentTags: [String]? = nil, atLeast: Int? = nil, percentAtLeast: Int? = nil,
                openCasesAtLeast: Int? = nil) {
        self.houses = houses
        self.atLeast = atLeast
        self.percentAtLeast = percentAtLeast
        self.buildingTags = buildingTags
        self.residentTags = residentTags
        self.openCasesAtLeast = openCasesAtLeast
    }
}

/// A resident shape's condition: every field given must hold.
public struct ResidentCondition: Sendable, Hashable, Codable {
    public var tags: [String]?
    public var groups: [String]?
    public var kinds: [ResidentKind]?
    public init(tags: [String]? = nil, groups: [String]? = nil, kinds: [ResidentKind]? = nil) {
        self.tags = tags
        self.groups = groups
        self.kinds = kinds
    }
}

/// The rules of the status maps, city-wide (like the tag dictionary: no colours of a committee's own). Each list is
/// read in order and the first rule that holds gives the colour, class or shape; a rule holds when any of its `when`
/// conditions does, and a rule without conditions always holds — each list ends with one.
public struct StatusRules: Sendable, Hashable, Codable {
    public struct HouseRule: Sendable, Hashable, Codable {
        public var code: String
        public var label: String
        public var colour: StatusColour
        public var when: [HouseCondition]
        public init(code: String, label: String, colour: StatusColour, when: [HouseCondition] = []) {
            self.code = code
            self.label = label
            self.colour = colour
            self.when = when
        }
    }
    /// 放心楼 / 重点楼 / 关注楼 / 互助楼 — a building's class and the level it shows.
    public struct BuildingRule: Sendable, Hashable, Codable {
        public var code: String
        public var label: String
        public var level: BuildingLevel
        public var when: [BuildingCondition]
        public init(code: String, label: String, level: BuildingLevel, when: [BuildingCondition] = []) {
            self.code = code
            self.label = label
            self.level = level
            self.when = when
        }
    }
    public struct ShapeRule: Sendable, Hashable, Codable {
        public var code: String
        public var label: String
        public var shape: ResidentShape
        public var when: [ResidentCondition]
        public init(code: String, label: String, shape: ResidentShape, when: [ResidentCondition] = []) {
            self.code = code
            self.label = label
            self.shape = shape
            self.when = when
        }
    }

    /// Goes up by one each time the rules are set; every committee's maps are drawn again under a new version.
    public var version: Int
    public var houses: [HouseRule]
    public var buildings: [BuildingRule]
    public var residents: [ShapeRule]

    public init(version: Int, houses: [HouseRule], buildings: [BuildingRule], residents: [ShapeRule]) {
        self.version = version
        self.houses = houses
        self.buildings = buildings
        self.residents = residents
    }

    /// What a deployment starts with (version 0): seed 002's practice — key persons and hazards red, people cared for
    /// yellow, a sweep's disagreement orange, rented blue, empty grey, business purple, the rest green; 重点楼 /
    /// 关注楼 / 互助楼 / 放心楼; ▲ key persons, ■ people cared for, ● everyone else.
    public static let standard = StatusRules(
        version: 0,
        houses: [
            HouseRule(code: "keyPerson", label: "重点人员", colour: .red, when: [HouseCondition(residentGroups: ["重点人群"])]),
            HouseRule(code: "hazard", label: "安全隐患", colour: .red, when: [HouseCondition(houseTags: ["groupRental", "fireHazard", "illegalStructure"])]),
            HouseRule(code: "care", label: "关爱对象", colour: .yellow, when: [HouseCondition(residentGroups: ["关爱对象"])]),
            HouseRule(code: "mismatch", label: "排摸有出入", colour: .orange, when: [HouseCondition(sweepDiffers: true)]),
            HouseRule(code: "rented", label: "出租", colour: .blue, when: [HouseCondition(uses: [.rented])]),
            HouseRule(code: "vacant", label: "空置", colour: .grey, when: [HouseCondition(uses: [.vacant])]),
            HouseRule(code: "business", label: "经营", colour: .purple, when: [HouseCondition(uses: [.business])]),
            HouseRule(code: "ordinary", label: "自住", colour: .green),
        ],
        buildings: [
            BuildingRule(code: "key", label: "重点楼", level: .red, when: [BuildingCondition(houses: ["keyPerson", "hazard"]), BuildingCondition(openCasesAtLeast: 3)]),
            BuildingRule(code: "attention", label: "关注楼", level: .yellow,
                         when: [BuildingCondition(houses: ["care"], percentAtLeast: 40), BuildingCondition(houses: ["mismatch"], atLeast: 2), BuildingCondition(openCasesAtLeast: 1)]),
            BuildingRule(code: "mutualAid", label: "互助楼", level: .green,
                         when: [BuildingCondition(buildingTags: ["mutualAid"]), BuildingCondition(residentTags: ["volunteer"], atLeast: 2)]),
            BuildingRule(code: "assured", label: "放心楼", level: .green),
        ],
        residents: [
            ShapeRule(code: "keyPerson", label: "重点人员", shape: .triangle, when: [ResidentCondition(groups: ["重点人群"])]),
            ShapeRule(code: "care", label: "关爱对象", shape: .square, when: [ResidentCondition(groups: ["关爱对象"])]),
            ShapeRule(code: "other", label: "一般居民", shape: .circle),
        ])
}

/// 400/422 errors of the status maps' rules and reads (docs/STATUS-MAPS.md).
public enum StatusMapError {
    public static func rules(_ field: String, _ message: String) -> DomainError {
        .unprocessable("status_rules.invalid", message, field: field)
    }
    /// 422 `status_map.class` — a grading by hand names a class (withdrawing one is `DELETE`).
    public static let classRequired = DomainError.unprocessable(
        "status_map.class", "Give buildingClass, one of the rules' building classes (DELETE withdraws a grading).", field: "buildingClass")
    /// 422 `status_map.class` — a building is graded with a class of the rules.
    public static func unknownClass(_ code: String) -> DomainError {
        .unprocessable("status_map.class", "\(code) is not a building class of the status maps' rules: choose one of them.", field: "buildingClass")
    }
    /// 400 `status_map.reason_required` — a grading by hand says why, in 2 to 200 characters.
    public static let reasonRequired = DomainError.invalid("status_map.reason_required", "Say why the building is graded so, in 2 to 200 characters.", field: "reason")
    /// 422 `status_map.level` — a committee's maps are drawn again by its own workers.
    public static let level = DomainError.unprocessable("status_map.level", "The status maps are drawn per residential committee: give a committee's nodeId.",
                                                        field: "nodeId")
}

extension StatusRules {
    /// Checks the rules against the tag dictionary: 1 to 20 rules a list, codes of letters and digits once each, labels
    /// of 1 to 12 characters, tags and groups known and of the right kind, a building condition's houses naming house
    /// rules, counts from 1 to 10,000, and each list ending with a rule without conditions.
    /// - Throws: 422 `status_rules.invalid` naming the field, `tag.unknown` for a tag outside the dictionary.
    public func validate(dictionary: [Tag]) throws {
        func tags(_ list: [String]?, _ kind: Tag.Kind, _ field: String) throws {
            let known = Set(dictionary.filter { $0.kind == kind }.map(\.code))
            for (i, t) in (list ?? []).enumerated() where !known.contains(t) { throw BaseDataError.unknownTag(t, field: "\(field)[\(i)]") }
        }
        func groups(_ list: [String]?, _ field: String) throws {
            let known = Set(dictionary.filter { $0.kind == .resident }.map(\.group))
            for (i, g) in (list ?? []).enumerated() where !known.contains(g) {
                throw StatusMapError.rules("\(field)[\(i)]", "\(g) is not a group of the tag dictionary's resident tags.")
            }
        }
        func count(_ n: Int?, _ field: String) throws {
            if let n, !(1...10_000).contains(n) { throw StatusMapError.rules(field, "A count is from 1 to 10000.") }
        }
        func heads(_ list: [(code: String, label: String, conditions: Int)], _ name: String) throws {
            guard (1...20).contains(list.count) else { throw StatusMapError.rules(name, "Give 1 to 20 \(name) rules.") }
            var seen = Set<String>()
            for (i, r) in list.enumerated() {
                let okCode = (1...32).contains(r.code.count) && r.code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
                guard okCode else { throw StatusMapError.rules("\(name)[\(i)].code", "A rule's code is 1 to 32 letters and digits.") }
                guard seen.insert(r.code).inserted else { throw StatusMapError.rules("\(name)[\(i)].code", "The code \(r.code) is used twice in \(name).") }
                let label = r.label.trimmingCharacters(in: .whitespaces)
                guard (1...12).contains(label.count) else { throw StatusMapError.rules("\(name)[\(i)].label", "A rule's label is 1 to 12 characters.") }
            }
            guard list.last?.conditions == 0 else {
                throw StatusMapError.rules("\(name)[\(list.count - 1)].when", "The last \(name) rule has no conditions, so that every one is given one.")
            }
        }
        try heads(houses.map { ($0.code, $0.label, $0.when.count) }, "houses")
        try heads(buildings.map { ($0.code, $0.label, $0.when.count) }, "buildings")
        try heads(residents.map { ($0.code, $0.label, $0.when.count) }, "residents")
        for (i, r) in houses.enumerated() {
            for (j, c) in r.when.enumerated() {
                let f = "houses[\(i)].when[\(j)]"
                try tags(c.houseTags, .house, "\(f).houseTags")
                try tags(c.residentTags, .resident, "\(f).residentTags")
                try groups(c.residentGroups, "\(f).residentGroups")
                try count(c.residentsAtLeast, "\(f).residentsAtLeast")
                guard c != HouseCondition() else { throw StatusMapError.rules(f, "A condition names at least one thing to hold.") }
            }
        }
        let houseCodes = Set(houses.map(\.code))
        for (i, r) in buildings.enumerated() {
            for (j, c) in r.when.enumerated() {
                let f = "buildings[\(i)].when[\(j)]"
                for (k, h) in (c.houses ?? []).enumerated() where !houseCodes.contains(h) {
                    throw StatusMapError.rules("\(f).houses[\(k)]", "\(h) is not the code of a house rule.")
                }
                try tags(c.buildingTags, .building, "\(f).buildingTags")
                try tags(c.residentTags, .resident, "\(f).residentTags")
                try count(c.atLeast, "\(f).atLeast")
                try count(c.openCasesAtLeast, "\(f).openCasesAtLeast")
                if let p = c.percentAtLeast, !(1...100).contains(p) || c.houses == nil {
                    throw StatusMapError.rules("\(f).percentAtLeast", "A share is from 1 to 100 percent of the building's houses, with the house rules it counts.")
                }
                guard c.houses != nil || c.buildingTags != nil || c.residentTags != nil || c.openCasesAtLeast != nil else {
                    throw StatusMapError.rules(f, "A condition names at least one thing to hold.")
                }
            }
        }
        for (i, r) in residents.enumerated() {
            for (j, c) in r.when.enumerated() {
                let f = "residents[\(i)].when[\(j)]"
                try tags(c.tags, .resident, "\(f).tags")
                try groups(c.groups, "\(f).groups")
                guard c != ResidentCondition() else { throw StatusMapError.rules(f, "A condition names at least one thing to hold.") }
            }
        }
    }
}
