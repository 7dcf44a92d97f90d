import ChengyunCore
import ChengyunStore
import Foundation

/// 谁在值班 — who is on duty at a place now: read by the duty use cases, and by the case loop, which sends an
/// escalation or a linkage request to whoever is on duty at the receiving level.
struct OnDutyLookup: Sendable {
    let store: any DutyStore & OrganisationStore

    /// 谁在值班 — the people on duty at `at` at the node and at every level above it, nearest first: a grid or
    /// committee gets its station's people and its street, district and city centres'.
    func levels(atPath path: String, at: Date) async throws -> [DutyLevel] {
        let ids = OrgNode.ids(inPath: path)
        let shifts = try await store.shifts(at: ids, from: at, to: at.addingTimeInterval(1)).filter { $0.covers(at) }
        var levels: [DutyLevel] = []
        for id in ids.reversed() {
            let here = shifts.filter { $0.nodeID == id }
            guard !here.isEmpty, let node = try await store.node(id) else { continue }
            levels.append(DutyLevel(nodeID: id, nodeName: node.name, kind: node.kind, shifts: here.sorted { ($0.post.rawValue, $0.userName) < ($1.post.rawValue, $1.userName) }))
        }
        return levels
    }

    /// The names of the people on duty at the node now, for history entries ("sent to whoever is on duty").
    func names(atPath path: String, at: Date) async -> String? {
        guard let level = try? await levels(atPath: path, at: at).first else { return nil }
        return "\(level.nodeName)：" + level.shifts.map { "\($0.post.chinese)\($0.userName)" }.joined(separator: "、")
    }
}
