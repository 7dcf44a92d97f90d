public import ChengyunCore
public import ChengyunServices
public import ChengyunStore
public import Foundation

/// Where a demo city lies.
public enum DemoLayout: String, Sendable, Hashable, CaseIterable {
    /// Over Shanghai's real districts (their names, codes and boundaries, WGS-84): what `chengyun demo` builds.
    case shanghai
    /// On a rectangle of ~100 m cells with made-up names, where a test names a place by its cell (`TestCity`).
    case lattice
}

/// The sizes and seed of a demo city.
public struct DemoOptions: Sendable, Hashable {
    public var layout = DemoLayout.shanghai
    public var districts = 3
    public var streets = 12
    public var committees = 120
    public var grids = 2000
    public var departments = 30
    public var cases = 10_000
    public var days = 90
    public var seed: UInt64 = 20_261_123
    /// One case in this many is stored step by step, as the use cases store it (create, then each transition), instead
    /// of in bulk with its finished history; 0 stores all in bulk. Tests of the rollups use both paths.
    public var stepwiseEvery = 0
    /// About how many synthetic residents the committees' base data holds (盘家底); `chengyun demo` asks for 200,000.
    public var residents = 0
    /// The sensor network and its alarm rules (off for benchmark cities that bring their own devices and rules).
    public var sensors = true
    /// The share of dispatched cases whose handler reports back after the deadline (late, or overdue while still open).
    /// At 0 (the demo's default) the simulator draws no extra random number, so demo cities stay as they were.
    public var lateShare = 0.0
    /// Emergency repairs reported through the intake as the city is made, on the live 30-minute clock (`chengyun
    /// demo`'s); off by default, so a test city's cases are only the simulated ones its counts expect.
    public var liveRepairs = false
    /// The bcrypt cost of the demo accounts' password (`Secrets.passwordCost` as every account the platform makes; a
    /// city for tests asks for the cheapest, 4, so that each of their thousands of sign-ins costs ~1 ms, not ~100).
    public var passwordCost = Secrets.passwordCost
    public init() {}

    /// Checks that the sizes nest: each level has at least as many nodes as the one above.
    public func validate() throws(DomainError) {
        guard districts >= 1, streets >= districts, committees >= streets, grids >= committees else {
            throw DemoError.sizesDoNotNest
        }
        guard departments >= 1, cases >= 0, days >= 1, grids <= 500_000 else {
            throw DemoError.demoSizes
        }
        guard Secrets.passwordCosts.contains(passwordCost) else { throw DemoError.passwordCost }
    }
}

/// What the demo generator made, and the accounts to sign in with.
public struct DemoSummary: Sendable {
    public var nodes: Int
    public var grids: Int
    public var departments: Int
    public var users: Int
    public var rules: Int
    public var cases: Int
    public var accounts: [(username: String, role: String)]
    /// The sensor network: devices and alarm rules.
    public var devices = 0
    public var alarmRules = 0
    /// Synthetic residents in the committees' base data.
    public var residents = 0
}

/// 演示城市 — generates a deterministic synthetic city: boundaries, departments, users for every role, the taxonomy,
/// the calendar, dispatch rules and a history of cases in every state. The same options give the same city.
public enum DemoCity {
    /// Every demo account's password; `chengyun serve` refuses to listen beyond loopback while it works.
    public static let password = "chengyun-demo"

    /// The shipped taxonomy (GB/T 30428.2 structure).
    public static func shippedTaxonomy() throws -> Taxonomy {
        try Taxonomy.decode(try resource("taxonomy"))
    }

    /// The shipped default working calendar.
    public static func shippedCalendar() throws -> WorkingCalendar {
        try WorkingCalendar.decode(try resource("calendar"))
    }

    /// The shipped vital-signs catalogue: 86 first-level slots in five dimensions (our design; docs/VITAL-SIGNS.md).
    public static func shippedVitalSigns() throws -> VitalSignCatalogue {
        try VitalSignCatalogue.decode(try resource("vital-signs"))
    }

    static func resource(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources") else {
            throw DemoError.missingResource(name)
        }
        return try Data(contentsOf: url)
    }

    /// Builds the city into an empty store. `progress` is called with (done, total, stage).
    public static func generate(_ options: DemoOptions, store: any ChengyunStore, platform: Platform, now: Date,
                                progress: @Sendable (Int, Int, String) -> Void = { _, _, _ in }) async throws -> DemoSummary {
        try options.validate()
        guard try await store.children(of: nil).isEmpty else {
            throw DemoError.notEmpty(for: "demo")
        }
        let taxonomy = try shippedTaxonomy()
        try await store.saveTaxonomy(taxonomy)
        try await store.saveCalendar(try shippedCalendar())

        let total = 3 + options.cases
        progress(0, total, "organisation tree and grids")
        var tree = try await DemoTree.build(options, store: store)
        tree.passwordHash = Secrets.hashPassword(password, cost: options.passwordCost)
        progress(1, total, "departments, users and dispatch rules")
        let departments = try await DemoStaff.departments(options, tree: tree, store: store)
        let users = try await DemoStaff.users(tree: tree, departments: departments, store: store)
        let rules = try await DemoStaff.rules(taxonomy: taxonomy, tree: tree, departments: departments, store: store)
        _ = try await DemoFacilities.handlingPowers(taxonomy: taxonomy, departments: departments, store: store)
        let cameras = try await DemoFacilities.cameras(tree: tree, store: store)
        progress(1, total, "stations, base data and building groups")
        _ = try await DemoStations.build(tree: tree, users: users, store: store)
        _ = try await DemoMatters.build(tree: tree, store: store)
        let residents = try await DemoBaseData.build(tree: tree, store: store, residents: options.residents, seed: options.seed)
        progress(1, total, "the admission list and a sweep")
        if residents > 0 { try await DemoBaseData.sweep(tree: tree, store: store, now: now, seed: options.seed) }
        if residents > 0 { _ = try await DemoConsultations.build(tree: tree, store: store, now: now) }
        if residents > 0 { _ = try await DemoLedgers.build(tree: tree, store: store, now: now) }
        if residents > 0 { _ = try await DemoRegistrations.build(tree: tree, store: store, now: now, seed: options.seed) }
        if residents > 0 { _ = try await DemoVolunteers.build(tree: tree, store: store, now: now) }
        if residents > 0 { _ = try await DemoServiceRequests.build(tree: tree, store: store, now: now) }
        if residents > 0 { _ = try await DemoGroupNotices.build(tree: tree, store: store, now: now) }
        let placement = try await DemoProperty.build(tree: tree, store: store, now: now)
        try await DemoKeyPlaces.build(tree: tree, store: store)
        let leaderAccount = residents > 0 ? tree.committees.first { $0.variant != "village" }.map { ("lz.\($0.code)", "resident 楼组长 (building-group leader): sweeps on a phone") } : nil
        let volunteer = residents > 0 ? tree.committees.first { $0.variant != "village" }.map { ("jm.\($0.code).3", "resident 志愿者 (volunteer): points, 抢单 on a phone") } : nil
        let registered = residents > 0 ? tree.committees.first { $0.variant != "village" }.map { ("jm.\($0.code).1", "resident registered by a building group's QR code (扫码注册); may volunteer") } : nil
        progress(1, total, "sensors and their history")
        let sensors = options.sensors ? try await DemoSensors.build(tree: tree, cameras: cameras, store: store)
            : DemoSensors.Network(devices: 0, rules: 0, underpass: [], streams: [:])
        try await platform.reload()
        try await platform.sensing.loadRules()
        _ = try await platform.vitalSigns.replaceCatalogue(try shippedVitalSigns(), by: .platform)
        if options.sensors {
            _ = try await DemoSensors.history(sensors, now: now, store: store)
            _ = try await DemoSensors.pastSeasons(sensors, now: now, store: store)
        }
        progress(2, total, "cases")
        var simulator = DemoCaseSimulator(options: options, tree: tree, users: users, data: platform.data, now: now)
        simulator.compounds = placement
        let batch = 1000
        var made = 0
        // Indexes, the search index and the rollups of the imported cases are built once at the end.
        try await store.beginImport()
        while made < options.cases {
            let n = min(batch, options.cases - made)
            var cases: [(record: CaseRecord, events: [CaseEvent])] = []
            for _ in 0..<n {
                let next = simulator.nextCase()
                guard options.stepwiseEvery > 0, simulator.index % options.stepwiseEvery == 0 else { cases.append(next); continue }
                try await store.importCases(cases)
                cases = []
                let made = try await store.createCase(simulator.trail[0], events: [next.events[0]])
                for (record, event) in zip(simulator.trail.dropFirst(), next.events.dropFirst()) {
                    var record = record
                    record.id = made.id
                    record.number = made.number
                    var event = event
                    event.caseID = made.id
                    _ = try await store.saveTransition(record, event: event)
                }
            }
            try await store.importCases(cases)
            made += n
            progress(3 + made, total, "cases")
        }
        try await store.finishImport()
        // The photos the histories name (after photos of self-handled cases), stored in the order of their ids.
        for (i, photo) in simulator.photos.enumerated() {
            let stored = try await store.saveAttachment(caseID: photo.caseID, contentType: "image/png", fileName: photo.name, bytes: DemoPhoto.png,
                                                        by: nil, at: now)
            guard stored.id.rawValue == Int64(i + 1) else {
                throw DemoError.photoIDs(for: "demo", expected: Int64(i + 1), stored: stored.id)
            }
        }
        _ = try await DemoDuty.build(tree: tree, users: users, calendar: platform.data.calendar, now: now, store: store)
        try await DemoHazards.build(tree: tree, users: users, platform: platform, now: now)
        try await DemoWhistleblowing.build(tree: tree, users: users, platform: platform, store: store, now: now, reports: residents > 0)
        // 房态图: every committee's status maps drawn for the demo's day (the server draws them again every day).
        if residents > 0 { _ = try await platform.statusMaps.drawDue(seconds: 3_600) }
        if options.liveRepairs { _ = try await DemoProperty.repairs(tree: tree, placement: placement, platform: platform, store: store) }
        progress(total, total, "done")
        return DemoSummary(
            nodes: tree.nodeCount, grids: tree.grids.count, departments: departments.count, users: users.all.count, rules: rules,
            cases: made, accounts: users.highlights + (leaderAccount.map { [$0] } ?? []) + (registered.map { [$0] } ?? []) + (volunteer.map { [$0] } ?? [])
                + (placement.isEmpty ? [] : [("wy.d1.1", "departmentHandler 物业 (property company): emergency repairs, notices"),
                                             ("fg.s1", "departmentHandler 物业应急维修 (street repair service, level 2)")]), devices: sensors.devices, alarmRules: sensors.rules, residents: residents)
    }
}
