/// 导入 — key places and facilities from a department's file (a fire brigade's hydrants, an education bureau's schools,
/// a market authority's markets): a header naming the columns in Chinese or English, a row per place; every row is
/// checked as a place recorded on the console is, and the file is applied whole or not at all (docs/KEY-PLACES.md).
public enum KeyPlaceImport {
    public enum Column: String, CSVImportColumn {
        case code, committee, kind, name, lon, lat, compound, address, operatorName, maintainer, capacity, note

        public var headers: [String] {
            switch self {
            case .code: ["code", "编码", "场所编码", "设施编码"]
            case .committee: ["committee", "居委编码", "居村委编码"]
            case .kind: ["kind", "类型", "类别"]
            case .name: ["name", "名称"]
            case .lon: ["lon", "longitude", "经度"]
            case .lat: ["lat", "latitude", "纬度"]
            case .compound: ["compound", "小区编码"]
            case .address: ["address", "地址"]
            case .operatorName: ["operator", "运营单位", "管理单位"]
            case .maintainer: ["maintainer", "维护单位", "维保单位"]
            case .capacity: ["capacity", "容量", "容纳人数"]
            case .note: ["note", "备注"]
            }
        }
    }

    /// At most this many rows a file.
    public static let maxRows = 20_000

    /// The rows of a sheet read from a file (CSV in UTF-8 or GB18030, or a workbook's first sheet): a header with
    /// `code`, `kind`, `name`, `lon` and `lat` at least.
    public static func rows(_ sheet: CSVImport.Sheet) throws(DomainError) -> [CSVImport.Row<Column>] {
        try CSVImport.rows(sheet, Column.self, required: [.code, .kind, .name, .lon, .lat], maxRows: maxRows, unreadable: KeyPlaceError.unreadable)
    }

    /// A kind named by its code or its Chinese or English name (a department's file says 消火栓, not `hydrant`).
    public static func kind(_ text: String) -> String? {
        KeyPlaceKind.catalogue.first { $0.code == text || $0.name == text || $0.nameEn.lowercased() == text.lowercased() }?.code
    }
}

extension KeyPlaceError {
    /// 400 `place.unreadable` — the file cannot be read.
    public static func unreadable(_ why: String) -> DomainError { .invalid("place.unreadable", "The file cannot be read: \(why).", field: "file") }
    /// 422 `place_import.rejected` — with the report of the rows refused; nothing was applied.
    public static func importRejected(_ rows: Int) -> DomainError {
        .unprocessable("place_import.rejected", "\(rows) rows are not valid; nothing was applied. Fix them and send the whole file again.", field: "file")
    }
    /// 400 `place_import.committee` — a row's committee is not one the caller keeps, or none is named.
    public static let importCommittee = DomainError.invalid("place_import.committee", "Name a committee you keep (居委编码), or import on a committee's page.", field: "committee")
    /// 409 `place_import.duplicate_row` — the same code twice in the file.
    public static func duplicateRow(_ line: Int) -> DomainError { .conflict("place_import.duplicate_row", "The same code is on line \(line) too.", field: "code") }
}
