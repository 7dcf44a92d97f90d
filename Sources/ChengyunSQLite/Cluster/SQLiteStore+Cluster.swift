public import ChengyunStore

/// One process opens an SQLite file: there are no other nodes to hear from.
extension SQLiteStore {
    public func clusterSignals() async throws -> AsyncStream<ClusterSignal>? { nil }

    /// No other node can be running it.
    public func exclusively<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T? { try await body() }
}
