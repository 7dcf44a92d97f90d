public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// 负载均衡 — Debian's nginx in front of several `chengyun serve` nodes on loopback, with the configuration
/// docs/OPERATIONS.md gives ("Several nodes behind nginx"): the multi-node tests and `bench intake --nodes` start it in
/// a folder of their own and stop it by its pid file.
public struct NginxFront: Sendable {
    public static let executable = "/usr/sbin/nginx"
    public let folder: URL
    public let port: Int
    public var base: String { "http://127.0.0.1:\(port)" }
    var configuration: URL { folder.appendingPathComponent("nginx.conf") }
    var log: URL { folder.appendingPathComponent("nginx.log") }

    /// Writes the configuration into `folder` (created): `upstreams` are the nodes' `http://host:port`, `workers`
    /// nginx's worker processes.
    public init(folder: URL, upstreams: [String], port: Int, workers: Int = 1) throws {
        self.folder = folder
        self.port = port
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let servers = upstreams.map { "server \($0.replacingOccurrences(of: "http://", with: "")) max_fails=1 fail_timeout=10s;" }
        let dir = folder.path
        try """
            \(geteuid() == 0 ? "user root;" : "")
            worker_processes \(workers);
            pid \(dir)/nginx.pid;
            error_log \(dir)/nginx-error.log;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path \(dir)/body; proxy_temp_path \(dir)/proxy; fastcgi_temp_path \(dir)/fastcgi;
                uwsgi_temp_path \(dir)/uwsgi; scgi_temp_path \(dir)/scgi;
                upstream chengyun { \(servers.joined(separator: " ")) keepalive 64; }
                server {
                    listen 127.0.0.1:\(port);
                    client_max_body_size 40m;
                    location / {
                        proxy_pass http://chengyun;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_next_upstream error timeout http_502 http_503;
                        proxy_buffering off;
                        proxy_read_timeout 1h;
                    }
                }
            }
            """.write(to: configuration, atomically: true, encoding: .utf8)
    }

    /// Starts nginx (it runs as a daemon); the exit status of the start and what it printed.
    public func start() throws -> (status: Int32, output: String) {
        let status = try Self.run(["-c", configuration.path, "-p", folder.path], log: log)
        return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// Stops nginx by its pid file.
    public func stop() { _ = try? Self.run(["-c", configuration.path, "-p", folder.path, "-s", "stop"], log: log) }

    /// Runs nginx to the end of its command, its output appended to `log` (starting it daemonises it; Foundation's
    /// Process does not see a daemonising child end, so it is spawned and waited for here).
    static func run(_ arguments: [String], log: URL) throws -> Int32 {
        let command = [executable] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, command[0], &actions, nil, &argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return (status >> 8) & 0xff
    }

    /// A loopback port free now.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
