import ChengyunCore
import ChengyunSQLite
import ChengyunStore
import ChengyunTesting
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Runs the real `chengyun` binary the suite was built with.
enum Binary {
    static var path: String {
        if let env = ProcessInfo.processInfo.environment["CHENGYUN_BIN"] { return env }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/chengyun").path
    }

    /// Runs the binary to its end (at most `timeout` seconds, then it is killed) and returns its status and output.
    ///
    /// The output goes to a file, not a pipe, and the end is polled: a pipe's end never comes while another child
    /// started meanwhile by a parallel test holds a copy of its write end, and `waitUntilExit` was seen to hang in CI
    /// after the child had gone.
    /// A demo city's residents in a test unless it asks for a number: `chengyun demo`'s 200,000 are for people
    /// trying the platform, and would spend a test's minutes sealing and copying them.
    static let testResidents = ["--residents", "200"]

    /// `arguments`, with `testResidents` added to a `demo` that names no number of residents, and without the live
    /// emergency repairs (a test counts the cases it asked for).
    static func sized(_ arguments: [String]) -> [String] {
        guard arguments.first == "demo" else { return arguments }
        return arguments + (arguments.contains("--residents") ? [] : testResidents) + (arguments.contains("--live-repairs") ? [] : ["--no-live-repairs"])
    }

    @discardableResult
    static func run(_ arguments: [String], timeout: TimeInterval = 600) throws -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-run-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let output = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = sized(arguments)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        try output.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                if Date() > deadline.addingTimeInterval(5) { break }
            }
            usleep(20_000)
        }
        let text = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
        return (process.isRunning ? -1 : process.terminationStatus, text)
    }
}

/// A tiny HTTP client over loopback.
func http(_ method: String, _ url: String, token: String? = nil, json: String? = nil) async throws -> (Int, [String: Any]) {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    if let json {
        request.httpBody = Data(json.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    let (data, response) = try await URLSession.shared.data(for: request)
    let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, object)
}

@Suite("持久性 durability of the real server", .serialized, .enabled(if: TestCity.storeKind == "sqlite", "the same on either store: run once, in the first pass"))
struct KillTests {
    @Test("kill -9 之后，服务器已确认（201）的每一件上报都还在")
    func acknowledgedWritesSurviveKill() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("city.sqlite").path
        let demo = try Binary.run(["demo", "--database", db, "--districts", "1", "--streets", "2", "--committees", "4", "--grids", "40", "--departments", "20", "--cases", "0"])
        #expect(demo.status == 0, "\(demo.output)")

        let server = Process()
        server.executableURL = URL(fileURLWithPath: Binary.path)
        server.arguments = ["serve", "--database", db, "--port", "0", "--log-level", "error"]
        let out = Pipe()
        server.standardOutput = out
        try server.run()
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        var banner = ""
        while !banner.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
        let base = try #require(banner.split(separator: " ").first { $0.hasPrefix("http://") }).trimmingCharacters(in: .whitespacesAndNewlines)

        let (loginStatus, login) = try await http("POST", "\(base)/api/v1/auth/login", json: #"{"username":"duty","password":"chengyun-demo"}"#)
        #expect(loginStatus == 200)
        let token = try #require(login["token"] as? String)
        let acknowledged = try await withThrowingTaskGroup(of: (Int, String)?.self) { group in
            for i in 0..<60 {
                group.addTask {
                    let description = "kill-test \(i)"
                    let (status, body) = try await http("POST", "\(base)/api/v1/cases", token: token, json: """
                        {"source":"hotline","categoryId":"event:0110","description":"\(description)","location":{"lon":\(121.475 + Double(i % 8) * 0.0008),"lat":\(31.225 + Double(i % 5) * 0.0007)},"externalRef":"K-\(i)"}
                        """)
                    guard status == 201, let id = body["id"] as? Int else { return nil }
                    return (id, description)
                }
            }
            return try await group.reduce(into: [(Int, String)]()) { if let x = $1 { $0.append(x) } }
        }
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
        #expect(acknowledged.count == 60)

        let store = try SQLiteStore(path: db)
        for (id, description) in acknowledged {
            let record = try await store.caseRecord(CaseID(Int64(id)))
            #expect(record?.description == description, "case \(id) was acknowledged but is gone")
            #expect(try await store.events(of: CaseID(Int64(id))).first?.action == .report)
        }
    }
}

@Suite("命令行 the command line", .enabled(if: TestCity.storeKind == "sqlite", "the same on either store: run once, in the first pass"))
struct CommandLineTests {
    @Test("演示账号未改密码时拒绝在回环以外的地址上服务；同一种子生成同一座城市")
    func demoSafetyAndDeterminism() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sizes = ["--districts", "1", "--streets", "2", "--committees", "4", "--grids", "40", "--departments", "20", "--cases", "200", "--now", "2026-11-20T02:00:00Z", "--seed", "7"]
        let a = dir.appendingPathComponent("a.sqlite").path
        let b = dir.appendingPathComponent("b.sqlite").path
        #expect(try Binary.run(["demo", "--database", a] + sizes).status == 0)
        #expect(try Binary.run(["demo", "--database", b] + sizes).status == 0)
        let refused = try Binary.run(["serve", "--database", a, "--host", "0.0.0.0", "--port", "0"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("demo password"))
        // Same seed, same city: nodes, their boundaries, and the cases' places, categories and final states.
        func fingerprint(_ path: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = [path, "SELECT group_concat(code || name || path, ';') FROM org_node; SELECT group_concat(geometry, ';') FROM node_area; SELECT group_concat(category_id || state || node_path || source || lon || lat, ';') FROM case_record;"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        let fa = try fingerprint(a)
        #expect(fa.count > 1000)
        #expect(fa == (try fingerprint(b)))
        let other = dir.appendingPathComponent("c.sqlite").path
        #expect(try Binary.run(["demo", "--database", other] + sizes.dropLast() + ["8"]).status == 0)
        #expect(try fingerprint(other) != fa)
    }
}
