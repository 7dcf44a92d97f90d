public import ChengyunCore
import ChengyunStore
public import Foundation

/// 31631 (Shenzhen) — a warning sequence for one weather process: 3 days ahead the process, 1 day the area and window,
/// 6 hours the high-risk zones, 3 hours zoned warnings, 1 hour a forecast per street. The view says which steps came,
/// whether each came on time (at least its lead before the onset), whether each was narrower in place than the last,
/// and what each street was told and acknowledged.
public struct WarningSequence: Sendable, Hashable, Codable {
    public struct Step: Sendable, Hashable, Codable {
        public var step: Warning.Step
        public var warningID: WarningID
        public var headline: String
        public var sentAt: Date
        /// When it was due: its lead before the onset (nil without an onset).
        public var due: Date?
        public var onTime: Bool?
        public var nodeIDs: [NodeID]
        public var areaDescription: String
        /// Whether every node it covers lies within the previous step's (the first step: true).
        public var narrower: Bool
    }

    /// What one street was told: the steps relayed to it and whether it acknowledged each.
    public struct Street: Sendable, Hashable, Codable {
        public var nodeID: NodeID
        public var name: String
        public var told: [Warning.Step]
        public var acknowledged: [Warning.Step]
    }

    public var hazard: Warning.Hazard
    public var onset: Date?
    public var steps: [Step]
    /// The steps of 31631 that did not come.
    public var missing: [Warning.Step]
    public var streets: [Street]
}

extension WarningUseCases {
    /// The sequence a warning belongs to: the published warnings of the same hazard with a step and an onset within a
    /// day of its own, one per step (the latest of each), in step order; the streets under the caller's area.
    public func sequence(of id: WarningID, by identity: Identity) async throws -> WarningSequence {
        let w = try await warning(id, by: identity)
        // Warnings are few (hundreds a year): the last 500 published are enough to find a process's steps.
        let recent = try await store.warnings(publishedOnly: true, before: nil, limit: 500)
        let onset = w.onset
        let members = recent.filter { other in
            guard other.hazard == w.hazard, other.step != nil, other.msgType != .cancel else { return false }
            guard let a = onset, let b = other.onset else { return other.id == w.id }
            return abs(a.timeIntervalSince(b)) <= 86_400
        }
        var latest: [Warning.Step: Warning] = [:]
        for m in members.sorted(by: { $0.id < $1.id }) { latest[m.step!] = m }
        var steps: [WarningSequence.Step] = []
        var previous: [OrgNode]?
        for step in Warning.Step.allCases {
            guard let m = latest[step] else { continue }
            let nodes = try await self.nodes(of: m)
            let narrower = previous.map { before in nodes.allSatisfy { n in before.contains { n.path.hasPrefix($0.path) } } } ?? true
            let due = m.onset.map { $0.addingTimeInterval(-step.lead) }
            steps.append(WarningSequence.Step(step: step, warningID: m.id, headline: m.headline, sentAt: m.sentAt, due: due,
                                              onTime: due.map { m.sentAt <= $0 }, nodeIDs: m.nodeIDs, areaDescription: m.areaDescription, narrower: narrower))
            previous = nodes
        }
        var streets: [NodeID: WarningSequence.Street] = [:]
        if let path = CaseScope.of(identity).paths.min(by: { $0.count < $1.count }) {
            for s in steps {
                for row in try await store.relayRows(s.warningID, under: path) where row.kind == .street {
                    var street = streets[row.nodeID] ?? WarningSequence.Street(nodeID: row.nodeID, name: row.nodeName, told: [], acknowledged: [])
                    street.told.append(s.step)
                    if row.acknowledgedAt != nil { street.acknowledged.append(s.step) }
                    streets[row.nodeID] = street
                }
            }
        }
        return WarningSequence(hazard: w.hazard, onset: onset, steps: steps, missing: Warning.Step.allCases.filter { latest[$0] == nil },
                               streets: streets.values.sorted { $0.name < $1.name })
    }
}
