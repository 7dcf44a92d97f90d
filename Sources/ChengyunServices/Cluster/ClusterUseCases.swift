import ChengyunCore
public import ChengyunStore
import Foundation
import Logging
import Synchronization
public import ServiceLifecycle

/// 多节点 — what this node does with the other nodes' changes: their cases' new history goes on this node's live
/// streams, reference data is reloaded, and resolved identities are forgotten so the next request of each is checked
/// against the store (a disabled user, a revoked key, a signed-out token).
public struct ClusterUseCases: UseCaseGroup {
    public typealias Ports = ClusterStore & CaseStore
    let store: any Ports
    public let shared: UseCaseContext
    let sessions: SessionCache
    /// Whether a reload is waiting to run: the reference changes that come meanwhile (a grid import's many
    /// transactions) are taken in by it.
    let reloadPending = ReloadGate()

    init(store: any Ports, shared: UseCaseContext, sessions: SessionCache) {
        self.store = store
        self.shared = shared
        self.sessions = sessions
    }

    /// How long a reload waits for more reference changes to come.
    static let reloadDelay = Duration.milliseconds(200)

    /// The other nodes' signals from now on, or nil when no other node shares the store.
    public func signals() async throws -> AsyncStream<ClusterSignal>? { try await store.clusterSignals() }

    /// Runs a background job unless another node is running it now (then nil).
    public func exclusively<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T? {
        try await store.exclusively(name, body)
    }

    /// Applies one signal of another node.
    public func apply(_ signal: ClusterSignal) async throws {
        switch signal {
        case .caseChanged(let id, let eventIDs):
            // Read only when someone is watching.
            guard feed.subscriberCount > 0, let record = try await store.caseRecord(id) else { return }
            let wanted = Set(eventIDs)
            let events = try await store.events(of: id).filter { $0.id.map(wanted.contains) ?? false }
            feed.publish(record, events)
        case .referenceChanged:
            // One reload for a burst of changes, run beside the signals that keep coming.
            guard reloadPending.claim() else { return }
            Task {
                try? await Task.sleep(for: Self.reloadDelay)
                reloadPending.release()
                do { try await reload() } catch {
                    logger.error("reloading reference data after another node's change failed", metadata: ["error": "\(error)"])
                }
            }
        case .accessChanged(let change):
            sessions.forgetIdentities()
            if let user = change.user { sessions.streams.end(user: user) }
            if let token = change.tokenHash { sessions.streams.end(tokenHashes: [token]) }
            if let system = change.system { sessions.streams.end(system: system) }
        }
    }
}

/// A flag taken by the first of a burst of reference changes and given back when its reload starts.
final class ReloadGate: Sendable {
    private let pending = Mutex(false)

    /// True for the first caller while the flag is down (it raises it).
    func claim() -> Bool { pending.withLock { p in defer { p = true }; return !p } }
    func release() { pending.withLock { $0 = false } }
}

/// The background service that applies the other nodes' signals as they come, until graceful shutdown (with no other
/// nodes it only waits for the shutdown).
public struct ClusterListener: Service {
    let cluster: ClusterUseCases

    public init(cluster: ClusterUseCases) { self.cluster = cluster }

    public func run() async throws {
        guard let signals = try await cluster.signals() else {
            try? await gracefulShutdown()
            return
        }
        for await signal in signals.cancelOnGracefulShutdown() {
            do { try await cluster.apply(signal) } catch {
                cluster.logger.error("applying another node's change failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
