public import ChengyunCore
public import Foundation

/// 预警 — warnings (one row per CAP message, typed columns, the nodes it covers as child rows) and their relay down
/// the tree, one row per node with its acknowledgement; counts of the relay by the database.
public protocol WarningStore: Sendable {
    /// - Throws: `warning.duplicate` 409 when the sender's identifier is here already.
    func createWarning(_ warning: Warning) async throws -> Warning
    func warning(_ id: WarningID) async throws -> Warning?
    func warning(identifier: String, sender: String) async throws -> Warning?
    /// Warnings newest first, by keyset before `before`; published only unless `all`.
    func warnings(publishedOnly: Bool, before: WarningID?, limit: Int) async throws -> [Warning]
    /// Approves (publishes) or refuses a pending warning; false when it was not pending.
    func decideWarning(_ id: WarningID, publish: Bool, by: String, at: Date) async throws -> Bool
    /// Publishes a received warning and records its relay rows and the messages that push it to the configured
    /// channels (`outbox`, delivered later), in one commit.
    func relay(_ id: WarningID, to rows: [WarningRelay], publishedAt: Date, outbox: [OutboxMessage]) async throws
    /// Marks the relay rows of `nodes` acknowledged (those not yet); returns how many.
    func acknowledgeRelay(_ id: WarningID, nodes: [NodeID], by: String, at: Date) async throws -> Int
    /// The relay rows under `path`, by path.
    func relayRows(_ id: WarningID, under path: String) async throws -> [WarningRelay]
    /// How many nodes under `path` it was relayed to, and how many acknowledged.
    func relayCounts(_ id: WarningID, under path: String) async throws -> (relayed: Int, acknowledged: Int)
}
