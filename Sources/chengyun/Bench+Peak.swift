import ArgumentParser
import ChengyunCore
import ChengyunDemo
import ChengyunServer
import ChengyunStore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

extension Bench {
    struct Peak: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The freeze after a task is pushed: every committee's worker signs in within a minute and loads their desk and base data.",
            discussion: """
                Builds a Shanghai-sized demo city (16 districts, 215 streets, 6,077 committees, their compounds, buildings, \
                houses and residents) with `chengyun demo` when --database holds none (reused when it does), starts \
                `chengyun serve` on it, and signs in each committee's community worker (cw.<code>) at an even pace over \
                --seconds, each then loading what their desk opens: who they are, their cases, their area's base-data \
                counts and compounds, and the sweeps over them — one connection a worker, requests one after another as \
                a browser tab sends them; every session stays open. Prints each kind's p50 and p99 in ms and errors, then \
                `p99` and `errors` over all. Figures go in docs/BENCHMARKS.md.
                """)
        @Option(help: "The city: a SQLite file or postgres://…; built there when it holds no city. Default: a temporary SQLite file.") var database: String?
        @Option(help: "The data keys file of --database.") var dataKeys: String?
        @Option(help: "Committees (one worker each).") var committees = 6_077
        @Option(help: "Streets of the city.") var streets = 215
        @Option(help: "Synthetic residents of the city's base data.") var residents = 600_000
        @Option(help: "Seconds over which the workers sign in.") var seconds = 60

        func run() async throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-peak-\(ProcessInfo.processInfo.processIdentifier)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let database = self.database ?? dir.appendingPathComponent("peak.sqlite").path
            let keys = dataKeys.map { ["--data-keys", $0] } ?? []
            let built = ContinuousClock.now
            let demo = Process()
            demo.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
            demo.arguments = ["demo", "--database", database] + keys + ["--districts", "16", "--streets", String(streets), "--committees", String(committees),
                                                                        "--grids", String(committees * 2), "--cases", "20000", "--days", "30",
                                                                        "--residents", String(residents), "--if-missing"]
            demo.standardOutput = FileHandle.nullDevice
            try demo.run()
            demo.waitUntilExit()
            guard demo.terminationStatus == 0 else { fail("chengyun demo failed (\(demo.terminationStatus))") }
            let store = try await DatabaseOptions.parse(["--database", database] + keys).open(.create).store
            let codes = try await store.nodes(under: "/", kinds: [.committee], limit: nil, offset: 0).map(\.code)
            print("city: \(codes.count) committees on \(database.hasPrefix("postgres") ? "PostgreSQL" : "SQLite") (ready in \(Int((ContinuousClock.now - built).components.seconds)) s)")

            // The server as deployed, but for the limit on anonymous calls per address: every sign-in here comes from
            // one address, where a city's come from thousands.
            let node = try ServeNode(["--database", database] + keys + ["--port", "0", "--log-level", "error", "--escalation-interval", "3600"],
                                     environment: ["CHENGYUN_LOAD_PUBLIC_REQUESTS_PER_WINDOW": "10000000"])
            defer { node.stop() }
            guard let url = URL(string: node.base), let host = url.host, let port = url.port else { fail("no address: \(node.base)") }
            try await Task.sleep(for: .seconds(1))

            let stats = PeakStats()
            let gap = Duration.seconds(seconds) / max(1, codes.count)
            let start = ContinuousClock.now
            print("signing in \(codes.count) workers over \(seconds) s …")
            await withTaskGroup(of: Void.self) { tasks in
                for (i, code) in codes.enumerated() {
                    tasks.addTask {
                        try? await Task.sleep(until: start + gap * i, clock: .continuous)
                        await Self.work("cw.\(code)", host: host, port: port, stats: stats, start: start)
                    }
                }
            }
            stats.print(elapsed: ContinuousClock.now - start, workers: codes.count)
        }

        /// What a worker's desk loads after signing in, in order.
        static let loads: [(kind: String, path: String)] = [
            ("me", "/api/v1/me"), ("desk", "/api/v1/cases?limit=50"), ("baseCounts", "/api/v1/base-data/counts"),
            ("compounds", "/api/v1/compounds?limit=50"), ("sweeps", "/api/v1/sweeps?limit=20"),
        ]

        static func work(_ username: String, host: String, port: Int, stats: PeakStats, start: ContinuousClock.Instant) async {
            stats.began()
            defer { stats.ended() }
            do {
                try await PeakConnection.with(host: host, port: port, group: MultiThreadedEventLoopGroup.singleton) { send in
                    let login = #"{"username":"\#(username)","password":"\#(DemoCity.password)"}"#
                    let began = ContinuousClock.now
                    let reply = try await send(.POST, "/api/v1/auth/login", nil, login)
                    stats.record("signIn", ContinuousClock.now - began, status: reply.status)
                    guard reply.status == 200 else { return }
                    stats.signedIn(at: ContinuousClock.now - start)
                    guard let token = (try? JSONSerialization.jsonObject(with: Data(reply.body.readableBytesView)) as? [String: Any])?["token"] as? String else {
                        throw PeakError.noToken
                    }
                    for load in loads {
                        let began = ContinuousClock.now
                        let reply = try await send(.GET, load.path, token, nil)
                        stats.record(load.kind, ContinuousClock.now - began, status: reply.status)
                    }
                }
            } catch {
                stats.failed("\(error)")
            }
        }
    }
}

/// What `bench peak` saw: each kind's latencies and refusals, the sign-ins' times, the workers under way at once.
final class PeakStats: Sendable {
    struct Seen {
        var latencies: [String: [Double]] = [:]
        var refused: [String: [Int: Int]] = [:]
        var failures: [String: Int] = [:]
        var lastSignIn: Duration = .zero
        var signedIn = 0
        var running = 0
        var mostRunning = 0
    }
    let seen = Mutex(Seen())

    func began() { seen.withLock { $0.running += 1; $0.mostRunning = max($0.mostRunning, $0.running) } }
    func ended() { seen.withLock { $0.running -= 1 } }
    func signedIn(at: Duration) { seen.withLock { $0.signedIn += 1; $0.lastSignIn = max($0.lastSignIn, at) } }
    func failed(_ what: String) { seen.withLock { $0.failures[String(what.prefix(80)), default: 0] += 1 } }

    func record(_ kind: String, _ took: Duration, status: Int) {
        let ms = Double(took.components.seconds) * 1000 + Double(took.components.attoseconds) / 1e15
        seen.withLock {
            $0.latencies[kind, default: []].append(ms)
            if !(200..<300).contains(status) { $0.refused[kind, default: [:]][status, default: 0] += 1 }
        }
    }

    func print(elapsed: Duration, workers: Int) {
        let s = seen.withLock { $0 }
        func quantile(_ xs: [Double], _ q: Double) -> Double {
            guard !xs.isEmpty else { return 0 }
            let sorted = xs.sorted()
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.up)) - 1)]
        }
        let kinds = ["signIn"] + Bench.Peak.loads.map(\.kind)
        Swift.print("kind          requests    p50 ms    p99 ms    max ms   refused")
        var all: [Double] = []
        var errors = s.failures.values.reduce(0, +)
        for kind in kinds {
            let xs = s.latencies[kind] ?? []
            all += xs
            let refused = (s.refused[kind] ?? [:]).values.reduce(0, +)
            errors += refused
            let detail = (s.refused[kind] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.value)×\($0.key)" }.joined(separator: " ")
            Swift.print(kind.padding(toLength: 12, withPad: " ", startingAt: 0)
                        + String(format: "%10d %9.1f %9.1f %9.1f   ", xs.count, quantile(xs, 0.5), quantile(xs, 0.99), xs.max() ?? 0) + (detail.isEmpty ? "0" : detail))
        }
        for (what, n) in s.failures.sorted(by: { $0.value > $1.value }) { Swift.print("  failed \(n)×: \(what)") }
        Swift.print(String(format: "workers %d, signed in %d (the last after %.1f s), sessions held %d, most workers under way at once %d, run %.1f s",
                           workers, s.signedIn, Double(s.lastSignIn.components.seconds) + Double(s.lastSignIn.components.attoseconds) / 1e18, s.signedIn,
                           s.mostRunning, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        Swift.print(String(format: "p99 %.1f ms, errors %d", quantile(all, 0.99), errors))
    }
}
