import ArgumentParser
import ChengyunCore
import ChengyunDemo
import ChengyunHTTP
import ChengyunServices
import ChengyunStore
import ChengyunSQLite
import Foundation
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the API (and console) over HTTP.",
        discussion: """
            Listens on 127.0.0.1:8080 by default. While the demo accounts still have the demo password, it refuses to \
            listen on anything but loopback: change the passwords (or use a real city) before exposing the server. \
            Overdue cases are escalated every --escalation-interval seconds.
            """)
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port: Int = 8080
    @Option(help: "Seconds between overdue-escalation runs.") var escalationInterval: Int = 60
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: String = "info"
    @Option(help: "A report this close (metres) to an open case of the same category is flagged as a possible duplicate.") var duplicateMetres: Double = 50
    @Option(help: "… if that case was reported within this many hours.") var duplicateHours: Double = 72
    @Option(help: "Automatic escalation of overdue cases stops at this level: street, district or city.") var escalateUpTo: String = "city"
    @Option(help: "After this many returns (退单) of a case the centre must arbitrate, and its dispatch binds.") var returnsBeforeArbitration: Int = 2
    @Option(help: "Three-level linkage stops at this level: 3 (street leading group), 4 (district) or 5 (city).") var linkageTopLevel: Int = 3
    @Option(help: "The 12345 hotline's webhook: the status of each ticket is pushed there (from an outbox, with retries).") var hotlineWebhook: String?
    @Option(help: "The deployment's own map tiles under the console's grid map, a template like http://tiles.city.local/{z}/{x}/{y}.png (default: none; the console needs no internet).") var tileURL: String?
    @Option(help: "The credit shown on the map for those tiles.") var tileAttribution: String?
    @Option(help: "Connections held at once (kept below the open-file limit, which serve raises to its hard limit).") var maxConnections: Int = 8_000
    @Option(help: "Seconds before an idle connection, or one slow to send its request, is closed.") var idleTimeout: Int = 30
    @Option(help: "Seconds a request's body may take to arrive (an upload's four times it); then 408.") var bodyTimeout: Int = 30
    @Option(help: "Live streams (the console's real-time feed) one user or system may hold open.") var maxStreamsPerUser: Int = 6

    func run() async throws {
        var logger = Logger(label: "chengyun")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        guard duplicateMetres > 0, duplicateHours > 0 else { fail("--duplicate-metres and --duplicate-hours must be positive") }
        guard let highest = OrgNode.Kind(rawValue: escalateUpTo), [.street, .district, .city].contains(highest) else {
            fail("--escalate-up-to is street, district or city")
        }
        guard (1...20).contains(returnsBeforeArbitration) else { fail("--returns-before-arbitration is 1 to 20") }
        guard (3...5).contains(linkageTopLevel) else { fail("--linkage-top-level is 3 (street leading group), 4 (district) or 5 (city)") }
        guard maxConnections >= 64, (5...600).contains(idleTimeout), (2...600).contains(bodyTimeout), (1...100).contains(maxStreamsPerUser) else {
            fail("--max-connections is at least 64, --idle-timeout 5 to 600 seconds, --body-timeout 2 to 600 seconds, --max-streams-per-user 1 to 100")
        }
        var settings = PlatformSettings()
        settings.security.streams.perIdentity = maxStreamsPerUser
        settings.duplicates = DuplicatePolicy(distanceMetres: duplicateMetres, windowHours: duplicateHours)
        settings.escalation = Escalation(highestKind: highest)
        settings.loop = LoopPolicy(returnsBeforeArbitration: returnsBeforeArbitration, linkageTopLevel: linkageTopLevel)
        if let hotlineWebhook {
            guard let url = URL(string: hotlineWebhook), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                fail("--hotline-webhook must be an http(s) URL like http://hotline.example/chengyun/status")
            }
            settings.hotlineWebhook = url
        }
        if let tileURL {
            do { settings.console.tileURL = try ConsoleSettings.validTileURL(tileURL) } catch { fail("--tile-url: \(error.message)") }
            settings.console.tileAttribution = tileAttribution
        }
        // Checks the file first and needs a city: never an empty city that reports healthy (docs/OPERATIONS.md).
        let store = try db.open(.city)
        let platform = Platform(store: store, settings: settings, logger: logger)
        try await platform.reload()
        if !ServerBuilder.isLoopback(host) {
            let demo = try await platform.accountsWithDemoPassword()
            if !demo.isEmpty {
                fail("refusing to listen on \(host): \(demo.count == 20 ? "20 or more" : "\(demo.count)") active accounts still have the demo password (\(demo.prefix(5).joined(separator: ", "))…). Listen on 127.0.0.1, or reset or disable them first.")
            }
        }
        var limits = ServerLimits()
        let files = ConnectionLimits.raiseOpenFileLimit()
        ConnectionLimits.boundMallocArenas()
        limits.connections.maxConnections = max(64, min(maxConnections, files - 512))
        limits.connections.idleTimeout = .seconds(Int64(idleTimeout))
        limits.connections.bodyTimeout = bodyTimeout
        // Read the last 60 days' cases (at most 20,000, within the store's cache) once in the background, so the first
        // big screen finds them decoded (the store keeps decoded cases; see SQLiteStore.records).
        let since = Date().addingTimeInterval(-60 * 86_400)
        Task.detached(priority: .background) {
            _ = try? await store.cases(CaseQuery(scope: .everything, reportedFrom: since, limit: 20_000))
        }
        if platform.data.locator.count == 0 {
            logger.warning("the city has no grids yet: run `chengyun demo` or `chengyun import grids FILE`")
        }
        let app = ServerBuilder.application(
            platform: platform, host: host, port: port, escalationInterval: .seconds(escalationInterval), limits: limits, logger: logger,
            onRunning: { port in
                // Written unbuffered: scripts and tests wait for this line to learn the port.
                FileHandle.standardOutput.write(Data("chengyun serving http://\(host):\(port)  (database \(db.database))\n".utf8))
            })
        try await app.runService()
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a deterministic demo city into a new database.",
        discussion: """
            Builds a synthetic city — districts, streets, committees and grids as real polygons tiling the area, \
            departments, users for every role (password '\(DemoCity.password)'), the shipped taxonomy and calendar, \
            dispatch rules, and cases over the past days in every state. The same --seed gives the same city.
            """)
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Number of districts.") var districts = 3
    @Option(help: "Number of streets/towns in all.") var streets = 12
    @Option(help: "Number of residential/village committees in all.") var committees = 120
    @Option(help: "Number of unit grids in all (a composite number tiles best).") var grids = 2000
    @Option(help: "Number of departments.") var departments = 30
    @Option(help: "Number of cases.") var cases = 10_000
    @Option(help: "Days of history the cases span, ending now.") var days = 90
    @Option(help: "Random seed.") var seed: UInt64 = 20_261_123
    @Option(help: "The instant the history ends at, ISO 8601 (default: now); with the same seed it gives the very same city.") var now: String?
    @Flag(help: "Replace an existing database file.") var force = false
    @Flag(help: "Do nothing if the database already holds a city.") var ifMissing = false

    func run() async throws {
        if FileManager.default.fileExists(atPath: db.database) {
            if ifMissing, try await !db.open().children(of: nil).isEmpty {
                print("database \(db.database) already holds a city; keeping it")
                return
            }
            guard force || ifMissing else { fail("\(db.database) exists; pass --force to replace it, or choose another --database") }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db.database + suffix) }
        }
        var options = DemoOptions()
        options.districts = districts
        options.streets = streets
        options.committees = committees
        options.grids = grids
        options.departments = departments
        options.cases = cases
        options.days = days
        options.seed = seed
        var quiet = Logger(label: "chengyun-demo")
        quiet.logLevel = .warning
        let platform = Platform(store: try db.open(), logger: quiet)
        let bar = ProgressBar(label: "demo city")
        do {
            var end = Date()
            if let now {
                guard let instant = try? Date(now, strategy: .iso8601) else { fail("--now must be an ISO 8601 instant like 2026-11-23T08:00:00Z") }
                end = instant
            }
            let summary = try await DemoCity.generate(options, platform: platform, now: end, progress: bar.update)
            print("""
                demo city in \(db.database): \(summary.nodes) nodes (\(summary.grids) grids), \(summary.departments) departments, \
                \(summary.users) users, \(summary.rules) dispatch rules, \(summary.cases) cases
                demo accounts (password: \(DemoCity.password)):
                """)
            for account in summary.accounts { print("  \(account.username.padding(toLength: 18, withPad: " ", startingAt: 0)) \(account.role)") }
        } catch let error as DomainError {
            fail(error.description)
        }
    }
}
