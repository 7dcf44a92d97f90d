import ChengyunCore
import ChengyunSQLite
import ChengyunStore
import ChengyunTesting
import Foundation
import Testing

/// Issue 14 finding 8: a 0-byte file or a path in a missing folder started an empty city that reported healthy, and
/// other faults printed SQLite's own errors.
@Suite("数据库启动检查 the real binary refuses a broken or missing database", .serialized, .enabled(if: TestCity.storeKind == "sqlite", "the same on either store: run once, in the first pass"))
struct DatabaseStartTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-start-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// Runs the binary, stopping it if it has not ended after `seconds` (a server that started by mistake).
    func run(_ arguments: [String], seconds: Double = 120) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = Binary.sized(arguments)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    /// Stops with status 1 and one line that names the path and says `problem`, without SQLite's own wording.
    func expectRefusal(_ arguments: [String], at path: String, saying problem: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (status, output) = try run(arguments)
        let lines = output.split(separator: "\n")
        #expect(status == 1, "\(arguments): \(output)", sourceLocation: sourceLocation)
        #expect(lines.count == 1, "\(arguments): \(output)", sourceLocation: sourceLocation)
        #expect(output.contains(path) && output.contains(problem), "\(arguments): \(output)", sourceLocation: sourceLocation)
        for raw in ["SQLite error", "SQLITE_", "file is not a database", "unable to open"] {
            #expect(!output.contains(raw), "\(arguments): \(output)", sourceLocation: sourceLocation)
        }
    }

    @Test("serve：空文件、非 SQLite 文件、不存在的目录或文件、他人的数据库、没有城市 — 一行说明，退出码 1，什么也不创建")
    func serveRefuses() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = path("empty.sqlite")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        try expectRefusal(["serve", "--database", empty, "--port", "0"], at: empty, saying: "is empty (0 bytes)")
        #expect(try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int == 0, "the empty file stays empty")

        let text = path("notes.sqlite")
        _ = FileManager.default.createFile(atPath: text, contents: Data(String(repeating: "这不是数据库。", count: 50).utf8))
        try expectRefusal(["serve", "--database", text, "--port", "0"], at: text, saying: "is not an SQLite database")

        let nowhere = path("missing/folder/city.sqlite")
        try expectRefusal(["serve", "--database", nowhere, "--port", "0"], at: nowhere, saying: "does not exist")
        #expect(!FileManager.default.fileExists(atPath: path("missing")), "serve creates no folder")

        let absent = path("absent.sqlite")
        try expectRefusal(["serve", "--database", absent, "--port", "0"], at: absent, saying: "chengyun demo")
        #expect(!FileManager.default.fileExists(atPath: absent), "serve creates no database")

        let foreign = path("foreign.sqlite")
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [foreign, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);"]
        try sqlite.run()
        sqlite.waitUntilExit()
        try expectRefusal(["serve", "--database", foreign, "--port", "0"], at: foreign, saying: "another application")
        try expectRefusal(["migrate", "--database", foreign], at: foreign, saying: "another application")

        let bare = path("bare.sqlite")
        #expect(try run(["migrate", "--database", bare]).status == 0)
        try expectRefusal(["serve", "--database", bare, "--port", "0"], at: bare, saying: "holds no city")
        try expectRefusal(["user", "add", "--database", bare, "--username", "first.admin", "--display-name", "管理员", "--role", "admin", "--node", "990000", "--password", "long-enough-1"],
                          at: bare, saying: "holds no city")
    }

    @Test("不可读或只读的数据库文件：serve 与 migrate 都拒绝")
    func permissions() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = path("city.sqlite")
        #expect(try run(["migrate", "--database", db]).status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: db)
        try expectRefusal(["serve", "--database", db, "--port", "0"], at: db, saying: "cannot be read")
        try expectRefusal(["migrate", "--database", db], at: db, saying: "cannot be read")
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: db)
        try expectRefusal(["serve", "--database", db, "--port", "0"], at: db, saying: "is read-only")
        try expectRefusal(["migrate", "--database", db], at: db, saying: "is read-only")
    }

    @Test("migrate 与 demo 创建数据库：缺少的目录 0700，数据库及其 -wal、-shm 0600；migrate 不接受空文件")
    func creation() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = path("new/var/city.sqlite")
        let migrated = try run(["migrate", "--database", db])
        #expect(migrated.status == 0, "\(migrated.output)")
        #expect(try mode(path("new")) == 0o700 && mode(path("new/var")) == 0o700)
        #expect(try mode(db) == 0o600)

        let demo = path("demo/city.sqlite")
        let made = try run(["demo", "--database", demo, "--districts", "1", "--streets", "2", "--committees", "4", "--grids", "40", "--departments", "20", "--cases", "0"])
        #expect(made.status == 0, "\(made.output)")
        #expect(try mode(path("demo")) == 0o700 && mode(demo) == 0o600)

        // In process: while the store is open its -wal and -shm files exist, with the database's mode.
        let store = try SQLiteStore(path: demo)
        try store.requireCity()
        _ = try await store.cases(.init(scope: .everything))
        for suffix in ["-wal", "-shm"] { #expect(try mode(demo + suffix) == 0o600, "\(suffix)") }

        let empty = path("empty.sqlite")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        try expectRefusal(["migrate", "--database", empty], at: empty, saying: "is empty (0 bytes)")
        #expect(throws: DatabaseFileError.self) { try SQLiteStore(path: empty) }
    }
}
