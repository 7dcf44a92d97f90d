import ChengyunCore
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

/// 多节点信号: two stores on one database are two nodes; each hears the other's committed changes, in order, and not
/// its own, nor a change that was rolled back.
@Suite("PostgreSQL 多节点信号", .enabled(if: TestServer.url != nil, "set CHENGYUN_TEST_POSTGRES (scripts/test.sh starts a server)"))
struct PostgresClusterSignalTests {
    @Test("一个节点提交的变更送到另一个节点，按提交顺序；自己的和回滚的不送") func signals() async throws {
        let stores = TemporaryPostgresStores()
        let a = try await stores.fresh()
        let b = try await PostgresStore(url: a.url)
        defer { Task { await b.shutdown(); await stores.closeAll() } }
        let heard = try #require(try await b.clusterSignals())
        let ownOnly = try #require(try await a.clusterSignals())
        var iterator = heard.makeAsyncIterator()
        try await a.saveCalendar(.standard)
        #expect(await iterator.next() == .referenceChanged)

        let t = try await StoreContract.tree(a)
        #expect(await iterator.next() == .referenceChanged, "the nodes")
        #expect(await iterator.next() == .referenceChanged, "the department")
        let now = Date(timeIntervalSince1970: 1_795_140_000)
        let made = try await a.createCase(StoreContract.newCase(t.grid, at: now), events: [
            CaseEvent(caseID: CaseID(0), action: .report, actorID: nil, actorName: "巡查员", at: now, note: nil, fromState: nil, toState: .reported)])
        let history = try await a.events(of: made.id)
        #expect(await iterator.next() == .caseChanged(made.id, events: history.compactMap(\.id)))
        var hotline = StoreContract.newCase(t.grid, at: now)
        hotline.source = .hotline
        hotline.externalRef = "T-9"
        _ = try await a.createCase(hotline, events: [])
        let ticket = try #require(try await a.caseRecord(externalRef: "T-9", source: .hotline))
        #expect(await iterator.next() == .caseChanged(ticket.id, events: []))
        // Refused (the same ticket again): rolled back, so nothing is heard; the next change is.
        await #expect(throws: DomainError.self) { _ = try await a.createCase(hotline, events: []) }
        let user = try await a.createUser(UserDraft(username: "u1", displayName: "用户", phone: nil, passwordHash: "h", assignments: []))
        try await a.setUserActive(user.id, active: false)
        #expect(await iterator.next() == .accessChanged(AccessChange(user: user.id)), "the user's streams end everywhere")
        try await a.deleteSession(tokenHash: "gone")
        #expect(await iterator.next() == .accessChanged(AccessChange(tokenHash: "gone")), "a sign-out reaches every node")
        let key = try await a.createAPIKey(name: "视频 平台", keyHash: "k", sources: [.video], nodeID: t.city.id)
        try await a.revokeAPIKey(id: key.id)
        #expect(await iterator.next() == .accessChanged(AccessChange(system: "视频 平台")), "a revoked key's streams, its name intact")

        // B's own change reaches A, not B.
        var fromB = ownOnly.makeAsyncIterator()
        try await b.saveTaxonomy(Taxonomy(version: "b", categories: []))
        #expect(await fromB.next() == .referenceChanged)
        try await a.saveCalendar(.standard)
        #expect(await iterator.next() == .referenceChanged, "the next one B hears is A's, not its own")
    }

    @Test("后台任务在各节点间只运行一处；节点死去后由别的节点接手") func jobsRunOnce() async throws {
        let stores = TemporaryPostgresStores()
        let a = try await stores.fresh()
        let b = try await PostgresStore(url: a.url)
        defer { Task { await b.shutdown(); await stores.closeAll() } }
        // While A runs the job, B does not; after it, B may.
        let (started, startedOnce) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseOnce) = AsyncStream.makeStream(of: Void.self)
        let running = Task {
            try await a.exclusively("escalation") {
                startedOnce.yield()
                for await _ in release { break }
                return 1
            }
        }
        for await _ in started { break }
        #expect(try await b.exclusively("escalation") { 2 } == nil, "held by A")
        #expect(try await b.exclusively("outbox delivery") { 3 } == 3, "another job is free")
        releaseOnce.yield()
        #expect(try await running.value == 1)
        #expect(try await b.exclusively("escalation") { 2 } == 2, "free again")

        // A node that dies holding a job: its connection drops and the job is free for the others.
        let c = try await PostgresStore(url: a.url)
        let (held, heldOnce) = AsyncStream.makeStream(of: Void.self)
        let dying = Task {
            try await c.exclusively("hotspot refresh") {
                heldOnce.yield()
                try await Task.sleep(for: .seconds(60))
                return 0
            }
        }
        for await _ in held { break }
        #expect(try await b.exclusively("hotspot refresh") { 1 } == nil)
        dying.cancel()
        await c.shutdown()
        var taken: Int?
        for _ in 0..<50 where taken == nil {
            taken = try await b.exclusively("hotspot refresh") { 1 }
            if taken == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(taken == 1, "taken over after the node is gone")
    }
}

/// Issue 15, point 2, on PostgreSQL: every figure counted from the rollups, the edges of days and the open cases
/// equals the formula over the raw cases (ChengyunTesting's `KPIProperty`, as SQLite runs it).
@Suite("统计 counting equals the formula — PostgreSQL", .enabled(if: TestServer.url != nil, "set CHENGYUN_TEST_POSTGRES"))
struct PostgresKPIPropertyTests {
    @Test("随机城市、随机周期与范围：指标、排名、趋势、居委视图、分状态计数与原始案件逐项相等", arguments: KPIProperty.seeds)
    func figuresEqualTheFormula(seed: UInt64) async throws {
        let stores = TemporaryPostgresStores()
        do {
            try await KPIProperty.figuresEqualTheFormula(seed: seed, store: try await stores.fresh())
        } catch {
            await stores.closeAll()
            throw error
        }
        await stores.closeAll()
    }
}
