import ChengyunCore
public import ChengyunServices
public import ChengyunStore
public import Foundation

/// 大城市基准 — a city of a given shape (Shanghai's by default) with a year of cases, built fast for benchmarks: the
/// organisation tree on a lattice, departments, staff for every committee, dispatch rules and the handling-power table,
/// then cases walked through the real case machine (`DemoCaseSimulator`) on every core and stored in order with
/// `importCases`, a batch at a time, so memory stays bounded whatever the number of cases.
public enum BulkCity {
    /// What to build.
    public struct Plan: Sendable, Hashable {
        public var shape = CityShape.shanghai
        public var cases = 1_000_000
        /// Days the cases span, ending at `now`.
        public var days = 365
        public var seed: UInt64 = 20_261_215
        /// Cases per batch: one generation task and one `importCases` call.
        public var batch = 2_000
        /// Generation tasks at once (and two batches more may wait to be stored).
        public var workers = ProcessInfo.processInfo.activeProcessorCount
        /// City-level leaders (`analyst01` …, the demo password) for benchmarks that need many distinct callers.
        public var analysts = 16
        /// Generate the cases but store none: measures generation alone.
        public var generateOnly = false
        /// The share of dispatched cases reported back after their deadline (late closes; overdue while open).
        public var lateShare = 0.06
        public init() {}
    }

    /// How the build went.
    public struct Report: Sendable {
        public var tally = CaseTally()
        public var nodes = 0
        public var departments = 0
        public var users = 0
        public var rules = 0
        /// Seconds to build the tree, staff and rules.
        public var citySeconds = 0.0
        /// Seconds the generation tasks ran, summed over tasks (they run `workers` at once).
        public var generationSeconds = 0.0
        /// CPU seconds the generation tasks used (unlike their wall time, not stretched by other work on the machine).
        public var generationCPUSeconds = 0.0
        /// Seconds spent inside `importCases`, and storing the photos the histories name.
        public var importSeconds = 0.0
        public var photoSeconds = 0.0
        /// CPU seconds the process used while the cases were generated and stored, less the generation's: the import's
        /// own cost, whatever else the machine runs.
        public var importCPUSeconds = 0.0
        /// Seconds to build the indexes `beginImport` set aside, once every case is stored.
        public var indexSeconds = 0.0
        /// Seconds from the first case generated to the last stored.
        public var casesSeconds = 0.0
        public var workers = 0
        public var analysts: [String] = []
    }

    /// Builds the city into an empty store. `progress` is called with (done, total, stage).
    /// - Throws: `DomainError` when the store already holds a city or the shape does not fit; store errors.
    public static func build(_ plan: Plan, store: any ChengyunStore, platform: Platform, now: Date,
                             progress: @escaping @Sendable (Int, Int, String) -> Void = { _, _, _ in }) async throws -> Report {
        guard try await store.children(of: nil).isEmpty else {
            throw DemoError.notEmpty(for: "bulk city")
        }
        guard plan.cases >= 0, plan.days >= 1, plan.batch >= 1, plan.workers >= 1, plan.analysts >= 0 else {
            throw DemoError.bulkSizes
        }
        let clock = ContinuousClock()
        let started = clock.now
        var report = Report()
        report.workers = plan.workers
        let batches = (plan.cases + plan.batch - 1) / plan.batch
        let total = batches + 1
        progress(0, total, "organisation tree and grids")
        let taxonomy = try DemoCity.shippedTaxonomy()
        try await store.saveTaxonomy(taxonomy)
        try await store.saveCalendar(try DemoCity.shippedCalendar())
        var tree = try await ShanghaiShape.build(plan.shape, seed: plan.seed, store: store)
        tree.passwordHash = Secrets.hashPassword(DemoCity.password)
        progress(0, total, "departments, users and dispatch rules")
        var options = DemoOptions()
        options.departments = plan.shape.departments
        let departments = try await DemoStaff.departments(options, tree: tree, store: store)
        let users = try await DemoStaff.users(tree: tree, departments: departments, store: store)
        let hash = tree.passwordHash
        let analysts = try await store.createUsers((0..<plan.analysts).map { i in
            UserDraft(username: String(format: "analyst%02d", i + 1), displayName: String(format: "城运分析员%02d", i + 1), phone: nil, passwordHash: hash,
                      assignments: [AssignmentDraft(role: .leader, nodeID: tree.city.id)], demoPassword: true)
        })
        report.rules = try await DemoStaff.rules(taxonomy: taxonomy, tree: tree, departments: departments, store: store)
        _ = try await DemoFacilities.handlingPowers(taxonomy: taxonomy, departments: departments, store: store)
        _ = try await DemoStations.build(tree: tree, users: users, store: store)
        _ = try await DemoMatters.build(tree: tree, store: store)
        try await platform.reload()
        _ = try await platform.vitalSigns.replaceCatalogue(try DemoCity.shippedVitalSigns(), by: .platform)
        report.nodes = tree.nodeCount
        report.departments = departments.count
        report.users = users.all.count + analysts.count
        report.analysts = analysts.map(\.username)
        report.citySeconds = (clock.now - started).inSeconds
        progress(1, total, "cases")

        options.cases = plan.cases
        options.days = plan.days
        options.seed = plan.seed
        options.lateShare = plan.lateShare
        let generator = BatchGenerator(options: options, batch: plan.batch, tree: tree, users: users, data: platform.data, now: now)
        if !plan.generateOnly { try await store.beginImport() }
        let cpu = processCPUSeconds()
        try await storeCases(generator, batches: batches, plan: plan, store: store, into: &report) { done in
            progress(1 + done, total, "cases")
        }
        report.importCPUSeconds = processCPUSeconds() - cpu - report.generationCPUSeconds
        if !plan.generateOnly {
            progress(total, total, "indexes")
            let indexing = clock.now
            try await store.finishImport()
            report.indexSeconds = (clock.now - indexing).inSeconds
        }
        progress(total, total, "done")
        return report
    }
}

/// CPU seconds (user and system) of every thread of this process so far.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
