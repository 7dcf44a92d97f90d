public import ChengyunCore
import ChengyunStore
public import Foundation

/// 三会 — a committee's consultations (docs/CONSULTATIONS.md): topics gathered per building group, a hearing,
/// coordination or evaluation meeting planned on them, held with its participants and decisions (each with an owner and
/// a due day, tracked to done), its outcome published to residents and their satisfaction recorded.
public struct CommunityConsultationUseCases: UseCaseGroup {
    let store: any CommunityConsultationStore & BuildingGroupStore & OrganisationStore & UserStore & AuditStore
    let shared: UseCaseContext

    /// Who runs a committee's consultations: its workers and its 第一站长 (or those of its street).
    static let keepers: Set<Role> = [.communityWorker, .stationChief]
    /// Who reads them over an area.
    static let readers: Set<Role> = [.dutyOfficer, .leader, .stationChief, .communityWorker, .gridInspector, .admin]
}

public struct ConsultationTopicInput: Sendable, Hashable, Codable {
    /// The committee; taken from the building group when absent.
    public var nodeID: Int64?
    public var buildingGroupID: Int64?
    public var text: String
}

public struct CommunityConsultationInput: Sendable, Hashable, Codable {
    public var nodeID: Int64
    public var kind: CommunityConsultation.Kind
    public var title: String
    public var host: String
    public var scheduledAt: Date
    public var place: String
    public var topicIDs: [Int64]?
}

public struct ConsultationDecisionInput: Sendable, Hashable, Codable {
    public var text: String
    public var owner: String
    public var dueOn: String
}

public struct ConsultationHeldInput: Sendable, Hashable, Codable {
    public var participants: String
    public var participantCount: Int
    public var decisions: [ConsultationDecisionInput]
}

public struct ConsultationNoteInput: Sendable, Hashable, Codable {
    public var note: String?
}

public struct ConsultationNoticeInput: Sendable, Hashable, Codable {
    public var notice: String
}

public struct ConsultationSatisfactionInput: Sendable, Hashable, Codable {
    public var surveyed: Int
    public var satisfied: Int
}

extension CommunityConsultationUseCases {
    /// Raises a topic in a committee: its workers and chief, its grid inspectors, or a building group's leader for their group.
    public func raise(_ input: ConsultationTopicInput, by identity: Identity) async throws -> ConsultationTopic {
        guard let userID = identity.userID else { throw AccessError.roleRequired(Self.keepers, to: "raise a topic") }
        var group: BuildingGroup?
        if let id = input.buildingGroupID {
            group = try await store.buildingGroup(BuildingGroupID(id))
            guard group != nil else { throw BuildingGroupError.notFound(BuildingGroupID(id)) }
        }
        guard let nodeID = input.nodeID.map({ NodeID($0) }) ?? group?.nodeID else { throw ConsultationError.committee }
        let committee = try await store.requireNode(nodeID)
        guard committee.kind == .committee else { throw ConsultationError.committee }
        if let group, group.nodeID != committee.id { throw BuildingGroupError.notFound(group.id) }
        let leads = group.map { $0.leaderUserID == userID } ?? false
        if !leads { try identity.require(anyOf: Self.keepers.union([.gridInspector]), at: committee.path, to: "raise a topic for this committee") }
        try InputLimits.check(input.text, field: "text", max: InputLimits.item, multiline: true)
        let text = input.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw OrganisationError.blank("text") }
        let topic = try await store.createConsultationTopic(ConsultationTopic(
            id: ConsultationTopicID(0), nodeID: committee.id, nodePath: committee.path, buildingGroupID: group?.id, text: text, raisedByID: userID,
            raisedBy: try await displayName(identity), raisedAt: clock.now()))
        try await audit("consultation.topic_raised", target: "committee:\(committee.id)", detail: "topic \(topic.id)", identity)
        return topic
    }

    /// The topics of the committees in the caller's area (or under `nodeID`), newest first: the open ones, or all.
    /// A building group's leader reads their committee's.
    public func topics(nodeID: NodeID?, open: Bool, limit: Int, by identity: Identity) async throws -> [ConsultationTopic] {
        let path: String
        if identity.paths(for: Self.readers).isEmpty, let user = identity.userID, let group = try await store.buildingGroups(ledBy: user).first {
            path = group.nodePath
        } else {
            path = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "read consultation topics").path
        }
        return try await store.consultationTopics(under: path, open: open, limit: limit)
    }

    /// Plans a consultation of a committee on some of its open topics.
    public func create(_ input: CommunityConsultationInput, by identity: Identity) async throws -> CommunityConsultation {
        let committee = try await store.requireNode(NodeID(input.nodeID))
        guard committee.kind == .committee else { throw ConsultationError.committee }
        try identity.require(anyOf: Self.keepers, at: committee.path, to: "run this committee's consultations")
        try InputLimits.check(input.title, field: "title", max: InputLimits.label)
        guard !input.title.trimmingCharacters(in: .whitespaces).isEmpty else { throw OrganisationError.blank("title") }
        try InputLimits.check(input.host, field: "host", max: InputLimits.name)
        try InputLimits.check(input.place, field: "place", max: InputLimits.address)
        let topicIDs = (input.topicIDs ?? []).map { ConsultationTopicID($0) }
        try InputLimits.check(count: topicIDs.count, field: "topicIds", max: 20)
        let topics = try await store.consultationTopics(topicIDs)
        for id in topicIDs where !topics.contains(where: { $0.id == id && $0.nodeID == committee.id }) { throw ConsultationError.topicNotFound(id) }
        if let taken = topics.first(where: { $0.consultationID != nil }) { throw ConsultationError.topicTaken(taken.id) }
        let made = try await store.createConsultation(CommunityConsultation(
            id: CommunityConsultationID(0), nodeID: committee.id, nodePath: committee.path, kind: input.kind, title: input.title.trimmingCharacters(in: .whitespaces),
            host: input.host.trimmingCharacters(in: .whitespaces), scheduledAt: input.scheduledAt, place: input.place.trimmingCharacters(in: .whitespaces),
            topicIDs: Array(Set(topicIDs)).sorted { $0.rawValue < $1.rawValue }, createdBy: try await displayName(identity)))
        try await audit("consultation.planned", target: "consultation:\(made.id)", detail: "\(made.kind.rawValue) \(made.title)", identity)
        return made
    }

    /// The consultations over the caller's area (or `nodeID`), newest first; residents read the published ones of
    /// their own area (公示).
    public func list(nodeID: NodeID?, before: CommunityConsultationID?, limit: Int, by identity: Identity) async throws -> [CommunityConsultation] {
        if identity.paths(for: Self.readers).isEmpty {
            let paths = identity.paths(for: [.resident])
            guard let path = nodeID != nil ? try await store.requireNode(nodeID!).path : paths.first,
                  paths.contains(where: { path.hasPrefix($0) || $0.hasPrefix(path) }) else {
                throw AccessError.roleRequired(Self.readers.union([.resident]), to: "read consultations")
            }
            return try await store.consultations(under: path, before: before, limit: limit, publishedOnly: true)
        }
        let area = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "read consultations")
        return try await store.consultations(under: area.path, before: before, limit: limit, publishedOnly: false)
    }

    public func consultation(_ id: CommunityConsultationID, by identity: Identity) async throws -> CommunityConsultation {
        guard let c = try await store.consultation(id) else { throw ConsultationError.notFound(id) }
        let readers = identity.paths(for: Self.readers)
        if readers.contains(where: { c.nodePath.hasPrefix($0) }) { return c }
        let residents = identity.paths(for: [.resident])
        guard c.status == .published, residents.contains(where: { c.nodePath.hasPrefix($0) || $0.hasPrefix(c.nodePath) }) else { throw ConsultationError.notFound(id) }
        return c
    }

    /// 召开 — records the meeting held: who took part and what was decided, each decision with its owner and due day.
    public func held(_ input: ConsultationHeldInput, _ id: CommunityConsultationID, by identity: Identity) async throws -> CommunityConsultation {
        try InputLimits.check(input.participants, field: "participants", max: InputLimits.item, multiline: true)
        guard (1...10_000).contains(input.participantCount) else { throw ConsultationError.participants }
        guard (1...20).contains(input.decisions.count) else { throw ConsultationError.decisions }
        for (i, d) in input.decisions.enumerated() {
            try InputLimits.check(d.text, field: "decisions[\(i)].text", max: InputLimits.item, multiline: true)
            try InputLimits.check(d.owner, field: "decisions[\(i)].owner", max: InputLimits.name)
            guard !d.text.trimmingCharacters(in: .whitespaces).isEmpty, !d.owner.trimmingCharacters(in: .whitespaces).isEmpty,
                  VitalSignUseCases.isDay(d.dueOn) else { throw ConsultationError.decisions }
        }
        return try await change(id, "held", identity) { c, now in
            guard c.status == .planned else { throw ConsultationError.status(c.status, "held") }
            c.status = .held
            c.heldAt = now
            c.participants = input.participants.trimmingCharacters(in: .whitespacesAndNewlines)
            c.participantCount = input.participantCount
            c.decisions = input.decisions.enumerated().map { i, d in
                ConsultationDecision(ordinal: i + 1, text: d.text.trimmingCharacters(in: .whitespacesAndNewlines), owner: d.owner.trimmingCharacters(in: .whitespaces), dueOn: d.dueOn)
            }
        }
    }

    /// 办结 — a decision carried out.
    public func done(_ input: ConsultationNoteInput, ordinal: Int, _ id: CommunityConsultationID, by identity: Identity) async throws -> CommunityConsultation {
        try InputLimits.check(input.note, field: "note", max: InputLimits.item, multiline: true)
        return try await change(id, "decision_done", identity) { c, now in
            guard c.status != .planned else { throw ConsultationError.status(c.status, "carried out") }
            guard let i = c.decisions.firstIndex(where: { $0.ordinal == ordinal }) else { throw ConsultationError.decisionNotFound }
            guard c.decisions[i].doneAt == nil else { return }
            c.decisions[i].doneAt = now
            c.decisions[i].doneNote = input.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// 公示 — publishes the outcome to the committee's residents.
    public func publish(_ input: ConsultationNoticeInput, _ id: CommunityConsultationID, by identity: Identity) async throws -> CommunityConsultation {
        try InputLimits.check(input.notice, field: "notice", max: InputLimits.description, multiline: true)
        guard !input.notice.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw OrganisationError.blank("notice") }
        return try await change(id, "published", identity) { c, now in
            guard c.status == .held else { throw ConsultationError.status(c.status, "published") }
            c.status = .published
            c.notice = input.notice.trimmingCharacters(in: .whitespacesAndNewlines)
            c.publishedAt = now
        }
    }

    /// 满意度 — the residents asked after the consultation and those satisfied.
    public func satisfaction(_ input: ConsultationSatisfactionInput, _ id: CommunityConsultationID, by identity: Identity) async throws -> CommunityConsultation {
        guard input.surveyed >= 1, input.surveyed <= 100_000, (0...input.surveyed).contains(input.satisfied) else { throw ConsultationError.satisfaction }
        return try await change(id, "satisfaction", identity) { c, _ in
            guard c.status != .planned else { throw ConsultationError.status(c.status, "rated") }
            c.surveyed = input.surveyed
            c.satisfied = input.satisfied
        }
    }

    /// Reads, changes and writes a consultation its keepers run, again when another change came in between.
    private func change(_ id: CommunityConsultationID, _ action: String, _ identity: Identity,
                        _ body: (inout CommunityConsultation, Date) throws -> Void) async throws -> CommunityConsultation {
        for _ in 0..<5 {
            guard let current = try await store.consultation(id), identity.paths(for: Self.readers).contains(where: { current.nodePath.hasPrefix($0) }) else {
                throw ConsultationError.notFound(id)
            }
            try identity.require(anyOf: Self.keepers, at: current.nodePath, to: "run this committee's consultations")
            var next = current
            try body(&next, clock.now())
            if next == current { return current }
            if let written = try await store.updateConsultation(next, expecting: current.version) {
                try await audit("consultation.\(action)", target: "consultation:\(id)", detail: written.title, identity)
                return written
            }
        }
        throw DomainError.conflict("consultation.changed", "The consultation kept changing meanwhile: read it again.")
    }

    private func displayName(_ identity: Identity) async throws -> String {
        guard let user = identity.userID else { return identity.name }
        return try await store.user(user)?.displayName ?? identity.name
    }

    private func audit(_ action: String, target: String, detail: String, _ identity: Identity) async throws {
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: action, target: target, detail: detail)])
    }
}
