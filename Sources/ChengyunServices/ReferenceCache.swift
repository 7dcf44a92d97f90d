import ChengyunCore
import ChengyunStore
import Logging
import Synchronization

/// The reference data held in memory, replaced whole when it is reloaded from the store.
final class ReferenceCache: Sendable {
    typealias Ports = ConfigStore & DispatchRuleStore & OrganisationStore & HandlingPowerStore & CaseAnalyticsStore & StationStore & PropertyCompanyStore & LedgerStore
    private let snapshot = Mutex(ReferenceData.empty)
    private let store: any Ports
    private let kpi: KPIPolicy
    private let logger: Logger

    init(store: any Ports, kpi: KPIPolicy, logger: Logger) {
        self.store = store
        self.kpi = kpi
        self.logger = logger
    }

    var current: ReferenceData { snapshot.withLock { $0 } }

    /// Reloads taxonomy, calendar, rules, departments, handling powers, the grid index and the stations' locator from the store (and makes
    /// sure the KPI and ledger rollups are counted with the deployment's settings).
    func reload() async throws {
        try await store.useKPIPolicy(kpi)
        try await store.countLedgerRollups()
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
        var companyDepartments: [PropertyCompanyID: DepartmentID] = [:]
        var after: PropertyCompanyID?
        while true {
            let page = try await store.propertyCompanies(under: "/", after: after, limit: 5_000)
            for c in page { companyDepartments[c.id] = c.departmentID }
            guard page.count == 5_000 else { break }
            after = page.last?.id
        }
        var loaded = ReferenceData(
            taxonomy: taxonomy, calendar: calendar, rules: rules,
            departments: Dictionary(uniqueKeysWithValues: departments.map { ($0.id, $0) }),
            departmentPaths: Dictionary(uniqueKeysWithValues: departments.compactMap { d in nodePaths[d.nodeID].map { (d.id, $0) } }),
            locator: locator, handlingPowers: Set(try await store.handlingPowers()),
            mapScale: MapScale(gridAreas: areas.map(\.area.areaSquareMetres)), stations: StationLocator(try await store.allStations()))
        loaded.companyDepartments = companyDepartments
        snapshot.withLock { $0 = loaded }
        logger.info("reference data loaded", metadata: ["categories": "\(taxonomy.categories.count)", "rules": "\(rules.count)", "grids": "\(locator.count)"])
    }
}
