public import ChengyunStore
import Foundation
public import Logging
import PostgresNIO
import Synchronization
import ChengyunCore

/// The store on a PostgreSQL database, for a city's operations centre: several `chengyun serve` nodes on one
/// database. Every write is one transaction, acknowledged after PostgreSQL's commit; ids come from identity
/// columns; paths are compared byte by byte (`COLLATE "C"`), whatever the database's collation.
///
/// Built port by port after the SQLite adapter (issue 16): each port it has passes the same store contract
/// (ChengyunTesting's `StoreContract`).
public final class PostgresStore: Sendable {
    let client: PostgresClient
    let running: Task<Void, Never>
    let logger: Logger
    public let url: PostgresURL
    /// Local time offset used for case numbers and days.
    let utcOffsetSeconds: Int
    /// Seals personal fields at rest.
    let cipher: (any PersonalDataCipher)?
    /// The KPI settings the counts use (`useKPIPolicy`).
    let kpiPolicy = Mutex(KPIPolicy())
    /// This process among the deployment's nodes: it leaves its own cluster signals out.
    let node = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    /// The tasks listening for other nodes' signals, ended with the store.
    let listeners = Mutex<[Task<Void, Never>]>([])

    /// Connects to the database at `url` and runs the migrations it lacks (one node at a time: the others wait
    /// for the migration lock).
    /// - Throws: `PostgresStoreError` when the server cannot be reached, the database holds another application's
    ///   tables or migrations of a newer build.
    public init(url: PostgresURL, utcOffsetSeconds: Int = 8 * 3600, cipher: (any PersonalDataCipher)? = nil,
                logger: Logger = Logger(label: "chengyun.postgres")) async throws {
        self.url = url
        self.utcOffsetSeconds = utcOffsetSeconds
        self.cipher = cipher
        self.logger = logger
        let client = PostgresClient(configuration: url.clientConfiguration, backgroundLogger: logger)
        self.client = client
        // Started at once: the pool must be running before the migrations lease a connection.
        running = Task.immediate { await client.run() }
        do {
            try await PostgresMigrator.migrate(client, logger: logger)
            try await Self.checkChineseTrigrams(client, logger: logger)
        } catch {
            running.cancel()
            throw PostgresStoreError.opening(url, error)
        }
    }

    /// Chinese text is searched through pg_trgm's trigrams, which it makes only of characters the database's
    /// LC_CTYPE calls letters: under `C` Chinese makes none, and every search would read every case.
    static func checkChineseTrigrams(_ client: PostgresClient, logger: Logger) async throws {
        let (ctype, none) = try await client.query("""
            SELECT datctype, show_trgm('井盖缺失') = '{}'::text[] FROM pg_database WHERE datname = current_database()
            """, logger: logger).collect()[0].decode((String, Bool).self)
        guard !none else {
            throw PostgresStoreError(description: """
                the database's LC_CTYPE \(ctype) gives Chinese text no trigrams, so searches could not use their index: \
                create it with LC_CTYPE C.UTF-8 or zh_CN.UTF-8 (CREATE DATABASE … TEMPLATE template0 LC_CTYPE 'C.UTF-8')
                """)
        }
    }

    /// Closes the connections (the store is unusable after).
    public func shutdown() async {
        let tasks = listeners.withLock { $0 }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        running.cancel()
        await running.value
    }

    deinit {
        listeners.withLock { $0.forEach { $0.cancel() } }
        running.cancel()
    }

    public func ping() async throws {
        _ = try await client.query("SELECT 1", logger: logger).collect()
    }

    /// The rows of one statement, collected.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.query(query, logger: logger).collect()
    }

    /// Runs `body` on one connection of the pool, outside a transaction (reads of several statements).
    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in try await body(connection) }
    }

    /// Runs `body` in one transaction on one connection, committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            // What the body threw (a domain error), not the wrapper around it.
            throw error.closureError ?? error.beginError ?? error.commitError ?? error
        }
    }

    /// Runs `body` in one read-only snapshot (REPEATABLE READ) on one connection: reads of several statements that
    /// must agree (rollups and the cases beside them).
    func snapshot<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { c in
            try await c.rows("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            do {
                let result = try await body(c)
                try await c.rows("COMMIT", logger: logger)
                return result
            } catch {
                _ = try? await c.rows("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try Self.encoder.encode(value), as: UTF8.self)
    }

    func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

extension PostgresConnection {
    /// The rows of one statement in this connection's transaction, collected.
    @discardableResult
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }
}

/// Why the store could not open.
public struct PostgresStoreError: Error, CustomStringConvertible {
    public let description: String

    static func opening(_ url: PostgresURL, _ error: any Error) -> PostgresStoreError {
        PostgresStoreError(description: "cannot open \(url): \(explain(error))")
    }

    /// An error in a sentence: the server's message and SQLSTATE for a refusal, the client's reason otherwise.
    static func explain(_ error: any Error) -> String {
        if let error = error as? PostgresStoreError { return error.description }
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] {
                return "\(message) (SQLSTATE \(psql.serverInfo?[.sqlState] ?? "?"))"
            }
            return "\(psql.code)"
        }
        return "\(error)"
    }
}

extension PSQLError {
    /// The server refused a row for a unique constraint (SQLSTATE 23505), optionally a named one.
    func isUniqueViolation(_ constraint: String? = nil) -> Bool {
        guard serverInfo?[.sqlState] == "23505" else { return false }
        return constraint == nil || serverInfo?[.constraintName] == constraint
    }
}

extension PostgresStore {
    /// Creates an empty database `name` on the server of `url` (as `url`'s user, who needs CREATEDB), with UTF-8
    /// text; `collation` an ICU locale (`zh-Hans`, `und`) for the database's default, or nil for the server's.
    /// - Parameter ctype: the database's LC_CTYPE, or nil for the server's default.
    /// - Parameter template: the database copied (`template0`, an empty one, unless a test copies a city it generated
    ///   once; a template takes no connections while it is copied).
    public static func createDatabase(_ name: String, on url: PostgresURL, icuLocale: String? = nil, ctype: String? = nil,
                                      template: String = "template0", logger: Logger = Logger(label: "chengyun.postgres")) async throws {
        for each in [name, template] {
            guard !each.isEmpty, each.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw PostgresStoreError(description: "a database name of ASCII letters, digits and _ only: \(each.prefix(64))")
            }
        }
        try await withClient(url, logger: logger) { client in
            let locale = icuLocale.map { " LOCALE_PROVIDER icu ICU_LOCALE '\($0.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })'" } ?? ""
            let lcCtype = ctype.map { " LC_CTYPE '\($0.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") })'" } ?? ""
            _ = try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(template) ENCODING 'UTF8'\(locale)\(lcCtype)"), logger: logger).collect()
        }
    }

    /// Runs `body` with a client of its own on `url`, closed when it returns (administration: a database created, a
    /// restore's target checked).
    static func withClient<T: Sendable>(_ url: PostgresURL, logger: Logger = Logger(label: "chengyun.postgres"),
                                        _ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: url.clientConfiguration, backgroundLogger: logger)
        // Started at once: the pool must be running before the body leases a connection.
        let running = Task.immediate { await client.run() }
        defer { running.cancel() }
        return try await body(client)
    }
}
