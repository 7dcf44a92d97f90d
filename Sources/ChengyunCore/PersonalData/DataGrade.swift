/// 数据分级 — how carefully a piece of data is handled: 公开 public, 内部 internal, 敏感 sensitive (docs/DATA_GRADING.md).
public enum DataGrade: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// 公开 — may be published (open data, the public Open311 feed).
    case `public`
    /// 内部 — for staff at work within their scope; exported by pre-approved templates, watermarked and audited.
    case `internal`
    /// 敏感 — personal information, commercial secrets, health data: shown masked; unmasked only for a stated purpose,
    /// exported only on an approved request.
    case sensitive

    public var chineseName: String {
        switch self {
        case .public: "公开"
        case .internal: "内部"
        case .sensitive: "敏感"
        }
    }

    /// `内部 internal`: how a file and its watermark name the grade.
    public var label: String { "\(chineseName) \(rawValue)" }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: DataGrade, b: DataGrade) -> Bool { a.rank < b.rank }
}

/// What makes sensitive data sensitive (数据安全等级保护: important data).
public enum SensitiveCategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// 个人信息 — names, phones, ID numbers, addresses of homes of identified persons.
    case personal
    /// 商业机密 — firms' and property companies' data given to the city.
    case commercialSecret
    /// 健康数据 — isolation, fever, disability and other health flags of residents, from people or sensors.
    case health

    public var chineseName: String {
        switch self {
        case .personal: "个人信息"
        case .commercialSecret: "商业机密"
        case .health: "健康数据"
        }
    }
}

/// A dataset whose fields are graded (the ones we export).
public enum GradedDataset: String, Sendable, Hashable, Codable, CaseIterable {
    /// 案件 — the case list.
    case cases
    /// 考核 — KPIs and rankings of an area.
    case kpis
    /// 智慧报表 — the ledgers' monthly report of an area.
    case ledgers
}

/// One field of a dataset with its grade, what makes it sensitive, and the grade of its masked form.
public struct GradedField: Sendable, Hashable {
    public var dataset: GradedDataset
    /// The identifier (API and CSV column).
    public var name: String
    /// The column header: Chinese first, then the identifier.
    public var header: String
    public var grade: DataGrade
    public var category: SensitiveCategory?
    /// The grade of the field once masked (脱敏), when masking lowers it.
    public var maskedGrade: DataGrade?

    public init(_ dataset: GradedDataset, _ name: String, _ chinese: String, _ grade: DataGrade, _ category: SensitiveCategory? = nil,
                masked: DataGrade? = nil) {
        self.dataset = dataset
        self.name = name
        self.header = "\(chinese) \(name)"
        self.grade = grade
        self.category = category
        self.maskedGrade = masked
    }

    /// The grade of the field as written: masked or in full.
    public func grade(masked: Bool) -> DataGrade { masked ? (maskedGrade ?? grade) : grade }
}

/// 分级目录 — the registry of every field we export, with its grade. The exports take their columns, their order and
/// their grade from here, so a new column cannot leave without a grade.
public enum DataGrading {
    /// The case list export, in column order.
    public static let cases: [GradedField] = [
        GradedField(.cases, "number", "编号", .internal),
        GradedField(.cases, "source", "来源", .internal),
        GradedField(.cases, "categoryId", "类别", .internal),
        GradedField(.cases, "categoryName", "类别名称", .public),
        GradedField(.cases, "urgency", "紧急程度", .internal),
        GradedField(.cases, "state", "状态", .internal),
        GradedField(.cases, "nodeId", "区域", .internal),
        GradedField(.cases, "leadDepartment", "主办部门", .public),
        GradedField(.cases, "description", "描述", .internal),
        GradedField(.cases, "address", "地址", .internal),
        GradedField(.cases, "lon", "经度", .internal),
        GradedField(.cases, "lat", "纬度", .internal),
        GradedField(.cases, "handlerName", "处置人", .internal),
        GradedField(.cases, "reportedAt", "上报时间", .internal),
        GradedField(.cases, "acceptedAt", "立案时间", .internal),
        GradedField(.cases, "dispatchedAt", "派遣时间", .internal),
        GradedField(.cases, "handledAt", "处置时间", .internal),
        GradedField(.cases, "closedAt", "结案时间", .internal),
        GradedField(.cases, "deadline", "处置时限", .internal),
        GradedField(.cases, "overdue", "超期", .internal),
        GradedField(.cases, "rating", "评价", .internal),
        GradedField(.cases, "reporterName", "上报人", .sensitive, .personal, masked: .internal),
        GradedField(.cases, "reporterPhone", "上报人电话", .sensitive, .personal, masked: .internal),
    ]

    /// The KPI export: an area's KPIs and its departments' and handlers' rankings.
    public static let kpis: [GradedField] = [
        GradedField(.kpis, "kind", "对象", .public),
        GradedField(.kpis, "areaName", "区域名称", .public),
        GradedField(.kpis, "departmentName", "部门名称", .public),
        GradedField(.kpis, "handlerName", "处置人", .internal),
        GradedField(.kpis, "counts", "件数", .internal),
        GradedField(.kpis, "rates", "比率与时长", .internal),
    ]

    /// The ledgers' report: counts per ledger for an area and its parts, no person named.
    public static let ledgers: [GradedField] = [
        GradedField(.ledgers, "areaName", "区域名称", .public),
        GradedField(.ledgers, "ledgerName", "台账", .public),
        GradedField(.ledgers, "counts", "件数与人数", .internal),
    ]

    public static func fields(of dataset: GradedDataset) -> [GradedField] {
        switch dataset {
        case .cases: cases
        case .kpis: kpis
        case .ledgers: ledgers
        }
    }

    public static func field(_ name: String, in dataset: GradedDataset) -> GradedField? {
        fields(of: dataset).first { $0.name == name }
    }

    /// The grade of a set of fields: the highest of theirs, each as written (masked or in full).
    public static func grade(of fields: [GradedField], masked: Bool) -> DataGrade {
        fields.map { $0.grade(masked: masked) }.max() ?? .public
    }
}
