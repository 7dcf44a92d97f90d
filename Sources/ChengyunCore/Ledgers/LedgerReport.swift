/// 智慧报表 — the ledgers' monthly report of an area, generated from the data (never typed again): for the area and,
/// below it, each of its committees (a street), streets (a district) or districts (the city) in the tree's order — a
/// table of what was done, not a ranking — one figure per ledger of the catalogue.
public struct LedgerReport: Sendable, Hashable, Codable {
    /// One ledger's figure in one row.
    public struct Figure: Sendable, Hashable, Codable {
        public var itemID: LedgerItemID
        /// Cases closed, 三会 held, houses visited, or entries.
        public var count: Int
        /// Cases reported (the problem-handling ledger).
        public var reported: Int?
        /// People taking part (三会 and kept ledgers that record them).
        public var participants: Int?
        /// Minutes of service (志愿服务记录).
        public var minutes: Int?
        public init(itemID: LedgerItemID, count: Int, reported: Int? = nil, participants: Int? = nil, minutes: Int? = nil) {
            self.itemID = itemID
            self.count = count
            self.reported = reported
            self.participants = participants
            self.minutes = minutes
        }
    }

    public struct Row: Sendable, Hashable, Codable {
        public var nodeID: NodeID
        public var name: String
        public var level: OrgNode.Kind
        /// The report's own area (the first row) rather than a part of it.
        public var area: Bool
        public var figures: [Figure]
        public init(nodeID: NodeID, name: String, level: OrgNode.Kind, area: Bool, figures: [Figure]) {
            self.nodeID = nodeID
            self.name = name
            self.level = level
            self.area = area
            self.figures = figures
        }
    }

    public var nodeID: NodeID
    public var name: String
    /// `2026-11`
    public var month: String
    public var from: LocalDate
    /// The month's last day (or today, for the month under way).
    public var through: LocalDate
    public var items: [LedgerItem]
    public var rows: [Row]

    public init(nodeID: NodeID, name: String, month: String, from: LocalDate, through: LocalDate, items: [LedgerItem], rows: [Row]) {
        self.nodeID = nodeID
        self.name = name
        self.month = month
        self.from = from
        self.through = through
        self.items = items
        self.rows = rows
    }

    /// The figures of one row: for each item, what the tally and the cases say.
    public static func figures(_ items: [LedgerItem], tally: LedgerTally, cases: (reported: Int, closed: Int)) -> [Figure] {
        items.map { item in
            switch item.source {
            case .cases: Figure(itemID: item.id, count: cases.closed, reported: cases.reported)
            case .consultations: Figure(itemID: item.id, count: tally.consultations, participants: tally.consultationParticipants)
            case .sweeps: Figure(itemID: item.id, count: tally.visits)
            case .volunteers: Figure(itemID: item.id, count: tally.volunteerServices, minutes: tally.volunteerMinutes)
            case .entries: Figure(itemID: item.id, count: tally.entries[item.id] ?? 0, participants: tally.entryParticipants[item.id] ?? 0)
            }
        }
    }

    /// The first and last day of a month written `2026-11`.
    public static func days(ofMonth text: String) -> (LocalDate, LocalDate)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 7, parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), let first = LocalDate(year: y, month: m, day: 1) else { return nil }
        return (first, LocalDate(year: y, month: m, day: LocalDate.daysIn(month: m, year: y))!)
    }
}

/// 旧台账导入 — ledger entries from an older system (seed 000: where functions overlap the community cloud is the
/// record): a CSV with a header naming the columns (Chinese or English) and a row per entry. Every row is checked;
/// the file is applied whole or not at all. A row's `ref` (its number in the old system) makes it the same entry when
/// the file is imported again; without one, its committee, ledger, day and title do.
public enum LedgerImport {
    public enum Column: String, CSVImportColumn {
        case committee, ledger, day, title, place, participants, content, ref

        public var headers: [String] {
            switch self {
            case .committee: ["committee", "居委编码", "居村委编码"]
            case .ledger: ["ledger", "台账", "台账编码", "台账名称"]
            case .day: ["day", "date", "日期"]
            case .title: ["title", "标题", "主题"]
            case .place: ["place", "地点"]
            case .participants: ["participants", "人数", "参加人数"]
            case .content: ["content", "内容", "记录内容"]
            case .ref: ["ref", "原编号", "编号"]
            }
        }
    }

    /// At most this many rows a file.
    public static let maxRows = 20_000

    /// The rows of a file's bytes: UTF-8, a header with `ledger`, `day` and `title` at least.
    public static func rows(_ bytes: [UInt8]) throws(DomainError) -> [CSVImport.Row<Column>] {
        try CSVImport.rows(bytes, Column.self, required: [.ledger, .day, .title], maxRows: maxRows, unreadable: LedgerError.unreadable)
    }

    /// The rows of a sheet read from a file (CSV in UTF-8 or GB18030, or a workbook's first sheet).
    public static func rows(_ sheet: CSVImport.Sheet) throws(DomainError) -> [CSVImport.Row<Column>] {
        try CSVImport.rows(sheet, Column.self, required: [.ledger, .day, .title], maxRows: maxRows, unreadable: LedgerError.unreadable)
    }

    /// The entry's key: `import:<ref>`, or of its committee, ledger, day and title (FNV-1a, 64 bits).
    public static func clientKey(ref: String?, committee: String, ledger: String, day: String, title: String) -> String {
        if let ref { return "import:\(ref.prefix(64))" }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(committee)\u{1F}\(ledger)\u{1F}\(day)\u{1F}\(title)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return "import:#" + String(hash, radix: 16)
    }
}
