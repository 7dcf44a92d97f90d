import ArgumentParser
import ChengyunDemo
import ChengyunServer
import Foundation

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
    @Option(help: "Replay a scenario on the demo city once the server is up: 'rainstorm' (a rainstorm with a high tide: readings → alarms → cases handled, verified and closed; a warning relayed and acknowledged), for the console to show.") var replay: String?

    func run() async throws {
        let root = await db.root(adding: server.settings)
        let host = root.configuration.server.host
        let database = root.location.path
        guard replay == nil || replay == "rainstorm" else { fail("--replay takes 'rainstorm'") }
        let replaying = replay != nil
        await stopping {
            try await root.serve(onRunning: { port, platform in
                // Written unbuffered: scripts and tests wait for this line to learn the port.
                FileHandle.standardOutput.write(Data("chengyun serving http://\(host):\(port)  (database \(database))\n".utf8))
                guard replaying else { return }
                Task {
                    let replay = RainstormReplay(log: { FileHandle.standardOutput.write(Data("replay: \($0)\n".utf8)) })
                    do {
                        let done = try await replay.run(on: platform)
                        FileHandle.standardOutput.write(Data("replay: done — \(done.readings) readings, \(done.alarms) alarms, \(done.closed.count) of \(done.cases.count) cases closed\n".utf8))
                    } catch {
                        FileHandle.standardError.write(Data("replay failed: \(error)\n".utf8))
                    }
                }
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
