import ArgumentParser
import ChengyunCore
import ChengyunDemo
import ChengyunServer
import ChengyunServices
import ChengyunSQLite
import ChengyunStore
import Foundation
import Logging
import Synchronization

extension Bench {
    /// `chengyun bench analytics` — issue 15's targets at a Shanghai-sized city: every p95 ≤ 50 ms alone and ≤ 200 ms
    /// at 16 clients, peak memory ≤ 1 GB, at 10,000,000 cases.
    struct Analytics: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The big screen's and the case list's reads at a Shanghai-sized city: p50/p95 alone and with concurrent clients, and the server's peak memory.",
            discussion: """
                Builds (or reuses, --db) a city of Shanghai's shape — 16 districts, 215 streets, 6,077 committees, 40,625 grids, \
                50 departments — with --cases cases over --days days, walked through the real case machine on every core and \
                stored in batches with importCases; prints generation and import throughput. Then starts `chengyun serve` on \
                it as its own process and measures each read of AnalyticsProbe.all --repeat times alone and --repeat times \
                per client with --clients clients at once (each a city leader of its own), and the server's peak memory \
                (VmHWM). The last line reads `analytics: cases=N p95max=X ms rss=Y MB` (MB are MiB).                 On PostgreSQL (--db postgres://… --data-keys FILE) the memory is the server's alone, not the database's; a                 large city is built faster in SQLite and copied over with `chengyun migrate --from … --to …`.
                """)
        @Option(help: "Cases in the city.") var cases = 1_000_000
        @Option(help: "Days the cases span, ending now.") var days = 365
        @Option(help: "Requests per read alone, and per client with the clients at once.") var `repeat` = 20
        @Option(help: "Concurrent clients.") var clients = 16
        @Option(help: "A database to keep the city in — an SQLite file or postgres://…: built there if missing (or empty), reused (not rebuilt) if it holds a city.") var db: String?
        @Option(help: "The data keys file of the database (a PostgreSQL database needs it named; SQLite: beside the file).") var dataKeys: String?
        @Option(help: "Cases per batch handed to importCases.") var batch = 2_000
        @Option(help: "Generation tasks at once (default: the cores).") var workers = ProcessInfo.processInfo.activeProcessorCount
        @Option(help: "Rows down the case list for the deep page.") var deep = 100_000
        @Option(help: "Seconds to let the server settle after it starts (it reads recent cases and runs escalation once).") var settle = 10
        @Option(help: "Seconds before a request counts as timed out.") var timeout = 300.0
        @Option(help: "Random seed of the city.") var seed: UInt64 = 20_261_215
        @Flag(help: "Build the city and generate the cases without storing them, print the generation throughput and stop.") var generateOnly = false

        func run() async throws {
            guard cases >= 0, days >= 1, `repeat` >= 1, clients >= 1, batch >= 1, workers >= 1, deep >= 0 else {
                fail("--cases and --deep are at least 0; --days, --repeat, --clients, --batch and --workers at least 1")
            }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-analytics-\(ProcessInfo.processInfo.processIdentifier)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = generateOnly ? dir.appendingPathComponent("city.sqlite").path : db ?? dir.appendingPathComponent("city.sqlite").path
            if try await holdsCity(path) {
                print("city: reusing \(path) (not rebuilt; --cases and --days apply when it is built)")
            } else {
                try await build(path)
                if generateOnly { return }
            }
            let (targets, stored) = try await Self.targets(options(path))
            try await measure(path, targets: targets, stored: stored)
        }

        /// The options that open the database.
        func options(_ path: String) -> [String] { ["--database", path] + (dataKeys.map { ["--data-keys", $0] } ?? []) }

        /// Whether the database holds a city already (an SQLite file that exists; a PostgreSQL database with a tree).
        func holdsCity(_ path: String) async throws -> Bool {
            guard path.hasPrefix("postgres") else { return FileManager.default.fileExists(atPath: path) }
            return try await !DatabaseOptions.parse(options(path)).open(.create).store.children(of: nil).isEmpty
        }

        func build(_ path: String) async throws {
            let store = try await DatabaseOptions.parse(options(path)).open(.create).store
            var logger = Logger(label: "chengyun-bench")
            logger.logLevel = .warning
            let platform = Platform(store: store, logger: logger)
            var plan = BulkCity.Plan()
            plan.cases = cases
            plan.days = days
            plan.seed = seed
            plan.batch = batch
            plan.workers = workers
            plan.analysts = clients
            plan.generateOnly = generateOnly
            let bar = ProgressBar(label: generateOnly ? "generating" : "building city")
            let r = try await BulkCity.build(plan, store: store, platform: platform, now: Date(), progress: bar.update)
            let t = r.tally
            defer { fflush(nil) }
            let s = plan.shape
            print("city: \(s.districts) districts, \(s.streets) streets, \(n(s.committees)) committees, \(n(s.grids)) grids, \(r.departments) departments, "
                  + "\(n(r.users)) users, \(r.rules) rules in \(f1(r.citySeconds)) s")
            print("generate: \(n(t.cases)) cases, \(n(t.events)) events in \(f1(r.generationSeconds)) s of task time on \(r.workers) workers — "
                  + "\(n(rate(t.cases, r.generationSeconds))) cases/s per worker, \(n(rate(t.cases * r.workers, r.generationSeconds))) cases/s on \(r.workers); "
                  + "\(f1(r.generationCPUSeconds)) CPU s — \(n(rate(t.cases, r.generationCPUSeconds))) cases per CPU second")
            if generateOnly {
                print("generate only: \(n(t.cases)) cases in \(f1(r.casesSeconds)) s wall — \(n(rate(t.cases, r.casesSeconds))) cases/s (nothing stored)")
            } else {
                print("import: \(n(t.cases)) cases in \(f1(r.importSeconds)) s inside importCases — \(n(rate(t.cases, r.importSeconds))) cases/s; "
                      + "\(f1(r.importCPUSeconds)) CPU s — \(n(rate(t.cases, r.importCPUSeconds))) cases per CPU second; "
                      + "\(n(t.photos)) photos in \(f1(r.photoSeconds)) s; indexes built in \(f1(r.indexSeconds)) s")
                let wall = r.casesSeconds + r.indexSeconds
                print("built: \(n(t.cases)) cases in \(f1(wall)) s wall, generation and import overlapping, indexes included — \(n(rate(t.cases, wall))) cases/s")
            }
            let states = CaseState.allCases.map { "\($0.rawValue) \(n(t.states[$0, default: 0]))" }.joined(separator: ", ")
            print("states: \(states); overdue now \(n(t.overdue))")
            let a = t.actions
            print("history: returns \(n(a[.return, default: 0])), verifications \(n(a[.verify, default: 0])) (reworks in them), extensions asked "
                  + "\(n(a[.requestExtension, default: 0])), call-ins \(n(a[.callIn, default: 0])), linkage \(n(a[.askLinkage, default: 0])), "
                  + "supervised \(n(a[.supervise, default: 0])); sources: hotline \(n(t.sources[.hotline, default: 0])), "
                  + "110 \(n(t.sources[.police110, default: 0])), station \(n(t.sources[.station, default: 0]))")
        }

        /// The committee, street and text the reads name, and the number of cases stored.
        static func targets(_ options: [String]) async throws -> (AnalyticsTargets, Int) {
            let store = try await DatabaseOptions.parse(options).open(.city).store
            guard let city = try await store.children(of: nil).first else { fail("no city in \(options[1])") }
            let districts = try await store.children(of: city.id)
            guard !districts.isEmpty else { fail("the city has no districts") }
            let streets = try await store.children(of: districts[districts.count / 2].id)
            guard !streets.isEmpty else { fail("a district has no streets") }
            let street = streets[streets.count / 2]
            guard let committee = try await store.children(of: street.id).first else { fail("a street has no committees") }
            guard let cityBox = try await store.area(of: city.id)?.boundingBox, let streetBox = try await store.area(of: street.id)?.boundingBox else {
                fail("the city or a street has no boundary")
            }
            // Counted by state in the database (a list's total stops at 10,000).
            let stored = try await store.stateCounts(CaseQuery(scope: .everything, limit: nil)).map(\.count).reduce(0, +)
            var targets = AnalyticsTargets(yearAgo: Date().addingTimeInterval(-365 * 86_400), committee: committee.id, committeeName: committee.name,
                                           street: street.id, cityBox: cityBox, streetBox: streetBox)
            let stations = try await store.stations(touching: committee.path, type: nil, afterCode: nil, limit: 10)
            targets.station = (stations.first { $0.type != .specialArea } ?? stations.first)?.id ?? StationID(0)
            targets.company = try await store.propertyCompanies(under: street.path, after: nil, limit: 1).first?.id ?? PropertyCompanyID(0)
            return (targets, stored)
        }

        func measure(_ path: String, targets: AnalyticsTargets, stored: Int) async throws {
            // The server under test, as operators run it; escalation once at start, then not again while measuring.
            let server = try ServeNode(options(path) + ["--port", "0", "--log-level", "error", "--escalation-interval", "86400"])
            defer { server.stop() }
            let base = server.base
            let pid = server.pid
            let peak = Mutex(0)
            let sampler = Task {
                while !Task.isCancelled {
                    peak.withLock { $0 = max($0, Overload.residentKiB(pid)) }
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            defer { sampler.cancel() }

            // The leader alone; then each client a city leader of its own (the server limits heavy reads per caller).
            var tokens = [try await Overload.login(base, "leader")]
            for i in 1...clients { tokens.append(try await Overload.login(base, String(format: "analyst%02d", i))) }
            try await Task.sleep(for: .seconds(settle))
            let started = Overload.residentKiB(pid)
            let client = AnalyticsClient(base: base, connections: clients + 4, timeout: timeout)
            var targets = targets
            let deepPage = try await DeepPage.resolve(depth: max(0, min(deep, stored - 20)), client: client, token: tokens[0])
            targets.deepPage = deepPage.path
            print("serving \(n(stored)) cases at \(base) (pid \(pid), \(started / 1024) MiB after \(settle) s); deep page by \(deepPage.how); "
                  + "committee \(targets.committeeName); \(`repeat`) requests alone, \(`repeat`) per client at \(clients)")

            let count = `repeat`
            var rows: [(probe: AnalyticsProbe, first: Latencies, alone: Latencies, together: Latencies)] = []
            for probe in AnalyticsProbe.all {
                let url = targets.fill(probe.path)
                var first = Latencies()
                let warm = await client.get(url, token: tokens[0])
                first.add(warm.status, warm.ms)
                var alone = Latencies()
                for i in 0..<`repeat` {
                    let answer = await client.get(url, token: tokens[i % tokens.count])
                    alone.add(answer.status, answer.ms)
                }
                let together = await withTaskGroup(of: Latencies.self) { group in
                    for c in 0..<clients {
                        let token = tokens[1 + c]
                        group.addTask {
                            var mine = Latencies()
                            for _ in 0..<count {
                                let answer = await client.get(url, token: token)
                                mine.add(answer.status, answer.ms)
                            }
                            return mine
                        }
                    }
                    var all = Latencies()
                    for await mine in group {
                        all.ms += mine.ms
                        all.failures.merge(mine.failures, uniquingKeysWith: +)
                    }
                    return all
                }
                rows.append((probe, first, alone, together))
                fflush(nil)  // standard output in order with the lines on standard error
                FileHandle.standardError.write(Data("  \(probe.name): p95 \(f1(alone.percentile(0.95))) ms alone, \(f1(together.percentile(0.95))) ms at \(clients)\n".utf8))
            }
            let hwm = Overload.statusKiB(pid, field: "VmHWM:")
            let rss = Double(max(hwm, peak.withLock { $0 })) / 1024

            let width = max(28, rows.map(\.probe.name.count).max() ?? 0)
            func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
            func lpad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
            print(pad("read", width) + lpad("first", 10) + lpad("p50", 10) + lpad("p95", 10) + lpad("p50@\(clients)", 10) + lpad("p95@\(clients)", 10) + "  (ms)")
            var failed: [String] = []
            for r in rows {
                print(pad(r.probe.name, width) + [r.first.percentile(0.5), r.alone.percentile(0.5), r.alone.percentile(0.95),
                                                   r.together.percentile(0.5), r.together.percentile(0.95)].map { lpad(f1($0), 10) }.joined())
                for (phase, l) in [("first", r.first), ("alone", r.alone), ("at \(clients)", r.together)] where !l.failures.isEmpty {
                    failed.append("\(r.probe.name) \(phase): \(l.failureText)")
                }
            }
            if !failed.isEmpty { print("not 200 (counted in the percentiles): " + failed.joined(separator: "; ")) }
            print("server memory: \(started / 1024) MiB after settling, peak \(Int(rss.rounded())) MiB (VmHWM); targets at 10,000,000 cases: "
                  + "p95 ≤ 50 ms alone, ≤ 200 ms at 16 clients, peak ≤ 1024 MiB")
            let p95max = rows.flatMap { [$0.alone.percentile(0.95), $0.together.percentile(0.95)] }.max() ?? .nan
            print("analytics: cases=\(stored) p95max=\(f1(p95max)) ms rss=\(Int(rss.rounded())) MB")
        }
    }
}

/// A count with thousands separators.
private func n(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return (value < 0 ? "-" : "") + out
}

private func f1(_ value: Double) -> String { value.isFinite ? String(format: "%.1f", value) : "-" }

private func rate(_ count: Int, _ seconds: Double) -> Int { seconds > 0 ? Int((Double(count) / seconds).rounded()) : 0 }
