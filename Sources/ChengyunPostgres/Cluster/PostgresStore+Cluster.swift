import ChengyunCore
public import ChengyunStore
import Foundation
import PostgresNIO
import Synchronization

/// 集群信号 — the nodes of a deployment tell each other what changed through PostgreSQL's LISTEN/NOTIFY. A write sends
/// its notification inside its own transaction (`pg_notify`), so it is delivered if and only if the write commits,
/// and in commit order; each node listens on one connection of its pool and leaves out its own.
extension PostgresStore {
    static let clusterChannel = "chengyun_cluster"

    /// Sends a signal to every node (this one too; it leaves its own out), delivered when the caller's transaction
    /// commits.
    static func announce(_ c: PostgresConnection, _ signal: ClusterSignal, from node: String, logger: Logger) async throws {
        var q = SQLBuilder()
        q.append("SELECT \(announce(&q, signal, from: node))")
        try await c.rows(q.query, logger: logger)
    }

    /// The notification as an expression of a statement that writes more.
    static func announce(_ q: inout SQLBuilder, _ signal: ClusterSignal, from node: String) -> String {
        "pg_notify(\(q.bind(clusterChannel)), \(q.bind(payload(signal, from: node))))"
    }

    /// `<node> case <id> <event>,<event>`, `<node> reference`, `<node> access [user=<id>] [token=<hash>] [system=<name>]`
    /// (a system's name percent-encoded).
    static func payload(_ signal: ClusterSignal, from node: String) -> String {
        switch signal {
        case .caseChanged(let id, let events): return "\(node) case \(id.rawValue) \(events.map(String.init).joined(separator: ","))"
        case .referenceChanged: return "\(node) reference"
        case .accessChanged(let change):
            var parts = ["\(node) access"]
            if let user = change.user { parts.append("user=\(user.rawValue)") }
            if let token = change.tokenHash { parts.append("token=\(token)") }
            if let system = change.system?.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { parts.append("system=\(system)") }
            return parts.joined(separator: " ")
        }
    }

    /// The signal of another node's payload; nil for this node's own or one it does not understand.
    static func signal(_ payload: String, ownNode: String) -> ClusterSignal? {
        let parts = payload.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0] != ownNode else { return nil }
        switch parts[1] {
        case "case":
            guard parts.count >= 3, let id = Int64(parts[2]) else { return nil }
            let events = parts.count > 3 ? parts[3].split(separator: ",").compactMap { Int64($0) } : []
            return .caseChanged(CaseID(id), events: events)
        case "reference": return .referenceChanged
        case "access":
            var change = AccessChange()
            for part in parts.dropFirst(2) {
                let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
                guard pair.count == 2 else { continue }
                switch pair[0] {
                case "user": change.user = Int64(pair[1]).map(UserID.init(rawValue:))
                case "token": change.tokenHash = pair[1]
                case "system": change.system = pair[1].removingPercentEncoding
                default: break
                }
            }
            return .accessChanged(change)
        default: return nil
        }
    }

    public func clusterSignals() async throws -> AsyncStream<ClusterSignal>? {
        let (stream, continuation) = AsyncStream.makeStream(of: ClusterSignal.self, bufferingPolicy: .bufferingNewest(10_000))
        let client = client, node = node, logger = logger
        // Resumed once the first LISTEN has run (or its connection failed).
        let (listening, ready) = AsyncStream.makeStream(of: Result<Void, any Error>.self)
        let task = Task {
            var connected = false
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: Self.clusterChannel) { notifications in
                            // What other nodes changed while this one was not listening is unknown: refresh both.
                            if connected {
                                continuation.yield(.referenceChanged)
                                continuation.yield(.accessChanged(.identities))
                            }
                            connected = true
                            ready.yield(.success(()))
                            ready.finish()
                            for try await notification in notifications {
                                if let signal = Self.signal(notification.payload, ownNode: node) { continuation.yield(signal) }
                            }
                        }
                    }
                } catch {
                    if !connected {
                        ready.yield(.failure(error))
                        ready.finish()
                        break
                    }
                    if Task.isCancelled { break }
                    logger.warning("listening for other nodes' changes failed; trying again in a second", metadata: ["error": "\(PostgresStoreError.explain(error))"])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            continuation.finish()
        }
        listeners.withLock { $0.append(task) }
        continuation.onTermination = { _ in task.cancel() }
        for await result in listening { try result.get() }
        return stream
    }
}

extension PostgresStore {
    /// The job is a session advisory lock (keyed by its name) held on one connection while `body` runs: released when
    /// it returns, or by the server when the node's connection drops (the node died).
    public func exclusively<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T? {
        let key = Self.jobKey(name), logger = logger
        return try await client.withConnection { connection -> T? in
            guard try await connection.rows("SELECT pg_try_advisory_lock(\(key))", logger: logger)[0].decode(Bool.self) else { return nil }
            do {
                let result = try await body()
                try await connection.rows("SELECT pg_advisory_unlock(\(key))", logger: logger)
                return result
            } catch {
                _ = try? await connection.rows("SELECT pg_advisory_unlock(\(key))", logger: logger)
                throw error
            }
        }
    }

    /// A job's lock key: FNV-1a of its name, apart from the migration lock.
    static func jobKey(_ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in ("chengyun.job." + name).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}

extension PostgresStore: ClusterStore {}
