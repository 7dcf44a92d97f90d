public import ChengyunCore
import ChengyunDemo
import ChengyunServices
public import ChengyunStore
import Foundation
import Testing

/// 统计 — issue 15, point 2, for every store: every figure the database counts (from rollups, edges of days, the open cases' index) equals
/// the formula of docs/KPI.md applied to the raw cases — for random cities, random action sequences (the demo
/// simulator drives the real case machine; one case in three is stored step by step, the rest in bulk), random
/// periods, subtrees, scopes, lead departments and instants.
/// Each store runs `figuresEqualTheFormula` over a fresh store of its own (Tests/ChengyunSQLiteTests,
/// Tests/ChengyunPostgresTests). Failures are recorded with `#expect`, so it must run inside a test.
public enum KPIProperty {
    /// The seeds the stores run.
    public static let seeds: [UInt64] = [11, 2026, 777]

    struct World {
        var store: any ChengyunStore
        var cases: [CaseRecord]
        var nodes: [OrgNode]
        var departments: [DepartmentID]
        var reporters: [UserID]
        var now: Date
        var start: Date
    }

    static func world(seed: UInt64, store: any ChengyunStore) async throws -> World {
        let now = Date(timeIntervalSince1970: 1_796_000_000 + Double(seed % 86_400))
        let platform = Platform(store: store)
        var options = DemoOptions()
        options.districts = 2
        options.streets = 4
        options.committees = 8
        options.grids = 36
        options.departments = 8
        options.cases = 360
        options.days = 40
        options.seed = seed
        options.stepwiseEvery = 3
        // The cases are written against an overdue mark in the middle of their span (every figure is the same
        // wherever it stands); each round moves it again.
        try await store.markOverdue(before: now.addingTimeInterval(-Double(5 + seed % 30) * 86_400))
        _ = try await DemoCity.generate(options, store: store, platform: platform, now: now)
        let cases = try await store.cases(CaseQuery(scope: .everything, limit: nil)).items
        let nodes = try await store.nodes(under: "/", kinds: nil, limit: nil, offset: 0)
        return World(store: store, cases: cases, nodes: nodes, departments: Array(Set(cases.compactMap(\.leadDepartmentID))).sorted(),
                     reporters: Array(Set(cases.compactMap(\.reporterID))).sorted(), now: now, start: now.addingTimeInterval(-40 * 86_400))
    }

    /// A random query: a scope of one or two subtrees (or the whole city), maybe the caller's own reports, maybe a node.
    static func randomQuery(_ w: World, _ rng: inout SeededRandom) -> CaseQuery {
        // A level first (city, district, street, committee or grid), then a node of it: most nodes are grids.
        func node() -> OrgNode {
            let level = OrgNode.Kind.allCases[Int(rng.next() % UInt64(OrgNode.Kind.allCases.count))]
            let of = w.nodes.filter { $0.kind == level }
            return of.isEmpty ? w.nodes[0] : of[Int(rng.next() % UInt64(of.count))]
        }
        var paths = [rng.chance(0.3) ? "/" : node().path]
        if rng.chance(0.3) { paths.append(node().path) }
        let reporter = rng.chance(0.3) && !w.reporters.isEmpty ? w.reporters[Int(rng.next() % UInt64(w.reporters.count))] : nil
        var q = CaseQuery(scope: CaseScope(paths: paths, reporter: reporter), limit: nil)
        if rng.chance(0.4) { q.nodePath = node().path }
        let span = w.now.timeIntervalSince(w.start)
        var from = w.start.addingTimeInterval(span * rng.unit() - 86_400)
        var to = w.start.addingTimeInterval(span * rng.unit() + 86_400)
        if from > to { swap(&from, &to) }
        if rng.chance(0.3) { from = Date(timeIntervalSince1970: (from.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400 - 8 * 3600) }
        // The whole span and beyond: whole months (the department and handler rollups' month rows) inside.
        if rng.chance(0.25) { (from, to) = (w.start.addingTimeInterval(-86_400), w.now.addingTimeInterval(2 * 86_400)) }
        q.reportedFrom = from
        q.reportedTo = to.addingTimeInterval(1)
        return q
    }

    static func visible(_ c: CaseRecord, _ q: CaseQuery) -> Bool {
        let inScope = q.scope.paths.contains { c.nodePath.hasPrefix($0) } || (q.scope.reporter != nil && c.reporterID == q.scope.reporter)
        guard inScope, q.nodePath.map({ c.nodePath.hasPrefix($0) }) ?? true else { return false }
        if let from = q.reportedFrom, c.reportedAt < from { return false }
        if let to = q.reportedTo, c.reportedAt >= to { return false }
        return true
    }

    public static func expectSame(_ a: KPIReport, _ b: KPIReport, _ label: String) {
        let counts = [\KPIReport.reported, \.accepted, \.rejected, \.dispatched, \.due, \.handledOnTime, \.overdue, \.handled, \.reworked, \.closed,
                      \.dispatches, \.wrongDispatches, \.selfHandled]
        for k in counts { #expect(a[keyPath: k] == b[keyPath: k], "\(label): \(k)") }
        let rates = [\KPIReport.acceptanceRate, \.dispatchAccuracy, \.onTimeHandlingRate, \.closureRate, \.reworkRate, \.overdueRate,
                     \.meanHoursToDispatch, \.meanHoursToClose]
        for k in rates {
            switch (a[keyPath: k], b[keyPath: k]) {
            case (nil, nil): break
            case let (x?, y?): #expect(abs(x - y) < 1e-6, "\(label): \(k) \(x) ≠ \(y)")
            default: Issue.record("\(label): \(k) \(String(describing: a[keyPath: k])) ≠ \(String(describing: b[keyPath: k]))")
            }
        }
        #expect(a.hotline == b.hotline, "\(label): hotline")
    }

    /// A random city in `store` (fresh), then random periods, subtrees, scopes, lead departments and instants: KPIs,
    /// rankings, the trend, the committee view, state counts, hotspots and the map equal the formulas over the cases.
    public static func figuresEqualTheFormula(seed: UInt64, store: any ChengyunStore) async throws {
        let w = try await Self.world(seed: seed, store: store)
        #expect(w.cases.count == 360)
        var rng = SeededRandom(seed: seed)
        // The whole city over the whole span has hotspots to compare.
        let everything = CaseQuery(scope: .everything, reportedFrom: w.start.addingTimeInterval(-86_400), limit: nil)
        #expect(!HotspotFinder.find(w.cases, policy: HotspotPolicy(minCases: 2, days: 30, metres: 150)).isEmpty)
        try await Self.checkHotspots(w, everything, label: "seed \(seed) city")
        // The city's run stored once; every random query's answer from it equals finding them among its own cases.
        let run = HotspotPolicy(minCases: 2, days: 30, metres: 150)
        let window = CaseQuery(scope: .everything, reportedFrom: w.now.addingTimeInterval(-30 * 86_400), limit: nil)
        try await w.store.saveHotspotRun(policy: run, computedAt: w.now, hotspots: HotspotFinder.areas(try await w.store.hotspotCases(window), policy: run))
        for policy in [KPIPolicy(), KPIPolicy(responseHours: 0.5, satisfiedScore: 5)] {
            try await w.store.useKPIPolicy(policy)
            for round in 0..<25 {
                let q = Self.randomQuery(w, &rng)
                let now = w.now.addingTimeInterval(rng.double(0...(72 * 3600)))
                if rng.chance(0.5) { try await w.store.markOverdue(before: w.now.addingTimeInterval(rng.double(-(10 * 86_400)...(5 * 86_400)))) }
                let cohort = w.cases.filter { Self.visible($0, q) }
                let label = "seed \(seed) round \(round) \(q.scope.paths) reporter \(String(describing: q.scope.reporter)) node \(q.nodePath ?? "-")"
                Self.expectSame(try await w.store.kpiCount(q, leadDepartment: nil, now: now).report, KPICalculator.report(cohort, now: now, policy: policy), label)
                if let lead = w.departments.randomElement(using: &rng) {
                    Self.expectSame(try await w.store.kpiCount(q, leadDepartment: lead, now: now).report,
                                    KPICalculator.report(cohort.filter { $0.leadDepartmentID == lead }, now: now, policy: policy), label + " lead \(lead)")
                }
                let groupings: [(KPIGrouping, (CaseRecord) -> Int64?)] = [
                    (.leadDepartment, { $0.leadDepartmentID?.rawValue }),
                    (.handler, { $0.selfHandled ? nil : $0.handlerID?.rawValue }),
                    (.street, { OrgNode.ancestor(of: $0.nodePath, depth: OrgNode.Kind.street.depth)?.id.rawValue }),
                ]
                for (grouping, key) in groupings {
                    let counted = try await w.store.kpiCounts(q, by: grouping, now: now)
                    let expected = Dictionary(grouping: cohort.filter { key($0) != nil }, by: { key($0)! })
                        .mapValues { KPICalculator.report($0, now: now, policy: policy) }
                        .filter { $0.value.reported > 0 }
                    #expect(Set(counted.filter { $0.value.report.reported > 0 }.keys) == Set(expected.keys), "\(label) \(grouping)")
                    for (k, report) in expected { Self.expectSame(counted[k]?.report ?? KPIReport(), report, "\(label) \(grouping) \(k)") }
                }
                try await Self.checkTrend(w, q, now: now, label: label)
                try await Self.checkCommitteeAndStates(w, q, label: label)
                try await Self.checkHotspots(w, q, label: label)
                try await Self.checkStoredHotspots(w, q, policy: run, category: rng.chance(0.3) ? w.cases.randomElement(using: &rng)?.categoryID : nil, label: label)
                try await Self.checkMap(w, q, now: now, days: Int(rng.next() % 41), label: label)
            }
        }
    }

    static func checkTrend(_ w: World, _ query: CaseQuery, now: Date, label: String) async throws {
        var q = query
        q.reportedFrom = nil
        q.reportedTo = nil
        let offset = 8.0 * 3600
        func day(_ d: Date) -> Int { Int(((d.timeIntervalSince1970 + offset) / 86_400).rounded(.down)) }
        let days = (day(now) - 20)...day(now)
        let counted = try await w.store.trend(q, days: days, now: now)
        for d in days {
            var expected = TrendCount()
            for c in w.cases where c.state != .merged && visible(c, q) {
                if day(c.reportedAt) == d { expected.reported += 1 }
                if let closed = c.closedAt, day(closed) == d { expected.closed += 1 }
                if let deadline = c.deadline, c.acceptedAt != nil, day(deadline) == d {
                    if let h = c.firstHandledAt, h > deadline { expected.overdue += 1 }
                    if c.firstHandledAt == nil, c.suspendedAt == nil, !c.state.isTerminal, deadline < now { expected.overdue += 1 }
                }
            }
            #expect(counted[d] ?? TrendCount() == expected, "\(label) trend day \(d)")
        }
    }

    /// Hotspots found over the few columns the store reads from its indexes equal those found over whole cases.
    static func checkHotspots(_ w: World, _ query: CaseQuery, label: String) async throws {
        var q = query
        q.reportedTo = nil
        for policy in [HotspotPolicy(minCases: 2, days: 30, metres: 150), HotspotPolicy(minCases: 3, days: 30, metres: 0)] {
            let expected = HotspotFinder.find(w.cases.filter { visible($0, q) }, policy: policy)
            var found = HotspotFinder.find(try await w.store.hotspotCases(q), policy: policy)
            let numbers = try await w.store.caseNumbers(found.flatMap(\.caseIDs))
            for i in found.indices { found[i].numbers = found[i].caseIDs.map { numbers[$0] ?? "" } }
            #expect(Set(found) == Set(expected), "\(label) hotspots \(policy)")
        }
    }

    /// The map's counts per street and per grid (from the map rollup where it answers, else from the cases' indexes)
    /// equal those worked out from whole cases: open or reported in the last `days` whole local days, located, not
    /// merged; each in its street or grid, or its own node when filed higher up.
    static func checkMap(_ w: World, _ query: CaseQuery, now: Date, days: Int, label: String) async throws {
        let since = MapUseCases.windowStart(days: days, now: now, calendar: .standard)
        var q = query
        q.reportedFrom = nil
        q.reportedTo = nil
        let shown = w.cases.filter { c in
            visible(c, q) && c.location != nil && c.state != .merged && (CaseMapQuery.openStates.contains(c.state) || c.reportedAt >= since)
        }
        for depth in [OrgNode.Kind.street.depth, OrgNode.Kind.grid.depth] {
            let counted = try await w.store.mapCounts(CaseMapQuery(query: q, since: since, now: now), depth: depth)
            let expected = Dictionary(grouping: shown) { (OrgNode.ancestor(of: $0.nodePath, depth: depth)?.id ?? $0.nodeID).rawValue }
            #expect(Set(counted.map(\.nodeID.rawValue)) == Set(expected.keys), "\(label) map depth \(depth) days \(days): areas")
            for area in counted {
                let cases = expected[area.nodeID.rawValue] ?? []
                #expect(area.count == cases.count && area.urgent == cases.filter { $0.urgency != .normal }.count
                        && area.overdue == cases.filter { $0.isOverdue(at: now) }.count, "\(label) map depth \(depth) days \(days) area \(area.nodeID)")
                let lon = cases.map { $0.location!.lon }.reduce(0, +) / Double(cases.count)
                let lat = cases.map { $0.location!.lat }.reduce(0, +) / Double(cases.count)
                #expect(abs(area.centre.lon - lon) < 1e-6 && abs(area.centre.lat - lat) < 1e-6, "\(label) map depth \(depth) area \(area.nodeID): centre")
            }
        }
    }

    /// A subtree's hotspots from the stored city run (those inside it, and those found again among the cases inside
    /// it of those crossing its edge) equal those found among the subtree's own cases of the run's window.
    static func checkStoredHotspots(_ w: World, _ query: CaseQuery, policy: HotspotPolicy, category: String?, label: String) async throws {
        var q = query
        q.reportedFrom = w.now.addingTimeInterval(-Double(policy.days) * 86_400)
        q.reportedTo = nil
        q.categoryID = category
        let stored = try #require(try await w.store.storedHotspots(q, limit: 100_000, casesEach: 100_000))
        var expected = HotspotFinder.find(w.cases.filter { visible($0, q) && (category == nil || $0.categoryID == category) }, policy: policy)
        for i in expected.indices { expected[i].numbers = Array(repeating: "", count: expected[i].caseIDs.count) }
        var found = stored.hotspots(limit: 100_000)
        for i in found.indices { found[i].numbers = Array(repeating: "", count: found[i].caseIDs.count) }
        #expect(Set(found) == Set(expected), "\(label) category \(category ?? "-"): stored hotspots")
        #expect(stored.hotspots(limit: 3).map(\.count) == Array(expected.map(\.count).prefix(3)), "\(label): the largest first")
    }

    /// The committee view as it was computed from whole cases before counting moved into the database.
    static func checkCommitteeAndStates(_ w: World, _ q: CaseQuery, label: String) async throws {
        let cases = w.cases.filter { visible($0, q) }
        var expected = CommitteeCounts()
        for c in cases where c.state != .merged {
            expected.workload.cases += 1
            if c.state.isTerminal { expected.workload.closed += c.closedAt != nil ? 1 : 0 } else { expected.workload.open += 1 }
            if c.selfHandled {
                expected.workload.selfHandled += 1
                if c.closedAt != nil { expected.workload.selfHandledClosed += 1 }
            }
            if c.source == .station { expected.workload.foundByStation += 1 }
            expected.raised.callIns += c.callIns.count
            expected.raised.linkageRequests += c.linkage?.requests.count ?? 0
            for callIn in c.callIns where callIn.status == .answered {
                expected.help.callInsAnswered += 1
                expected.helpingDepartments[callIn.departmentID, default: 0] += 1
            }
            expected.help.consultations += c.linkage?.consultations.count ?? 0
            let tasks = c.linkage?.consultations.flatMap(\.tasks) ?? []
            expected.help.tasksDone += tasks.filter { $0.doneAt != nil }.count
            expected.help.tasksOpen += tasks.filter { $0.doneAt == nil }.count
            if c.firstDispatchedAt != nil {
                expected.help.dispatched += 1
                if c.closedAt != nil { expected.help.dispatchedClosed += 1 }
                if let lead = c.leadDepartmentID { expected.helpingDepartments[lead, default: 0] += 1 }
            }
        }
        #expect(try await w.store.committeeCounts(q) == expected, "\(label) committee")
        var states: [String: Int] = [:]
        for c in cases { states["\(c.state.rawValue) \(c.leadDepartmentID != nil) \(c.firstDispatchedAt != nil)", default: 0] += 1 }
        let counted = try await w.store.stateCounts(q)
        #expect(Dictionary(uniqueKeysWithValues: counted.map { ("\($0.state.rawValue) \($0.hasLead) \($0.dispatched)", $0.count) }) == states, "\(label) states")
    }
}
