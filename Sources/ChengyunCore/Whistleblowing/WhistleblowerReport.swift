public import Foundation

public typealias WhistleblowerReportID = Identifier<WhistleblowerReport>

/// 吹哨人 — a hazard reported by anyone (after Beijing's 2020 regulation; seed 004), with or without a name, followed by
/// a receipt code; not 吹哨约请 (`CallIn`). It goes to the designated handler (`WhistleblowerHandler`) of the district it
/// is in, or of the city when medical staff skip levels on an urgent one (越级报告); the handler verifies it, tells
/// the reporter the outcome, hands a confirmed hazard to the case loop (its reporter unnamed) and may reward it; an
/// honest report that is not confirmed carries no liability. Who reported is sealed in the database and read by the
/// designated handler alone, every read on the audit trail (docs/WHISTLEBLOWING.md).
public struct WhistleblowerReport: Sendable, Hashable, Codable, Identifiable {
    /// Who is reporting, as they say.
    public enum ReporterRole: String, Sendable, Hashable, Codable, CaseIterable {
        /// 公众 — a resident, a passer-by.
        case citizen
        /// 内部举报人 — someone who works at the unit they report on.
        case internalInformant
        /// 医务人员 — may report past the district when it is urgent (越级报告).
        case medicalStaff
    }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// 已受理 — received, waiting for the handler.
        case received
        /// 核查中
        case verifying
        /// 属实 — confirmed (and handed to the case loop when it needs work).
        case confirmed
        /// 未查实 — not confirmed: an honest report carries no liability.
        case unfounded

        public var isFinal: Bool { self == .confirmed || self == .unfounded }
    }

    /// Who reported: sealed, and shown to the designated handler alone. Not their account, even when they reported
    /// signed in: an account id in the clear would name them to whoever holds the database.
    public struct Reporter: Sendable, Hashable, Codable {
        public var name: String
        public var phone: String

        public init(name: String, phone: String) {
            self.name = name
            self.phone = phone
        }
    }

    /// 奖励 — granted to a confirmed report; an anonymous reporter claims it with the receipt code.
    public struct Reward: Sendable, Hashable, Codable {
        public var yuan: Int
        public var note: String
        public var at: Date

        public init(yuan: Int, note: String, at: Date) {
            self.yuan = yuan
            self.note = note
            self.at = at
        }
    }

    public var id: WhistleblowerReportID
    public var kind: HazardKind
    public var description: String
    /// The unit reported on (a company, a shop, a site), when there is one.
    public var unitName: String
    /// Where: the street chosen (or the grid of the point given), and the address as typed.
    public var nodeID: NodeID
    public var nodePath: String
    public var address: String
    public var location: GeoPoint?
    /// The district (or the city) whose designated handler takes it.
    public var routedPath: String
    public var reporterRole: ReporterRole
    public var urgent: Bool
    /// 越级报告 — medical staff on an urgent report: routed to the city, past the district.
    public var levelSkipped: Bool
    public var anonymous: Bool
    /// Nil in every answer but the designated handler's read of who reported.
    public var reporter: Reporter?
    public var status: Status
    /// The handler's answer to the reporter (the outcome, what was done).
    public var reply: String
    public var caseID: CaseID?
    /// The hazard of the register a confirmed report became (隐患排查销项), if the handler recorded one.
    public var hazardID: HazardID?
    public var reward: Reward?
    public var createdAt: Date
    public var decidedAt: Date?
    public var version: Int

    public init(id: WhistleblowerReportID, kind: HazardKind, description: String, unitName: String, nodeID: NodeID, nodePath: String, address: String,
                location: GeoPoint?, routedPath: String, reporterRole: ReporterRole, urgent: Bool, levelSkipped: Bool, anonymous: Bool, reporter: Reporter?,
                status: Status = .received, reply: String = "", caseID: CaseID? = nil, hazardID: HazardID? = nil, reward: Reward? = nil, createdAt: Date, decidedAt: Date? = nil, version: Int = 1) {
        self.id = id
        self.kind = kind
        self.description = description
        self.unitName = unitName
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.address = address
        self.location = location
        self.routedPath = routedPath
        self.reporterRole = reporterRole
        self.urgent = urgent
        self.levelSkipped = levelSkipped
        self.anonymous = anonymous
        self.reporter = reporter
        self.status = status
        self.reply = reply
        self.caseID = caseID
        self.hazardID = hazardID
        self.reward = reward
        self.createdAt = createdAt
        self.decidedAt = decidedAt
        self.version = version
    }

    /// The receipt code: 12 letters of 30 (~59 bits), kept for as long as the report is followed.
    public static let receiptLength = 12

    /// Where a report goes: the city when medical staff skip levels on an urgent one, else the district it is in.
    public static func route(nodePath: String, role: ReporterRole, urgent: Bool) -> (path: String, levelSkipped: Bool) {
        if role == .medicalStaff, urgent, let city = OrgNode.ancestor(of: nodePath, depth: 0) { return (city.path, true) }
        return ((OrgNode.ancestor(of: nodePath, depth: OrgNode.Kind.district.depth) ?? OrgNode.ancestor(of: nodePath, depth: 0))?.path ?? nodePath, false)
    }
}

/// One message between the reporter (by the receipt code) and the handler: more detail, a question, an answer.
public struct WhistleblowerMessage: Sendable, Hashable, Codable {
    public enum From: String, Sendable, Hashable, Codable {
        case reporter, handler
    }
    public var reportID: WhistleblowerReportID
    public var from: From
    public var text: String
    public var at: Date

    public init(reportID: WhistleblowerReportID, from: From, text: String, at: Date) {
        self.reportID = reportID
        self.from = from
        self.text = text
        self.at = at
    }
}

/// 指定受理人 — the one person who takes the whistle-blower reports of a district (or, for levels skipped, the city),
/// designated by an administrator; they alone read them and who reported.
public struct WhistleblowerHandler: Sendable, Hashable, Codable {
    public var nodeID: NodeID
    public var nodePath: String
    public var userID: UserID
    public var designatedBy: String
    public var designatedAt: Date

    public init(nodeID: NodeID, nodePath: String, userID: UserID, designatedBy: String, designatedAt: Date) {
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.userID = userID
        self.designatedBy = designatedBy
        self.designatedAt = designatedAt
    }
}

/// The errors of whistle-blowing, each with its stable code.
public enum WhistleblowingError {
    /// 400 `whistleblowing.description`
    public static let description = DomainError.invalid("whistleblowing.description", "Say what the hazard is and where (10 to 1000 characters).", field: "description")
    /// 400 `whistleblowing.address`
    public static let address = DomainError.invalid("whistleblowing.address", "Give the address of the hazard (at most 100 characters).", field: "address")
    /// 422 `whistleblowing.area` — the street chosen is not one of the city's.
    public static let area = DomainError.unprocessable("whistleblowing.area", "Choose the street or town the hazard is in.", field: "nodeId")
    /// 400 `whistleblowing.reporter` — a report with a name gives the name and a phone.
    public static let reporter = DomainError.invalid("whistleblowing.reporter", "Give your name and a phone number, or report anonymously.", field: "name")
    /// 422 `whistleblowing.urgent` — only medical staff skip levels.
    public static let urgent = DomainError.unprocessable("whistleblowing.urgent", "Only medical staff may send an urgent report past the district (越级报告).", field: "urgent")
    /// 400 `whistleblowing.client_key`
    public static let clientKey = DomainError.invalid("whistleblowing.client_key", "Send a random clientKey of 32 to 64 characters, the same for every retry.", field: "clientKey")
    /// 404 `whistleblowing.receipt` — no report has this receipt code.
    public static let receipt = DomainError.notFound("whistleblowing.receipt", "No report has this receipt code; check the letters.", field: "code")
    /// 404 `whistleblowing.not_found` — no report of that id the caller handles.
    public static func notFound(_ id: WhistleblowerReportID) -> DomainError { .notFound("whistleblowing.not_found", "There is no whistle-blower report \(id) you handle.", field: "id") }
    /// 403 `whistleblowing.not_handler` — only the designated handler reads and answers reports.
    public static let notHandler = DomainError.forbidden("whistleblowing.not_handler", "Only the designated handler of a district or of the city reads whistle-blower reports.")
    /// 403 `whistleblowing.not_designator` — an administrator of the area designates its handler.
    public static let notDesignator = DomainError.forbidden("whistleblowing.not_designator", "Only an administrator of this district or of the city designates its handler.", field: "nodeId")
    /// 409 `whistleblowing.anonymous` — an anonymous report has no reporter to read.
    public static let anonymous = DomainError.conflict("whistleblowing.anonymous", "This report was made anonymously: nobody, the handler included, can know who made it.")
    /// 400 `whistleblowing.cursor`
    public static let cursor = DomainError.invalid("whistleblowing.cursor", "Give the cursor of the page before.", field: "cursor")
    /// 409 `whistleblowing.action` — the report's state does not allow that step.
    public static let action = DomainError.conflict("whistleblowing.action", "The report is not in a state that allows this step.", field: "action")
    /// 409 `whistleblowing.version`
    public static let version = DomainError.conflict("whistleblowing.version", "The report was changed meanwhile; reload it and try again.", field: "version")
    /// 400 `whistleblowing.reply` — the outcome is told to the reporter.
    public static let reply = DomainError.invalid("whistleblowing.reply", "Write the outcome for the reporter (1 to 500 characters).", field: "reply")
    /// 400 `whistleblowing.message`
    public static let message = DomainError.invalid("whistleblowing.message", "Write a message of 1 to 500 characters.", field: "text")
    /// 409 `whistleblowing.messages` — a report's thread is kept short.
    public static let messages = DomainError.conflict("whistleblowing.messages", "This report has 50 messages; the handler will contact you if more is needed.")
    /// 409 `whistleblowing.reward` — only a confirmed report is rewarded, once.
    public static let reward = DomainError.conflict("whistleblowing.reward", "Only a confirmed report is rewarded, and only once.")
    /// 400 `whistleblowing.reward_amount`
    public static let rewardAmount = DomainError.invalid("whistleblowing.reward_amount", "A reward is 1 to 1,000,000 yuan.", field: "yuan")
    /// 422 `whistleblowing.handler` — a handler is a staff member assigned at the area or above it.
    public static let handler = DomainError.unprocessable("whistleblowing.handler", "Designate an active staff member assigned at this area or above it.", field: "userId")
    /// 422 `whistleblowing.self_designation` — an administrator does not designate themselves.
    public static let selfDesignation = DomainError.unprocessable("whistleblowing.self_designation", "An administrator designates someone else: nobody gives themselves the reporters' names.", field: "userId")
    /// 422 `whistleblowing.level` — handlers are designated per district or for the city.
    public static let level = DomainError.unprocessable("whistleblowing.level", "Whistle-blower handlers are designated for a district or for the city.", field: "nodeId")
    /// 429 `whistleblowing.too_many` — too many reports or wrong codes from one address.
    public static func tooMany(retryAfterSeconds: Int?) -> DomainError {
        DomainError(.tooManyRequests, "whistleblowing.too_many", "Too many attempts from your address; try again later.", retryAfterSeconds: retryAfterSeconds)
    }
}
