public import ChengyunCore
import ChengyunStore
public import Foundation

/// 拉网式排摸 — sweeps (docs/SWEEPS.md): launched from above over an area with a form; worked house by house by
/// building-group leaders on their phones (offline too: a taking carries its key, so one sent twice is one result)
/// and by the committee's staff; progress per building group and up the tree; differences from the base data
/// reconciled (综合比对) and corrected.
public struct SweepUseCases: UseCaseGroup {
    let store: any SweepStore & AdmissionStore & BaseDataStore & BuildingGroupStore & OrganisationStore & AuditStore
    let shared: UseCaseContext

    /// Who launches and closes a sweep: from above — the operations centre, leaders, the platform's administrators.
    static let launchers: Set<Role> = [.dutyOfficer, .leader, .admin]
    static let readers: Set<Role> = [.dutyOfficer, .leader, .stationChief, .communityWorker, .gridInspector, .admin]
    /// Who records results besides a building group's leader.
    static let workers: Set<Role> = [.communityWorker, .stationChief, .gridInspector, .admin]
    /// Who corrects the base data from a difference.
    static let keepers: Set<Role> = [.communityWorker, .stationChief, .admin]
}

public struct SweepInput: Sendable, Hashable, Codable {
    public var code: String
    public var title: String
    /// The item of the admission list (准入清单) it is pushed down under: an active sweep item of the area's city or district.
    public var admissionCode: String
    public var subject: Sweep.Subject?
    /// The area: the city, a district, street or committee.
    public var areaNodeID: Int64
    /// The form; the admission item's when absent, else the four checks (四查四清).
    public var form: [SweepField]?
    public var guide: String?
    public var startsOn: LocalDate
    public var dueOn: LocalDate
}

public struct SweepResultInput: Sendable, Hashable, Codable {
    /// The house, or the building for a sweep of buildings.
    public var subjectID: Int64
    public var method: SweepMethod
    public var answers: [String: String]
    /// When it was taken on the phone (the server's time when absent).
    public var takenAt: Date?
    /// Names this taking: sending it again changes nothing.
    public var clientKey: String
}

/// A sweep with its progress at the place the caller looks from.
public struct SweepView: Sendable, Hashable, Codable {
    public var sweep: Sweep
    public var progress: SweepProgress?
}

public struct SweepProgressView: Sendable, Hashable, Codable {
    public var nodeID: NodeID
    public var total: SweepProgress?
    public var children: [SweepProgress]
}

/// What a building-group leader works — their groups, each with its buildings, and the open sweeps over them — and
/// what a committee's workers, station chief and inspectors work: their committees' buildings and open sweeps.
public struct SweepWork: Sendable, Hashable, Codable {
    public struct Group: Sendable, Hashable, Codable {
        public var id: BuildingGroupID
        public var name: String
        public var buildings: [Building]
        public var sweeps: [Sweep]
    }
    public struct Committee: Sendable, Hashable, Codable {
        public var id: NodeID
        public var name: String
        public var buildings: [Building]
        /// The names of the buildings' compounds, by compound id: a committee's buildings are told apart by them.
        public var compounds: [String: String]
        public var sweeps: [Sweep]
    }
    public var groups: [Group]
    public var committees: [Committee]
}

/// A difference from the base data, with the house as it is recorded now.
public struct SweepDifference: Sendable, Hashable, Codable {
    public var result: SweepResult
    /// The house: `1单元 101`.
    public var label: String
    /// Its compound and building: `长乐花园新村1号楼`.
    public var place: String
    public var currentUse: HouseUse?
}

extension SweepUseCases {
    public func launch(_ input: SweepInput, by identity: Identity) async throws -> Sweep {
        let area = try await store.areaNode(NodeID(input.areaNodeID), of: identity, roles: Self.launchers, to: "launch a sweep")
        guard area.kind != .grid else { throw OrganisationError.outOfScope }
        try OrgNode.checkText(code: input.code, name: input.title)
        try InputLimits.check(input.guide, field: "guide", max: InputLimits.description, multiline: true)
        // 准入清单: nothing reaches committees unless its area's list admits it.
        guard let item = try await store.admissionItems(over: area.path, under: false).first(where: { $0.code == input.admissionCode && $0.active && $0.kind == .sweep }) else {
            throw AdmissionError.notAdmitted
        }
        let form = input.form ?? (item.form.isEmpty ? SweepField.fourChecks : item.form)
        try Self.check(form)
        guard input.dueOn >= input.startsOn, input.dueOn.daysSince1970 - input.startsOn.daysSince1970 <= 366 else { throw SweepError.dates }
        let now = clock.now()
        // 错峰: over the city one district at a time, over a district one street at a time.
        var windows: [PushWindow] = []
        if item.staggerMinutes > 0, let by = AdmissionItem.staggeredBy(area.kind) {
            windows = item.windows(over: try await store.nodes(under: area.path, kinds: [by], limit: nil, offset: 0), at: now)
        }
        let sweep = try await store.createSweep(Sweep(
            id: SweepID(0), code: input.code, title: input.title.trimmingCharacters(in: .whitespaces), subject: input.subject ?? .house, areaID: area.id, areaPath: area.path,
            form: form, guide: input.guide ?? item.guide, startsOn: input.startsOn, dueOn: input.dueOn, launchedBy: identity.name, launchedAt: now,
            admissionCode: item.code, windows: windows))
        try await audit("sweep.launched", sweep.id, identity, detail: "\(sweep.subject.rawValue) over node \(area.id) under \(item.code), \(form.count) questions")
        return sweep
    }

    static func check(_ form: [SweepField]) throws {
        guard (1...30).contains(form.count) else { throw SweepError.form(field: "form") }
        var codes = Set<String>()
        for (i, f) in form.enumerated() {
            let code = f.code
            guard (1...32).contains(code.count), code.first?.isLetter == true, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }), codes.insert(code).inserted else {
                throw SweepError.form(field: "form[\(i)].code")
            }
            let label = f.label.trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty else { throw SweepError.form(field: "form[\(i)].label") }
            try InputLimits.check(f.label, field: "form[\(i)].label", max: InputLimits.label)
            let optionsFit = f.kind == .choice ? (1...30).contains(f.options.count) && Set(f.options).count == f.options.count
                && f.options.allSatisfy({ !$0.isEmpty && $0.count <= InputLimits.name }) : f.options.isEmpty
            guard optionsFit else { throw SweepError.form(field: "form[\(i)].options") }
        }
    }

    /// The paths from which the caller reads sweeps.
    func paths(_ identity: Identity) -> [String] { identity.paths(for: Self.readers) }

    /// Whether a place at `path` lies in the sweep's area or holds it.
    func meets(_ sweep: Sweep, _ path: String) -> Bool { path.hasPrefix(sweep.areaPath) || sweep.areaPath.hasPrefix(path) }

    /// Whether the sweep has reached a committee (or a place in one) at `path`: its window is open. A place above the
    /// committees sees it from launch.
    func reached(_ sweep: Sweep, _ path: String) -> Bool {
        OrgNode.ids(inPath: path).count <= OrgNode.Kind.committee.depth || sweep.reaches(path) <= clock.now()
    }

    /// The sweep, when the caller reads sweeps over its area or leads a building group in it — at a committee, once
    /// its window has opened.
    func visible(_ id: SweepID, by identity: Identity) async throws -> Sweep {
        guard let sweep = try await store.sweep(id) else { throw SweepError.notFound(id) }
        if paths(identity).contains(where: { meets(sweep, $0) && reached(sweep, $0) }) { return sweep }
        if let user = identity.userID,
           try await store.buildingGroups(ledBy: user).contains(where: { $0.nodePath.hasPrefix(sweep.areaPath) && reached(sweep, $0.nodePath) }) { return sweep }
        throw SweepError.notFound(id)
    }

    /// Where the caller looks at a sweep from: the deeper of its area and the caller's widest place.
    func vantage(_ sweep: Sweep, _ identity: Identity) -> NodeID {
        guard let widest = paths(identity).filter({ meets(sweep, $0) }).min(by: { $0.count < $1.count }),
              widest.count > sweep.areaPath.count, let id = OrgNode.lastID(inPath: widest) else { return sweep.areaID }
        return id
    }

    public func sweeps(nodeID: NodeID?, before: SweepID?, limit: Int, by identity: Identity) async throws -> [SweepView] {
        let node = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "see sweeps")
        var out: [SweepView] = []
        for s in try await store.sweeps(touching: node.path, before: before, limit: limit) where reached(s, node.path) {
            let at = node.path.count > s.areaPath.count ? node.id : s.areaID
            out.append(SweepView(sweep: s, progress: try await store.sweepProgress(s.id, at: at).total))
        }
        return out
    }

    public func sweep(_ id: SweepID, by identity: Identity) async throws -> SweepView {
        let s = try await visible(id, by: identity)
        return SweepView(sweep: s, progress: try await store.sweepProgress(s.id, at: vantage(s, identity)).total)
    }

    /// Progress at a node (the caller's vantage when absent) and its children, down to a committee's building groups.
    public func progress(_ id: SweepID, nodeID: NodeID?, by identity: Identity) async throws -> SweepProgressView {
        let s = try await visible(id, by: identity)
        let node = try await store.areaNode(nodeID ?? vantage(s, identity), of: identity, roles: Self.readers, to: "see a sweep's progress")
        guard node.path.hasPrefix(s.areaPath) else { throw OrganisationError.outOfScope }
        let (total, children) = try await store.sweepProgress(s.id, at: node.id)
        return SweepProgressView(nodeID: node.id, total: total, children: children)
    }

    /// The open sweeps that have reached `path` (a committee).
    func open(at path: String) async throws -> [Sweep] {
        try await store.sweeps(touching: path, before: nil, limit: 20).filter { $0.closedAt == nil && path.hasPrefix($0.areaPath) && reached($0, path) }
    }

    /// 我的楼组 — the groups the caller leads, their buildings and the open sweeps over them; and the committees the
    /// caller works in as a worker, station chief or inspector, with their buildings (at most 300) and open sweeps.
    public func work(by identity: Identity) async throws -> SweepWork {
        guard let user = identity.userID else { return SweepWork(groups: [], committees: []) }
        var committees: [SweepWork.Committee] = []
        let depth = OrgNode.Kind.committee.depth
        for a in identity.assignments where Self.workers.contains(a.role) && a.role != .admin && OrgNode.ids(inPath: a.nodePath).count - 1 == depth
            && !committees.contains(where: { $0.id == a.nodeID }) {
            let sweeps = try await open(at: a.nodePath)
            guard !sweeps.isEmpty, let node = try await store.node(a.nodeID) else { continue }
            var buildings: [Building] = []
            var compounds: [String: String] = [:]
            for compound in try await store.compounds(under: a.nodePath, afterCode: nil, limit: 100) where buildings.count < 300 {
                buildings += try await store.buildings(of: compound.id)
                compounds[String(compound.id.rawValue)] = compound.name
            }
            committees.append(SweepWork.Committee(id: node.id, name: node.name, buildings: Array(buildings.prefix(300)), compounds: compounds, sweeps: sweeps))
        }
        var groups: [SweepWork.Group] = []
        for g in try await store.buildingGroups(ledBy: user) {
            var buildings: [Building] = []
            for b in g.buildingIDs { if let building = try await store.building(b) { buildings.append(building) } }
            groups.append(SweepWork.Group(id: g.id, name: g.name, buildings: buildings, sweeps: try await open(at: g.nodePath)))
        }
        return SweepWork(groups: groups, committees: committees)
    }

    /// May the caller work `building` in a sweep: the leader of its group, or a worker at its committee.
    func mayWork(_ building: Building, _ identity: Identity) async throws -> BuildingGroup? {
        let group = try await store.buildingGroup(covering: building.id)
        if let user = identity.userID, group?.leaderUserID == user { return group }
        guard Self.workers.contains(where: { identity.has($0, at: building.nodePath) }) else { throw SweepError.notYours }
        return group
    }

    func sweptBuilding(of s: Sweep, _ id: BuildingID) async throws -> Building {
        guard let b = try await store.building(id), b.nodePath.hasPrefix(s.areaPath) else { throw SweepError.subject }
        return b
    }

    /// The houses (or the building) of a building with their results — the list a leader works through.
    public func targets(_ id: SweepID, building: BuildingID, by identity: Identity) async throws -> [SweepTarget] {
        let s = try await visible(id, by: identity)
        let b = try await sweptBuilding(of: s, building)
        if (try? await mayWork(b, identity)) == nil, !Self.readers.contains(where: { identity.has($0, at: b.nodePath) }) { throw SweepError.notYours }
        return try await store.sweepTargets(s.id, building: b.id)
    }

    public func record(_ input: SweepResultInput, in id: SweepID, by identity: Identity) async throws -> (result: SweepResult, created: Bool) {
        let s = try await visible(id, by: identity)
        guard s.closedAt == nil else { throw SweepError.closed }
        let key = input.clientKey
        guard (8...64).contains(key.count), key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { throw SweepError.clientKey }
        let buildingID: BuildingID
        switch s.subject {
        case .house:
            guard let house = try await store.house(HouseID(input.subjectID)) else { throw SweepError.subject }
            buildingID = house.buildingID
        case .building:
            buildingID = BuildingID(input.subjectID)
        }
        let b = try await sweptBuilding(of: s, buildingID)
        let group = try await mayWork(b, identity)
        guard reached(s, b.nodePath) else { throw SweepError.notYet }
        var answers: [String: String] = [:]
        for (code, value) in input.answers {
            guard let field = s.form.first(where: { $0.code == code }) else { throw SweepError.answer(code) }
            let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if v.isEmpty { continue }
            guard let checked = field.check(v) else { throw SweepError.answer(code) }
            answers[code] = checked
        }
        if let missing = s.form.first(where: { $0.required && answers[$0.code] == nil }) { throw SweepError.answer(missing.code) }
        let now = clock.now()
        return try await store.recordSweepResult(SweepResult(
            sweepID: s.id, subjectID: input.subjectID, buildingID: b.id, nodeID: b.nodeID, nodePath: b.nodePath, groupID: group?.id, method: input.method,
            answers: answers, takenAt: min(input.takenAt ?? now, now), receivedAt: now, byUserID: identity.userID, by: identity.name, clientKey: key))
    }

    /// 综合比对 — the results that differ from the base data, under a node (the caller's vantage when absent).
    public func differences(_ id: SweepID, nodeID: NodeID?, after: Int64?, limit: Int, by identity: Identity) async throws -> [SweepDifference] {
        let s = try await visible(id, by: identity)
        let node = try await store.areaNode(nodeID ?? vantage(s, identity), of: identity, roles: Self.readers, to: "see a sweep's differences")
        let found = try await store.sweepDifferences(s.id, under: node.path, after: after, limit: limit)
        // A page in four reads: the results, their houses, buildings and compounds.
        let houses = s.subject == .house ? Dictionary(try await store.houses(found.map { HouseID($0.subjectID) }).map { ($0.id.rawValue, $0) }, uniquingKeysWith: { a, _ in a }) : [:]
        let buildings = Dictionary(try await store.buildings(Array(Set(found.map(\.buildingID)))).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var compounds: [CompoundID: String] = [:]
        for id in Set(buildings.values.map(\.compoundID)) { compounds[id] = try await store.compound(id)?.name ?? "" }
        return found.map { r in
            let house = houses[r.subjectID], building = buildings[r.buildingID]
            return SweepDifference(result: r, label: house.map { SweepTally.label(unit: $0.unit, number: $0.number) } ?? building?.number ?? "#\(r.subjectID)",
                                   place: building.map { "\(compounds[$0.compoundID] ?? "")\($0.number)" } ?? "", currentUse: house?.use)
        }
    }

    /// Corrects a house's recorded use to what the sweep found.
    public func applyUse(_ id: SweepID, house: HouseID, by identity: Identity) async throws -> SweepResult {
        let s = try await visible(id, by: identity)
        guard s.subject == .house, let h = try await store.house(house) else { throw SweepError.subject }
        let b = try await sweptBuilding(of: s, h.buildingID)
        try identity.require(anyOf: Self.keepers, at: b.nodePath, to: "correct the base data")
        guard try await store.applySweepUse(s.id, house: house), let r = try await store.sweepResult(s.id, subject: house.rawValue) else { throw SweepError.nothingToCorrect }
        try await audit("sweep.corrected", s.id, identity, detail: "house \(house) use \(h.use.rawValue) → \(r.recordedUse?.rawValue ?? "-")")
        return r
    }

    public func close(_ id: SweepID, by identity: Identity) async throws -> SweepView {
        let s = try await visible(id, by: identity)
        try identity.require(anyOf: Self.launchers, at: s.areaPath, to: "close a sweep")
        guard try await store.closeSweep(s.id, at: clock.now()) else { throw SweepError.closed }
        try await audit("sweep.closed", s.id, identity, detail: s.code)
        return try await sweep(id, by: identity)
    }

    func audit(_ action: String, _ id: SweepID, _ identity: Identity, detail: String) async throws {
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: action, target: "sweep:\(id)", detail: detail)])
    }
}
