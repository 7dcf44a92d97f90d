public import ChengyunCore
import ChengyunStore
public import Foundation

/// 预警 — warnings received from the meteorological service (CAP) and relayed at once, or issued by operators and
/// relayed when another person approves them; relayed down the tree to every district, street and committee under
/// the area through whoever is on duty there (`/duty/now`), acknowledged node by node. A flood-season warning adds
/// reinforcement posts to the rosters it reaches (`DutyReinforcer`).
public struct WarningUseCases: UseCaseGroup {
    let store: any WarningStore & OrganisationStore & DutyStore
    let shared: UseCaseContext

    /// The roles that take a warning at a node and acknowledge it there.
    static let receivers: Set<Role> = [.dutyOfficer, .leader, .stationChief, .communityWorker, .admin]
}

/// A warning as an operator drafts it.
public struct WarningDraft: Sendable, Hashable, Codable {
    public var hazard: Warning.Hazard
    public var level: AlarmLevel
    public var headline: String
    public var description: String
    public var instruction: String?
    public var areaDescription: String?
    public var nodeIDs: [NodeID]
    public var onset: Date?
    public var expires: Date?
    public var step: Warning.Step?
    public init(hazard: Warning.Hazard, level: AlarmLevel, headline: String, description: String, instruction: String? = nil, areaDescription: String? = nil,
                nodeIDs: [NodeID], onset: Date? = nil, expires: Date? = nil, step: Warning.Step? = nil) {
        self.hazard = hazard
        self.level = level
        self.headline = headline
        self.description = description
        self.instruction = instruction
        self.areaDescription = areaDescription
        self.nodeIDs = nodeIDs
        self.onset = onset
        self.expires = expires
        self.step = step
    }
}

extension WarningUseCases {
    /// The sender name of the warnings this platform issues.
    public static let sender = "chengyun@city.local"

    /// 接收 — a CAP alert from the meteorological service (a key reporting as `sensor`) or an admin: stored and relayed
    /// at once; an update or cancellation is relayed like an alert. The same identifier again is refused (409).
    public func receive(_ incoming: Warning, nodeCodes: [String], by identity: Identity) async throws -> Warning {
        guard identity.isSystem ? identity.systemSources.contains(.sensor) : identity.roles.contains(.admin) else {
            throw AccessError.roleRequired([.admin], to: "post warnings from the meteorological service")
        }
        var w = incoming
        try check(w.headline.isEmpty ? w.event : w.headline, field: "headline", max: InputLimits.label)
        var nodes: [OrgNode] = []
        for code in nodeCodes {
            guard let node = try await store.node(code: code) else { throw WarningError.invalid("area/geocode", "there is no node \(code)") }
            nodes.append(node)
        }
        if nodes.isEmpty, let city = try await store.children(of: nil).first { nodes = [city] }
        if let scope = identity.systemScopePath, !nodes.allSatisfy({ $0.path.hasPrefix(scope) }) {
            throw AccessError.outOfScope([.admin], to: "post warnings for this area")
        }
        w.nodeIDs = nodes.map(\.id)
        w.origin = .received
        w.state = .published
        w.issuedBy = identity.name
        w.publishedAt = clock.now()
        if w.areaDescription.isEmpty { w.areaDescription = nodes.map(\.name).joined(separator: "、") }
        let stored = try await store.createWarning(w)
        try await relay(stored, nodes: nodes)
        return try await require(stored.id)
    }

    /// 发布 — an operator's warning over nodes it serves, waiting for another person's approval.
    public func issue(_ draft: WarningDraft, by identity: Identity) async throws -> Warning {
        try check(draft.headline, field: "headline", max: InputLimits.label)
        try check(draft.description, field: "description", max: InputLimits.description, multiline: true)
        try InputLimits.check(draft.instruction, field: "instruction", max: InputLimits.description, multiline: true)
        try InputLimits.check(draft.areaDescription, field: "areaDescription", max: InputLimits.address)
        guard !draft.nodeIDs.isEmpty, draft.nodeIDs.count <= InputLimits.listEntries else { throw WarningError.missing("nodeIds") }
        var nodes: [OrgNode] = []
        for id in draft.nodeIDs {
            let node = try await store.requireNode(id, field: "nodeIds")
            try identity.require(anyOf: [.dutyOfficer, .leader, .admin], at: node.path, to: "issue warnings here")
            nodes.append(node)
        }
        let now = clock.now()
        let w = Warning(id: WarningID(0), identifier: "cy-\(UUID().uuidString.lowercased())", sender: Self.sender, sentAt: now, hazard: draft.hazard,
                        event: "\(draft.hazard.chineseName)\(draft.level.chineseName)预警", level: draft.level, headline: draft.headline,
                        description: draft.description, instruction: draft.instruction ?? "", onset: draft.onset, expires: draft.expires,
                        areaDescription: draft.areaDescription ?? nodes.map(\.name).joined(separator: "、"), nodeIDs: nodes.map(\.id), step: draft.step,
                        origin: .issued, state: .pending, issuedBy: identity.name)
        return try await store.createWarning(w)
    }

    /// 审批 — another leader (or admin) over the area approves: published and relayed; or refuses.
    public func decide(_ id: WarningID, approve: Bool, by identity: Identity) async throws -> Warning {
        let w = try await require(id)
        guard w.state == .pending else { throw WarningError.notPending }
        guard w.issuedBy != identity.name else { throw WarningError.ownApproval }
        let nodes = try await nodes(of: w)
        for node in nodes { try identity.require(anyOf: [.leader, .admin], at: node.path, to: "approve warnings here") }
        guard try await store.decideWarning(id, publish: approve, by: identity.name, at: clock.now()) else { throw WarningError.notPending }
        if approve { try await relay(try await require(id), nodes: nodes) }
        return try await require(id)
    }

    /// 解除 — cancels a published warning: a Cancel message referencing it, relayed like it.
    public func cancel(_ id: WarningID, note: String, by identity: Identity) async throws -> Warning {
        let w = try await require(id)
        guard w.state == .published, w.msgType != .cancel else { throw WarningError.notPending }
        let nodes = try await nodes(of: w)
        for node in nodes { try identity.require(anyOf: [.dutyOfficer, .leader, .admin], at: node.path, to: "cancel warnings here") }
        try InputLimits.check(note, field: "note", max: InputLimits.note, multiline: true)
        let now = clock.now()
        var c = w
        c.id = WarningID(0)
        c.identifier = "cy-\(UUID().uuidString.lowercased())"
        c.sender = Self.sender
        c.sentAt = now
        c.msgType = .cancel
        c.references = [CAPReference.of(w)]
        c.headline = "解除：\(w.headline)"
        c.description = note.isEmpty ? "\(w.event)解除" : note
        c.origin = .issued
        c.state = .published
        c.issuedBy = identity.name
        c.approvedBy = nil
        c.publishedAt = now
        let stored = try await store.createWarning(c)
        try await relay(stored, nodes: nodes)
        return try await require(stored.id)
    }

    /// 签收 — a person on duty acknowledges the warning for the nodes they serve (or one of them).
    public func acknowledge(_ id: WarningID, nodeID: NodeID?, by identity: Identity) async throws -> Int {
        let w = try await require(id)
        guard w.state == .published else { throw WarningError.nothingToAcknowledge }
        let mine = identity.assignments.filter { Self.receivers.contains($0.role) }.map(\.nodeID)
        let nodes = nodeID.map { id in mine.contains(id) ? [id] : [] } ?? mine
        let n = try await store.acknowledgeRelay(id, nodes: nodes, by: identity.name, at: clock.now())
        guard n > 0 else { throw WarningError.nothingToAcknowledge }
        return n
    }

    public func warning(_ id: WarningID, by identity: Identity) async throws -> Warning {
        let w = try await require(id)
        if w.state != .published {
            guard try await mayManage(w, identity) else { throw WarningError.notFound("\(id)") }
        }
        return w
    }

    /// Published warnings (and, for those who may approve or issue, pending ones), newest first.
    public func list(before: WarningID?, limit: Int, by identity: Identity) async throws -> [Warning] {
        let managers = identity.roles.contains(.leader) || identity.roles.contains(.dutyOfficer) || identity.roles.contains(.admin)
        return try await store.warnings(publishedOnly: !managers, before: before, limit: limit)
    }

    /// The relay of a warning under the caller's area (or `nodeID` in it): each node's acknowledgement, and the counts.
    public func relayStatus(_ id: WarningID, under nodeID: NodeID?, by identity: Identity) async throws -> (rows: [WarningRelay], relayed: Int, acknowledged: Int) {
        _ = try await warning(id, by: identity)
        let path: String
        if let nodeID {
            path = try await store.visibleNode(nodeID, by: identity).path
        } else {
            guard let own = CaseScope.of(identity).paths.min(by: { $0.count < $1.count }) else { return ([], 0, 0) }
            path = own
        }
        let counts = try await store.relayCounts(id, under: path)
        return (try await store.relayRows(id, under: path), counts.relayed, counts.acknowledged)
    }

    /// Published warnings for the public feed (CAP scope Public).
    public func published(limit: Int) async throws -> [Warning] { try await store.warnings(publishedOnly: true, before: nil, limit: limit) }

    public func publishedWarning(_ id: WarningID) async throws -> Warning {
        guard let w = try await store.warning(id), w.state == .published else { throw WarningError.notFound("\(id)") }
        return w
    }

    /// The codes of the nodes a warning covers (its CAP geocodes).
    public func nodeCodes(_ w: Warning) async throws -> [String] { try await nodes(of: w).map(\.code) }

    // MARK: -

    func require(_ id: WarningID) async throws -> Warning {
        guard let w = try await store.warning(id) else { throw WarningError.notFound("\(id)") }
        return w
    }

    func nodes(of w: Warning) async throws -> [OrgNode] {
        let found = try await store.nodes(w.nodeIDs)
        return w.nodeIDs.compactMap { found[$0] }
    }

    func mayManage(_ w: Warning, _ identity: Identity) async throws -> Bool {
        try await nodes(of: w).contains { node in [.dutyOfficer, .leader, .admin].contains { identity.has($0, at: node.path) } }
    }

    func check(_ text: String, field: String, max: Int, multiline: Bool = false) throws {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw WarningError.missing(field) }
        try InputLimits.check(text, field: field, max: max, multiline: multiline)
    }

    /// Relays to every node of the covered subtrees down to committees, naming who is on duty at each now.
    func relay(_ w: Warning, nodes: [OrgNode]) async throws {
        let now = clock.now()
        let targets = try await DutyPath.targets(nodes, store: store, now: now)
        let rows = targets.map {
            WarningRelay(warningID: w.id, nodeID: $0.node.id, nodePath: $0.node.path, nodeName: $0.node.name, kind: $0.node.kind, sentAt: now, onDuty: $0.onDuty)
        }
        // Pushed to every channel as CAP, later, from the outbox (the payload names the warning; its document is
        // rendered when it is sent).
        let outbox = settings.warnings.channels.indices.map {
            OutboxMessage(topic: WarningSettings.topic($0), key: w.identifier, payload: String(w.id.rawValue), createdAt: now)
        }
        try await store.relay(w.id, to: rows, publishedAt: now, outbox: outbox)
        try await DutyReinforcer(store: store).apply(w, nodes: targets.map(\.node), now: now)
    }
}

/// A CAP `references` entry: `sender,identifier,sent`.
public enum CAPReference {
    public static func of(_ w: Warning) -> String { "\(w.sender),\(w.identifier),\(CAPTime.format(w.sentAt))" }
}

/// CAP 1.2 times: `2026-12-05T10:00:00+08:00` (the schema allows no `Z`), in China Standard Time.
public enum CAPTime {
    public static func format(_ date: Date, offsetSeconds: Int = 8 * 3600) -> String {
        let local = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(offsetSeconds)
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let rest = local - day * 86_400
        let (y, m, d) = ReadingTables.civil(day)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let sign = offsetSeconds >= 0 ? "+" : "-"
        let off = abs(offsetSeconds)
        return "\(y)-\(two(m))-\(two(d))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))\(sign)\(two(Int64(off / 3600))):\(two(Int64(off / 60 % 60)))"
    }
}
