public import Foundation

/// 导出模板 — a named export: its dataset and whether personal fields leave masked. Its grade comes from the
/// registry (`DataGrading`); a template below sensitive is pre-approved (预批), a sensitive one needs an approved
/// export request each time.
public struct ExportTemplate: Sendable, Hashable {
    public var id: String
    public var dataset: GradedDataset
    /// Whether the personal fields are masked as in every response.
    public var masked: Bool
    /// The roles that may use it (in their scope) or ask for it.
    public var roles: Set<Role>

    public var fields: [GradedField] { DataGrading.fields(of: dataset) }
    public var grade: DataGrade { DataGrading.grade(of: fields, masked: masked) }
    /// Pre-approved templates run at once; sensitive ones need an approved request.
    public var needsApproval: Bool { grade == .sensitive }
    /// The sensitive categories the file carries.
    public var categories: [SensitiveCategory] {
        let found = Set(fields.filter { $0.grade(masked: masked) == .sensitive }.compactMap(\.category))
        return SensitiveCategory.allCases.filter(found.contains)
    }

    /// 案件清单 — the case list with reporters masked: internal, pre-approved.
    public static let cases = ExportTemplate(id: "cases", dataset: .cases, masked: true, roles: [.dutyOfficer, .leader, .admin])
    /// 案件清单（含个人信息） — the case list with reporters' names and phones: sensitive, on approval only.
    public static let casesPersonal = ExportTemplate(id: "cases-personal", dataset: .cases, masked: false, roles: [.dutyOfficer, .leader, .admin])
    /// 考核 — KPIs and rankings: internal, pre-approved.
    public static let kpis = ExportTemplate(id: "kpis", dataset: .kpis, masked: true, roles: [.leader, .dutyOfficer, .admin, .departmentHandler, .communityWorker, .gridInspector])

    /// 智慧报表 — the ledgers' monthly report: internal, pre-approved.
    public static let ledgers = ExportTemplate(id: "ledgers", dataset: .ledgers, masked: true,
                                               roles: [.communityWorker, .stationChief, .dutyOfficer, .leader, .admin])

    public static let all: [ExportTemplate] = [.cases, .casesPersonal, .kpis, .ledgers]

    public static func named(_ id: String) -> ExportTemplate? { all.first { $0.id == id } }
}

/// 水印 — who exported a file, when, and on what authority; it heads every export and, in a sensitive CSV, ends
/// every row, so an excerpt copied elsewhere still says whose it is.
public struct ExportWatermark: Sendable, Hashable {
    public var grade: DataGrade
    public var exporter: String
    public var at: Date
    /// The authority: `request 12` (an approved export request) or `template cases` (a pre-approved template).
    public var authority: String
    /// The server's request id, which the audit line also names.
    public var reference: String?

    public init(grade: DataGrade, exporter: String, at: Date, authority: String, reference: String? = nil) {
        self.grade = grade
        self.exporter = exporter
        self.at = at
        self.authority = authority
        self.reference = reference
    }

    /// `内部 internal · exported by duty · 2026-12-03T08:00:00Z · template cases · ref 7f…`
    public var text: String {
        (["\(grade.label)", "exported by \(exporter)", at.formatted(.iso8601), authority] + (reference.map { ["ref \($0)"] } ?? []))
            .joined(separator: " · ")
    }

    /// The same for an HTTP header: ASCII, `;`-separated, anything else percent-encoded (RFC 8187 style).
    public var headerValue: String {
        let plain = ([grade.rawValue, "exported by \(exporter)", at.formatted(.iso8601), authority] + (reference.map { ["ref \($0)"] } ?? []))
            .joined(separator: "; ")
        var out = ""
        for byte in plain.utf8 {
            if (0x20..<0x7F).contains(byte), byte != UInt8(ascii: "%") { out.append(Character(Unicode.Scalar(byte))) } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
