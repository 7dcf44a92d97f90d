import ArgumentParser
import ChengyunCore
import ChengyunDemo
import ChengyunHTTP
import ChengyunServer
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
            Overdue cases are escalated every --escalation-interval seconds. Every option is a configuration key, also \
            read from CHENGYUN_… variables and a --config file (docs/OPERATIONS.md); `chengyun config check` prints them.
            """)
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let root = await db.root(adding: server.settings)
        let host = root.configuration.server.host
        let database = root.location.path
        await stopping {
            try await root.serve(onRunning: { port in
                // Written unbuffered: scripts and tests wait for this line to learn the port.
                FileHandle.standardOutput.write(Data("chengyun serving http://\(host):\(port)  (database \(database))\n".utf8))
            })
        }
    }
}

/// The options of `serve` (and `config check`), each a configuration key; none has a default here, so that the
/// environment and the file are heard when a flag is not given (the defaults are ChengyunConfiguration's).
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on (server.host). Default: 127.0.0.1.") var host: String?
    @Option(help: "Port to listen on, 0 picks a free one (server.port). Default: 8080.") var port: Int?
    @Option(help: "Seconds between overdue-escalation runs (loop.escalationInterval). Default: 60.") var escalationInterval: Int?
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (logging.level). Default: info.") var logLevel: String?
    @Option(help: "A report this close (metres) to an open case of the same category is flagged as a possible duplicate (duplicates.metres). Default: 50.") var duplicateMetres: Double?
    @Option(help: "… if that case was reported within this many hours (duplicates.hours). Default: 72.") var duplicateHours: Double?
    @Option(help: "Automatic escalation of overdue cases stops at this level: street, district or city (loop.escalateUpTo). Default: city.") var escalateUpTo: String?
    @Option(help: "After this many returns (退单) of a case the centre must arbitrate, and its dispatch binds (loop.returnsBeforeArbitration). Default: 2.") var returnsBeforeArbitration: Int?
    @Option(help: "Three-level linkage stops at this level: 3 (street leading group), 4 (district) or 5 (city) (loop.linkageTopLevel). Default: 3.") var linkageTopLevel: Int?
    @Option(help: "The 12345 hotline's webhook: the status of each ticket is pushed there, from an outbox with retries (hotline.webhook). Default: none.") var hotlineWebhook: String?
    @Option(help: "The deployment's own map tiles under the console's grid map, a template like http://tiles.city.local/{z}/{x}/{y}.png (console.tileURL). Default: none; the console needs no internet.") var tileURL: String?
    @Option(help: "The credit shown on the map for those tiles (console.tileAttribution).") var tileAttribution: String?
    @Option(help: "Connections held at once, kept 512 below the open-file limit, which serve raises to its hard limit (server.maxConnections). Default: 8000.") var maxConnections: Int?
    @Option(help: "Seconds before an idle connection, or one slow to send its request, is closed (server.idleTimeout). Default: 30.") var idleTimeout: Int?
    @Option(help: "Seconds a request's body may take to arrive, an upload's four times it; then 408 (server.bodyTimeout). Default: 30.") var bodyTimeout: Int?
    @Option(help: "Live streams (the console's real-time feed) one user or system may hold open (server.maxStreamsPerUser). Default: 6.") var maxStreamsPerUser: Int?

    /// The keys these options set.
    var settings: CommandLineSettings {
        var s = CommandLineSettings()
        s.set("server.host", "--host", host.map(SettingValue.string))
        s.set("server.port", "--port", port.map(SettingValue.int))
        s.set("loop.escalationInterval", "--escalation-interval", escalationInterval.map(SettingValue.int))
        s.set("logging.level", "--log-level", logLevel.map(SettingValue.string))
        s.set("duplicates.metres", "--duplicate-metres", duplicateMetres.map(SettingValue.double))
        s.set("duplicates.hours", "--duplicate-hours", duplicateHours.map(SettingValue.double))
        s.set("loop.escalateUpTo", "--escalate-up-to", escalateUpTo.map(SettingValue.string))
        s.set("loop.returnsBeforeArbitration", "--returns-before-arbitration", returnsBeforeArbitration.map(SettingValue.int))
        s.set("loop.linkageTopLevel", "--linkage-top-level", linkageTopLevel.map(SettingValue.int))
        s.set("hotline.webhook", "--hotline-webhook", hotlineWebhook.map(SettingValue.string))
        s.set("console.tileURL", "--tile-url", tileURL.map(SettingValue.string))
        s.set("console.tileAttribution", "--tile-attribution", tileAttribution.map(SettingValue.string))
        s.set("server.maxConnections", "--max-connections", maxConnections.map(SettingValue.int))
        s.set("server.idleTimeout", "--idle-timeout", idleTimeout.map(SettingValue.int))
        s.set("server.bodyTimeout", "--body-timeout", bodyTimeout.map(SettingValue.int))
        s.set("server.maxStreamsPerUser", "--max-streams-per-user", maxStreamsPerUser.map(SettingValue.int))
        return s
    }
}

/// `chengyun config check`: the effective configuration, or the first invalid value.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Inspect the configuration.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the effective configuration: each key, its value and where it came from.",
            discussion: """
                Reads the configuration exactly as `serve` does (flags > CHENGYUN_… variables > the --config file > defaults) \
                and prints every key; secrets are redacted (a URL's user, password and query values; the data keys file's \
                contents are never read here). An invalid value exits with status 1 naming its key. Opens nothing.
                """)
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var server: ServerOptions

        func run() async throws {
            let loaded = await db.loaded(adding: server.settings)
            _ = await stopping { try CompositionRoot(loaded.configuration) }
            print("configuration (command line > environment > file > defaults):")
            print(loaded.redactedDescription)
        }
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
        var options = DemoOptions()
        options.districts = districts
        options.streets = streets
        options.committees = committees
        options.grids = grids
        options.departments = departments
        options.cases = cases
        options.days = days
        options.seed = seed
        var quiet = root.logger(label: "chengyun-demo")
        quiet.logLevel = max(quiet.logLevel, .warning)
        let platform = root.platform(store: await stopping { try root.openStore(.create) }, logger: quiet)
        let bar = ProgressBar(label: "demo city")
        do {
            var end = Date()
            if let now {
                guard let instant = try? Date(now, strategy: .iso8601) else { fail("--now must be an ISO 8601 instant like 2026-11-23T08:00:00Z") }
                end = instant
            }
            let summary = try await DemoCity.generate(options, platform: platform, now: end, progress: bar.update)
            print("""
                demo city in \(database): \(summary.nodes) nodes (\(summary.grids) grids), \(summary.departments) departments, \
                \(summary.users) users, \(summary.rules) dispatch rules, \(summary.cases) cases
                demo accounts (password: \(DemoCity.password)):
                """)
            for account in summary.accounts { print("  \(account.username.padding(toLength: 18, withPad: " ", startingAt: 0)) \(account.role)") }
        } catch let error as DomainError {
            fail(error.description)
        }
    }
}
