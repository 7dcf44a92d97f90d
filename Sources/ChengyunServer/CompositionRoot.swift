public import ChengyunServices
import ChengyunCore
import ChengyunHTTP
public import ChengyunPostgres
import ChengyunSQLite
public import ChengyunStore
import Foundation
public import Hummingbird
public import Logging

/// The store the composition root opens: the storage port, and what operators' commands need of it.
public protocol DeploymentStore: ChengyunStore {
    /// The names of the migrations applied, oldest first.
    func appliedMigrations() async throws -> [String]
    /// Re-seals every personal field with the current data key; returns how many users' and cases' fields.
    func resealPersonalData() async throws -> (users: Int, cases: Int)
    /// Stops when the store holds no city yet.
    func requireCity() async throws
    /// Opens one sealed value: a store sealed with other data keys fails here, at start.
    func checkDataKeys() async throws
}

extension SQLiteStore: DeploymentStore {}
extension PostgresStore: DeploymentStore {}

/// What a command needs of the database.
public enum StoreUse: Sendable {
    /// `demo`, `migrate`, `import grids`: a missing file is created (0600, its folder 0700) and migrated.
    case create
    /// `serve`, `user add`, `apikey add`, `keys rotate`: the database exists and holds a city; nothing is created.
    case city
}

/// The one place the application is built from its configuration: the store chosen by `database.url`'s scheme, the
/// data keys, the platform with its settings, the HTTP application with its limits and services.
public struct CompositionRoot: Sendable {
    public let configuration: ChengyunConfiguration
    /// Where the store is, from `database.url`.
    public let location: StoreLocation

    /// - Throws: ``ConfigurationError`` naming `database.url` when no adapter serves it.
    public init(_ configuration: ChengyunConfiguration) throws(ConfigurationError) {
        self.configuration = configuration
        self.location = try StoreLocation(configuration.database.url)
    }

    /// The data keys file: `security.dataKeysFile`, or the SQLite file's path + `.keys`. A PostgreSQL deployment names
    /// it (every node reads the same keys).
    /// - Throws: ``ConfigurationError`` naming `security.dataKeysFile` for PostgreSQL without it.
    public func dataKeysPath() throws(ConfigurationError) -> String {
        if let file = configuration.security.dataKeysFile { return file }
        switch location {
        case .sqlite(let path): return path + ".keys"
        case .postgres:
            throw ConfigurationError(key: "security.dataKeysFile", "must name the data keys file when the database is PostgreSQL (every node reads the same file)")
        }
    }

    /// A logger at `logging.level`.
    public func logger(label: String = "chengyun") -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = Logger.Level(rawValue: configuration.logging.level) ?? .info
        return logger
    }

    /// Opens the store, or stops naming the file and what is wrong: an empty file, one that is not an SQLite database
    /// or is another application's, an unreadable or read-only file, a missing file or folder, data keys that do not
    /// open it, or (for `.city`) no city (docs/OPERATIONS.md, "The database file").
    /// - Throws: ``StartupError`` or ``ConfigurationError``; an unexpected database error as it is.
    public func openStore(_ use: StoreUse) async throws -> any DeploymentStore {
        let keys = try dataKeysPath()
        let store: any DeploymentStore
        do {
            switch location {
            case .sqlite(let path):
                let durability = SQLiteStore.Durability(rawValue: configuration.database.durability) ?? .process
                if use == .city { try SQLiteStore.checkExisting(at: path) }
                store = try SQLiteStore(path: path, durability: durability, cipher: try DataKeyFile.cipher(at: keys, create: true))
            case .postgres(let url):
                store = try await PostgresStore(url: url, cipher: try DataKeyFile.cipher(at: keys, create: true), logger: logger(label: "chengyun.postgres"))
            }
            if use == .city { try await store.requireCity() }
        } catch let error as DatabaseFileError {
            throw StartupError(error.description)
        } catch let error as PostgresStoreError {
            throw StartupError(error.description)
        }
        do { try await store.checkDataKeys() } catch {
            throw StartupError("\(keys): \(error) — the database was sealed with other data keys; restore that key file")
        }
        return store
    }

    /// The platform on `store` with the configured settings.
    public func platform(store: any ChengyunStore, logger: Logger) -> Platform {
        Platform(store: store, settings: configuration.platformSettings, logger: logger)
    }

    /// The HTTP application: routes, limits (the open-file limit raised first), the escalation ticker and, with a
    /// hotline webhook, the outbox sender; `onRunning` receives the bound port.
    public func buildApplication(platform: Platform, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let files = ConnectionLimits.raiseOpenFileLimit()
        ConnectionLimits.boundMallocArenas()
        return ServerBuilder.application(
            platform: platform, host: configuration.server.host, port: configuration.server.port,
            escalationInterval: .seconds(configuration.loop.escalationInterval), limits: configuration.serverLimits(openFiles: files),
            logger: logger, onRunning: onRunning)
    }

    /// `chengyun serve`: opens a store that holds a city, refuses a non-loopback address while demo passwords remain,
    /// and serves until a signal ends it.
    /// - Throws: ``StartupError`` or ``ConfigurationError`` before anything listens.
    /// Serves until stopped; `onRunning` learns the port, and is given the platform to start work beside the server
    /// (the demo's rainstorm replay).
    public func serve(onRunning: @escaping @Sendable (Int, Platform) async -> Void) async throws {
        let logger = logger()
        let store = try await openStore(.city)
        let platform = platform(store: store, logger: logger)
        try await platform.reload()
        let host = configuration.server.host
        if !ServerBuilder.isLoopback(host) {
            let demo = try await platform.accounts.withDemoPassword()
            if !demo.isEmpty {
                throw StartupError("refusing to listen on \(host): \(demo.count == 20 ? "20 or more" : "\(demo.count)") active accounts still have the demo password (\(demo.prefix(5).joined(separator: ", "))…). Listen on 127.0.0.1, or reset or disable them first.")
            }
        }
        if platform.data.locator.count == 0 {
            logger.warning("the city has no grids yet: run `chengyun demo` or `chengyun import grids FILE`")
        }
        try await buildApplication(platform: platform, logger: logger, onRunning: { await onRunning($0, platform) }).runService()
    }
}
