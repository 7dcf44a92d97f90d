import ArgumentParser
import ChengyunCore
import ChengyunServer
import ChengyunServices
import ChengyunStore
import Foundation
import Logging

extension Bench {
    /// 房态图 at a city's size: every committee drawn once, timed one by one, then the reads of the maps and counts.
    struct StatusMaps: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status-maps",
            abstract: "Draws every committee's status maps (the daily run) on an existing city and times it, then the maps' reads.",
            discussion: """
                Opens the city in --database (an SQLite file or postgres://…, e.g. one made by `chengyun demo`), draws each \
                committee's maps under the rules in force one after another as the daily job does, and prints the whole run's \
                time, each committee's p50/p99/max and the houses drawn; then reads, --repeat times each, the counts of the \
                city, a district, a street and a committee, a compound's plan and a building floor by floor, and prints \
                their p50/p95. Figures go in docs/BENCHMARKS.md.
                """)
        @Option(help: "The city's database: an SQLite file or postgres://….") var database: String
        @Option(help: "The data keys file of the database (a PostgreSQL database needs it named).") var dataKeys: String?
        @Option(help: "Requests per read.") var `repeat` = 20

        func run() async throws {
            var logger = Logger(label: "chengyun-bench")
            logger.logLevel = .warning
            let store = try await DatabaseOptions.parse(["--database", database] + (dataKeys.map { ["--data-keys", $0] } ?? [])).open(.city).store
            let platform = Platform(store: store, logger: logger)
            let rules = try await platform.statusMaps.rules(), dictionary = try await store.tags()
            let committees = try await store.nodes(under: "/", kinds: [.committee], limit: nil, offset: 0)
            print("drawing \(committees.count) committees under rules version \(rules.version) …")
            var each: [Double] = []
            let start = ContinuousClock.now
            for c in committees {
                let t = ContinuousClock.now
                _ = try await platform.statusMaps.draw(committee: c.id, path: c.path, rules: rules, dictionary: dictionary)
                each.append(Self.ms(ContinuousClock.now - t))
            }
            let total = ContinuousClock.now - start
            guard let city = committees.first.flatMap({ OrgNode.ancestor(of: $0.path, depth: OrgNode.Kind.city.depth) }) else { fail("no committees in \(database)") }
            let tallies = try await store.statusTallies([city.id])[city.id] ?? [:]
            print(String(format: "drawn: %d committees, %d buildings, %d houses in %.1f s — per committee p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                         committees.count, tallies["buildings"] ?? 0, tallies["houses"] ?? 0, Self.ms(total) / 1000, Self.q(each, 0.5), Self.q(each, 0.99), each.max() ?? 0))

            guard let admin = try await store.credentials(username: "admin")?.user else { return print("no admin account: reads not timed") }
            let identity = Identity.user(admin)
            let district = try await store.nodes(under: city.path, kinds: [.district], limit: 1, offset: 0).first
            let street = try await store.nodes(under: district?.path ?? city.path, kinds: [.street], limit: 1, offset: 0).first
            let committee = committees.first!
            let compound = try await store.compounds(under: committee.path, afterCode: nil, limit: 1).first
            let building = compound == nil ? nil : try await store.buildings(of: compound!.id).max { $0.floors < $1.floors }
            var reads: [(String, () async throws -> Void)] = [
                ("counts city", { _ = try await platform.statusMaps.counts(nodeID: city.id, by: identity) }),
                ("counts district", { _ = try await platform.statusMaps.counts(nodeID: district?.id, by: identity) }),
                ("counts street", { _ = try await platform.statusMaps.counts(nodeID: street?.id, by: identity) }),
                ("counts committee", { _ = try await platform.statusMaps.counts(nodeID: committee.id, by: identity) }),
            ]
            if let compound { reads.append(("compound plan", { _ = try await platform.statusMaps.compoundMap(compound.id, by: identity) })) }
            if let building { reads.append(("building \(building.floors) floors", { _ = try await platform.statusMaps.buildingMap(building.id, by: identity) })) }
            if let point = building?.location {
                // The city map's building layer at zoom 16 on a 1920×1080 wall (about 0.041° × 0.019° at Shanghai's
                // latitude), centred on a building, as the city's admin (every path).
                let box = BoundingBox(minLon: point.lon - 0.0206, minLat: point.lat - 0.0095, maxLon: point.lon + 0.0206, maxLat: point.lat + 0.0095)
                reads.append(("map layer at zoom 16", { _ = try await platform.statusMaps.mapBuildings(in: box, by: identity) }))
            }
            for (name, read) in reads {
                var times: [Double] = []
                for _ in 0..<`repeat` {
                    let t = ContinuousClock.now
                    try await read()
                    times.append(Self.ms(ContinuousClock.now - t))
                }
                print(String(format: "%@: p50 %.1f ms, p95 %.1f ms", name, Self.q(times, 0.5), Self.q(times, 0.95)))
            }
        }

        static func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
        static func q(_ xs: [Double], _ p: Double) -> Double {
            guard !xs.isEmpty else { return 0 }
            let s = xs.sorted()
            return s[min(s.count - 1, Int(Double(s.count - 1) * p + 0.5))]
        }
    }
}
