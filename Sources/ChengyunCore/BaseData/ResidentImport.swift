import Foundation

/// 实有人口导入 — a file of population records (e.g. the police's, as CSV): a header naming the columns (Chinese or
/// English) and a row per person. Every row is checked; the file is applied whole or not at all, and the report says
/// which rows were refused and why.
public enum ResidentImport {
    /// The columns, each with the names a header may give it.
    public enum Column: String, CaseIterable, Sendable {
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

    /// A row's cells by column.
    public struct Row: Sendable, Hashable {
        public var line: Int
        public var cells: [Column: String]
        public subscript(_ c: Column) -> String? { cells[c].flatMap { $0.isEmpty ? nil : $0 } }
    }

    /// A refused row: its line in the file, the column and the stable code of the reason.
    public struct Rejection: Sendable, Hashable, Codable {
        public var line: Int
        public var field: String?
        public var code: String
        public var message: String
        public init(line: Int, field: String?, code: String, message: String) {
            self.line = line
            self.field = field
            self.code = code
            self.message = message
        }
    }

    /// What an import did: how many rows it applied, or the rows it refused (then none is applied).
    public struct Report: Sendable, Hashable, Codable {
        public var accepted: Int
        public var rejected: [Rejection]
        public init(accepted: Int, rejected: [Rejection]) {
            self.accepted = accepted
            self.rejected = rejected
        }
    }

    /// The rows of a file's bytes: UTF-8 (a byte-order mark is dropped), a header with `name` and `committee` at least.
    /// - Throws: `BaseDataError.importUnreadable`.
    public static func rows(_ bytes: [UInt8]) throws(DomainError) -> [Row] {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw BaseDataError.importUnreadable("it is not UTF-8 text (save a GBK/GB18030 sheet as \"CSV UTF-8\")")
        }
        let records = CSVText.records(text)
        guard let header = records.first else { throw BaseDataError.importUnreadable("it is empty") }
        var columns: [Int: Column] = [:]
        for (i, name) in header.fields.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "")
            if let column = Column.allCases.first(where: { $0.headers.contains(key) }) {
                guard !columns.values.contains(column) else { throw BaseDataError.importUnreadable("the header names \(column.rawValue) twice") }
                columns[i] = column
            }
        }
        for needed in [Column.committee, .name] where !columns.values.contains(needed) {
            throw BaseDataError.importUnreadable("the header has no \(needed.headers.dropFirst().first ?? needed.rawValue) (\(needed.rawValue)) column")
        }
        guard records.count - 1 <= maxRows else { throw BaseDataError.importUnreadable("it has more than \(maxRows) rows; split it") }
        return records.dropFirst().map { record in
            var cells: [Column: String] = [:]
            for (i, value) in record.fields.enumerated() { if let c = columns[i] { cells[c] = value.trimmingCharacters(in: .whitespaces) } }
            return Row(line: record.line, cells: cells)
        }
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
