public import Foundation

public typealias ServiceRequestID = Identifier<ServiceRequest>

/// 一网通办事项 — an item of the city's community-affairs catalogue (社区事务受理): what a resident may ask for at any
/// station, the department that decides it, the working days promised, and whether it is handled anywhere in the city
/// (全市通办: seed 001 counts 187 of 188 items) or only at the street where the resident lives.
public struct ServiceItem: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var nameEn: String
    /// The department that decides it (承办部门); the station accepts and forwards.
    public var department: String
    /// 承诺时限 — working days from filing to a decision.
    public var promisedDays: Int
    /// 全市通办 — may be filed at any station in the city; otherwise only in the resident's own street.
    public var anywhere: Bool
    /// What the resident brings or sends (申请材料).
    public var materials: [String]

    /// The shipped catalogue: common community-affairs items of Shanghai's 社区事务受理服务中心. 最低生活保障 is decided
    /// where the resident lives (the one item not handled anywhere).
    public static let catalogue: [ServiceItem] = [
        .init(code: "elderlyAllowance", name: "老年综合津贴申领", nameEn: "Elderly allowance", department: "民政", promisedDays: 5, anywhere: true,
              materials: ["身份证", "社会保障卡"]),
        .init(code: "seniorCard", name: "老年人优待卡（敬老卡）申领", nameEn: "Senior card", department: "民政", promisedDays: 10, anywhere: true,
              materials: ["身份证", "近期照片"]),
        .init(code: "careAssessment", name: "老年照护统一需求评估申请", nameEn: "Elderly care needs assessment", department: "医保", promisedDays: 20, anywhere: true,
              materials: ["身份证", "医保卡", "病历资料"]),
        .init(code: "disabilityCard", name: "残疾人证申领", nameEn: "Disability card", department: "残联", promisedDays: 20, anywhere: true,
              materials: ["身份证", "户口簿", "近期照片"]),
        .init(code: "minimumLiving", name: "最低生活保障申请", nameEn: "Minimum living allowance", department: "民政", promisedDays: 30, anywhere: false,
              materials: ["身份证", "户口簿", "家庭收入和财产申报"]),
        .init(code: "medicalAssistance", name: "医疗救助申请", nameEn: "Medical assistance", department: "医保", promisedDays: 15, anywhere: true,
              materials: ["身份证", "医疗费用票据"]),
        .init(code: "unemploymentRegistration", name: "失业登记", nameEn: "Unemployment registration", department: "人社", promisedDays: 1, anywhere: true,
              materials: ["身份证", "退工证明"]),
        .init(code: "flexibleEmployment", name: "灵活就业登记", nameEn: "Flexible employment registration", department: "人社", promisedDays: 5, anywhere: true,
              materials: ["身份证"]),
        .init(code: "residencePermit", name: "居住证申领", nameEn: "Residence permit", department: "公安", promisedDays: 15, anywhere: true,
              materials: ["身份证", "租赁合同或房产证明", "近期照片"]),
        .init(code: "pensionCertification", name: "养老金领取资格认证", nameEn: "Pension eligibility check", department: "人社", promisedDays: 1, anywhere: true,
              materials: ["身份证"]),
    ]

    public static func item(_ code: String) -> ServiceItem? { catalogue.first { $0.code == code } }
}

/// 一网通办 — a community-affairs request tied to the resident's identity (the resident on record), filed by the resident
/// themselves or at a station by a worker, who may handle it on the resident's behalf (代办) with the resident's
/// authorisation; accepted, forwarded to the deciding department, done or returned, on the item's promised days
/// (docs/SERVICE-REQUESTS.md).
public struct ServiceRequest: Sendable, Hashable, Codable, Identifiable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// 已提交 — a resident filed it online; the committee has not taken it yet.
        case submitted
        /// 已受理 — a worker took it and checked the materials (a request filed at a station starts here).
        case accepted
        /// 已转办 — sent to the deciding department.
        case forwarded
        /// 已办结.
        case done
        /// 已退回 — with the reason (materials missing, not eligible).
        case returned

        public var isOpen: Bool { self == .submitted || self == .accepted || self == .forwarded }
    }

    /// How the resident authorised a worker to handle it for them (代办).
    public enum Authorisation: String, Sendable, Hashable, Codable, CaseIterable {
        /// 书面委托书.
        case written
        /// 电话委托 (recorded by the worker).
        case phone
        /// 监护人或家属代为委托.
        case guardian
        /// 上门确认 — the worker visited and the resident agreed in person.
        case visit
        /// 线上委托 — the resident asked for it themselves when filing online.
        case online
    }

    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        case file, accept, forward, complete, `return`
        /// 好差评 — the resident rates the service once it is closed; 整改 — the station answers a bad rating. Neither
        /// moves the state.
        case rate, rectify

        /// The state the action leads to from `state`, or nil when it may not be taken there.
        public func next(from state: State) -> State? {
            switch (self, state) {
            case (.accept, .submitted): .accepted
            case (.forward, .accepted): .forwarded
            case (.complete, .accepted), (.complete, .forwarded): .done
            case (.return, .submitted), (.return, .accepted), (.return, .forwarded): .returned
            default: nil
            }
        }
    }

    public var id: ServiceRequestID
    /// 受理编号 — what the resident quotes to follow it (YW + the filing day + the id); the day's part until stored.
    public var number: String
    public var itemCode: String
    /// The resident on record whose request it is (the same identity as everywhere in the platform).
    public var residentID: ResidentID
    /// The resident's committee.
    public var nodeID: NodeID
    public var nodePath: String
    /// Where it was filed: the station's committee (全市通办: possibly another street's).
    public var filedAtID: NodeID
    public var filedAtPath: String
    /// The resident's own account when they filed it themselves.
    public var applicantUserID: UserID?
    /// 代办 — a worker handles it on the resident's behalf, with their authorisation.
    public var onBehalf: Bool
    public var authorisation: Authorisation?
    public var detail: String
    public var state: State
    /// The promised day of the decision (the item's working days from filing).
    public var dueOn: LocalDate
    public var filedAt: Date
    public var filedBy: String
    public var closedAt: Date?
    /// The decision or the reason it was returned.
    public var outcome: String?
    public var clientKey: String
    public var version: Int
    /// 好差评 — the resident's rating of the service, and the station's answer to a bad one.
    public var rating: Rating?

    public init(id: ServiceRequestID, number: String = "", itemCode: String, residentID: ResidentID, nodeID: NodeID, nodePath: String, filedAtID: NodeID, filedAtPath: String,
                applicantUserID: UserID? = nil, onBehalf: Bool = false, authorisation: Authorisation? = nil, detail: String = "", state: State, dueOn: LocalDate,
                filedAt: Date, filedBy: String, closedAt: Date? = nil, outcome: String? = nil, clientKey: String, version: Int = 1, rating: Rating? = nil) {
        self.id = id
        self.number = number
        self.itemCode = itemCode
        self.residentID = residentID
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.filedAtID = filedAtID
        self.filedAtPath = filedAtPath
        self.applicantUserID = applicantUserID
        self.onBehalf = onBehalf
        self.authorisation = authorisation
        self.detail = detail
        self.state = state
        self.dueOn = dueOn
        self.filedAt = filedAt
        self.filedBy = filedBy
        self.closedAt = closedAt
        self.outcome = outcome
        self.clientKey = clientKey
        self.version = version
        self.rating = rating
    }

    /// 好差评 — a closed request rated by its resident from 1 (非常不满意) to 5 (非常满意); a bad rating (差评: 1 or 2)
    /// says why and is answered by the station (回访整改) within `rectifyDays` working days (国办发〔2019〕51号: every
    /// named bad rating is followed up and answered).
    public struct Rating: Sendable, Hashable, Codable {
        public var score: Int
        public var comment: String
        public var at: Date
        /// The day a bad rating is to be answered by; nil for a good one.
        public var rectifyBy: LocalDate?
        /// What the station found and did about a bad rating (整改情况).
        public var rectification: String?
        public var rectifiedAt: Date?
        public var rectifiedBy: String?

        public init(score: Int, comment: String, at: Date, rectifyBy: LocalDate? = nil, rectification: String? = nil, rectifiedAt: Date? = nil, rectifiedBy: String? = nil) {
            self.score = score
            self.comment = comment
            self.at = at
            self.rectifyBy = rectifyBy
            self.rectification = rectification
            self.rectifiedAt = rectifiedAt
            self.rectifiedBy = rectifiedBy
        }

        /// 差评 — 不满意 or 非常不满意.
        public var isBad: Bool { score <= Self.badAtMost }
        public static let badAtMost = 2
        /// Working days to answer a bad rating.
        public static let rectifyDays = 15
        public static let scores = 1...5
    }

    /// 受理编号 of a request filed on `day` with `id`: YW20261207-000123 — the use case sets the day's part
    /// (`numberPrefix`), the store adds the id it gives.
    public static func numberPrefix(day: LocalDate) -> String { "YW" + padded(Int64(day.year), 4) + padded(Int64(day.month), 2) + padded(Int64(day.day), 2) }
    public static func number(prefix: String, id: ServiceRequestID) -> String { prefix + "-" + padded(id.rawValue, 6) }
    static func padded(_ n: Int64, _ width: Int) -> String { let s = String(n); return String(repeating: "0", count: max(width - s.count, 0)) + s }

}

/// A step of a request: filed, accepted, forwarded, done or returned, by whom, when, with the note.
public struct ServiceRequestStep: Sendable, Hashable, Codable {
    public var requestID: ServiceRequestID
    public var seq: Int
    public var action: ServiceRequest.Action
    public var by: String
    public var at: Date
    public var note: String

    public init(requestID: ServiceRequestID, seq: Int, action: ServiceRequest.Action, by: String, at: Date, note: String) {
        self.requestID = requestID
        self.seq = seq
        self.action = action
        self.by = by
        self.at = at
        self.note = note
    }
}

/// The counts of an area's requests, kept per committee in the transaction that files or moves a request: by state and
/// item, and how many were handled on a resident's behalf.
public struct ServiceRequestCounts: Sendable, Hashable, Codable {
    public var byState: [String: Int] = [:]
    public var byItem: [String: Int] = [:]
    public var onBehalf = 0
    public var total = 0
    /// Open past their promised day (counted from the open requests' index).
    public var overdue = 0
    /// 好差评 — rated requests by score ("1" … "5"), the bad ones (差评), and those not answered yet.
    public var rated = 0
    public var byScore: [String: Int] = [:]
    public var bad = 0
    public var badOpen = 0
    /// Of those, past the day they were due an answer (raised to the street: its service centre lists them).
    public var badOverdue = 0
    public init() {}

    /// The tally keys a request counts under: its state, its item, 代办, and its rating.
    public static func keys(of r: ServiceRequest) -> [String] {
        var keys = ["total", "state:\(r.state.rawValue)", "item:\(r.itemCode)"] + (r.onBehalf ? ["onBehalf"] : [])
        if let rating = r.rating {
            keys += ["rated", "score:\(rating.score)"]
            if rating.isBad { keys += ["bad"] + (rating.rectifiedAt == nil ? ["badOpen"] : []) }
        }
        return keys
    }

    public init(tallies: [(String, Int)], overdue: Int, badOverdue: Int = 0) {
        for (key, n) in tallies where n != 0 {
            switch key {
            case "total": total += n
            case "onBehalf": onBehalf += n
            case "rated": rated += n
            case "bad": bad += n
            case "badOpen": badOpen += n
            default:
                if key.hasPrefix("state:") { byState[String(key.dropFirst(6)), default: 0] += n }
                else if key.hasPrefix("item:") { byItem[String(key.dropFirst(5)), default: 0] += n }
                else if key.hasPrefix("score:") { byScore[String(key.dropFirst(6)), default: 0] += n }
            }
        }
        self.overdue = overdue
        self.badOverdue = badOverdue
    }
}

public enum ServiceRequestError {
    /// 400 `service_request.item` — not an item of the catalogue.
    public static let item = DomainError.invalid("service_request.item", "Choose an item of the community-affairs catalogue (GET /api/v1/service-items).", field: "itemCode")
    /// 422 `service_request.resident` — the resident on record (living here, not moved out).
    public static let resident = DomainError.unprocessable("service_request.resident",
        "Name the resident on record whose request it is: by their id in your committee, or by their ID number.", field: "residentId")
    /// 422 `service_request.not_anywhere` — the item is handled only in the resident's own street.
    public static let notAnywhere = DomainError.unprocessable("service_request.not_anywhere",
        "This item is not handled anywhere in the city: file it at a station of the street where the resident lives.", field: "itemCode")
    /// 400 `service_request.authorisation` — handling on a resident's behalf names how they authorised it.
    public static let authorisation = DomainError.invalid("service_request.authorisation",
        "Handling a request on a resident's behalf (代办) needs their authorisation: written, phone, guardian or visit.", field: "authorisation")
    /// 422 `service_request.not_verified` — a resident files for themselves once the committee verified their registration.
    public static let notVerified = DomainError.unprocessable("service_request.not_verified",
        "File a request yourself once your committee has verified your registration, or ask at a station.")
    /// 422 `service_request.level` — a station files at a residents' or village committee.
    public static let level = DomainError.unprocessable("service_request.level", "File requests at the station of a residents' or village committee.", field: "nodeId")
    /// 400 `service_request.client_key`
    public static let clientKey = DomainError.invalid("service_request.client_key", "Send a clientKey of 8 to 64 characters, the same for every retry.", field: "clientKey")
    /// 400 `service_request.cursor`
    public static let cursor = DomainError.invalid("service_request.cursor", "The cursor is the previous page's next.", field: "cursor")
    /// 404 `service_request.not_found`
    public static func notFound(_ id: ServiceRequestID) -> DomainError { .notFound("service_request.not_found", "There is no request \(id) you may see.", field: "id") }
    /// 409 `service_request.state` — the step may not be taken in the request's state.
    public static func state(_ action: ServiceRequest.Action, _ state: ServiceRequest.State) -> DomainError {
        .conflict("service_request.state", "A request that is \(state.rawValue) cannot be given the step \(action.rawValue).")
    }
    /// 409 `service_request.changed` — someone moved it since it was read.
    public static let changed = DomainError.conflict("service_request.changed", "Someone else moved this request since you read it; read it again.", field: "version")
    /// 400 `service_request.score` — a rating is a whole number from 1 to 5.
    public static let score = DomainError.invalid("service_request.score",
        "A rating is a whole number from 1 (very dissatisfied) to 5 (very satisfied).", field: "score")
    /// 400 `service_request.comment_required` — a bad rating says what went wrong, so the station can put it right.
    public static let commentRequired = DomainError.invalid("service_request.comment_required",
        "A rating of 1 or 2 says what went wrong (at most 200 characters), so the station can put it right.", field: "comment")
    /// 409 `service_request.not_closed` — a request is rated once it is done or returned.
    public static let notClosed = DomainError.conflict("service_request.not_closed", "Rate a request once it is done or returned.")
    /// 409 `service_request.rated` — a request is rated once.
    public static let rated = DomainError.conflict("service_request.rated", "This request has been rated already; a request is rated once.")
    /// 403 `service_request.not_yours` — only the resident whose request it is rates it.
    public static let notYours = DomainError.forbidden("service_request.not_yours", "Only the resident whose request it is may rate it.")
    /// 403 `service_request.not_yours_to_file` — materials are filed by the resident whose request it is, or at the station.
    public static let notYoursToFile = DomainError.forbidden("service_request.not_yours_to_file",
        "Materials are filed by the resident whose request it is, by the station that handles it, or by the street's service centre.")
    /// 404 `service_request.rating_code` — no request is rated by this code now (mistyped, expired, or replaced by a newer one).
    public static let ratingCode = DomainError.notFound("service_request.rating_code",
        "This rating code is unknown or has expired: ask the station for a new one.", field: "code")
    /// 403 `service_request.staff_rating` — the station's own staff do not rate it by the code they made for a resident.
    public static let staffRating = DomainError.forbidden("service_request.staff_rating",
        "A rating code is for the resident the station served: the station's staff cannot rate it themselves.")
    /// 409 `service_request.not_bad` — only a bad rating (1 or 2) is answered, once.
    public static let notBad = DomainError.conflict("service_request.not_bad", "Only a bad rating (1 or 2) not answered yet is answered with what was put right.")
    /// 403 `service_request.centre_steps` — a street's service centre decides or returns what is forwarded to it, nothing else.
    public static let centreSteps = DomainError.forbidden("service_request.centre_steps",
        "The service centre decides (complete) or returns a request forwarded to it; the station takes the other steps.", field: "action")
    /// 403 `service_request.not_centre` — the centre's list is for the staff of a street's community-affairs service centre.
    public static let notCentre = DomainError.forbidden("service_request.not_centre", "This list is for the staff of a street's community-affairs service centre.")
    /// 400 `service_request.note_required` — a return says why, a completion says what was decided.
    public static let noteRequired = DomainError.invalid("service_request.note_required",
        "Say why it is returned, or what was decided (at most 200 characters).", field: "note")
}
