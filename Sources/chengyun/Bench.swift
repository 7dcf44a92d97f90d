import ArgumentParser
import ChengyunCore
import ChengyunDemo
import ChengyunHTTP
import ChengyunPostgres
import ChengyunServer
import ChengyunServices
import ChengyunSQLite
import ChengyunStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Benchmarks (figures go in docs/BENCHMARKS.md).", subcommands: [Intake.self, Overload.self, Analytics.self, Ingest.self, Peak.self, StatusMaps.self, Hazards.self])

    struct Intake: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Case intake over HTTP against a city of 50,000 grids with rule dispatch, compared with a trivial route.",
            discussion: """
                Builds a city in a temporary database, starts the server on loopback, and drives it with wrk (Debian package \
                'wrk', installed by scripts/setup.sh): first GET /ping (the ceiling of this server on this machine), then \
                POST /api/v1/cases as the 12345 hotline with random places and categories, each case resolved to its grid, \
                accepted and dispatched by rule and committed durably. Prints cases/s, p50/p99 latency and the ratio to the ceiling.
                """)
        @Option(help: "Grids in the benchmark city.") var grids = 50_000
        @Option(help: "Concurrent connections.") var connections = 64
        @Option(help: "wrk threads.") var threads = 2
        @Option(help: "Seconds per run.") var seconds = 15
        @Option(help: "Durability of a commit: process or power (see serve --help).") var durability = "process"
        @Option(help: "A PostgreSQL database (postgres://…) to run the nodes on, as their own processes: the bench city is built there when it is empty, reused when it holds one. Without it, one in-process server on a temporary SQLite file.") var database: String?
        @Option(help: "The data keys file of --database.") var dataKeys: String?
        @Option(help: "With --database: `chengyun serve` processes on it.") var nodes = 1
        @Flag(help: "With --database: nginx in front of the nodes (always with more than one); the ceiling is measured through it too.") var nginx = false

        func run() async throws {
            guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                fail("wrk is not installed: run scripts/setup.sh (apt-get install wrk)")
            }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-bench-\(ProcessInfo.processInfo.processIdentifier)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            if let database {
                guard database.hasPrefix("postgres"), nodes >= 1 else { fail("--database takes postgres://…, --nodes at least 1") }
                return try await runNodes(database, wrk: wrk, dir: dir)
            }
            guard nodes == 1, !nginx else { fail("several nodes and nginx need --database postgres://…") }
            var logger = Logger(label: "chengyun-bench")
            logger.logLevel = .warning
            guard let level = SQLiteStore.Durability(rawValue: durability) else { fail("--durability is 'process' or 'power'") }
            let cipher = try AESFieldCipher(keyFile: AESFieldCipher.newKeyFile())
            let store = try SQLiteStore(path: dir.appendingPathComponent("bench.sqlite").path, durability: level, cipher: cipher)
            let platform = Platform(store: store, logger: logger)
            let city = try await benchCity(store: store, platform: platform)

            let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
            // One 12345 key drives the whole run: its per-caller rate limit (600 per 10 s) would measure the limiter,
            // not intake.
            var limits = ServerLimits()
            limits.load.requestsPerWindow = 10_000_000
            let app = ServerBuilder.application(platform: platform, host: "127.0.0.1", port: 0, escalationInterval: .seconds(3600), limits: limits,
                                                logger: logger, onRunning: { portSink.yield($0) })
            let group = ServiceGroup(configuration: .init(services: [.init(service: app)], logger: logger))
            let server = Task { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { fail("server did not start") }
            print("city: \(city.summary); \(connections) connections, \(threads) threads, \(seconds) s per run, durability \(durability)")
            let (ceiling, intake) = try drive(wrk, base: "http://127.0.0.1:\(port)", script: try script(dir, city))
            await group.triggerGracefulShutdown()
            try await server.value
            try await report(store, before: 0, ceiling: ceiling, intake: intake)
        }

        /// The city's intake needs: a 12345 key, the categories and the city's box; built first when `store` is empty.
        struct City {
            var summary: String
            var key: String
            var categories: String
            var box: BoundingBox
        }

        func benchCity(store: any ChengyunStore, platform: Platform) async throws -> City {
            var summary = "reused"
            if try await store.children(of: nil).isEmpty {
                var options = DemoOptions()
                // The lattice tiles its whole box, so every random place of the box below lies in a grid.
                options.layout = .lattice
                options.grids = grids
                options.cases = 0
                options.sensors = false  // intake is measured without the demo's sensor network, as before it existed
                let bar = ProgressBar(label: "bench city")
                let made = try await DemoCity.generate(options, store: store, platform: platform, now: Date(), progress: bar.update)
                summary = "\(made.grids) grids, \(made.rules) dispatch rules"
            } else {
                try await platform.reload()  // the reused city's taxonomy, for the categories reported
            }
            guard let city = try await store.children(of: nil).first else { fail("no city") }
            let key = Secrets.newSecret(prefix: "cyk_")
            _ = try await store.createAPIKey(name: "bench-12345-\(UUID().uuidString.prefix(8))", keyHash: Secrets.secretHash(key), sources: [.hotline], nodeID: city.id)
            guard let box = try await store.area(of: city.id)?.boundingBox else { fail("city has no boundary") }
            return City(summary: summary, key: key, categories: platform.data.taxonomy.categories.map { "\"\($0.id)\"" }.joined(separator: ","), box: box)
        }

        /// wrk's script: reports as the 12345 hotline with random places and categories.
        func script(_ dir: URL, _ city: City) throws -> URL {
            let script = dir.appendingPathComponent("intake.lua")
            let box = city.box
            try """
                local cats = {\(city.categories)}
                local n = 0
                request = function()
                  n = n + 1
                  local lon = \(box.minLon) + math.random() * \(box.maxLon - box.minLon)
                  local lat = \(box.minLat) + math.random() * \(box.maxLat - box.minLat)
                  local body = string.format('{"source":"hotline","categoryID":"%s","description":"bench %d","location":{"lon":%.7f,"lat":%.7f}}', cats[math.random(#cats)], n, lon, lat)
                  return wrk.format("POST", "/api/v1/cases", {["Content-Type"]="application/json", ["Authorization"]="Bearer \(city.key)"}, body)
                end
                """.write(to: script, atomically: true, encoding: .utf8)
            return script
        }

        /// The trivial route, then intake, at `base`.
        func drive(_ wrk: String, base: String, script: URL) throws -> (Wrk.Result, Wrk.Result) {
            let ceiling = try Wrk.run(wrk, ["-t\(threads)", "-c\(connections)", "-d\(seconds)s", "--latency", "\(base)/ping"])
            let intake = try Wrk.run(wrk, ["-t\(threads)", "-c\(connections)", "-d\(seconds)s", "--latency", "-s", script.path, base])
            return (ceiling, intake)
        }

        /// The cases stored now (counted by state in the database: a list's total stops at 10,000).
        static func stored(_ store: any ChengyunStore) async throws -> (all: Int, dispatched: Int) {
            let counts = try await store.stateCounts(.init(scope: .everything, limit: nil))
            return (counts.map(\.count).reduce(0, +), counts.filter { $0.state == .dispatched }.map(\.count).reduce(0, +))
        }

        func report(_ store: any ChengyunStore, before: Int, ceiling: Wrk.Result, intake: Wrk.Result) async throws {
            let (stored, dispatched) = try await Self.stored(store)
            print(String(format: "ceiling  GET /ping        %9.0f req/s   p50 %7.2f ms   p99 %7.2f ms", ceiling.rate, ceiling.p50, ceiling.p99))
            print(String(format: "intake   POST /cases      %9.0f cases/s p50 %7.2f ms   p99 %7.2f ms   errors %d", intake.rate, intake.p50, intake.p99, intake.errors))
            print(String(format: "ratio    %.1f %% of the ceiling (target ≥ 40 %%, p99 ≤ 25 ms)", 100 * intake.rate / max(ceiling.rate, 1)))
            print("stored   \(stored - before) cases this run (\(stored) in all), \(dispatched) dispatched by rule in all")
        }

        /// Intake on PostgreSQL: `nodes` `chengyun serve` processes, behind nginx when asked or when more than one.
        func runNodes(_ database: String, wrk: String, dir: URL) async throws {
            let options = ["--database", database] + (dataKeys.map { ["--data-keys", $0] } ?? [])
            let store = try await DatabaseOptions.parse(options).open(.create).store
            var logger = Logger(label: "chengyun-bench")
            logger.logLevel = .warning
            let city = try await benchCity(store: store, platform: Platform(store: store, logger: logger))
            let before = try await Self.stored(store).all
            // One 12345 key drives the whole run: its per-caller rate limit would measure the limiter, not intake.
            let servers = try (0..<nodes).map { _ in
                try ServeNode(options + ["--port", "0", "--log-level", "error", "--escalation-interval", "3600"],
                              environment: ["CHENGYUN_LOAD_REQUESTS_PER_WINDOW": "10000000"])
            }
            defer { servers.forEach { $0.stop() } }
            var base = servers[0].base
            var front: NginxFront?
            if nginx || nodes > 1 {
                guard FileManager.default.isExecutableFile(atPath: NginxFront.executable) else { fail("nginx is not installed: run scripts/setup.sh") }
                let made = try NginxFront(folder: dir.appendingPathComponent("nginx"), upstreams: servers.map(\.base), port: try NginxFront.freePort())
                let started = try made.start()
                guard started.status == 0 else { fail("nginx did not start: \(started.output)") }
                front = made
                base = made.base
            }
            defer { front?.stop() }
            try await Task.sleep(for: .seconds(2))
            print("city: \(city.summary); \(nodes) node\(nodes == 1 ? "" : "s") on \((try? PostgresURL(database))?.description ?? "PostgreSQL")\(front == nil ? "" : " behind nginx"); "
                  + "\(connections) connections, \(threads) threads, \(seconds) s per run")
            let (ceiling, intake) = try drive(wrk, base: base, script: try script(dir, city))
            try await report(store, before: before, ceiling: ceiling, intake: intake)
        }
    }
}

/// A `chengyun serve` process of this binary on loopback, its address read from its first line.
final class ServeNode: Sendable {
    let process: Process
    let base: String

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        process.arguments = ["serve"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = ""
        while !line.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { fail("the server did not start") }
            line += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = line.range(of: #"http://[0-9.]+:[0-9]+"#, options: .regularExpression) else { fail("no address in: \(line)") }
        self.process = process
        base = String(line[range])
    }

    var pid: Int32 { process.processIdentifier }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

/// Runs wrk (Debian's package) and reads its summary.
enum Wrk {
    struct Result {
        var rate: Double
        var p50: Double
        var p99: Double
        var errors: Int
        /// wrk's whole output (a script's `done` prints its own lines there).
        var output = ""
    }

    static func run(_ wrk: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return parse(output)
    }

    /// The summary wrk printed.
    static func parse(_ output: String) -> Result {
        func number(after label: String) -> Double? {
            guard let line = output.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }) else { return nil }
            return Double(line.split(separator: " ").last.map(String.init) ?? "")
        }
        func latency(_ percentile: String) -> Double {
            guard let line = output.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(percentile) }),
                  let value = line.split(separator: " ").last else { return .nan }
            let text = String(value)
            for (unit, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(unit) {
                return (Double(text.dropLast(unit.count)) ?? .nan) * factor
            }
            return .nan
        }
        let errors = output.split(separator: "\n").first { $0.contains("Non-2xx") }.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        return Result(rate: number(after: "Requests/sec:") ?? 0, p50: latency("50%"), p99: latency("99%"), errors: errors, output: output)
    }
}
