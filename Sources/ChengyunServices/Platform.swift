import ChengyunCore
public import ChengyunStore
import Foundation
public import Logging
import Synchronization

/// 平台 — the use cases of Chengyun: each loads, asks the policy, decides with the pure core, and persists
/// the new state with its history entry in one transaction.
public final class Platform: Sendable {
    public let store: any ChengyunStore
    public let clock: any WallClock
    public let settings: PlatformSettings
    public let logger: Logger
    /// Committed case changes, for live streams.
    public let feed = CaseFeed()
    private let reference = Mutex(ReferenceData.empty)
    let identities = Mutex([String: (identity: Identity, expires: Date, sessionEnd: Date?)]())
    /// The live streams open now (limits, revocation).
    public let streams: LiveStreams
    /// Failed sign-ins per network address.
    let signInAddresses: RateWindows
    /// Each API key's requests per day, under its sharing terms.
    public let keyUsage: KeyUsageMeter

    public init(store: any ChengyunStore, clock: any WallClock = SystemWallClock(), settings: PlatformSettings = PlatformSettings(), logger: Logger = Logger(label: "chengyun")) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.logger = logger
        self.streams = LiveStreams(limits: settings.security.streams)
        self.keyUsage = KeyUsageMeter(store: store)
        self.signInAddresses = RateWindows(limit: settings.security.signIn.maxFailuresPerAddress, windowSeconds: settings.security.signIn.windowSeconds)
    }

    /// The reference data now in force.
    public var data: ReferenceData { reference.withLock { $0 } }

    /// Reloads taxonomy, calendar, rules, departments and the grid index from the store.
    public func reload() async throws {
        try await store.useKPIPolicy(settings.kpi)
        let taxonomy = try await store.taxonomy() ?? Taxonomy(version: "empty", categories: [])
        let calendar = try await store.calendar() ?? .standard
        let rules = try await store.rules()
        let departments = try await store.departments(under: nil)
        var nodePaths: [NodeID: String] = [:]
        for d in departments where nodePaths[d.nodeID] == nil {
            nodePaths[d.nodeID] = try await store.node(d.nodeID)?.path
        }
        let grids = try await store.nodes(under: "/", kinds: [.grid], limit: nil, offset: 0)
        let gridPaths = Dictionary(uniqueKeysWithValues: grids.map { ($0.id, $0.path) })
        let areas = try await store.areas(kind: .grid)
        let locator = AreaLocator(areas.compactMap { entry in gridPaths[entry.node].map { (id: GridRef(id: entry.node, path: $0), area: entry.area) } })
        let snapshot = ReferenceData(
            taxonomy: taxonomy, calendar: calendar, rules: rules,
            departments: Dictionary(uniqueKeysWithValues: departments.map { ($0.id, $0) }),
            departmentPaths: Dictionary(uniqueKeysWithValues: departments.compactMap { d in nodePaths[d.nodeID].map { (d.id, $0) } }),
            locator: locator, handlingPowers: Set(try await store.handlingPowers()),
            mapScale: MapScale(gridAreas: areas.map(\.area.areaSquareMetres)))
        reference.withLock { $0 = snapshot }
        logger.info("reference data loaded", metadata: ["categories": "\(taxonomy.categories.count)", "rules": "\(rules.count)", "grids": "\(locator.count)"])
    }

    /// The context for deciding a command now, with the deployment's loop rules and reference data.
    func caseContext(_ actor: Identity, data: ReferenceData, now: Date, attachmentIDs: [AttachmentID] = [], location: GeoPoint? = nil) -> CaseContext {
        CaseContext(now: now, calendar: data.calendar, actor: actor, departmentPaths: data.departmentPaths, attachmentIDs: attachmentIDs,
                    location: location, policy: settings.loop, handlingPowers: data.handlingPowers)
    }

    /// Loads the node or fails with 404.
    func requireNode(_ id: NodeID, field: String = "nodeId") async throws -> OrgNode {
        guard let node = try await store.node(id) else {
            throw DomainError.notFound("node.not_found", "There is no organisation node \(id).", field: field)
        }
        return node
    }
}
