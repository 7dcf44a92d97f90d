import ChengyunPostgres
import ChengyunServer
import ChengyunTesting
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// 多节点与负载均衡: real `chengyun serve` processes on one PostgreSQL database behind a real nginx (Debian's, started
/// with a configuration of the test's own; docs/OPERATIONS.md has the one to deploy). PostgreSQL only, and only where
/// nginx is installed (scripts/setup.sh installs it).
@Suite("多节点 nodes behind nginx", .serialized,
       .enabled(if: TestCity.storeKind == "postgres" && FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx"), "PostgreSQL and nginx"))
struct ClusterNginxTests {
    /// A process started now, killed (SIGKILL) when the test ends.
    final class Running: @unchecked Sendable {
        let process = Process()
        let output: URL
        init(_ executable: String, _ arguments: [String], output: URL) throws {
            self.output = output
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            let handle = try FileHandle(forWritingTo: output)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
        }
        var text: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
        func kill9() { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
        deinit { kill9() }
    }

    /// A GET's JSON, whatever its shape.
    func json(_ url: String, token: String) async throws -> Any? {
        var request = URLRequest(url: URL(string: url)!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        return try? JSONSerialization.jsonObject(with: data)
    }

    /// A node: `chengyun serve` on a free port, its address once it listens.
    func node(_ dir: URL, _ name: String, url: String, keys: String) async throws -> (Running, String) {
        let node = try Running(Binary.path, ["serve", "--database", url, "--data-keys", keys, "--port", "0", "--log-level", "error", "--escalation-interval", "1"],
                               output: dir.appendingPathComponent("\(name).log"))
        var base: String?
        _ = try await eventually(within: 30) {
            base = node.text.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("http://") }.map(String.init)
            return base != nil || !node.process.isRunning
        }
        return (node, try #require(base, "\(name) did not start: \(node.text)"))
    }

    @Test("经 nginx 的两个节点：一个节点的上报出现在另一个节点的实时流；kill -9 一个节点不丢已确认的上报，其余请求转到另一节点；超期升级只做一次")
    func twoNodesBehindNginx() async throws {
        let server = try #require(ProcessInfo.processInfo.environment["CHENGYUN_TEST_POSTGRES"].flatMap { try? PostgresURL($0) })
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let name = "nodes_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await PostgresStore.createDatabase(name, on: server)
        let url = server.with(database: name).text, keys = dir.appendingPathComponent("city.keys").path
        // A month of cases, some of them overdue now, for the escalation to find.
        let demo = try Binary.run(["demo", "--database", url, "--data-keys", keys, "--districts", "1", "--streets", "2", "--committees", "4", "--grids", "40",
                                   "--departments", "20", "--cases", "200", "--days", "30"])
        #expect(demo.status == 0, "\(demo.output)")

        let (first, firstURL) = try await node(dir, "node1", url: url, keys: keys)
        let (second, secondURL) = try await node(dir, "node2", url: url, keys: keys)
        let front = try NginxFront(folder: dir.appendingPathComponent("nginx"), upstreams: [firstURL, secondURL], port: try NginxFront.freePort())
        // nginx runs as a daemon (its master stays, whatever supervises this process) and is stopped by its pid file.
        let started = try front.start()
        #expect(started.status == 0, "nginx: \(started.output)")
        defer { front.stop() }
        let base = front.base
        #expect(try await eventually(within: 10) { (try? await http("GET", "\(base)/healthz").0) == 200 }, "nginx in front of both nodes")

        let (_, login) = try await http("POST", "\(base)/api/v1/auth/login", json: #"{"username":"duty","password":"chengyun-demo"}"#)
        let token = try #require(login["token"] as? String, "\(login)")

        // The live stream of node 2 carries a case reported through node 1.
        let stream = try Running("/usr/bin/curl", ["-sN", "-H", "Authorization: Bearer \(token)", "\(secondURL)/api/v1/stream"], output: dir.appendingPathComponent("stream.txt"))
        // Subscribed once the stream has said so (its first bytes), however slow the machine.
        #expect(try await eventually(within: 30) { stream.text.contains(": connected") }, "node 2's stream opened: \(stream.text.prefix(300))")
        let p = (lon: 121.4737, lat: 31.2304)   // 人民广场, in 黄浦区: the demo city lies over Shanghai's districts
        let (status, created) = try await http("POST", "\(firstURL)/api/v1/cases", token: token, json: """
            {"source":"hotline","categoryId":"event:0110","description":"经节点一上报","location":{"lon":\(p.lon),"lat":\(p.lat)},"externalRef":"N-0"}
            """)
        #expect(status == 201, "\(created)")
        let number = try #require(created["number"] as? String)
        #expect(try await eventually(within: 10) { stream.text.contains(number) }, "node 2's stream: \(stream.text.prefix(300))")
        stream.kill9()

        // Intake through nginx; node 1 killed half-way: no acknowledged case is lost, the rest go to node 2.
        var acknowledged: [Int] = []
        var refused = 0
        for i in 0..<40 {
            if i == 15 { first.kill9() }
            let (status, body) = try await http("POST", "\(base)/api/v1/cases", token: token, json: """
                {"source":"hotline","categoryId":"event:0110","description":"经 nginx 上报 \(i)","location":{"lon":\(p.lon),"lat":\(p.lat)},"externalRef":"N-\(i + 1)"}
                """)
            if status == 201, let id = body["id"] as? Int { acknowledged.append(id) } else { refused += 1 }
        }
        #expect(refused <= 1, "at most the request in flight when node 1 died is lost, never acknowledged")
        #expect(acknowledged.count >= 39)
        for id in acknowledged {
            #expect(try await http("GET", "\(base)/api/v1/cases/\(id)", token: token).0 == 200, "case \(id)")
        }

        // Escalation ran on the nodes (every second) without escalating any case twice to the same node.
        let overdue = try await json("\(secondURL)/api/v1/cases?overdue=true&limit=50", token: token) as? [String: Any]
        let ids = ((overdue?["items"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? Int }
        #expect(!ids.isEmpty, "the demo city has overdue cases")
        try await Task.sleep(for: .seconds(2))
        var escalated = 0
        for id in ids {
            let history = try await json("\(secondURL)/api/v1/cases/\(id)/history", token: token) as? [[String: Any]] ?? []
            let targets = history.filter { $0["action"] as? String == "escalate" }.map { "\($0["toState"] ?? "") \($0["note"] ?? "") \($0["detail"] ?? "")" }
            escalated += targets.isEmpty ? 0 : 1
            #expect(Set(targets).count == targets.count, "case \(id) escalated twice alike: \(targets)")
        }
        #expect(escalated > 0, "the nodes escalated overdue cases")
        second.kill9()
    }
}
