import Foundation

/// 案件类别 — a minor class of the taxonomy with its dispatch and deadline defaults.
public struct Category: Sendable, Hashable, Codable, Identifiable {
    /// `kind:code`, e.g. `component:0101`; the same code may exist for both kinds.
    public var id: String { "\(kind.rawValue):\(code)" }
    public var kind: CategoryKind
    /// 类别代码 — 4 digits: 2-digit major class + 2-digit minor class (GB/T 30428.2 structure), e.g. "0101".
    public var code: String
    /// 大类名称, e.g. 公用设施.
    public var majorName: String
    /// 小类名称, e.g. 上水井盖.
    public var name: String
    /// English name, e.g. "Water supply manhole cover".
    public var nameEn: String
    /// 主责部门类别 — a code from `DepartmentKinds.all`, e.g. `shuiwu`.
    public var leadDepartmentKind: String
    /// The urgency a new case of this class gets unless the centre chooses another.
    public var urgency: Urgency
    /// 处置时限 per urgency, in `hoursKind` hours; JSON `{"normal": 24, "urgent": 4, "critical": 1}`.
    public var deadlineHours: [Urgency: Double]
    public var hoursKind: HoursKind
    /// 立案条件 — when a report of this class becomes a case.
    public var acceptanceCriteria: String
    /// 结案条件 — what verification must see before the case closes.
    public var closingCriteria: String
    /// 须上传处置后照片 — a department's report back (处置反馈) of this class must carry a photo of the result;
    /// absent or false, a note is enough.
    public var afterPhotoRequired: Bool?

    public init(
        kind: CategoryKind, code: String, majorName: String, name: String, nameEn: String,
        leadDepartmentKind: String, urgency: Urgency, deadlineHours: [Urgency: Double], hoursKind: HoursKind,
        acceptanceCriteria: String, closingCriteria: String
    ) {
        self.kind = kind
        self.code = code
        self.majorName = majorName
        self.name = name
        self.nameEn = nameEn
        self.leadDepartmentKind = leadDepartmentKind
        self.urgency = urgency
        self.deadlineHours = deadlineHours
        self.hoursKind = hoursKind
        self.acceptanceCriteria = acceptanceCriteria
        self.closingCriteria = closingCriteria
    }

    /// 大类代码 — the first two digits of `code`.
    public var majorCode: String { String(code.prefix(2)) }
    /// 小类代码 — the last two digits of `code`.
    public var minorCode: String { String(code.suffix(2)) }
}
