public import ChengyunCore
import ChengyunStore
public import Foundation
import Synchronization

/// 城市体征 — the city's vital signs: a catalogue held as data (86 first-level slots in five dimensions in the demo's),
/// each fed indicator computed per node down to committees (a station's 明体征) from the readings' area rollups, the
/// case loop and the alarms; trends, analysts' daily notes (研判) and a periodic health check (体检) per area.
public struct VitalSignUseCases: UseCaseGroup {
    let store: any VitalSignStore & OrganisationStore & CaseAnalyticsStore & SensingStore & AuditStore & UserStore
    let shared: UseCaseContext
    let boards = BoardCache()

    /// Who sees an area's signs: those who work an area of the tree.
    static let readers: Set<Role> = [.dutyOfficer, .leader, .stationChief, .communityWorker, .admin]
    /// Who writes an area's situation note.
    static let analysts: Set<Role> = [.dutyOfficer, .leader, .stationChief, .admin]
    /// How long a computed board serves before it is computed again.
    static let boardSeconds: TimeInterval = 30

    final class BoardCache: Sendable {
        let table = Mutex<[Int64: (at: Date, board: VitalSignBoard)]>([:])
        func clear() { table.withLock { $0.removeAll() } }
    }
}

extension VitalSignUseCases {
    /// The observed properties and the taxonomy's categories a catalogue's formulas may name.
    func catalogueTerms() -> (properties: Set<String>, categories: Set<String>) {
        (Set(DeviceKind.allCases.map(\.measure.property)), Set(data.taxonomy.categories.map(\.id)))
    }
}

/// An area's signs: every indicator of the catalogue where it stands, by dimension, with the area's children to drill
/// down into (down to committees).
public struct VitalSignBoard: Sendable, Hashable, Codable {
    public struct Area: Sendable, Hashable, Codable {
        public var id: NodeID
        public var name: String
        public var level: Int
        public var code: String
    }
    public struct Dimension: Sendable, Hashable, Codable {
        public var dimension: VitalSignDimension
        public var name: String
        /// How many first-level indicators are in each state (a slot's state is its worst fed child's when it has no
        /// formula of its own).
        public var states: [String: Int]
        public var figures: [VitalSignFigure]
    }
    public var node: Area
    public var ancestors: [Area]
    public var children: [Area]
    public var computedAt: Date
    public var catalogueVersion: Int
    public var dimensions: [Dimension]
}

extension VitalSignUseCases {
    /// The catalogue kept (an empty one before any is loaded).
    public func catalogue(by identity: Identity) async throws -> VitalSignCatalogue {
        guard !identity.paths(for: Self.readers).isEmpty || identity.isSystem else {
            throw AccessError.roleRequired(Self.readers, to: "read the vital-signs catalogue")
        }
        return try await store.vitalSignCatalogue() ?? VitalSignCatalogue(version: 0, signs: [])
    }

    /// 载入 — replaces the whole catalogue (an admin at the city, or the platform loading its default), checked whole.
    public func replaceCatalogue(_ catalogue: VitalSignCatalogue, by identity: Identity) async throws -> VitalSignCatalogue {
        let cityAdmin = identity.assignments.contains { $0.role == .admin && OrgNode.ids(inPath: $0.nodePath).count == 1 }
        guard identity == .platform || cityAdmin else {
            throw AccessError.roleRequired([.admin], to: "replace the vital-signs catalogue (a city administrator)")
        }
        let terms = catalogueTerms()
        try catalogue.validate(properties: terms.properties, categories: terms.categories)
        try await store.replaceVitalSignCatalogue(catalogue)
        boards.clear()
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "vital_signs.catalogue_replaced",
                                                target: "catalogue:v\(catalogue.version)", detail: "\(catalogue.signs.count) indicators")])
        return catalogue
    }

    /// The node an identity's signs open on: `nodeID` when given (it must lie in the caller's area), else the
    /// widest node of its area.
    func area(_ nodeID: NodeID?, by identity: Identity) async throws -> OrgNode {
        try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "see an area's vital signs")
    }

    /// 明体征 — an area's signs now (computed at most every 30 s per area).
    public func board(node nodeID: NodeID?, by identity: Identity) async throws -> VitalSignBoard {
        let node = try await area(nodeID, by: identity)
        let now = clock.now()
        if let cached = boards.table.withLock({ $0[node.id.rawValue] }), now.timeIntervalSince(cached.at) < Self.boardSeconds, cached.at <= now {
            return cached.board
        }
        let catalogue = try await store.vitalSignCatalogue() ?? VitalSignCatalogue(version: 0, signs: [])
        let figures = VitalSignFigures(store: store, node: node, now: now)
        var all: [VitalSignFigure] = []
        for sign in catalogue.signs { all.append(try await figures.figure(sign)) }
        let board = VitalSignBoard(node: try await Self.area(node), ancestors: try await ancestors(of: node), children: try await children(of: node),
                                   computedAt: now, catalogueVersion: catalogue.version,
                                   dimensions: VitalSignDimension.allCases.map { Self.dimension($0, all) })
        boards.table.withLock { table in
            if table.count > 2_000 { table.removeAll() }
            table[node.id.rawValue] = (now, board)
        }
        return board
    }

    static func dimension(_ d: VitalSignDimension, _ all: [VitalSignFigure]) -> VitalSignBoard.Dimension {
        let figures = all.filter { $0.sign.dimension == d }
        var states: [String: Int] = [:]
        for first in figures where first.sign.isFirstLevel {
            states[rollUp(first, children: figures.filter { $0.sign.parent == first.sign.code }).rawValue, default: 0] += 1
        }
        return VitalSignBoard.Dimension(dimension: d, name: d.chineseName, states: states, figures: figures)
    }

    /// A first-level indicator's state counting its children: the worst level among them and itself; a slot with no
    /// formula takes its children's.
    static func rollUp(_ first: VitalSignFigure, children: [VitalSignFigure]) -> VitalSignState {
        let order: [VitalSignState] = [.red, .orange, .yellow, .blue, .normal, .noData, .noSource]
        let states = [first.state] + children.map(\.state)
        return order.first(where: states.contains) ?? .noSource
    }

    static func area(_ n: OrgNode) async throws -> VitalSignBoard.Area {
        VitalSignBoard.Area(id: n.id, name: n.name, level: OrgNode.ids(inPath: n.path).count - 1, code: n.code)
    }

    func ancestors(of node: OrgNode) async throws -> [VitalSignBoard.Area] {
        var out: [VitalSignBoard.Area] = []
        for id in OrgNode.ids(inPath: node.path).dropLast() {
            if let n = try await store.node(id) { out.append(try await Self.area(n)) }
        }
        return out
    }

    /// The children to drill into, down to committees (the deepest level with area rollups).
    func children(of node: OrgNode) async throws -> [VitalSignBoard.Area] {
        guard OrgNode.ids(inPath: node.path).count - 1 < AreaRollup.depth else { return [] }
        var out: [VitalSignBoard.Area] = []
        for child in try await store.children(of: node.id) { out.append(try await Self.area(child)) }
        return out
    }

    /// 趋势 — an indicator's values over the windows before now: 24 hours for an hourly one, 14 days for a daily one,
    /// 12 windows otherwise.
    public func series(code: String, node nodeID: NodeID?, by identity: Identity) async throws -> (figure: VitalSignFigure, points: [VitalSignPoint]) {
        let node = try await area(nodeID, by: identity)
        guard let catalogue = try await store.vitalSignCatalogue(), let sign = catalogue.signs.first(where: { $0.code == code }) else {
            throw VitalSignError.notFound(code)
        }
        guard sign.formula != nil else { throw VitalSignError.noFormula(code) }
        let figures = VitalSignFigures(store: store, node: node, now: clock.now())
        let count = sign.windowHours == 1 ? 24 : sign.windowHours == 24 ? 14 : 12
        let values = try await figures.values(sign, count: count)
        let spans = figures.windows(hours: sign.windowHours, count: count)
        let points = zip(spans, values).map { VitalSignPoint(from: VitalSignFigures.date($0.0.from), to: VitalSignFigures.date($0.0.to), value: $0.1) }
        return (try await figures.figure(sign), points)
    }
}
