/// 开放属性 — who may have a dataset (seed 003: each dataset's openness in the open-data catalogue).
public enum Openness: String, Sendable, Hashable, Codable, CaseIterable {
    /// 无条件开放 — anyone, without signing in: a public bulk download.
    case open
    /// 有条件开放 — with an API key and signed terms of use (方式、范围和限度); no public download.
    case conditional
    /// 不予开放 — not shared; listed so the public knows it exists and why it is closed.
    case closed
}

/// 数据形式 — the file format of a dataset.
public enum OpenDataForm: String, Sendable, Hashable, Codable, CaseIterable {
    case csv, geojson, json

    /// The media type of a download.
    public var mediaType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .geojson: "application/geo+json"
        case .json: "application/json; charset=utf-8"
        }
    }
}

/// 更新频率 — how often a dataset changes.
public enum UpdateFrequency: String, Sendable, Hashable, Codable, CaseIterable {
    /// 实时 — every change is in the next download.
    case realTime
    /// 每日
    case daily
    /// 变更时 — when an administrator changes it (boundaries, the taxonomy).
    case onChange
}

/// 开放数据集 — one entry of the open-data catalogue (开放数据目录): content, form, update frequency, openness and grade.
public struct OpenDataset: Sendable, Hashable, Codable, Identifiable {
    /// A stable slug, e.g. `case-counts`; an open dataset downloads at `/open-data/datasets/<id>.<form>`.
    public var id: String
    public var title: String
    public var titleEn: String
    /// 内容 — what the dataset holds.
    public var description: String
    public var descriptionEn: String
    /// 责任部门 — the department responsible for the data.
    public var department: String
    public var departmentEn: String
    public var form: OpenDataForm
    public var updateFrequency: UpdateFrequency
    public var openness: Openness
    /// 数据分级 — the highest grade of its fields; only public data is open.
    public var grade: DataGrade
    /// The fields (columns or properties), in order.
    public var fields: [String]
    /// How to get a conditional dataset, or why a closed one is closed.
    public var access: String?
    /// The public download, for an open dataset only.
    public var downloadUrl: String?

    public init(id: String, title: String, titleEn: String, description: String, descriptionEn: String, department: String, departmentEn: String,
                form: OpenDataForm, updateFrequency: UpdateFrequency, openness: Openness, grade: DataGrade, fields: [String], access: String? = nil) {
        self.id = id
        self.title = title
        self.titleEn = titleEn
        self.description = description
        self.descriptionEn = descriptionEn
        self.department = department
        self.departmentEn = departmentEn
        self.form = form
        self.updateFrequency = updateFrequency
        self.openness = openness
        self.grade = grade
        self.fields = fields
        self.access = access
        self.downloadUrl = openness == .open ? "/open-data/datasets/\(id).\(form.rawValue)" : nil
    }

    /// The catalogue's rules: only public data is open, sensitive data is never shared, an open dataset has a download
    /// and no other has one; a conditional or closed dataset says how to get it or why not. Nil when it keeps them.
    public var violation: String? {
        if openness == .open, grade != .public { return "\(id): only public data may be open" }
        if grade == .sensitive, openness != .closed { return "\(id): sensitive data is never shared" }
        if (openness == .open) != (downloadUrl != nil) { return "\(id): an open dataset, and only an open one, has a download" }
        if openness != .open, access?.isEmpty ?? true { return "\(id): say how to get it, or why it is closed" }
        if fields.isEmpty { return "\(id): list its fields" }
        return nil
    }
}

/// 开放数据目录 — the one definition of what the city publishes, asks terms for, or keeps closed. The routes serve the
/// open datasets from here; a dataset not listed here has no download.
public enum OpenDataCatalogue {
    /// The period of the case counts: the last `defaultDays` days unless asked, at most `maxDays`.
    public static let defaultDays = 30
    public static let maxDays = 366

    static let centre = ("市城市运行管理中心", "City Operations Centre")

    public static let datasets: [OpenDataset] = [
        OpenDataset(
            id: "case-counts", title: "城市运行案件数量统计", titleEn: "City case counts",
            description: "按日、区和案件大类统计的上报件数与其中已结案件数；只有计数，不含案件内容、地址、坐标或上报人。",
            descriptionEn: "Cases reported per day, district and major class, and how many of them are closed; counts only — no case text, address, location or reporter.",
            department: centre.0, departmentEn: centre.1, form: .csv, updateFrequency: .daily, openness: .open, grade: .public,
            fields: ["date", "districtCode", "districtName", "majorClass", "majorName", "reported", "closed"]),
        OpenDataset(
            id: "boundaries", title: "区、街道（乡镇）边界", titleEn: "District and street boundaries",
            description: "各区和街道（乡镇）的名称、代码与边界多边形。",
            descriptionEn: "The name, code and boundary polygons of every district and street (town).",
            department: centre.0, departmentEn: centre.1, form: .geojson, updateFrequency: .onChange, openness: .open, grade: .public,
            fields: ["level", "code", "name", "parentCode", "geometry"]),
        OpenDataset(
            id: "taxonomy", title: "城市管理部件、事件分类", titleEn: "Case categories (components and events)",
            description: "部件、事件的大类与小类，及其紧急程度、处置时限、立案与结案条件（GB/T 30428.2 结构）。",
            descriptionEn: "Major and minor classes of components and events with their urgency, deadlines, acceptance and closing criteria (GB/T 30428.2 structure).",
            department: centre.0, departmentEn: centre.1, form: .json, updateFrequency: .onChange, openness: .open, grade: .public,
            fields: ["id", "kind", "majorCode", "majorName", "code", "name", "nameEn", "urgency", "deadlineHours", "hoursKind",
                     "leadDepartmentKind", "acceptanceCriteria", "closingCriteria"]),
        OpenDataset(
            id: "case-records", title: "案件明细（脱敏）", titleEn: "Case records (de-identified)",
            description: "逐件案件的类别、状态、所在街道与各环节时间，不含上报人、描述原文与精确坐标。",
            descriptionEn: "Each case's category, state, street and the times of each step, without reporter, original text or exact location.",
            department: centre.0, departmentEn: centre.1, form: .csv, updateFrequency: .daily, openness: .conditional, grade: .internal,
            fields: ["number", "categoryId", "state", "streetCode", "reportedAt", "dispatchedAt", "closedAt", "overdue"],
            access: "向市城运中心申请 API 密钥并签署使用协议（用途、范围和限度）。Apply to the City Operations Centre for an API key and sign the terms of use (purpose, scope and limits)."),
        OpenDataset(
            id: "grid-boundaries", title: "居村与网格边界", titleEn: "Committee and grid boundaries",
            description: "居（村）委和管理网格的代码、名称与边界。",
            descriptionEn: "The code, name and boundary of every residents' committee and management grid.",
            department: centre.0, departmentEn: centre.1, form: .geojson, updateFrequency: .onChange, openness: .conditional, grade: .internal,
            fields: ["level", "code", "name", "parentCode", "geometry"],
            access: "供相关部门与研究机构按协议使用，凭 API 密钥获取。For departments and researchers under signed terms, with an API key."),
        OpenDataset(
            id: "case-reporters", title: "案件上报人信息", titleEn: "Case reporters",
            description: "上报人的姓名与联系电话。",
            descriptionEn: "Reporters' names and phone numbers.",
            department: centre.0, departmentEn: centre.1, form: .json, updateFrequency: .realTime, openness: .closed, grade: .sensitive,
            fields: ["reporterName", "reporterPhone"],
            access: "个人信息，不予开放；仅经授权的工作人员在说明用途后查看，并留有使用痕迹。Personal information: not shared; seen only by authorised staff for a stated purpose, with an audit trail."),
        OpenDataset(
            id: "duty-rosters", title: "值班表", titleEn: "Duty rosters",
            description: "各级城运中心和联勤工作站的值班人员、班次与联系电话。",
            descriptionEn: "Who is on duty at each operations centre and station, their shifts and phones.",
            department: centre.0, departmentEn: centre.1, form: .json, updateFrequency: .realTime, openness: .closed, grade: .sensitive,
            fields: ["nodeCode", "level", "displayName", "phone", "startsAt", "endsAt"],
            access: "含工作人员个人信息，不予开放。Holds staff's personal information: not shared."),
    ]

    /// The dataset with this id.
    public static func dataset(_ id: String) -> OpenDataset? {
        datasets.first { $0.id == id }
    }
}
