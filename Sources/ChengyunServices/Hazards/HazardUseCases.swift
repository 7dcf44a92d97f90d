public import ChengyunCore
import ChengyunStore
import Foundation

/// 隐患排查销项 (docs/HAZARDS.md) — inspections of the three kinds record the hazards they find; each is rectified by its
/// day (working days on the city's calendar), rechecked by someone other than who recorded the rectification, and closed
/// out; the close-out rates of an area, its parts and each kind come from rollups kept in the same transactions.
public struct HazardUseCases: UseCaseGroup {
    let store: any HazardStore & KeyPlaceStore & OrganisationStore & AuditStore
    let shared: UseCaseContext

    /// Who records inspections, rectifications and rechecks, and reads the register of their area.
    static let workers: Set<Role> = [.dutyOfficer, .leader, .admin, .departmentHandler, .communityWorker, .stationChief, .gridInspector]
    /// Who records an oversight inspection (督察): a district's or the city's.
    static let overseers: Set<Role> = [.dutyOfficer, .leader, .admin]
    public static let pageLimit = 50
}

/// An inspection as recorded, with the hazards it found.
public struct InspectionInput: Sendable, Hashable, Codable {
    public var kind: Inspection.Kind
    public var method: Inspection.Method
    /// The area inspected.
    public var nodeID: Int64
    /// The key supervised unit inspected (重点监管单位), if one.
    public var keyPlaceID: Int64?
    public var inspector: String
    public var note: String?
    /// Today by default.
    public var inspectedOn: LocalDate?
    public var hazards: [HazardInput]
    public var clientKey: String

    public init(kind: Inspection.Kind, method: Inspection.Method, nodeID: Int64, keyPlaceID: Int64? = nil, inspector: String, note: String? = nil, inspectedOn: LocalDate? = nil,
                hazards: [HazardInput], clientKey: String) {
        self.kind = kind
        self.method = method
        self.nodeID = nodeID
        self.keyPlaceID = keyPlaceID
        self.inspector = inspector
        self.note = note
        self.inspectedOn = inspectedOn
        self.hazards = hazards
        self.clientKey = clientKey
    }
}

/// A hazard found: where (a committee or grid of the area, a key place, or a point), what, who must put it right, by when.
public struct HazardInput: Sendable, Hashable, Codable {
    public var kind: HazardKind
    public var severity: Hazard.Severity
    public var description: String
    public var nodeID: Int64?
    public var keyPlaceID: Int64?
    public var lon: Double?
    public var lat: Double?
    public var responsibleUnit: String
    /// The severity's working days after the inspection by default.
    public var rectifyBy: LocalDate?

    public init(kind: HazardKind, severity: Hazard.Severity, description: String, nodeID: Int64? = nil, keyPlaceID: Int64? = nil, lon: Double? = nil, lat: Double? = nil,
                responsibleUnit: String, rectifyBy: LocalDate? = nil) {
        self.kind = kind
        self.severity = severity
        self.description = description
        self.nodeID = nodeID
        self.keyPlaceID = keyPlaceID
        self.lon = lon
        self.lat = lat
        self.responsibleUnit = responsibleUnit
        self.rectifyBy = rectifyBy
    }
}

/// 整改 / 复查通过 / 复查未通过 on the version read; a failed recheck may give a new day.
public struct HazardMove: Sendable, Hashable, Codable {
    public var action: Hazard.Action
    public var note: String?
    public var rectifyBy: LocalDate?
    public var version: Int

    public init(action: Hazard.Action, note: String? = nil, rectifyBy: LocalDate? = nil, version: Int) {
        self.action = action
        self.note = note
        self.rectifyBy = rectifyBy
        self.version = version
    }
}

public struct HazardView: Sendable, Hashable, Codable {
    public var hazard: Hazard
    public var nodeName: String
    public var keyPlaceName: String?
    public var overdue: Bool
    public var steps: [HazardStep]?
}

public struct HazardPage: Sendable, Hashable, Codable {
    public var hazards: [HazardView]
    public var next: String?
}

public struct InspectionView: Sendable, Hashable, Codable {
    public var inspection: Inspection
    public var nodeName: String
    public var keyPlaceName: String?
    public var hazards: [HazardView]?
}

public struct InspectionPage: Sendable, Hashable, Codable {
    public var inspections: [InspectionView]
    public var next: String?
}

/// 隐患销项率 — an area's tally, by kind, and its parts' (the next level down).
public struct HazardRates: Sendable, Hashable, Codable {
    public struct Part: Sendable, Hashable, Codable {
        public var id: NodeID
        public var name: String
        public var tally: HazardTally
    }
    public struct KindTally: Sendable, Hashable, Codable {
        public var kind: HazardKind
        public var tally: HazardTally
    }
    public var nodeID: NodeID
    public var nodeName: String
    public var today: LocalDate
    public var tally: HazardTally
    public var kinds: [KindTally]
    public var parts: [Part]
}

extension HazardUseCases {
    func audit(_ action: String, target: String, _ identity: Identity, detail: String) async throws {
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: action, target: target, detail: detail)])
    }

    /// 排查 — records an inspection and what it found, in one transaction; the same key is the same inspection.
    public func record(_ input: InspectionInput, by identity: Identity) async throws -> (view: InspectionView, created: Bool) {
        let key = input.clientKey.trimmingCharacters(in: .whitespaces)
        guard (8...64).contains(key.count) else { throw HazardError.clientKey }
        let area = try await area(input.nodeID, identity, to: "record inspections")
        if input.kind == .oversight {
            guard identity.paths(for: Self.overseers).contains(where: { area.path.hasPrefix($0) && OrgNode.ids(inPath: $0).count <= OrgNode.Kind.district.depth + 1 }) else {
                throw HazardError.oversight
            }
        }
        let inspector = input.inspector.trimmingCharacters(in: .whitespaces), note = (input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(inspector.count) else { throw HazardError.inspector }
        try InputLimits.check(inspector, field: "inspector", max: 100)
        try InputLimits.check(note, field: "note", max: 500, multiline: true)
        guard input.hazards.count <= 50 else { throw HazardError.findings }
        let now = clock.now(), calendar = data.calendar, today = calendar.localDate(of: now)
        let on = input.inspectedOn ?? today
        guard on <= today, on.daysSince1970 >= today.daysSince1970 - 90 else { throw HazardError.inspectedOn }
        var unit: KeyPlace?
        if let id = input.keyPlaceID {
            guard let place = try await store.keyPlace(KeyPlaceID(id)), place.nodePath.hasPrefix(area.path) else { throw HazardError.place }
            unit = place
        }
        var found: [Hazard] = []
        for (i, h) in input.hazards.enumerated() {
            found.append(try await hazard(h, at: i, area: area, unit: unit, on: on, now: now))
        }
        let inspection = Inspection(id: InspectionID(0), kind: input.kind, method: input.method, nodeID: area.id, nodePath: area.path, keyPlaceID: unit?.id, inspector: inspector,
                                    note: note, inspectedOn: on, recordedBy: identity.name, recordedAt: now)
        let stored = try await store.recordInspection(inspection, hazards: found, by: identity.name, clientKey: "\(identity.userID?.rawValue ?? 0):\(key)")
        if stored.created {
            try await audit("inspection.record", target: "inspection:\(stored.inspection.id)", identity, detail: "\(stored.inspection.kind.rawValue)，隐患 \(stored.hazards.count) 处")
        }
        // A retry answers with the inspection as stored, whatever this request named.
        let place = stored.created ? unit : try await stored.inspection.keyPlaceID.asyncMap { try await store.keyPlace($0) } ?? nil
        let name = stored.created ? area.name : try await store.node(stored.inspection.nodeID)?.name ?? ""
        return (InspectionView(inspection: stored.inspection, nodeName: name, keyPlaceName: place?.name, hazards: try await views(stored.hazards, steps: false)), stored.created)
    }

    /// A hazard of an inspection, checked and placed: at its key place, its point's grid, the committee or grid named, or
    /// the area inspected when that is a committee or grid.
    func hazard(_ h: HazardInput, at i: Int, area: OrgNode, unit: KeyPlace?, on: LocalDate, now: Date) async throws -> Hazard {
        let description = h.description.trimmingCharacters(in: .whitespacesAndNewlines), responsible = h.responsibleUnit.trimmingCharacters(in: .whitespaces)
        guard (2...500).contains(description.count) else { throw HazardError.description.at("hazards[\(i)].description") }
        try InputLimits.check(description, field: "hazards[\(i)].description", max: 500, multiline: true)
        guard (1...100).contains(responsible.count) else { throw HazardError.responsibleUnit.at("hazards[\(i)].responsibleUnit") }
        try InputLimits.check(responsible, field: "hazards[\(i)].responsibleUnit", max: 100)
        var place = unit
        if let id = h.keyPlaceID {
            guard let p = try await store.keyPlace(KeyPlaceID(id)), p.nodePath.hasPrefix(area.path) else { throw HazardError.place.at("hazards[\(i)].keyPlaceId") }
            place = p
        }
        var node: (id: NodeID, path: String)?, location: GeoPoint? = place?.location
        if let lon = h.lon, let lat = h.lat {
            let point = GeoPoint(lon: lon, lat: lat), grid = try data.grid(at: point)
            (node, location) = ((grid.id, grid.path), point)
        } else if let id = h.nodeID {
            if let n = try await store.node(NodeID(id)), n.kind >= .committee { node = (n.id, n.path) }
        } else if let place {
            node = (place.nodeID, place.nodePath)
        } else if area.kind >= .committee {
            node = (area.id, area.path)
        }
        guard let node, node.path.hasPrefix(area.path) else { throw HazardError.area.at("hazards[\(i)].nodeId") }
        let due = h.rectifyBy ?? data.calendar.day(h.severity.workingDays, workingDaysAfter: on)
        guard due > on, due.daysSince1970 <= on.daysSince1970 + 366 else { throw HazardError.rectifyBy.at("hazards[\(i)].rectifyBy") }
        return Hazard(id: HazardID(0), number: "", origin: .inspection, inspectionID: nil, kind: h.kind, severity: h.severity, description: description, nodeID: node.id,
                      nodePath: node.path, keyPlaceID: place?.id, location: location, responsibleUnit: responsible, foundOn: on, rectifyBy: due, createdAt: now)
    }

    func views(_ hazards: [Hazard], steps: Bool) async throws -> [HazardView] {
        let today = data.calendar.localDate(of: clock.now())
        let nodes = try await store.nodes(Set(hazards.map(\.nodeID)))
        var places: [KeyPlaceID: String] = [:]
        for id in Set(hazards.compactMap(\.keyPlaceID)) { places[id] = try await store.keyPlace(id)?.name }
        let allSteps = steps ? try await store.hazardSteps(hazards.map(\.id)) : [:]
        return hazards.map { h in
            HazardView(hazard: h, nodeName: nodes[h.nodeID]?.name ?? "", keyPlaceName: h.keyPlaceID.flatMap { places[$0] }, overdue: h.isOverdue(today: today),
                       steps: steps ? allSteps[h.id] ?? [] : nil)
        }
    }
}
