import ChengyunCore
import ChengyunSQLite
import ChengyunStore
import Foundation
import GRDB
import Testing

/// A fresh SQLite file in a temporary folder, removed afterwards.
struct TemporaryDatabase {
    let directory: URL
    var path: String { directory.appendingPathComponent("chengyun.sqlite").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

@Suite("存储契约 store contract — SQLite")
struct SQLiteStoreContractTests {
    func withStore(_ body: (SQLiteStore) async throws -> Void) async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        try await body(try SQLiteStore(path: db.path))
    }

    @Test("组织树") func organisation() async throws { try await withStore { try await StoreContract.organisation($0) } }
    @Test("用户、会话、API 密钥") func users() async throws { try await withStore { try await StoreContract.users($0) } }
    @Test("分类、日历、派遣规则") func config() async throws { try await withStore { try await StoreContract.config($0) } }
    @Test("案件、历史、附件、查询与范围") func cases() async throws { try await withStore { try await StoreContract.cases($0) } }
    @Test("键集分页、全文检索、多步一次提交") func paging() async throws { try await withStore { try await StoreContract.pagingSearchAndChains($0) } }
    @Test("并发上报（组提交）") func concurrent() async throws { try await withStore { try await StoreContract.concurrentIntake($0) } }

    @Test("另一个连接改了案件，列表与单件读到的是新版本")
    func decodedCasesFollowTheirVersion() async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        let reader = try SQLiteStore(path: db.path)
        let t = try await StoreContract.tree(reader)
        let now = Date(timeIntervalSince1970: 1_795_140_000)
        let made = try await reader.createCase(StoreContract.newCase(t.grid, at: now), events: [])
        #expect(try await reader.cases(CaseQuery(scope: .everything)).items.first?.state == .reported)
        // Another store on the same file (another process, as `chengyun` commands are) changes the case.
        let writer = try SQLiteStore(path: db.path)
        var changed = try #require(try await writer.caseRecord(made.id))
        changed.state = .rejected
        changed.version += 1
        _ = try await writer.saveTransition(changed, event: CaseEvent(caseID: made.id, action: .reject, actorID: nil, actorName: "duty", at: now, note: "不予立案", fromState: .reported, toState: .rejected))
        #expect(try await reader.cases(CaseQuery(scope: .everything)).items.first?.state == .rejected)
        #expect(try await reader.caseRecord(made.id)?.state == .rejected)
    }

    @Test("附件字节存于数据库旁、按内容寻址的文件（0600），表中只有摘要；同样内容只存一份；重开后可读")
    func attachmentFiles() async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        let bytes = Data((0..<4096).map { UInt8($0 % 251) })
        let (first, second): (ChengyunCore.Attachment, ChengyunCore.Attachment)
        do {
            let store = try SQLiteStore(path: db.path)
            let t = try await StoreContract.tree(store)
            let made = try await store.createCase(StoreContract.newCase(t.grid, at: Date(timeIntervalSince1970: 1_795_140_000)), events: [])
            first = try await store.saveAttachment(caseID: made.id, contentType: "image/png", fileName: "a.png", bytes: bytes, by: nil, at: Date())
            second = try await store.saveAttachment(caseID: made.id, contentType: "image/png", fileName: "b.png", bytes: bytes, by: nil, at: Date())
        }
        let reopened = try SQLiteStore(path: db.path)
        #expect(try await reopened.attachment(first.id)?.bytes == bytes)
        #expect(try await reopened.attachment(second.id)?.bytes == bytes)
        let folder = db.path + ".files"
        let stored = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { !$0.hasSuffix("/") && $0.count > 3 }
        #expect(stored.count == 1)
        let file = folder + "/" + stored[0]
        #expect(stored[0].hasSuffix(String(stored[0].split(separator: "/").last!)) && stored[0].split(separator: "/").last!.count == 64)
        #expect((try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int) == 0o700)
        let columns = try await DatabaseQueue(path: db.path).read { try String.fetchAll($0, sql: "SELECT name FROM pragma_table_info('attachment')") }
        #expect(!columns.contains("bytes") && columns.contains("sha256"))
    }

    @Test("迁移按名称顺序执行，重开数据库后数据仍在")
    func migrationsAndReopen() async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        do {
            let store = try SQLiteStore(path: db.path)
            #expect(try store.appliedMigrations() == SQLiteStore.knownMigrations)
            _ = try await StoreContract.tree(store)
        }
        let reopened = try SQLiteStore(path: db.path)
        #expect(try await reopened.node(code: "990001001001001") != nil)
        #expect(try reopened.appliedMigrations() == SQLiteStore.knownMigrations)
    }
}
