import ArgumentParser
import ChengyunCore
import ChengyunServer
import ChengyunServices
import ChengyunStore
import Foundation
import Logging

extension Bench {
    /// 隐患排查销项 at a city's size: a year of inspections spread over every committee, some hazards closed out, then the
    /// reads of the register — the rates of the city, a district, a street and a committee, the city's overdue list and a
    /// street's open list.
    struct Hazards: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hazards",
            abstract: "Records a year of inspections and hazards on an existing city, closes some out, then times the register's reads.",
            discussion: """
                Opens the city in --database (an SQLite file or postgres://…, e.g. one made by `chengyun demo`), records \
                --hazards hazards in inspections of 50 over the last 90 days, spread over every committee and the kinds, \
                as the city's admin (each inspection one transaction with its rollups), and prints the rate; rectifies and \
                closes out every fifth (another person rechecks); then reads, --repeat times each, the rates of the city, a \
                district, a street and a committee and the first pages of the city's overdue hazards and a street's open ones, \
                and prints their p50/p95. Figures go in docs/BENCHMARKS.md.
                """)
        @Option(help: "The city's database: an SQLite file or postgres://….") var database: String
        @Option(help: "The data keys file of the database (a PostgreSQL database needs it named).") var dataKeys: String?
        @Option(help: "Hazards to record.") var hazards = 100_000
        @Option(help: "Requests per read.") var `repeat` = 20

        func run() async throws {
            var logger = Logger(label: "chengyun-bench")
            logger.logLevel = .warning
            let store = try await DatabaseOptions.parse(["--database", database] + (dataKeys.map { ["--data-keys", $0] } ?? [])).open(.city).store
            let platform = Platform(store: store, logger: logger)
            try await platform.reload()
            guard let admin = try await store.credentials(username: "admin")?.user else { fail("no admin account in \(database)") }
            let identity = Identity.user(admin)
            // The recheck is someone else's: a second identity of the same admin's assignments.
            let checker = Identity(userID: UserID(admin.id.rawValue + 1_000_000), name: "复查人", assignments: admin.assignments)
            let committees = try await store.nodes(under: "/", kinds: [.committee], limit: nil, offset: 0)
            guard !committees.isEmpty else { fail("no committees in \(database)") }
            let today = platform.data.calendar.localDate(of: Date())
            let kinds = HazardKind.allCases
            var made = 0, n = 0, closed = 0
            var times: [Double] = []
            print("recording \(hazards) hazards over \(committees.count) committees …")
            let start = ContinuousClock.now
            while made < hazards {
                let committee = committees[n % committees.count]
                let count = min(50, hazards - made)
                let on = LocalDate(daysSince1970: today.daysSince1970 - (n * 7919) % 90)
                let found = (0..<count).map { i in
                    HazardInput(kind: kinds[(n + i) % kinds.count], severity: i % 10 == 0 ? .major : .general, description: "基准隐患 \(n)-\(i)", responsibleUnit: "基准单位")
                }
                let t = ContinuousClock.now
                let view = try await platform.hazards.record(InspectionInput(kind: .thirdPartyRound, method: .onSite, nodeID: committee.id.rawValue, inspector: "基准第三方",
                                                                             inspectedOn: on, hazards: found, clientKey: "bench-hazards-\(n)"), by: identity).view
                times.append(StatusMaps.ms(ContinuousClock.now - t))
                for h in (view.hazards ?? []).enumerated().filter({ $0.offset % 5 == 0 }).map(\.element.hazard) {
                    let fixed = try await platform.hazards.move(h.id, HazardMove(action: .rectify, note: "已整改", version: h.version), by: identity)
                    _ = try await platform.hazards.move(h.id, HazardMove(action: .pass, version: fixed.hazard.version), by: checker)
                    closed += 1
                }
                made += count
                n += 1
            }
            let total = ContinuousClock.now - start
            print(String(format: "recorded %d hazards in %d inspections, closed out %d, in %.1f s (%.0f hazards/s with the close-outs) — per inspection of 50 p50 %.1f ms, p99 %.1f ms",
                         made, n, closed, StatusMaps.ms(total) / 1000, Double(made) / (StatusMaps.ms(total) / 1000), StatusMaps.q(times, 0.5), StatusMaps.q(times, 0.99)))

            let committee = committees[0]
            guard let city = OrgNode.ancestor(of: committee.path, depth: 0), let district = OrgNode.ancestor(of: committee.path, depth: 1),
                  let street = OrgNode.ancestor(of: committee.path, depth: 2) else { return }
            let reads: [(String, () async throws -> Void)] = [
                ("rates city", { _ = try await platform.hazards.rates(nodeID: city.id.rawValue, by: identity) }),
                ("rates district", { _ = try await platform.hazards.rates(nodeID: district.id.rawValue, by: identity) }),
                ("rates street", { _ = try await platform.hazards.rates(nodeID: street.id.rawValue, by: identity) }),
                ("rates committee", { _ = try await platform.hazards.rates(nodeID: committee.id.rawValue, by: identity) }),
                ("city overdue, first 50", { _ = try await platform.hazards.list(nodeID: city.id.rawValue, state: nil, kind: nil, overdue: true, inspection: nil, cursor: nil,
                                                                                 limit: 50, by: identity) }),
                ("street open, first 50", { _ = try await platform.hazards.list(nodeID: street.id.rawValue, state: .open, kind: nil, overdue: false, inspection: nil,
                                                                                cursor: nil, limit: 50, by: identity) }),
            ]
            for (name, read) in reads {
                var each: [Double] = []
                for _ in 0..<`repeat` {
                    let t = ContinuousClock.now
                    try await read()
                    each.append(StatusMaps.ms(ContinuousClock.now - t))
                }
                print(String(format: "%@: p50 %.1f ms, p95 %.1f ms", name, StatusMaps.q(each, 0.5), StatusMaps.q(each, 0.95)))
            }
        }
    }
}
