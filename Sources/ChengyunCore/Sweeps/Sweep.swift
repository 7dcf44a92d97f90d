public import Foundation

public typealias SweepID = Identifier<Sweep>

/// 拉网式排摸 — a door-to-door campaign launched from above over an area with a form: every house (or, for a sweep of
/// buildings, every building) of the area gets a result and the method it was found by. Progress is counted per
/// building group and up the tree in the commit of each result; results are reconciled with the base data (综合比对)
/// and the differences offered as corrections. Hazard and enterprise sweeps are sweeps of another subject and form.
public struct Sweep: Sendable, Hashable, Codable, Identifiable {
    /// What each result is about.
    public enum Subject: String, Sendable, Hashable, Codable, CaseIterable {
        /// 每户 — a result per house.
        case house
        /// 每栋 — a result per building (e.g. a hazard sweep of old buildings).
        case building
    }

    public var id: SweepID
    public var code: String
    public var title: String
    public var subject: Subject
    /// The area it covers: a district, street or committee (or the city).
    public var areaID: NodeID
    public var areaPath: String
    public var form: [SweepField]
    /// What the people doing it are told: the guide (工作提示).
    public var guide: String
    public var startsOn: LocalDate
    public var dueOn: LocalDate
    public var launchedBy: String
    public var launchedAt: Date
    /// When it was closed; results are refused after.
    public var closedAt: Date?
    /// The item of the admission list (准入清单) it was pushed down under.
    public var admissionCode: String?
    /// 错峰 — when it reaches the committees of each district or street; none: all at launch.
    public var windows: [PushWindow]

    public init(id: SweepID, code: String, title: String, subject: Subject, areaID: NodeID, areaPath: String, form: [SweepField], guide: String,
                startsOn: LocalDate, dueOn: LocalDate, launchedBy: String, launchedAt: Date, closedAt: Date? = nil, admissionCode: String? = nil,
                windows: [PushWindow] = []) {
        self.id = id
        self.code = code
        self.title = title
        self.subject = subject
        self.areaID = areaID
        self.areaPath = areaPath
        self.form = form
        self.guide = guide
        self.startsOn = startsOn
        self.dueOn = dueOn
        self.launchedBy = launchedBy
        self.launchedAt = launchedAt
        self.closedAt = closedAt
        self.admissionCode = admissionCode
        self.windows = windows
    }

    /// When it reaches the committee at `path`.
    public func reaches(_ path: String) -> Date { windows.opensAt(path) ?? launchedAt }
}

/// One question of a sweep's form. Two codes are reconciled with the base data: `houseUse` (a choice among the
/// `HouseUse` values) and `residents` (how many people were found living in the house).
public struct SweepField: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case choice, text, yesNo, number
    }
    public var code: String
    public var label: String
    public var kind: Kind
    /// The choices of a `choice` field.
    public var options: [String]
    public var required: Bool

    public init(code: String, label: String, kind: Kind, options: [String] = [], required: Bool = false) {
        self.code = code
        self.label = label
        self.kind = kind
        self.options = options
        self.required = required
    }

    /// The code of the field reconciled with a house's recorded use.
    public static let houseUse = "houseUse"
    /// The code of the field reconciled with how many residents live in a house.
    public static let residents = "residents"

    /// 四查四清 — the four checks of seed 002 per building: the house's use (查房屋), its residents and their recent
    /// whereabouts (查住户), measures on key persons (查状态), gaps in the building (查问题).
    public static let fourChecks: [SweepField] = [
        SweepField(code: houseUse, label: "房屋使用状态", kind: .choice, options: HouseUse.allCases.map(\.rawValue), required: true),
        SweepField(code: residents, label: "实住人数", kind: .number, required: true),
        SweepField(code: "whereabouts", label: "近期旅居地点", kind: .text),
        SweepField(code: "measures", label: "重点人员管控措施落实", kind: .yesNo),
        SweepField(code: "gaps", label: "本楼管控漏洞", kind: .text),
    ]

    /// Checks one answer against the field; returns it normalised.
    public func check(_ value: String) -> String? {
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
        switch kind {
        case .choice: return options.contains(v) ? v : nil
        case .text: return (try? InputLimits.check(v, field: code, max: InputLimits.item)) != nil ? v : nil
        case .yesNo: return ["yes", "no"].contains(v) ? v : nil
        case .number: return Int(v).flatMap { (0...9_999).contains($0) ? String($0) : nil }
        }
    }
}

/// 排摸方式 — how a house's result was found (seed 002: chat roll-call, door intercom, phone, notice, visit).
public enum SweepMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// 群内接龙
    case chatRollCall
    /// 门铃对讲
    case doorIntercom
    /// 电话
    case phone
    /// 张贴告示、回执
    case notice
    /// 上门
    case visit
}

/// One house's (or building's) result in a sweep: the answers, the method, who recorded it and when it was taken —
/// on a phone that may have been offline, so `takenAt` is the phone's time and `receivedAt` the server's. `clientKey`
/// names the taking: the same taking sent twice is one result.
public struct SweepResult: Sendable, Hashable, Codable {
    public var sweepID: SweepID
    /// The house, or the building for a sweep of buildings.
    public var subjectID: Int64
    public var buildingID: BuildingID
    /// The committee.
    public var nodeID: NodeID
    public var nodePath: String
    public var groupID: BuildingGroupID?
    public var method: SweepMethod
    public var answers: [String: String]
    public var takenAt: Date
    public var receivedAt: Date
    public var byUserID: UserID?
    public var by: String
    public var clientKey: String
    /// What the base data said when it was received, for the reconciled fields.
    public var recordedUse: HouseUse?
    public var recordedResidents: Int?
    /// Whether the answers differ from the base data (a difference to reconcile).
    public var differs: Bool

    public init(sweepID: SweepID, subjectID: Int64, buildingID: BuildingID, nodeID: NodeID, nodePath: String, groupID: BuildingGroupID?, method: SweepMethod,
                answers: [String: String], takenAt: Date, receivedAt: Date, byUserID: UserID?, by: String, clientKey: String,
                recordedUse: HouseUse? = nil, recordedResidents: Int? = nil, differs: Bool = false) {
        self.sweepID = sweepID
        self.subjectID = subjectID
        self.buildingID = buildingID
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.groupID = groupID
        self.method = method
        self.answers = answers
        self.takenAt = takenAt
        self.receivedAt = receivedAt
        self.byUserID = byUserID
        self.by = by
        self.clientKey = clientKey
        self.recordedUse = recordedUse
        self.recordedResidents = recordedResidents
        self.differs = differs
    }

    /// Whether these answers differ from what the base data records.
    public static func differs(_ answers: [String: String], use: HouseUse?, residents: Int?) -> Bool {
        if let found = answers[SweepField.houseUse], let use, found != use.rawValue { return true }
        if let found = answers[SweepField.residents].flatMap(Int.init), let residents, found != residents { return true }
        return false
    }
}

/// Progress of a sweep at one place: a node of the tree, or a building group of a committee (`groupID` -1 standing
/// for the committee's houses in no group).
public struct SweepProgress: Sendable, Hashable, Codable {
    public var nodeID: NodeID
    public var groupID: Int64?
    public var name: String
    public var targets: Int
    public var done: Int
    public var differences: Int
    public init(nodeID: NodeID, groupID: Int64?, name: String, targets: Int, done: Int, differences: Int) {
        self.nodeID = nodeID
        self.groupID = groupID
        self.name = name
        self.targets = targets
        self.done = done
        self.differences = differences
    }
}

/// A place of the sweep: a house (or building) with its result if it has one — the list a building-group leader works.
public struct SweepTarget: Sendable, Hashable, Codable {
    public var subjectID: Int64
    public var buildingID: BuildingID
    public var label: String
    public var result: SweepResult?
    public init(subjectID: Int64, buildingID: BuildingID, label: String, result: SweepResult?) {
        self.subjectID = subjectID
        self.buildingID = buildingID
        self.label = label
        self.result = result
    }
}
