import ChengyunCore
import ChengyunSQLite
import ChengyunStore
import ChengyunTesting
import Foundation
import GRDB
import Testing

/// What the SQLite adapter does beyond the contract: several stores on one file, attachment files, migrations.
@Suite("SQLite 存储 adapter")
struct SQLiteStoreTests {
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
