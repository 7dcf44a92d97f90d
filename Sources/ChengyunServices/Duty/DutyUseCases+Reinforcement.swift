public import ChengyunCore
import ChengyunStore
import Foundation

/// 加强值班值守 — a flood-season warning (rainstorm, typhoon, high tide, flood) relayed to a district, street or
/// committee adds the plan's extra posts for its level to that node's roster until it expires (an upgrade adds the
/// difference; a cancellation ends them); the node's roster editors put people on them, which puts shifts on the
/// roster and so on `/duty/now`.
struct DutyReinforcer {
    let store: any DutyStore & WarningStore
    let plan = ReinforcementPlan.standard
    /// How long posts last when the warning gives no expiry, and at most.
    static let defaultHours = 24.0, maxHours = 72.0

    /// The posts `w` adds at `nodes` (relayed at `now`); ends those of the warning a cancellation names.
    func apply(_ w: Warning, nodes: [OrgNode], now: Date) async throws {
        if w.msgType == .cancel {
            for reference in w.references {
                let parts = reference.split(separator: ",").map(String.init)
                guard parts.count >= 2, let original = try await store.warning(identifier: parts[1], sender: parts[0]) else { continue }
                _ = try await store.endReinforcements(of: original.id, at: now)
            }
            return
        }
        guard ReinforcementPlan.hazards.contains(w.hazard) else { return }
        let end = min(w.expires ?? now.addingTimeInterval(Self.defaultHours * 3600), now.addingTimeInterval(Self.maxHours * 3600))
        guard end > now else { return }
        // The posts open under every subtree the warning reaches (it may name several districts).
        let roots = nodes.filter { node in !nodes.contains { $0.id != node.id && node.path.hasPrefix($0.path) } }
        var open: [DutyReinforcement] = []
        for root in roots { open += try await store.openReinforcements(under: root.path, at: now) }
        var posts: [DutyReinforcement] = []
        for node in nodes {
            var have: [DutyPost: Int] = [:]
            for p in open where p.nodeID == node.id { have[p.post, default: 0] += 1 }
            for (post, seats) in plan.missing(w.level, node.kind, open: have).sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                for _ in 0..<seats {
                    posts.append(DutyReinforcement(id: DutyReinforcementID(0), warningID: w.id, nodeID: node.id, nodePath: node.path, nodeName: node.name,
                                                   post: post, level: w.level, start: now, end: end))
                }
            }
        }
        _ = try await store.addReinforcements(posts)
    }
}

/// The reinforcement posts open under a node, with how many are filled.
public struct ReinforcementStatus: Sendable, Hashable, Codable {
    public var posts: [DutyReinforcement]
    public var needed: Int
    public var filled: Int
}

extension DutyUseCases {
    /// The open reinforcement posts on or under a node the caller sees.
    public func reinforcements(nodeID: NodeID, by identity: Identity) async throws -> ReinforcementStatus {
        let node = try await dutyReadable(nodeID, by: identity)
        let posts = try await store.openReinforcements(under: node.path, at: clock.now())
        return ReinforcementStatus(posts: posts, needed: posts.count, filled: posts.filter(\.isFilled).count)
    }

    /// Puts a person on an open post: a shift at the post's node from now (or its start) to its end, at most the
    /// longest shift; the node's roster editors only.
    public func assignReinforcement(_ id: DutyReinforcementID, userID: UserID, by identity: Identity) async throws -> DutyReinforcement {
        let now = clock.now()
        guard let post = try await store.reinforcement(id), post.end > now else { throw DutyError.reinforcementNotFound(id) }
        let node = try await rosterNode(post.nodeID, by: identity)
        let start = max(post.start, now)
        let end = min(post.end, start.addingTimeInterval(DutyRules.maxHours * 3600))
        let shift = try await makeShift(ShiftInput(nodeID: node.id, post: post.post, userID: userID, start: start, end: end), node: node)
        return try await store.assignReinforcement(id, shift: shift)
    }
}
