import ChengyunCore
public import ChengyunStore
import Foundation
import Logging
public import ServiceLifecycle

/// 多节点 — what this node does with the other nodes' changes: their cases' new history goes on this node's live
/// streams, reference data is reloaded, and resolved identities are forgotten so the next request of each is checked
/// against the store (a disabled user, a revoked key, a signed-out token).
public struct ClusterUseCases: UseCaseGroup {
    public typealias Ports = ClusterStore & CaseStore
    let store: any Ports
    public let shared: UseCaseContext
    let sessions: SessionCache

    init(store: any Ports, shared: UseCaseContext, sessions: SessionCache) {
        self.store = store
        self.shared = shared
        self.sessions = sessions
    }

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
            try await reload()
        case .accessChanged(let change):
            sessions.forgetIdentities()
            if let user = change.user { sessions.streams.end(user: user) }
            if let token = change.tokenHash { sessions.streams.end(tokenHashes: [token]) }
            if let system = change.system { sessions.streams.end(system: system) }
        }
    }
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
