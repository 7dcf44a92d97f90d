import ArgumentParser
import ChengyunCore
import ChengyunDemo
import ChengyunServices
import ChengyunSQLite
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import Synchronization

extension Bench {
    /// `chengyun bench overload` — issue 14's load-shedding target: staff p99 ≤ 1 s, peak memory ≤ 1 GB, no crash.
    struct Overload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Floods the real server with the dearest requests and measures a staff member's reads beside them.",
            discussion: """
                Builds a demo city (or uses --database), starts `chengyun serve` as its own process, and for --seconds drives \
                --connections connections with wrk (half a leader's KPIs, rankings, hotspots, trend and map; half anonymous \
                Open311 reads), while a duty officer reads the case list and their own profile every --trickle-ms. Prints \
                the duty officer's p50/p99, how many flood requests were answered, shed with 503 or limited with 429, the \
                server's peak memory and whether it survived.
                """)
        @Option(help: "A demo city's database to reuse (built there if missing).") var database: String?
        @Option(help: "Cases in the demo city.") var cases = 50_000
        @Option(help: "Days the cases span.") var days = 365
        @Option(help: "Concurrent flood connections in all.") var connections = 512
        @Option(help: "Seconds of flood.") var seconds = 60
        @Option(help: "Milliseconds between the duty officer's reads.") var trickleMs = 200
        @Option(help: "Seconds to let the server settle (it reads the last 60 days' cases at start) before the flood.") var settle = 20

        func run() async throws {
            guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                fail("wrk is not installed: run scripts/setup.sh (apt-get install wrk)")
            }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-overload-\(ProcessInfo.processInfo.processIdentifier)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let db = database ?? dir.appendingPathComponent("city.sqlite").path
            if !FileManager.default.fileExists(atPath: db) {
                var logger = Logger(label: "chengyun-bench")
                logger.logLevel = .warning
                let store = try SQLiteStore(path: db)
                let platform = Platform(store: store, logger: logger)
                var options = DemoOptions()
                options.cases = cases
                options.days = days
                let bar = ProgressBar(label: "bench city")
                _ = try await DemoCity.generate(options, store: store, platform: platform, now: Date(), progress: bar.update)
            }

            // The server under test, as operators run it.
            let server = try ServeNode(["--database", db, "--port", "0", "--log-level", "error"])
            defer { server.stop() }
            let base = server.base
            let leader = try await Self.login(base, "leader")
            let duty = try await Self.login(base, "duty")
            try await Task.sleep(for: .seconds(settle))

            func script(_ name: String, _ paths: [String], token: String?) throws -> String {
                let file = dir.appendingPathComponent(name)
                let list = paths.map { "\"\($0)\"" }.joined(separator: ",")
                let auth = token.map { #"["Authorization"]="Bearer \#($0)""# } ?? ""
                try """
                    local paths = {\(list)}
                    local threads = {}
                    function setup(thread) table.insert(threads, thread) end
                    function init(args) counts = {}; i = 0 end
                    function request() i = i + 1; return wrk.format("GET", paths[(i % #paths) + 1], {\(auth)}) end
                    function response(status) counts[status] = (counts[status] or 0) + 1 end
                    function done()
                      for _, t in ipairs(threads) do
                        for status, n in pairs(t:get("counts")) do io.write(string.format("status %d %d\\n", status, n)) end
                      end
                    end
                    """.write(to: file, atomically: true, encoding: .utf8)
                return file.path
            }
            let staffPaths = ["/api/v1/kpis", "/api/v1/rankings?of=departments", "/api/v1/hotspots?days=365", "/api/v1/kpis/trend?days=90",
                              "/api/v1/map/cases?days=90"]
            let publicPaths = ["/open311/v2/requests.json", "/open311/v2/services.json", "/open311/v2/requests.json?status=closed"]
            let half = max(1, connections / 2)
            let floods = [
                try Self.start(wrk, ["-t1", "-c\(half)", "-d\(seconds)s", "--timeout", "15s", "-s", try script("staff.lua", staffPaths, token: leader), base]),
                try Self.start(wrk, ["-t1", "-c\(connections - half)", "-d\(seconds)s", "--timeout", "15s", "-s", try script("public.lua", publicPaths, token: nil), base]),
            ]

            // The duty officer's reads and the server's memory, while the flood lasts.
            let peak = Mutex(0)
            let sampler = Task {
                while !Task.isCancelled {
                    peak.withLock { $0 = max($0, Self.residentKiB(server.pid)) }
                    try? await Task.sleep(for: .milliseconds(250))
                }
            }
            var latencies: [Double] = []
            var byPath: [String: [Double]] = [:]
            var staffFailures: [Int: Int] = [:]
            let end = Date().addingTimeInterval(Double(seconds))
            var n = 0
            while Date() < end {
                n += 1
                let path = n % 2 == 0 ? "/api/v1/me" : "/api/v1/cases?limit=20"
                let started = Date()
                let status = await Self.get(base + path, token: duty)
                latencies.append(Date().timeIntervalSince(started))
                byPath[path, default: []].append(Date().timeIntervalSince(started))
                if status != 200 { staffFailures[status, default: 0] += 1 }
                try await Task.sleep(for: .milliseconds(trickleMs))
            }
            var statuses: [Int: Int] = [:]
            for flood in floods {
                let output = String(decoding: flood.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                flood.process.waitUntilExit()
                for l in output.split(separator: "\n") where l.hasPrefix("status ") {
                    let parts = l.split(separator: " ")
                    if parts.count == 3, let s = Int(parts[1]), let c = Int(parts[2]) { statuses[s, default: 0] += c }
                }
            }
            sampler.cancel()
            let health = await Self.get(base + "/healthz", token: nil)
            let alive = server.process.isRunning && health == 200
            let hwm = Self.statusKiB(server.pid, field: "VmHWM:")
            let peakMiB = Double(max(hwm, peak.withLock { $0 })) / 1024
            latencies.sort()
            func percentile(_ p: Double) -> Double { latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 1000 }
            let total = statuses.values.reduce(0, +)
            func share(_ s: Int) -> Double { total == 0 ? 0 : 100 * Double(statuses[s, default: 0]) / Double(total) }
            print("flood: \(connections) connections for \(seconds) s (half a leader's KPIs/rankings/hotspots/trend/map, half anonymous Open311)")
            print(String(format: "staff    %d reads  p50 %.0f ms  p99 %.0f ms  max %.0f ms  failed %d   (target p99 ≤ 1000 ms)",
                         latencies.count, percentile(0.5), percentile(0.99), (latencies.last ?? .nan) * 1000, staffFailures.values.reduce(0, +)))
            for (path, values) in byPath.sorted(by: { $0.key < $1.key }) {
                let v = values.sorted()
                print(String(format: "  %-24@ p50 %.0f ms  max %.0f ms", path as NSString, v[v.count / 2] * 1000, (v.last ?? 0) * 1000))
            }
            if !staffFailures.isEmpty { print("  failures by status: \(staffFailures.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", "))") }
            print(String(format: "flood    %d answers: %.1f %% 200, %.1f %% shed with 503, %.1f %% limited with 429, %d other",
                         total, share(200), share(503), share(429), total - statuses[200, default: 0] - statuses[503, default: 0] - statuses[429, default: 0]))
            print(String(format: "memory   peak %.0f MiB (target ≤ 1024 MiB)", peakMiB))
            print("crashes  \(alive ? 0 : 1)")
        }

        static func start(_ wrk: String, _ arguments: [String]) throws -> (process: Process, output: Pipe) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: wrk)
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            return (process, pipe)
        }

        static func login(_ base: String, _ username: String) async throws -> String {
            var request = URLRequest(url: URL(string: base + "/api/v1/auth/login")!)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(#"{"username":"\#(username)","password":"\#(DemoCity.password)"}"#.utf8)
            let (data, _) = try await URLSession.shared.data(for: request)
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any], let token = object["token"] as? String else {
                fail("could not sign in as \(username): \(String(decoding: data, as: UTF8.self))")
            }
            return token
        }

        /// The status of a GET, or 0 when it failed or took over 15 s.
        static func get(_ url: String, token: String?) async -> Int {
            var request = URLRequest(url: URL(string: url)!, timeoutInterval: 15)
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            guard let (_, response) = try? await URLSession.shared.data(for: request) else { return 0 }
            return (response as? HTTPURLResponse)?.statusCode ?? 0
        }

        static func residentKiB(_ pid: Int32) -> Int { statusKiB(pid, field: "VmRSS:") }

        /// A field of /proc/PID/status in KiB (VmRSS now, VmHWM the peak).
        static func statusKiB(_ pid: Int32, field: String) -> Int {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field) }) else { return 0 }
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
    }
}
