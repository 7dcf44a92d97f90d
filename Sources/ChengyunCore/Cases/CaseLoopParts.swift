public import Foundation

/// 首问负责 — the unit that owns a case now: the ops centre or station that first received it, the department
/// that signed for it, or (for a 110 call handed back) the police. A case always has exactly one owner.
public struct CaseOwner: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// An ops centre (an organisation node), or a committee where no station serves it.
        case node
        /// A joint-duty station (联勤联动站).
        case station
        /// A department that signed for the case.
        case department
        /// An external system that took the case back (the police for 110 calls: 兜底).
        case external
    }

    public var kind: Kind
    public var nodeID: NodeID?
    public var departmentID: DepartmentID?
    public var system: String?
    public var stationID: StationID?

    public init(kind: Kind, nodeID: NodeID? = nil, departmentID: DepartmentID? = nil, system: String? = nil, stationID: StationID? = nil) {
        self.kind = kind
        self.nodeID = nodeID
        self.departmentID = departmentID
        self.system = system
        self.stationID = stationID
    }

    public static func node(_ id: NodeID) -> CaseOwner { CaseOwner(kind: .node, nodeID: id) }
    public static func department(_ id: DepartmentID) -> CaseOwner { CaseOwner(kind: .department, departmentID: id) }
    public static func external(_ system: String) -> CaseOwner { CaseOwner(kind: .external, system: system) }
    public static func station(_ id: StationID) -> CaseOwner { CaseOwner(kind: .station, stationID: id) }

    /// Whether exactly the field of the kind is set.
    public var isWellFormed: Bool {
        switch kind {
        case .node: nodeID != nil && departmentID == nil && system == nil && stationID == nil
        case .department: departmentID != nil && nodeID == nil && system == nil && stationID == nil
        case .external: system.map { !$0.isEmpty } == true && nodeID == nil && departmentID == nil && stationID == nil
        case .station: stationID != nil && nodeID == nil && departmentID == nil && system == nil
        }
    }
}

/// 吹哨约请 — one department called in on a case: its own task with a reason and a time limit.
public struct CallIn: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Waiting for the department's feedback.
        case open
        /// The department gave its feedback.
        case answered
        /// The caller released the department.
        case released
    }

    public var departmentID: DepartmentID
    public var reason: String
    public var calledBy: String
    public var calledAt: Date
    /// 时限 — when the department's feedback is due.
    public var dueAt: Date
    public var status: Status
    public var answeredAt: Date?
    public var feedback: String?

    public init(departmentID: DepartmentID, reason: String, calledBy: String, calledAt: Date, dueAt: Date) {
        self.departmentID = departmentID
        self.reason = reason
        self.calledBy = calledBy
        self.calledAt = calledAt
        self.dueAt = dueAt
        self.status = .open
    }
}

/// 退单理由 — the list a department chooses from when it returns a dispatch.
public enum ReturnReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// 非本单位职责
    case notOurDuty
    /// 不在管辖范围
    case outOfArea
    /// 案件分类错误
    case wrongCategory
    /// 信息不全，无法处置
    case insufficientInfo
    /// 重复派单
    case duplicate
    /// 其他 (the note must say what)
    case other

    /// Whether the return says the dispatch itself was wrong (counts against 派遣准确率).
    public var isWrongDispatch: Bool { [.notOurDuty, .outOfArea, .wrongCategory].contains(self) }

    public var chinese: String {
        switch self {
        case .notOurDuty: "非本单位职责"
        case .outOfArea: "不在管辖范围"
        case .wrongCategory: "案件分类错误"
        case .insufficientInfo: "信息不全，无法处置"
        case .duplicate: "重复派单"
        case .other: "其他"
        }
    }
}

/// 三级联动 — why the level below asks the level above to take a case up.
public enum LinkageReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// 跨职能
    case crossFunction
    /// 跨区域
    case crossArea
    /// 跨权属
    case crossOwnership
    /// 超出本级能力
    case beyondMeans
}

/// 三级联动 — where a case stands in the linkage: level 1 the committee or village station, level 2 the
/// street/town ops centre, level 3 the street/town leading group; 4 and 5 (district, city) where a deployment allows.
public struct Linkage: Sendable, Hashable, Codable {
    public var level: Int
    public var requests: [LinkageRequest]
    public var consultations: [Consultation]

    public init(level: Int = 1, requests: [LinkageRequest] = [], consultations: [Consultation] = []) {
        self.level = level
        self.requests = requests
        self.consultations = consultations
    }

    /// Every task decided by a consultation that is not done yet.
    public var openTasks: [ConsultationTask] { consultations.flatMap(\.tasks).filter { $0.doneAt == nil } }

    /// Levels in Chinese, for history notes.
    public static func name(of level: Int) -> String {
        switch level {
        case 1: "居村联勤联动站"
        case 2: "街镇城运中心"
        case 3: "街镇领导小组"
        case 4: "区城运中心"
        default: "市城运中心"
        }
    }

    /// The depth in the organisation tree (0 = city) of the node that acts at `level`.
    public static func depth(of level: Int) -> Int {
        switch level {
        case 1: 3
        case 2, 3: 2
        case 4: 1
        default: 0
        }
    }
}

/// 申请升级 — the level below asks the level above, with a reason.
public struct LinkageRequest: Sendable, Hashable, Codable {
    public var fromLevel: Int
    public var toLevel: Int
    public var reason: LinkageReason
    public var note: String
    public var by: String
    public var at: Date

    public init(fromLevel: Int, toLevel: Int, reason: LinkageReason, note: String, by: String, at: Date) {
        self.fromLevel = fromLevel
        self.toLevel = toLevel
        self.reason = reason
        self.note = note
        self.by = by
        self.at = at
    }
}

/// 联席会商 — a joint consultation (level 2) or a leading group's decision (level 3+): who was there, what was
/// decided, and who does what by when.
public struct Consultation: Sendable, Hashable, Codable {
    public var level: Int
    public var heldAt: Date
    /// Units present, as named in the minutes (departments, property company, committee …).
    public var attendees: [String]
    public var decision: String
    public var tasks: [ConsultationTask]
    public var recordedBy: String
    public var recordedAt: Date

    public init(level: Int, heldAt: Date, attendees: [String], decision: String, tasks: [ConsultationTask], recordedBy: String, recordedAt: Date) {
        self.level = level
        self.heldAt = heldAt
        self.attendees = attendees
        self.decision = decision
        self.tasks = tasks
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// One owner's action decided by a consultation, tracked to done.
public struct ConsultationTask: Sendable, Hashable, Codable {
    /// Unique within the case (1, 2, 3 … across all its consultations).
    public var id: Int
    public var departmentID: DepartmentID
    public var task: String
    public var dueAt: Date
    public var doneAt: Date?
    public var doneNote: String?

    public init(id: Int, departmentID: DepartmentID, task: String, dueAt: Date, doneAt: Date? = nil, doneNote: String? = nil) {
        self.id = id
        self.departmentID = departmentID
        self.task = task
        self.dueAt = dueAt
        self.doneAt = doneAt
        self.doneNote = doneNote
    }
}

/// What a consultation's task list looks like when recorded.
public struct TaskDraft: Sendable, Hashable, Codable {
    public var departmentID: DepartmentID
    public var task: String
    public var dueAt: Date
    public init(departmentID: DepartmentID, task: String, dueAt: Date) {
        self.departmentID = departmentID
        self.task = task
        self.dueAt = dueAt
    }
}

/// 核查方式 — on site by the inspector, or by video review where a camera covers the place.
public enum VerificationMethod: String, Sendable, Hashable, Codable, CaseIterable {
    case onSite
    case video
}

/// Deployment rules of the loop that the pure machine needs.
public struct LoopPolicy: Sendable, Hashable, Codable {
    /// After this many returns (退单) the centre arbitrates, and its dispatch binds.
    public var returnsBeforeArbitration: Int
    /// The highest level of three-level linkage: 3 (street leading group), 4 (district) or 5 (city).
    public var linkageTopLevel: Int
    /// A camera may review a case within this many metres of it.
    public var videoReviewMetres: Double
    /// The highest level any deployment may set (the city).
    public static let maxLinkageLevel = 5
    /// 挂账: the review date falls at most this many days ahead (a year); a case parked longer is parked again.
    public static let maxParkingDays = 366

    public init(returnsBeforeArbitration: Int = 2, linkageTopLevel: Int = 3, videoReviewMetres: Double = 300) {
        self.returnsBeforeArbitration = returnsBeforeArbitration
        self.linkageTopLevel = linkageTopLevel
        self.videoReviewMetres = videoReviewMetres
    }
}
