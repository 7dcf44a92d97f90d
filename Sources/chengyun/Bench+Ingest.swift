import ArgumentParser
import ChengyunCore
import ChengyunDemo
import ChengyunHTTP
import ChengyunServer
import ChengyunServices
import ChengyunSQLite
import ChengyunStore
import Foundation
import Logging
import ServiceLifecycle

extension Bench {
    /// 感知接入 — readings over HTTP in batches while thousands of alarm rules are evaluated, against the store's own
    /// batched insert rate of the same rows (the ceiling).
    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Readings in over HTTP (batches of the compact bulk form) with alarm rules evaluated, against the store's raw insert rate.",
            discussion: """
                Builds a small city with --streams datastreams (water level, rainfall, gas, power …) and --rules alarm rules \
                (mostly thresholds on one datastream, a share of them opening cases, the rest rules by kind over districts), \
                starts the server on loopback and drives POST /api/v1/sensing/readings with wrk: --batch readings a request, \
                a few of them over the thresholds so that alarms are raised and cases opened. Then, with no server and no \
                rules, the store's own appendObservations rate with the same batches (the ceiling). Prints obs/s, the \
                request p50/p99, alarm → case p50/p99 and the ceiling.
                """)
        @Option(help: "Datastreams (one device each).") var streams = 20_000
        @Option(help: "Alarm rules in force.") var rules = 10_000
        @Option(help: "Readings in one request.") var batch = 1_000
        @Option(help: "Concurrent connections.") var connections = 16
        @Option(help: "wrk threads.") var threads = 2
        @Option(help: "Seconds of the run.") var seconds = 20
        @Option(help: "One reading in this many is over its threshold.") var alarmEvery = 20_000
        @Option(help: "A PostgreSQL database (postgres://…, empty or a city this bench made) instead of a temporary SQLite file.") var database: String?
        @Option(help: "The data keys file of --database.") var dataKeys: String?

        func run() async throws {
            guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                fail("wrk is not installed: run scripts/setup.sh (apt-get install wrk)")
            }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-ingest-\(ProcessInfo.processInfo.processIdentifier)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            var logger = Logger(label: "chengyun-bench")
            logger.logLevel = .warning
            let store: any DeploymentStore
            if let database {
                store = try await DatabaseOptions.parse(["--database", database] + (dataKeys.map { ["--data-keys", $0] } ?? [])).open(.create).store
            } else {
                store = try SQLiteStore(path: dir.appendingPathComponent("ingest.sqlite").path, cipher: try AESFieldCipher(keyFile: AESFieldCipher.newKeyFile()))
            }
            let platform = Platform(store: store, logger: logger)
            let city = try await sensorCity(store, platform: platform)
            try await platform.sensing.loadRules()

            let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
            var limits = ServerLimits()
            limits.load.requestsPerWindow = 10_000_000
            let app = ServerBuilder.application(platform: platform, host: "127.0.0.1", port: 0, escalationInterval: .seconds(3600), limits: limits,
                                                logger: logger, onRunning: { portSink.yield($0) })
            let group = ServiceGroup(configuration: .init(services: [.init(service: app)], logger: logger))
            let server = Task { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { fail("server did not start") }
            print("city: \(city.streams) datastreams, \(city.rules) alarm rules (\(city.caseRules) open cases); batches of \(batch), \(connections) connections, \(seconds) s; "
                  + (database == nil ? "SQLite" : "PostgreSQL"))
            let casesBefore = try await Intake.stored(store).all
            let result = try Wrk.run(wrk, ["-t\(threads)", "-c\(connections)", "-d\(seconds)s", "--latency", "-s", try script(dir, city).path, "http://127.0.0.1:\(port)"])
            await group.triggerGracefulShutdown()
            try await server.value
            let latency = platform.sensing.alarmCaseLatency.summary()
            let cases = try await Intake.stored(store).all - casesBefore
            let rate = result.rate * Double(batch)
            print(String(format: "ingest   POST /sensing/readings %9.0f obs/s (%.0f requests/s)  p50 %7.2f ms   p99 %7.2f ms   errors %d",
                         rate, result.rate, result.p50, result.p99, result.errors))
            print(String(format: "alarms   %d cases opened; alarm → case p50 %.1f ms   p99 %.1f ms (target ≤ 500 ms)", cases, latency.p50, latency.p99))
            let ceiling = try await rawRate(store, city: city)
            print(String(format: "ceiling  appendObservations  %9.0f obs/s (the same batches, no HTTP, no rules)", ceiling))
            print(String(format: "ingest: obs=%.0f/s ceiling=%.0f/s alarm_case_p99=%.1f ms (target ≥ 200000 obs/s)", rate, ceiling, latency.p99))
        }

        struct City {
            var first: Int64
            var streams: Int
            var rules: Int
            var caseRules: Int
            var key: String
        }

        /// Devices and datastreams over a lattice city, and the rules; a bench city already in the database is reused.
        func sensorCity(_ store: any DeploymentStore, platform: Platform) async throws -> City {
            if try await store.children(of: nil).isEmpty {
                var options = DemoOptions()
                options.layout = .lattice
                options.grids = 400
                options.cases = 0
                // Its own devices and rules only: the demo's rules by kind would fire on the bench's readings.
                options.sensors = false
                _ = try await DemoCity.generate(options, store: store, platform: platform, now: Date())
            } else {
                try await platform.reload()
            }
            guard let cityNode = try await store.children(of: nil).first else { fail("no city") }
            let districts = try await store.children(of: cityNode.id)
            let grids = try await store.nodes(under: cityNode.path, kinds: [.grid], limit: nil, offset: 0)
            let key = Secrets.newSecret(prefix: "cyk_")
            _ = try await store.createAPIKey(name: "bench-gateway-\(UUID().uuidString.prefix(8))", keyHash: Secrets.secretHash(key), sources: [.sensor], nodeID: cityNode.id)
            let existing = try await store.datastreams(SensingQuery(orderBy: [SensingOrder(.id)], top: 1, count: true, scope: SensingScope(paths: [cityNode.path])))
            if let first = existing.items.first, (existing.total ?? 0) >= streams {
                let rules = try await store.alarmRules()
                return City(first: first.id.rawValue, streams: streams, rules: rules.count, caseRules: rules.filter { $0.categoryID != nil }.count, key: key)
            }
            let sensor = try await store.createSensor(SensorModel(id: SensorID(0), name: "bench", description: "", encodingType: "application/pdf", metadata: ""))
            let kinds: [DeviceKind] = [.waterLevel, .rainfall, .tide, .wind, .gasMains, .manholeCover, .bridgeStrain, .smoke, .elevator, .power]
            var properties: [DeviceKind: ObservedProperty] = [:]
            for kind in kinds {
                let m = kind.measure
                properties[kind] = try await store.createObservedProperty(ObservedProperty(id: ObservedPropertyID(0), code: m.property, name: m.name, definition: m.definition, description: ""))
            }
            let bar = ProgressBar(label: "devices")
            let measured = properties
            var made: [Datastream] = []
            made.reserveCapacity(streams)
            try await withThrowingTaskGroup(of: Datastream.self) { group in
                for i in 0..<streams {
                    if i >= 32 { made.append(try await group.next()!) }
                    group.addTask {
                        let kind = kinds[i % kinds.count], grid = grids[i % grids.count]
                        let device = try await store.createDevice(DeviceDraft(code: "BENCH-\(UUID().uuidString.prefix(12))", name: "\(kind.chineseName) \(i)", kind: kind, location: nil, owner: "bench"),
                                                                  nodeID: grid.id, nodePath: grid.path)
                        let m = kind.measure
                        return try await store.createDatastream(Datastream(id: DatastreamID(0), deviceID: device.id, name: m.name, sensorID: sensor.id, propertyID: measured[kind]!.id,
                                                                           property: m.property, unitName: m.unitName, unitSymbol: m.unitSymbol, kind: kind, nodePath: grid.path))
                    }
                    if i % 500 == 0 { bar.update(i, streams, "devices and datastreams") }
                }
                for try await s in group { made.append(s) }
            }
            bar.update(streams, streams, "done")
            made.sort { $0.id < $1.id }
            // Rules: thresholds on single datastreams (one in ten opens a 道路积水 case), and rules by kind over districts.
            let byKind = min(rules / 100, districts.count * kinds.count)
            var caseRules = 0
            for i in 0..<(rules - byKind) {
                let s = made[i % made.count]
                let opens = i % 10 == 0
                if opens { caseRules += 1 }
                _ = try await store.createAlarmRule(AlarmRule(id: AlarmRuleID(0), name: "阈值 \(i)", level: .yellow, nodeID: grids[0].id, nodePath: s.nodePath,
                                                              target: AlarmRule.Target(datastreamID: s.id), trigger: .threshold(raise: 100, clear: 50),
                                                              categoryID: opens ? "event:0405" : nil))
            }
            for i in 0..<byKind {
                let d = districts[i % districts.count], kind = kinds[(i / districts.count) % kinds.count]
                _ = try await store.createAlarmRule(AlarmRule(id: AlarmRuleID(0), name: "\(d.name)\(kind.chineseName)", level: .blue, nodeID: d.id, nodePath: d.path,
                                                              target: AlarmRule.Target(kind: kind), trigger: .threshold(raise: 150, clear: 120, sustainSeconds: 60)))
            }
            return City(first: made[0].id.rawValue, streams: made.count, rules: rules, caseRules: caseRules, key: key)
        }

        /// wrk's script: each request `batch` readings of random datastreams at times unique to the thread and request.
        func script(_ dir: URL, _ city: City) throws -> URL {
            let url = dir.appendingPathComponent("ingest.lua")
            let base = Int64(Date().timeIntervalSince1970 * 1000) - 3_600_000
            try """
                local threads = 0
                setup = function(thread)
                  thread:set("id", threads)
                  threads = threads + 1
                end
                local n = 0
                local first, count, every = \(city.first), \(city.streams), \(alarmEvery)
                request = function()
                  n = n + 1
                  local t0 = \(base) + (n * 16 + id) * 5
                  local lines = {}
                  for i = 1, \(batch) do
                    local v = 1 + math.random() * 10
                    if math.random(every) == 1 then v = 200 end
                    lines[i] = string.format("%d,%d,%.2f", first + math.random(count) - 1, t0, v)
                  end
                  return wrk.format("POST", "/api/v1/sensing/readings", {["Content-Type"]="text/csv", ["Authorization"]="Bearer \(city.key)"}, table.concat(lines, "\\n"))
                end
                """.write(to: url, atomically: true, encoding: .utf8)
            return url
        }

        /// The store's own rate: the same batches straight into appendObservations from `connections` tasks.
        func rawRate(_ store: any DeploymentStore, city: City) async throws -> Double {
            let base = Int64(Date().timeIntervalSince1970 * 1000) - 7_200_000
            let deadline = ContinuousClock.now + .seconds(max(5, seconds / 2))
            let start = ContinuousClock.now
            let streams = city.streams, first = city.first, batch = self.batch
            let stored = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in 0..<connections {
                    group.addTask {
                        var n = 0, total = 0
                        while ContinuousClock.now < deadline {
                            n += 1
                            let t = base + Int64(n * 64 + worker) * 5
                            let readings = (0..<batch).map { _ in
                                Observation(datastreamID: DatastreamID(first + Int64.random(in: 0..<Int64(streams))), time: t, result: Double.random(in: 1...11))
                            }
                            total += try await store.appendObservations(readings).count
                        }
                        return total
                    }
                }
                return try await group.reduce(0, +)
            }
            let elapsed = ContinuousClock.now - start
            return Double(stored) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }
}
