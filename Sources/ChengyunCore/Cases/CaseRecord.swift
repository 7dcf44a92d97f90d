public import Foundation

/// 案件来源 — where a case came from.
public enum CaseSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// 监督员巡查
    case inspector
    /// 市民随手报
    case resident
    /// 12345 热线
    case hotline
    /// 110 非警务警情分流
    case police110
    /// 物联感知告警
    case sensor
    /// 视频智能识别
    case video
    /// 部门自行发现
    case department
    /// 居村联勤联动站发现 — a committee or joint-duty station found it
    case station
    /// 吹哨人举报 — a whistle-blower's report its designated handler confirmed (no reporter on the case)
    case whistleblower
}

/// 案件状态 — the states of the case loop (CJJ/T 106).
public enum CaseState: String, Sendable, Hashable, Codable, CaseIterable {
    /// 上报
    case reported
    /// 立案 — waiting for dispatch in the duty officer's queue
    case accepted
    /// 不予立案
    case rejected
    /// 并单 — merged into another case
    case merged
    /// 派遣
    case dispatched
    /// 处置中
    case inProgress
    /// 处置反馈 — waiting for verification
    case handled
    /// 核查通过 — waiting to be closed
    case verified
    /// 结案
    case closed
    /// 已评价
    case rated
    /// 退回 110 — a diverted police call handed back to the police (兜底)
    case returnedToPolice

    /// Whether the case is finished (no handling clock runs).
    public var isTerminal: Bool { Self.terminal.contains(self) }
    /// The finished states.
    public static let terminal: Set<CaseState> = [.rejected, .merged, .closed, .rated, .returnedToPolice]
    /// Whether the case is in the handling phase where a deadline applies.
    public var isOpen: Bool { !isTerminal && self != .reported }
}

/// 案件 — one problem being handled, with everything the loop needs to decide the next step.
public struct CaseRecord: Sendable, Hashable, Codable, Identifiable {
    public var id: CaseID
    /// Human-readable number, e.g. `20261123-000042`.
    public var number: String
    public var source: CaseSource
    /// An external reference, e.g. the 12345 ticket id.
    public var externalRef: String?
    public var categoryID: String
    public var urgency: Urgency
    public var description: String
    public var address: String?
    public var location: GeoPoint?
    /// The lowest node the location resolved to (normally a grid).
    public var nodeID: NodeID
    public var nodePath: String
    /// 联勤联动站 — the joint-duty station whose coverage holds the place (a special area first), set at intake.
    public var stationID: StationID?
    /// 小区 — the residential compound the place lies in (named at intake or found by its boundary), and the property
    /// company that served it then: 12345 complaints and emergency repairs count against that company.
    public var compoundID: CompoundID?
    public var propertyCompanyID: PropertyCompanyID?
    public var state: CaseState
    public var reporterID: UserID?
    /// Personal data: masked in responses.
    public var reporterName: String?
    /// Personal data: masked in responses.
    public var reporterPhone: String?

    public var leadDepartmentID: DepartmentID?
    public var coHandlerIDs: [DepartmentID]
    /// 吹哨约请 — departments called in, each with its own task.
    public var callIns: [CallIn]
    /// 首问负责 — who owns the case now.
    public var owner: CaseOwner
    /// The unit that first received the report.
    public var receivedBy: CaseOwner
    /// 微单元自治 — found and fixed by a committee or station within its own means, closed at its own level.
    public var selfHandled: Bool
    /// 三级联动 — set once the case has been taken up the linkage.
    public var linkage: Linkage?
    /// Returns that said the dispatch was wrong (派遣准确率).
    public var wrongDispatchCount: Int
    /// 仲裁 — the returns reached the limit: only the centre's arbitration may dispatch it now.
    public var arbitrationPending: Bool
    /// The current dispatch is the centre's binding arbitration: it cannot be returned.
    public var dispatchBinding: Bool
    /// The call's classification by the sending system (110 警情类别).
    public var classification: String?
    /// 答复 — the answer for the caller (12345) or the police (110): the department's report back.
    public var answer: String?
    /// The person who reported the handling back (or closed a self-handled case): rankings of handlers.
    public var handlerID: UserID?
    public var handlerName: String?

    public var reportedAt: Date
    public var acceptedAt: Date?
    public var firstDispatchedAt: Date?
    public var dispatchedAt: Date?
    public var startedAt: Date?
    public var handledAt: Date?
    public var firstHandledAt: Date?
    public var closedAt: Date?
    /// 处置时限 — when handling is due.
    public var deadline: Date?
    public var deadlineHours: Double
    public var hoursKind: HoursKind

    /// 挂起 — the clock is stopped since this instant; the hours left are kept.
    public var suspendedAt: Date?
    public var remainingHours: Double?
    /// 挂账 — parked until this review date (the start of that local day): a parked case is suspended (out of the
    /// overdue count, its clock stopped) and stays on the 挂账 list; from this instant it is due for review.
    public var parkedUntil: Date?
    /// 延期 — hours asked for and not yet decided.
    public var pendingExtensionHours: Double?
    public var extensionCount: Int
    /// 督办
    public var supervised: Bool
    /// 升级 — the node the case has been escalated to, and how many levels.
    public var escalatedToNodeID: NodeID?
    public var escalationLevel: Int
    public var returnCount: Int
    public var reworkCount: Int
    public var dispatchCount: Int
    /// 催办 — how many times the centre urged the lead department (the KPIs count them per department).
    public var urgeCount: Int
    /// 1 (very unsatisfied) … 5 (very satisfied)
    public var rating: Int?
    public var mergedIntoID: CaseID?
    /// Flagged as a possible duplicate of this open case.
    public var duplicateOfID: CaseID?
    /// Optimistic-concurrency version, bumped by every change.
    public var version: Int

    public init(
        id: CaseID, number: String, source: CaseSource, externalRef: String? = nil, categoryID: String, urgency: Urgency,
        description: String, address: String? = nil, location: GeoPoint?, nodeID: NodeID, nodePath: String,
        reporterID: UserID?, reporterName: String? = nil, reporterPhone: String? = nil, reportedAt: Date,
        deadlineHours: Double, hoursKind: HoursKind, receivedBy: CaseOwner
    ) {
        self.id = id
        self.number = number
        self.source = source
        self.externalRef = externalRef
        self.categoryID = categoryID
        self.urgency = urgency
        self.description = description
        self.address = address
        self.location = location
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.state = .reported
        self.reporterID = reporterID
        self.reporterName = reporterName
        self.reporterPhone = reporterPhone
        self.coHandlerIDs = []
        self.callIns = []
        self.owner = receivedBy
        self.receivedBy = receivedBy
        self.selfHandled = false
        self.wrongDispatchCount = 0
        self.arbitrationPending = false
        self.dispatchBinding = false
        self.reportedAt = reportedAt
        self.deadlineHours = deadlineHours
        self.hoursKind = hoursKind
        self.extensionCount = 0
        self.supervised = false
        self.escalationLevel = 0
        self.returnCount = 0
        self.reworkCount = 0
        self.dispatchCount = 0
        self.urgeCount = 0
        self.version = 0
    }

    /// The departments called in (吹哨), whatever their task's status.
    public var calledInIDs: [DepartmentID] { callIns.map(\.departmentID) }

    /// Called-in departments that have neither answered nor been released.
    public var openCallIns: [CallIn] { callIns.filter { $0.status == .open } }

    /// Every department that takes part: lead, co-handlers, those called in and owners of consultation tasks.
    public var involvedDepartments: Set<DepartmentID> {
        var all = Set(coHandlerIDs).union(calledInIDs)
        if let leadDepartmentID { all.insert(leadDepartmentID) }
        for c in linkage?.consultations ?? [] { all.formUnion(c.tasks.map(\.departmentID)) }
        return all
    }

    /// Whether the handling deadline has passed at `now` without the case being handled.
    public func isOverdue(at now: Date) -> Bool {
        guard let deadline, suspendedAt == nil else { return false }
        switch state {
        case .accepted, .dispatched, .inProgress: return now > deadline
        default: return false
        }
    }

    /// Whether the deadline falls within `window` seconds of `now`.
    public func isDueSoon(at now: Date, window: TimeInterval) -> Bool {
        guard let deadline, suspendedAt == nil, !isOverdue(at: now) else { return false }
        guard [.accepted, .dispatched, .inProgress].contains(state) else { return false }
        return deadline.timeIntervalSince(now) <= window
    }
}

/// 附件 — a photo or document attached to a case event.
public struct Attachment: Sendable, Hashable, Codable, Identifiable {
    public var id: AttachmentID
    public var caseID: CaseID
    public var contentType: String
    public var byteCount: Int
    public var fileName: String
    public var uploadedBy: UserID?
    public var uploadedAt: Date

    public init(id: AttachmentID, caseID: CaseID, contentType: String, byteCount: Int, fileName: String, uploadedBy: UserID?, uploadedAt: Date) {
        self.id = id
        self.caseID = caseID
        self.contentType = contentType
        self.byteCount = byteCount
        self.fileName = fileName
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
    }
}
