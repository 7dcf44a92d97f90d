public import Foundation

public typealias ConsultationTopicID = Identifier<ConsultationTopic>
public typealias CommunityConsultationID = Identifier<CommunityConsultation>

/// 议题 — a matter residents want settled together, gathered per building group (seed 002, 市新居民区: "以楼组党支部为
/// 单元收集民情民意，居民区党总支汇总确定议题"): raised by a building group's leader or the committee's workers, taken up by
/// a consultation.
public struct ConsultationTopic: Sendable, Hashable, Codable, Identifiable {
    public var id: ConsultationTopicID
    /// The committee it belongs to.
    public var nodeID: NodeID
    public var nodePath: String
    /// The building group it was gathered in, if any.
    public var buildingGroupID: BuildingGroupID?
    public var buildingGroupName: String?
    public var text: String
    public var raisedByID: UserID
    public var raisedBy: String
    public var raisedAt: Date
    /// The consultation that took it up; nil while it waits.
    public var consultationID: CommunityConsultationID?

    public init(id: ConsultationTopicID, nodeID: NodeID, nodePath: String, buildingGroupID: BuildingGroupID? = nil, buildingGroupName: String? = nil, text: String,
                raisedByID: UserID, raisedBy: String, raisedAt: Date, consultationID: CommunityConsultationID? = nil) {
        self.id = id
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.buildingGroupID = buildingGroupID
        self.buildingGroupName = buildingGroupName
        self.text = text
        self.raisedByID = raisedByID
        self.raisedBy = raisedBy
        self.raisedAt = raisedAt
        self.consultationID = consultationID
    }
}

/// 三会 — a committee's consultation: a hearing (听证会) before a decision, a coordination meeting (协调会) over a
/// dispute, an evaluation (评议会) of what was done. Planned on topics, held with its participants, its decisions each
/// with an owner and a deadline tracked to done, its outcome published (公示) and, at an evaluation, the residents'
/// satisfaction recorded.
public struct CommunityConsultation: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// 听证会
        case hearing
        /// 协调会
        case coordination
        /// 评议会
        case evaluation
    }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case planned, held, published
    }

    public var id: CommunityConsultationID
    public var nodeID: NodeID
    public var nodePath: String
    public var kind: Kind
    public var title: String
    /// 主持人
    public var host: String
    public var scheduledAt: Date
    public var place: String
    public var topicIDs: [ConsultationTopicID]
    public var status: Status
    /// 参与方 — who took part (the committee, the property company, the owners' committee, residents' representatives…).
    public var participants: String
    public var participantCount: Int
    public var heldAt: Date?
    public var decisions: [ConsultationDecision]
    /// 公示 — the outcome as published to residents.
    public var notice: String?
    public var publishedAt: Date?
    /// 满意度 — residents asked and satisfied, at an evaluation.
    public var surveyed: Int?
    public var satisfied: Int?
    public var createdBy: String
    public var version: Int

    public init(id: CommunityConsultationID, nodeID: NodeID, nodePath: String, kind: Kind, title: String, host: String, scheduledAt: Date, place: String,
                topicIDs: [ConsultationTopicID], status: Status = .planned, participants: String = "", participantCount: Int = 0, heldAt: Date? = nil,
                decisions: [ConsultationDecision] = [], notice: String? = nil, publishedAt: Date? = nil, surveyed: Int? = nil, satisfied: Int? = nil,
                createdBy: String, version: Int = 1) {
        self.id = id
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.kind = kind
        self.title = title
        self.host = host
        self.scheduledAt = scheduledAt
        self.place = place
        self.topicIDs = topicIDs
        self.status = status
        self.participants = participants
        self.participantCount = participantCount
        self.heldAt = heldAt
        self.decisions = decisions
        self.notice = notice
        self.publishedAt = publishedAt
        self.surveyed = surveyed
        self.satisfied = satisfied
        self.createdBy = createdBy
        self.version = version
    }
}

/// 决定 — what a consultation decided, who carries it out and by when, and when it was done.
public struct ConsultationDecision: Sendable, Hashable, Codable {
    public var ordinal: Int
    public var text: String
    /// 责任方 — who carries it out (a committee worker, the property company, the owners' committee…).
    public var owner: String
    /// The day it is due, `yyyy-MM-dd`.
    public var dueOn: String
    public var doneAt: Date?
    public var doneNote: String?

    public init(ordinal: Int, text: String, owner: String, dueOn: String, doneAt: Date? = nil, doneNote: String? = nil) {
        self.ordinal = ordinal
        self.text = text
        self.owner = owner
        self.dueOn = dueOn
        self.doneAt = doneAt
        self.doneNote = doneNote
    }
}

/// 三会 — the error codes of consultations and their topics.
public enum ConsultationError {
    /// 404 `consultation.not_found`
    public static func notFound(_ id: CommunityConsultationID) -> DomainError { .notFound("consultation.not_found", "There is no consultation \(id) you may see.") }
    /// 404 `consultation.topic_not_found` — a topic that is not the committee's, or not there.
    public static func topicNotFound(_ id: ConsultationTopicID) -> DomainError {
        .notFound("consultation.topic_not_found", "There is no topic \(id) of this committee.", field: "topicIds")
    }
    /// 409 `consultation.topic_taken` — a topic another consultation took up.
    public static func topicTaken(_ id: ConsultationTopicID) -> DomainError {
        .conflict("consultation.topic_taken", "Topic \(id) is taken up by another consultation.", field: "topicIds")
    }
    /// 422 `consultation.committee` — topics and consultations belong to a residential or village committee.
    public static let committee = DomainError.unprocessable("consultation.committee", "Consultations are held by a committee: name one.", field: "nodeId")
    /// 409 `consultation.status` — the step does not follow from where the consultation is.
    public static func status(_ now: CommunityConsultation.Status, _ step: String) -> DomainError {
        .conflict("consultation.status", "A \(now.rawValue) consultation cannot be \(step).", field: "status")
    }
    /// 400 `consultation.decisions` — one to 20 decisions, each with its text, owner and due day.
    public static let decisions = DomainError.invalid("consultation.decisions", "Give one to 20 decisions, each with what, who and a due day (yyyy-MM-dd).", field: "decisions")
    /// 404 `consultation.decision_not_found`
    public static let decisionNotFound = DomainError.notFound("consultation.decision_not_found", "The consultation has no such decision.", field: "ordinal")
    /// 400 `consultation.satisfaction` — satisfied residents at most those asked.
    public static let satisfaction = DomainError.invalid("consultation.satisfaction", "Give the residents asked (1 or more) and those satisfied (at most as many).", field: "satisfied")
    /// 400 `consultation.participants` — 1 to 10,000 participants.
    public static let participants = DomainError.invalid("consultation.participants", "Give 1 to 10,000 participants.", field: "participantCount")
}
