import ChengyunPostgres
import ChengyunStore
import ChengyunTesting
import Foundation
import Logging
import Synchronization
import Testing

/// The PostgreSQL server of the test run: scripts/test.sh starts one in a temporary folder (scripts/postgres.sh)
/// and names it in `CHENGYUN_TEST_POSTGRES`; without it these tests are skipped (and test.sh fails the run).
enum TestServer {
    static let url: PostgresURL? = ProcessInfo.processInfo.environment["CHENGYUN_TEST_POSTGRES"].flatMap { try? PostgresURL($0) }
}

/// Fresh PostgreSQL stores, each on a database of its own; closed when the test ends (the server is thrown away
/// with its folder).
final class TemporaryPostgresStores: Sendable {
    private let made = Mutex<[PostgresStore]>([])
    private let icuLocale: String?

    /// - Parameter icuLocale: the databases' default collation (an ICU locale), to show paths and orders do not
    ///   depend on it.
    init(icuLocale: String? = nil) { self.icuLocale = icuLocale }

    func fresh() async throws -> PostgresStore {
        let server = try #require(TestServer.url)
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await PostgresStore.createDatabase(name, on: server, icuLocale: icuLocale)
        var logger = Logger(label: "chengyun.postgres.test")
        logger.logLevel = .warning
        let store = try await PostgresStore(url: server.with(database: name), logger: logger)
        made.withLock { $0.append(store) }
        return store
    }

    func closeAll() async {
        for store in made.withLock({ $0 }) { await store.shutdown() }
    }
}

/// The store contract (ChengyunTesting's `StoreContract`) over the PostgreSQL adapter: every check, unchanged, each on
/// fresh databases of its own.
@Suite("存储契约 store contract — PostgreSQL", .enabled(if: TestServer.url != nil, "set CHENGYUN_TEST_POSTGRES (scripts/test.sh starts a server)"))
struct PostgresStoreContractTests {
    func contract(icuLocale: String? = nil, _ check: (@escaping StoreFactory) async throws -> Void) async throws {
        let stores = TemporaryPostgresStores(icuLocale: icuLocale)
        do {
            try await check { try await stores.fresh() }
        } catch {
            await stores.closeAll()
            throw error
        }
        await stores.closeAll()
    }

    @Test("契约的每一项", arguments: StoreContract.checks)
    func check(_ check: StoreContract.Check) async throws {
        try await contract { try await check.run($0) }
    }

    /// A collation that ignores punctuation at first (ICU's "shifted"): `/1/4/5/` would sort as 145, after the
    /// range's end `/1/40`, and scopes would lose their subtrees unless paths are compared byte by byte.
    @Test("组织树 under a collation that ignores punctuation: paths compared byte by byte")
    func organisationUnderAnotherCollation() async throws {
        try await contract(icuLocale: "und-u-ka-shifted") { try await StoreContract.organisation($0) }
    }
}

/// Opening a PostgreSQL database: what a node checks before it serves.
@Suite("PostgreSQL 打开数据库", .enabled(if: TestServer.url != nil, "set CHENGYUN_TEST_POSTGRES (scripts/test.sh starts a server)"))
struct PostgresOpeningTests {
    /// Under LC_CTYPE C, pg_trgm makes no trigrams of Chinese: the store refuses the database, saying how to create one.
    @Test("拒绝无法为中文建三元组索引的数据库") func refusesCTypeC() async throws {
        let server = try #require(TestServer.url)
        let name = "t_ctype_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await PostgresStore.createDatabase(name, on: server, ctype: "C")
        var refusal = ""
        do {
            let store = try await PostgresStore(url: server.with(database: name))
            await store.shutdown()
        } catch {
            refusal = "\(error)"
        }
        #expect(refusal.contains("LC_CTYPE") && refusal.contains("C.UTF-8"), "\(refusal)")
    }

    /// Several nodes starting at once on an empty database: one migrates, the others wait and find it done.
    @Test("多个节点同时启动只迁移一次") func nodesMigrateOnce() async throws {
        let server = try #require(TestServer.url)
        let name = "t_nodes_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await PostgresStore.createDatabase(name, on: server)
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresStore(url: server.with(database: name)) } }
            return try await group.reduce(into: [PostgresStore]()) { $0.append($1) }
        }
        for store in stores {
            #expect(try await store.appliedMigrations() == PostgresStore.knownMigrations)
            await store.shutdown()
        }
    }

    @Test("数据库地址") func urls() throws {
        let url = try PostgresURL("postgres://city:s%40cret@db.example:6543/chengyun?sslmode=require&pool_max=40")
        #expect(url.host == "db.example" && url.port == 6543 && url.username == "city" && url.password == "s@cret" && url.database == "chengyun")
        #expect(url.tls == .require && url.maximumConnections == 40)
        #expect(url.description == "postgres://city:***@db.example:6543/chengyun", "the password hidden")
        #expect(throws: PostgresURLError.self) { try PostgresURL("postgres://db.example/chengyun") }
        #expect(throws: PostgresURLError.self) { try PostgresURL("postgres://city@db.example/") }
        #expect(throws: PostgresURLError.self) { try PostgresURL("postgres://city@db.example/x?sslmode=maybe") }
        #expect(throws: PostgresURLError.self) { try PostgresURL("mysql://city@db.example/x") }
    }
}
