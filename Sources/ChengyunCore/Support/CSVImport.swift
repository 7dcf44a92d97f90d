import Foundation

/// A column of an imported sheet, with the header names (Chinese or English, lower-case, no spaces) that name it.
public protocol CSVImportColumn: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {
    var headers: [String] { get }
}

/// 导入 — a file of records exported by an older system or a spreadsheet: UTF-8 CSV (a byte-order mark is dropped), a
/// header naming the columns, a row per record. The imports built on it check every row and apply the file whole or
/// not at all, with a report of the rows refused and why.
public enum CSVImport {
    /// A row's cells by column, with its line in the file.
    public struct Row<Column: CSVImportColumn>: Sendable, Hashable {
        public var line: Int
        public var cells: [Column: String]
        public subscript(_ c: Column) -> String? { cells[c].flatMap { $0.isEmpty ? nil : $0 } }
        public init(line: Int, cells: [Column: String]) {
            self.line = line
            self.cells = cells
        }
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

    /// A sheet as read from a file — a CSV file's text or a workbook's first sheet: its records (blank ones left out),
    /// each with the line or row it stands on, which the report names.
    public struct Sheet: Sendable {
        public var records: [(line: Int, fields: [String])]
        public init(records: [(line: Int, fields: [String])]) { self.records = records }
        /// The records of CSV text (a byte-order mark is dropped).
        public init(csv text: String) { records = CSVText.records(text) }
    }

    /// The rows of a UTF-8 CSV file's bytes (see the sheet's rows).
    /// - Throws: `unreadable(why)` for a file that is not UTF-8, and as the sheet's rows.
    public static func rows<Column: CSVImportColumn>(_ bytes: [UInt8], _ column: Column.Type, required: [Column], maxRows: Int,
                                                     unreadable: (String) -> DomainError) throws(DomainError) -> [Row<Column>] {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw unreadable("it is not UTF-8 text (save a GBK/GB18030 sheet as \"CSV UTF-8\")")
        }
        return try rows(Sheet(csv: text), column, required: required, maxRows: maxRows, unreadable: unreadable)
    }

    /// The rows of a sheet, by the header's names (its first record); `required` columns must be named, at most
    /// `maxRows` rows.
    /// - Throws: `unreadable(why)` for a sheet that is empty, names a column twice or lacks one.
    public static func rows<Column: CSVImportColumn>(_ sheet: Sheet, _: Column.Type, required: [Column], maxRows: Int,
                                                     unreadable: (String) -> DomainError) throws(DomainError) -> [Row<Column>] {
        let records = sheet.records
        guard let header = records.first else { throw unreadable("it is empty") }
        var columns: [Int: Column] = [:]
        for (i, name) in header.fields.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "")
            if let column = Column.allCases.first(where: { $0.headers.contains(key) }) {
                guard !columns.values.contains(column) else { throw unreadable("the header names \(column.rawValue) twice") }
                columns[i] = column
            }
        }
        for needed in required where !columns.values.contains(needed) {
            throw unreadable("the header has no \(needed.headers.dropFirst().first ?? needed.rawValue) (\(needed.rawValue)) column")
        }
        guard records.count - 1 <= maxRows else { throw unreadable("it has more than \(maxRows) rows; split it") }
        return records.dropFirst().map { record in
            var cells: [Column: String] = [:]
            for (i, value) in record.fields.enumerated() { if let c = columns[i] { cells[c] = value.trimmingCharacters(in: .whitespaces) } }
            return Row(line: record.line, cells: cells)
        }
    }
}
