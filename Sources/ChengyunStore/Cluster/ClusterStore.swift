public import ChengyunCore

/// 集群信号 — what a change on one server node tells the others, through the database, once its transaction has
/// committed (in commit order): a case's new history, reference data changed, or who may do what changed.
public enum ClusterSignal: Sendable, Hashable {
    /// A case was written with these history entries (ids): other nodes read them and put them on their live streams.
    case caseChanged(CaseID, events: [Int64])
    /// Taxonomy, calendar, dispatch rules, the organisation tree, grids, departments or handling powers changed:
    /// other nodes reload their reference data.
    case referenceChanged
    /// A user was disabled, given other roles or a new password, a token signed out, a key revoked, rotated or its
    /// terms or widenings changed: other nodes forget the identities they hold, so the next request is checked
    /// against the store, and end the live streams it names.
    case accessChanged(AccessChange)
}

/// Whose live streams an access change ends (none for a change of terms or widenings).
public struct AccessChange: Sendable, Hashable {
    /// Every stream of this user (disabled, other roles, a new password: a stream of a session still valid reconnects).
    public var user: UserID?
    /// The streams of this signed-out token.
    public var tokenHash: String?
    /// The streams of this system (an API key revoked or rotated).
    public var system: String?

    public init(user: UserID? = nil, tokenHash: String? = nil, system: String? = nil) {
        self.user = user
        self.tokenHash = tokenHash
        self.system = system
    }

    /// Nothing to end: identities are forgotten, that is all.
    public static let identities = AccessChange()
}

/// The signals between the nodes of one deployment. A store that only one process opens (SQLite) has none.
public protocol ClusterStore: Sendable {
    /// The signals of the other nodes' writes committed from now on (it returns once it is listening); `nil` when this
    /// store has no other nodes. After a broken connection to the database the stream yields `.referenceChanged` and
    /// `.accessChanged(.identities)` (what was missed meanwhile is unknown) before the signals that follow.
    func clusterSignals() async throws -> AsyncStream<ClusterSignal>?

    /// Runs `body` unless another node is running the job `name` now, and returns its result; nil, without running
    /// it, when another node is. For the background work that must run once across the nodes (escalation, outbox
    /// delivery, hotspot runs): the job is this node's until `body` returns or the node dies, then any node's.
    func exclusively<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T?
}
