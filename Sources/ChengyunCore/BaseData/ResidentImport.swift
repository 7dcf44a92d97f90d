import Foundation

/// 实有人口导入 — a file of population records (e.g. the police's, as CSV): a header naming the columns (Chinese or
/// English) and a row per person. Every row is checked; the file is applied whole or not at all, and the report says
/// which rows were refused and why.
public enum ResidentImport {
    /// The columns, each with the names a header may give it.
    public enum Column: String, CSVImportColumn {
        case committee, name, idNumber, phone, kind, partyMember, tags, compound, building, unit, room, movedInOn

        public var headers: [String] {
            switch self {
            case .committee: ["committee", "居委编码", "居村委编码"]
            case .name: ["name", "姓名"]
            case .idNumber: ["idnumber", "身份证号", "公民身份号码", "身份证号码"]
            case .phone: ["phone", "电话", "联系电话", "手机"]
            case .kind: ["kind", "类别", "人口类别"]
            case .partyMember: ["partymember", "党员"]
            case .tags: ["tags", "标签"]
            case .compound: ["compound", "小区编码"]
            case .building: ["building", "楼号"]
            case .unit: ["unit", "单元"]
            case .room: ["room", "室号"]
            case .movedInOn: ["movedinon", "入住日期"]
            }
        }
    }

    /// At most this many rows a file.
    public static let maxRows = 100_000

    public typealias Row = CSVImport.Row<Column>
    public typealias Rejection = CSVImport.Rejection
    public typealias Report = CSVImport.Report

    /// The rows of a file's bytes: UTF-8 (a byte-order mark is dropped), a header with `name` and `committee` at least.
    /// - Throws: `BaseDataError.importUnreadable`.
    public static func rows(_ bytes: [UInt8]) throws(DomainError) -> [Row] {
        try CSVImport.rows(bytes, Column.self, required: [.committee, .name], maxRows: maxRows, unreadable: BaseDataError.importUnreadable)
    }

    /// The rows of a sheet read from a file (CSV in UTF-8 or GB18030, or a workbook's first sheet).
    /// - Throws: `BaseDataError.importUnreadable`.
    public static func rows(_ sheet: CSVImport.Sheet) throws(DomainError) -> [Row] {
        try CSVImport.rows(sheet, Column.self, required: [.committee, .name], maxRows: maxRows, unreadable: BaseDataError.importUnreadable)
    }

    /// A kind as a file writes it: 户籍 / 常住 / 流动, or the identifier.
    public static func kind(_ text: String?) -> ResidentKind? {
        switch text {
        case nil, "": .resident
        case "户籍", "户籍人口", "registered": .registered
        case "常住", "常住人口", "resident": .resident
        case "流动", "流动人口", "floating": .floating
        default: nil
        }
    }

    /// Yes or no as a file writes it.
    public static func flag(_ text: String?) -> Bool? {
        switch text?.lowercased() {
        case nil, "", "否", "no", "false", "0", "n": false
        case "是", "yes", "true", "1", "y": true
        default: nil
        }
    }

    /// Tags as a file lists them: separated by `;`, `；`, `、` or `|`.
    public static func tags(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { ";；、|".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
