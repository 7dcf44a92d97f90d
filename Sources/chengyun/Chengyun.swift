import ArgumentParser
import ChengyunCore
import ChengyunServer
import ChengyunServices
import ChengyunStore
import Foundation

@main
struct Chengyun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chengyun",
        abstract: "Chengyun 城运 — a city operations platform (一网统管): cases, grids, dispatch, deadlines, KPIs.",
        discussion: "Start with `chengyun demo` to build a demo city, then `chengyun serve` and open http://127.0.0.1:8080.",
        subcommands: [Serve.self, Demo.self, Import.self, UserCommand.self, APIKeyCommand.self, KeysCommand.self, Migrate.self, Backup.self, Restore.self, ConfigCommand.self, ChatBridgeCommand.self, Bench.self])
}

/// Options shared by every command that opens the database; each is a configuration key (docs/OPERATIONS.md), read
/// with the environment, the `--config` file and the defaults by the composition root (ChengyunServer).
struct DatabaseOptions: ParsableArguments {
    @Option(name: [.customLong("database"), .customLong("db")],
            help: "The database (key database.url, CHENGYUN_DATABASE): an SQLite file's path or sqlite:/path/file.sqlite; `demo`, `migrate` and `import` create it if missing; `serve` and `user` need it to hold a city. Default: var/chengyun.sqlite.")
    var database: String?

    @Option(help: "Durability of a commit (database.durability): 'process' (survives a crash or kill of the server) or 'power' (also survives power loss: fsync at every commit). Default: process.")
    var durability: String?

    @Option(help: "File of the data keys that seal personal fields (security.dataKeysFile, CHENGYUN_DATA_KEYS_FILE; AES-256-GCM; one id=base64 per line, the current first). Default: the SQLite file's path with '.keys' (a PostgreSQL database needs it named); created (0600) with the database.")
    var dataKeys: String?

    @Option(help: "A JSON file of settings, nested by key ({\"loop\": {\"linkageTopLevel\": 4}}); flags and CHENGYUN_… variables override it (CHENGYUN_CONFIG names it too).")
    var config: String?

    /// The keys these options set.
    var settings: CommandLineSettings {
        var settings = CommandLineSettings()
        settings.set("database.url", "--database", database.map(SettingValue.string))
        settings.set("database.durability", "--durability", durability.map(SettingValue.string))
        settings.set("security.dataKeysFile", "--data-keys", dataKeys.map(SettingValue.string))
        return settings
    }

    /// The composition root built from these options and `more` (a command's own), the environment, the `--config`
    /// file and the defaults; stops naming the key of an invalid value.
    func root(adding more: CommandLineSettings = CommandLineSettings()) async -> CompositionRoot {
        let configuration = await loaded(adding: more).configuration
        return await stopping { try CompositionRoot(configuration) }
    }

    /// The configuration read from every source, with where each value came from.
    func loaded(adding more: CommandLineSettings = CommandLineSettings()) async -> LoadedConfiguration {
        var all = settings
        all.merge(more)
        return await stopping { try await ConfigurationLoader.load(ConfigurationSources(commandLine: all.values, flags: all.flags, file: config)) }
    }

    /// Opens the store the configuration names, or stops with one line naming the path (or key) and what is wrong
    /// (exit status 1): see docs/OPERATIONS.md, "The database file".
    func open(_ use: StoreUse = .create, adding more: CommandLineSettings = CommandLineSettings()) async -> (root: CompositionRoot, store: any DeploymentStore) {
        let root = await root(adding: more)
        return await stopping { (root, try await root.openStore(use)) }
    }
}

/// Configuration keys given as flags, with the flag each came from.
struct CommandLineSettings {
    private(set) var values: [String: SettingValue] = [:]
    private(set) var flags: [String: String] = [:]

    mutating func set(_ key: String, _ flag: String, _ value: SettingValue?) {
        guard let value else { return }
        values[key] = value
        flags[key] = flag
    }

    mutating func merge(_ other: CommandLineSettings) {
        values.merge(other.values) { _, new in new }
        flags.merge(other.flags) { _, new in new }
    }
}

/// Runs `body`; a configuration or start-up error (or a domain error a person can fix) stops the process with its
/// message and exit status 1.
func stopping<T>(_ body: () async throws -> T) async -> T {
    do {
        return try await body()
    } catch let error as ConfigurationError {
        fail(error.description)
    } catch let error as StartupError {
        fail(error.description)
    } catch let error as DomainError {
        fail(error.description)
    } catch {
        fail("\(error)")
    }
}

/// Prints a message and exits with status 1, for errors a person can fix.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(1)
}

/// A one-line progress bar on standard error.
struct ProgressBar: Sendable {
    let label: String
    func update(_ done: Int, _ total: Int, _ stage: String) {
        let width = 30
        let fraction = total > 0 ? min(Double(done) / Double(total), 1) : 1
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(Int(fraction * 100))% \(stage)\u{1B}[K".utf8))
        if done >= total && stage == "done" { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import data into the city.", subcommands: [Grids.self])

    struct Grids: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import boundaries from a GeoJSON FeatureCollection (WGS-84).",
            discussion: """
                Each feature is a Polygon or MultiPolygon with properties: code (unique), name, kind (city, district, street, \
                committee or grid) and parentCode (the code of the node it lies in, already in the city or earlier in the file; \
                none for the city, which a new deployment imports first). \
                A feature whose code exists already replaces that node's boundary. The whole file is checked first: \
                malformed or self-intersecting geometry stops the import with the feature's index and nothing is written.
                """)
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The GeoJSON file.") var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
            let (root, store) = await db.open(.create)
            let platform = root.platform(store: store, logger: root.logger())
            do {
                let result = try await platform.organisation.importAreas(geoJSON: data, by: nil)
                print("imported \(file): \(result.created) new boundaries, \(result.updated) replaced")
            } catch let error as DomainError {
                fail(error.description)
            }
        }
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user with one role at one node of the organisation tree.",
            discussion: "The password comes from --password or the CHENGYUN_PASSWORD environment variable (at least 8 characters).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Sign-in name: 3–32 letters, digits, '.', '_' or '-'.") var username: String
        @Option(help: "The name shown in the console.") var displayName: String
        @Option(help: "One of: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @Option(help: "The code of the node the role applies to (its subtree is the user's scope).") var node: String
        @Option(help: "For a departmentHandler: the department's code.") var department: String?
        @Option(help: "Phone number (masked in every response).") var phone: String?
        @Option(help: "Password; prefer CHENGYUN_PASSWORD.") var password: String?

        func run() async throws {
            guard let role = Role(rawValue: role) else { fail("unknown role \(self.role); use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))") }
            guard let password = password ?? ProcessInfo.processInfo.environment["CHENGYUN_PASSWORD"] else { fail("give --password or set CHENGYUN_PASSWORD") }
            let (root, store) = await db.open(.city)
            let platform = root.platform(store: store, logger: root.logger())
            try await platform.reload()
            guard let node = try await store.node(code: node) else { fail("there is no node with code \(self.node)") }
            var departmentID: DepartmentID?
            if let department {
                guard let d = platform.data.departments.values.first(where: { $0.code == department }) else { fail("there is no department with code \(department)") }
                departmentID = d.id
            }
            do {
                let user = try await platform.users.createUser(
                    NewUserInput(username: username, displayName: displayName, phone: phone, password: password,
                                 assignments: [AssignmentDraft(role: role, nodeID: node.id, departmentID: departmentID)]), by: nil)
                print("added user \(user.username) (id \(user.id)) as \(role.rawValue) at \(node.name)")
            } catch let error as DomainError {
                fail(error.description)
            }
        }
    }
}
