public import ChengyunCore
import ChengyunStore
import Foundation
import Logging

/// 房态图 / 楼态图 — each committee's status maps drawn every day by the city's rules (多色管理) from its base data,
/// open problems and open sweeps (docs/STATUS-MAPS.md): houses coloured, residents as shapes, buildings classed
/// 重点楼 / 关注楼 / 互助楼 / 放心楼 with a level of three colours (三角形三色); an area's counts from the committees'
/// tallies; the wall maps printed from the console.
public struct StatusMapUseCases: UseCaseGroup {
    let store: any StatusMapStore & BaseDataStore & BuildingGroupStore & OrganisationStore & AuditStore
    let shared: UseCaseContext

    /// Who reads an area's maps and counts (the maps show which houses hold people cared for or watched: no residents).
    static let readers: Set<Role> = [.dutyOfficer, .leader, .stationChief, .communityWorker, .admin]
    /// Who draws a committee's maps again at once.
    static let keepers: Set<Role> = [.communityWorker, .stationChief, .admin]
}

/// A compound's 房态图: its buildings as drawn, with the rules to read them by.
public struct CompoundStatusMap: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var id: BuildingID
        public var number: String
        public var floors: Int
        public var units: Int
        public var location: GeoPoint?
        public var footprint: GeoJSONGeometry?
        public var groupName: String?
        public var buildingClass: String?
        public var level: BuildingLevel?
        public var reason: Int?
        public var reasonCount: Int
        public var openCases: Int
        /// Houses by the rule that coloured them.
        public var houses: [String: Int]
        /// 分级评估 — the committee's grading by hand, when it has one.
        public var assessment: BuildingAssessment?
    }
    public var compound: Compound
    public var drawn: StatusRun?
    public var buildings: [Entry]
    public var rules: StatusRules
}

/// A building's 楼态图: floor by floor, each house with its colour and its residents as shapes.
public struct BuildingStatusMap: Sendable, Hashable, Codable {
    public struct Cell: Sendable, Hashable, Codable {
        public var id: HouseID
        public var unit: String
        public var floor: Int
        public var number: String
        public var use: HouseUse
        public var rule: String?
        public var triangles: Int
        public var squares: Int
        public var circles: Int
        public var partyMembers: Int
    }
    public var building: Building
    public var compoundName: String
    public var groupName: String?
    public var partyGroup: String?
    public var chatGroup: String?
    public var buildingClass: String?
    public var level: BuildingLevel?
    public var reason: Int?
    public var reasonCount: Int
    public var openCases: Int
    public var drawn: StatusRun?
    public var assessment: BuildingAssessment?
    public var houses: [Cell]
    public var rules: StatusRules
}

/// 分级评估 — a class of the rules and why; without a class, the grading is withdrawn.
public struct BuildingAssessmentInput: Sendable, Hashable, Codable {
    public var buildingClass: String?
    public var reason: String?
    public init(buildingClass: String? = nil, reason: String? = nil) {
        self.buildingClass = buildingClass
        self.reason = reason
    }
}

/// An area's buildings by class and level and its houses by colour, and its parts' (in the tree's order: no ranking),
/// read from the nodes' rollups.
public struct StatusCounts: Sendable, Hashable, Codable {
    public struct Row: Sendable, Hashable, Codable {
        public var nodeID: NodeID
        public var name: String
        public var level: OrgNode.Kind
        public var area: Bool
        public var buildings: Int
        public var houses: Int
        public var classes: [String: Int]
        public var levels: [String: Int]
        public var houseRules: [String: Int]
    }
    public var nodeID: NodeID
    public var name: String
    public var rows: [Row]
    public var rules: StatusRules
}

extension StatusMapUseCases {
    /// The rules in force: the city's as last set, else the standard ones.
    public func rules() async throws -> StatusRules { try await store.statusRules() ?? .standard }

    public func rules(by identity: Identity) async throws -> StatusRules {
        guard !identity.paths(for: Self.readers).isEmpty else { throw AccessError.roleRequired(Self.readers, to: "read the status maps' rules") }
        return try await rules()
    }

    /// Sets the city's rules (its administrators): checked against the tag dictionary, stored as the next version;
    /// every committee's maps are drawn again under them on the next run.
    public func setRules(_ input: StatusRules, by identity: Identity) async throws -> StatusRules {
        let node = try await store.areaNode(nil, of: identity, roles: [.admin], to: "set the status maps' rules")
        guard node.kind == .city else {
            throw DomainError.forbidden("status_rules.city", "The status maps' rules are the city's: only the city's administrators set them.")
        }
        try input.validate(dictionary: try await store.tags())
        var clean = input
        clean.houses = input.houses.map { var r = $0; r.label = r.label.trimmingCharacters(in: .whitespaces); return r }
        clean.buildings = input.buildings.map { var r = $0; r.label = r.label.trimmingCharacters(in: .whitespaces); return r }
        clean.residents = input.residents.map { var r = $0; r.label = r.label.trimmingCharacters(in: .whitespaces); return r }
        let stored = try await store.setStatusRules(clean)
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "status_rules.set",
                                                target: "status-rules:\(stored.version)", detail: "\(stored.houses.count) house, \(stored.buildings.count) building, \(stored.residents.count) shape rules")])
        return stored
    }

    var today: LocalDate { data.calendar.localDate(of: clock.now()) }

    /// Draws one committee's maps under the rules in force and stores them (one commit).
    public func draw(committee: NodeID, path: String, rules: StatusRules, dictionary: [Tag]) async throws -> StatusRun {
        let day = today
        let drawing = rules.draw(try await store.statusFacts(committee: path, day: day), dictionary: dictionary)
        let run = StatusRun(day: day, rulesVersion: rules.version, drawnAt: clock.now())
        try await store.saveStatusDrawing(drawing, committee: committee, path: path, run: run)
        return run
    }

    /// The daily run: draws the committees not yet drawn today under the rules in force, a batch at a time, until
    /// none is left or `seconds` have passed; returns how many were drawn. A committee that cannot be drawn is logged
    /// and passed over for this turn (the next turn tries it again): it never holds up the rest of the city.
    public func drawDue(seconds: Double = 20) async throws -> Int {
        let rules = try await rules(), dictionary = try await store.tags(), started = clock.now()
        var drawn = 0
        var failed: Set<NodeID> = []
        while clock.now().timeIntervalSince(started) < seconds {
            let due = try await store.committeesDueForStatus(day: today, rulesVersion: rules.version, limit: 50 + failed.count)
                .filter { !failed.contains($0.id) }
            if due.isEmpty { break }
            for c in due {
                do {
                    _ = try await draw(committee: c.id, path: c.path, rules: rules, dictionary: dictionary)
                    drawn += 1
                } catch {
                    failed.insert(c.id)
                    logger.error("a committee's status maps could not be drawn", metadata: ["committee": "\(c.path)", "error": "\(error)"])
                }
            }
        }
        return drawn
    }

    /// 重新绘制 — a committee's workers draw its maps again now (after a sweep's corrections, say).
    public func redraw(nodeID: NodeID?, by identity: Identity) async throws -> StatusRun {
        let node = try await store.areaNode(nodeID, of: identity, roles: Self.keepers, to: "draw the committee's status maps")
        guard node.kind == .committee else { throw StatusMapError.level }
        return try await draw(committee: node.id, path: node.path, rules: try await rules(), dictionary: try await store.tags())
    }

    /// At most this many buildings in one box of the map.
    public static let mapLimit = 2_000

    /// 一张总图 — the buildings standing in a box of the city map within the caller's area, as last drawn: at most
    /// `mapLimit`, `truncated` when more stand there (the map asks again when zoomed in).
    public func mapBuildings(in box: BoundingBox, by identity: Identity) async throws -> (buildings: [MapBuilding], truncated: Bool) {
        let paths = identity.paths(for: Self.readers)
        guard !paths.isEmpty else { throw AccessError.roleRequired(Self.readers, to: "read the status maps") }
        let found = try await store.mapBuildings(in: box, under: paths, limit: Self.mapLimit + 1)
        return (Array(found.prefix(Self.mapLimit)), found.count > Self.mapLimit)
    }

    func readable(path: String, by identity: Identity) -> Bool { identity.paths(for: Self.readers).contains { path.hasPrefix($0) } }

    /// A compound's 房态图.
    public func compoundMap(_ id: CompoundID, by identity: Identity) async throws -> CompoundStatusMap {
        guard let c = try await store.compound(id), readable(path: c.nodePath, by: identity) else { throw BaseDataError.compoundNotFound(id) }
        let statuses = Dictionary(try await store.buildingStatuses(compound: id).map { ($0.status.buildingID, $0) }, uniquingKeysWith: { a, _ in a })
        var groupOf: [BuildingID: String] = [:]
        for g in try await store.buildingGroups(under: c.nodePath, afterCode: nil, limit: 1_000) { for b in g.buildingIDs { groupOf[b] = g.name } }
        let buildings = try await store.buildings(of: id)
        let assessments = try await store.buildingAssessments(buildings.map(\.id))
        let entries = buildings.map { b in
            let s = statuses[b.id]
            return CompoundStatusMap.Entry(id: b.id, number: b.number, floors: b.floors, units: b.units, location: b.location, footprint: b.footprint, groupName: groupOf[b.id],
                                           buildingClass: s?.status.buildingClass, level: s?.status.level, reason: s?.status.reason, reasonCount: s?.status.reasonCount ?? 0,
                                           openCases: s?.status.openCases ?? 0, houses: s?.houses ?? [:], assessment: assessments[b.id])
        }
        return CompoundStatusMap(compound: c, drawn: try await store.statusRun(committee: c.nodeID), buildings: entries, rules: try await rules())
    }

    /// A building's 楼态图 — which houses hold people cared for or watched is on the audit trail.
    public func buildingMap(_ id: BuildingID, by identity: Identity) async throws -> BuildingStatusMap {
        guard let b = try await store.building(id), readable(path: b.nodePath, by: identity) else { throw BaseDataError.buildingNotFound(id) }
        let compound = try await store.compound(b.compoundID)
        let (status, drawn) = try await store.houseStatuses(building: id)
        let byHouse = Dictionary(drawn.map { ($0.houseID, $0) }, uniquingKeysWith: { a, _ in a })
        let cells = try await store.houses(of: id).map { h in
            let s = byHouse[h.id]
            return BuildingStatusMap.Cell(id: h.id, unit: h.unit, floor: h.floor, number: h.number, use: h.use, rule: s?.rule, triangles: s?.triangles ?? 0,
                                          squares: s?.squares ?? 0, circles: s?.circles ?? 0, partyMembers: s?.partyMembers ?? 0)
        }
        let group = try await store.buildingGroup(covering: id)
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "status_map.read", target: "building:\(id)",
                                                detail: "\(cells.count) houses")])
        return BuildingStatusMap(building: b, compoundName: compound?.name ?? "", groupName: group?.name, partyGroup: group?.partyGroup, chatGroup: group?.chatGroup,
                                 buildingClass: status?.buildingClass, level: status?.level, reason: status?.reason, reasonCount: status?.reasonCount ?? 0,
                                 openCases: status?.openCases ?? 0, drawn: try await store.statusRun(committee: b.nodeID),
                                 assessment: try await store.buildingAssessments([id])[id], houses: cells, rules: try await rules())
    }

    /// 分级评估 — a committee's keepers grade a building by hand (its class over the rules', with the reason) or withdraw
    /// the grading; the committee's maps are drawn again at once. Audited.
    public func assess(_ id: BuildingID, _ input: BuildingAssessmentInput, by identity: Identity) async throws -> BuildingStatusMap {
        guard let b = try await store.building(id), readable(path: b.nodePath, by: identity) else { throw BaseDataError.buildingNotFound(id) }
        try identity.require(anyOf: Self.keepers, at: b.nodePath, to: "grade the committee's buildings")
        let rules = try await rules()
        if let code = input.buildingClass {
            guard rules.buildings.contains(where: { $0.code == code }) else { throw StatusMapError.unknownClass(code) }
            let reason = (input.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard (2...200).contains(reason.count) else { throw StatusMapError.reasonRequired }
            try await store.assessBuilding(id, BuildingAssessment(buildingClass: code, reason: reason, by: identity.name, at: clock.now()))
        } else {
            try await store.assessBuilding(id, nil)
        }
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name,
                                                action: input.buildingClass == nil ? "status_map.assessment_withdrawn" : "status_map.assessed", target: "building:\(id)",
                                                detail: input.buildingClass.map { "\($0): \(input.reason ?? "")" } ?? "")])
        _ = try await draw(committee: b.nodeID, path: b.nodePath, rules: rules, dictionary: try await store.tags())
        return try await buildingMap(id, by: identity)
    }

    /// An area's counts and its parts' (districts of the city, streets of a district, committees of a street).
    public func counts(nodeID: NodeID?, by identity: Identity) async throws -> StatusCounts {
        let node = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "read the status maps' counts")
        guard node.kind != .grid else { throw StatusMapError.level }
        var parts: [OrgNode] = []
        if let childKind = node.kind.childKind, childKind != .grid {
            parts = try await store.children(of: node.id).filter { $0.kind == childKind }.sorted { $0.path < $1.path }
        }
        var rows: [StatusCounts.Row] = []
        let tallies = try await store.statusTallies([node.id] + parts.map(\.id))
        for (n, area) in [(node, true)] + parts.map({ ($0, false) }) {
            let t = tallies[n.id] ?? [:]
            func group(_ prefix: String) -> [String: Int] {
                Dictionary(t.compactMap { $0.key.hasPrefix(prefix) ? (String($0.key.dropFirst(prefix.count)), $0.value) : nil }, uniquingKeysWith: +)
            }
            rows.append(.init(nodeID: n.id, name: n.name, level: n.kind, area: area, buildings: t["buildings"] ?? 0, houses: t["houses"] ?? 0,
                              classes: group("class:"), levels: group("level:"), houseRules: group("house:")))
        }
        return StatusCounts(nodeID: node.id, name: node.name, rows: rows, rules: try await rules())
    }
}
