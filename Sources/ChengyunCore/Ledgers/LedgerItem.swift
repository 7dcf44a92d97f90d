public import Foundation

public typealias LedgerItemID = Identifier<LedgerItem>
public typealias LedgerEntryID = Identifier<LedgerEntry>

/// 台账目录 — one ledger of a committee's catalogue (seed 000: 会议记录、走访接待记录、活动开展记录、问题处置记录). The
/// city's baseline ships with the platform; the city and each district add their own over it (规范目录). A ledger is
/// either **generated** from the data that exists — the problem-handling record from cases, the 三会 from
/// consultations, door visits from sweeps — and then nobody types it, or **kept** as entries typed once (or imported
/// from an older system).
public struct LedgerItem: Sendable, Hashable, Codable, Identifiable {
    /// 台账类别 — what the ledger records.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// 会议记录
        case meeting
        /// 走访接待记录
        case visit
        /// 活动开展记录
        case activity
        /// 问题处置记录
        case problem
    }

    /// Where its lines come from.
    public enum Source: String, Sendable, Hashable, Codable, CaseIterable {
        /// The committee's cases: reported and closed (from the KPI rollups).
        case cases
        /// The committee's 三会 held.
        case consultations
        /// Houses visited door to door (上门) in sweeps.
        case sweeps
        /// Volunteers' places in tasks and micro-wishes the committee confirmed done.
        case volunteers
        /// Entries typed once or imported.
        case entries

        /// Generated from data: nothing is typed into it.
        public var generated: Bool { self != .entries }
    }

    public var id: LedgerItemID
    /// Unique across the catalogue (ASCII letters, digits, `-`; at most 32).
    public var code: String
    public var name: String
    public var kind: Kind
    public var source: Source
    /// The city or district that keeps it; nil for the platform's baseline, which applies everywhere.
    public var nodeID: NodeID?
    /// `""` for the baseline.
    public var nodePath: String
    /// 填报说明 — what an entry records.
    public var guide: String
    public var active: Bool
    public var version: Int

    public init(id: LedgerItemID, code: String, name: String, kind: Kind, source: Source, nodeID: NodeID?, nodePath: String, guide: String,
                active: Bool = true, version: Int = 1) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.source = source
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.guide = guide
        self.active = active
        self.version = version
    }

    /// Whether it is in the catalogue of a committee at `path`: active and kept by the platform, the city or the
    /// committee's district.
    public func applies(at path: String) -> Bool { active && path.hasPrefix(nodePath) }

    /// The ids below this are the baseline's; the stores give the ledgers added from this one up.
    public static let firstStoredID: Int64 = 101

    /// 市级基线 — the catalogue every committee keeps (市民政局's four ledgers), the generated ones first. It is the
    /// platform's (not stored), applies everywhere and is never withdrawn.
    public static let baseline: [LedgerItem] = [
        LedgerItem(id: LedgerItemID(1), code: "problem", name: "问题处置记录", kind: .problem, source: .cases, nodeID: nil, nodePath: "",
                   guide: "居委辖区内上报和结案的案件，由案件生成。"),
        LedgerItem(id: LedgerItemID(2), code: "sanhui", name: "三会记录", kind: .meeting, source: .consultations, nodeID: nil, nodePath: "",
                   guide: "召开的听证会、协调会、评议会，由三会生成。"),
        LedgerItem(id: LedgerItemID(3), code: "sweep-visit", name: "排摸走访记录", kind: .visit, source: .sweeps, nodeID: nil, nodePath: "",
                   guide: "拉网式排摸中上门走访的户数，由排摸结果生成。"),
        LedgerItem(id: LedgerItemID(7), code: "volunteer-service", name: "志愿服务记录", kind: .activity, source: .volunteers, nodeID: nil, nodePath: "",
                   guide: "志愿者完成、经居委确认的任务和微心愿（人次），由志愿服务生成。"),
        LedgerItem(id: LedgerItemID(4), code: "meeting", name: "会议记录", kind: .meeting, source: .entries, nodeID: nil, nodePath: "",
                   guide: "居委会、党组织等其他会议：日期、地点、人数、议题。"),
        LedgerItem(id: LedgerItemID(5), code: "reception", name: "走访接待记录", kind: .visit, source: .entries, nodeID: nil, nodePath: "",
                   guide: "接待来访居民、走访居民：日期、对象、事由和处理。"),
        LedgerItem(id: LedgerItemID(6), code: "activity", name: "活动开展记录", kind: .activity, source: .entries, nodeID: nil, nodePath: "",
                   guide: "开展的活动：日期、地点、参加人数、内容。"),
    ]
}

/// 台账记录 — one entry of a kept ledger at a committee: typed once on the console or imported from an older system.
/// `clientKey` makes a create safe to retry (and an import safe to run twice): the same key at the same committee is
/// the same entry.
public struct LedgerEntry: Sendable, Hashable, Codable, Identifiable {
    public enum Origin: String, Sendable, Hashable, Codable {
        case typed, imported
    }

    /// Where a page of entries (the latest day first, then the latest entered) ends: `day.id` on the wire.
    public struct Cursor: Sendable, Hashable {
        public var day: Int
        public var id: LedgerEntryID
        public init(day: Int, id: LedgerEntryID) {
            self.day = day
            self.id = id
        }
        public init?(_ text: String) {
            let parts = text.split(separator: ".")
            guard parts.count == 2, let day = Int(parts[0]), (0...3_000_000).contains(day), let id = Int64(parts[1]) else { return nil }
            self.init(day: day, id: LedgerEntryID(id))
        }
        public var text: String { "\(day).\(id.rawValue)" }
    }

    public var cursor: Cursor { Cursor(day: day.daysSince1970, id: id) }

    public var id: LedgerEntryID
    public var itemID: LedgerItemID
    /// The committee whose ledger it is.
    public var nodeID: NodeID
    public var nodePath: String
    public var day: LocalDate
    public var title: String
    public var place: String
    public var participants: Int?
    public var content: String
    public var recordedByID: UserID?
    public var recordedBy: String
    public var recordedAt: Date
    public var clientKey: String
    public var origin: Origin
    /// Goes up with each correction or the withdrawal; both are made on the version read.
    public var version: Int
    /// 更正 — the last correction, by whom (the audit trail keeps what each changed).
    public var correctedAt: Date?
    public var correctedBy: String?
    /// 撤回 — an entry made in error leaves the lists and the report but is kept, with who withdrew it and why.
    public var withdrawnAt: Date?
    public var withdrawnBy: String?
    public var withdrawReason: String?

    public init(id: LedgerEntryID, itemID: LedgerItemID, nodeID: NodeID, nodePath: String, day: LocalDate, title: String, place: String, participants: Int?,
                content: String, recordedByID: UserID?, recordedBy: String, recordedAt: Date, clientKey: String, origin: Origin, version: Int = 1,
                correctedAt: Date? = nil, correctedBy: String? = nil, withdrawnAt: Date? = nil, withdrawnBy: String? = nil, withdrawReason: String? = nil) {
        self.id = id
        self.itemID = itemID
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.day = day
        self.title = title
        self.place = place
        self.participants = participants
        self.content = content
        self.recordedByID = recordedByID
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
        self.clientKey = clientKey
        self.origin = origin
        self.version = version
        self.correctedAt = correctedAt
        self.correctedBy = correctedBy
        self.withdrawnAt = withdrawnAt
        self.withdrawnBy = withdrawnBy
        self.withdrawReason = withdrawReason
    }

    /// What the report counts of it: one line and its participants, nothing once withdrawn.
    public var share: (lines: Int, participants: Int) { withdrawnAt == nil ? (1, participants ?? 0) : (0, 0) }

    /// Whether `other` says the same (day, title, place, participants, content): a correction sent again.
    public func sameContent(as other: LedgerEntry) -> Bool {
        day == other.day && title == other.title && place == other.place && participants == other.participants && content == other.content
    }
}

/// A node's month as the ledger rollups hold it: the 三会 held, houses visited in sweeps, and the entries of each
/// kept ledger.
public struct LedgerTally: Sendable, Hashable {
    public var consultations = 0
    public var consultationParticipants = 0
    public var visits = 0
    /// Volunteers' places confirmed done (人次), and their minutes of service (服务时长).
    public var volunteerServices = 0
    public var volunteerMinutes = 0
    public var entries: [LedgerItemID: Int] = [:]
    public var entryParticipants: [LedgerItemID: Int] = [:]
    public init() {}
}

/// Errors of the ledgers and their reports.
public enum LedgerError {
    /// 404 `ledger.not_found`
    public static func notFound(_ id: LedgerItemID) -> DomainError { .notFound("ledger.not_found", "There is no ledger \(id) you may see.", field: "itemId") }
    /// 404 `ledger.entry_not_found` — no such entry in the caller's area, or it was withdrawn.
    public static func entryNotFound(_ id: LedgerEntryID) -> DomainError { .notFound("ledger.entry_not_found", "There is no entry \(id) you may change.", field: "id") }
    /// 409 `ledger.entry_changed` — someone corrected or withdrew it since it was read.
    public static let entryChanged = DomainError.conflict("ledger.entry_changed", "Someone else changed this entry since you read it; read it again.", field: "version")
    /// 400 `ledger.withdraw_reason` — a withdrawal says why.
    public static let withdrawReason = DomainError.invalid("ledger.withdraw_reason", "Say why the entry is withdrawn (at most 200 characters).", field: "reason")
    /// 409 `ledger.duplicate_code`
    public static func duplicateCode(_ code: String) -> DomainError {
        .conflict("ledger.duplicate_code", "The catalogue has a ledger \(code.prefix(32)) already.", field: "code")
    }
    /// 422 `ledger.level` — the catalogue is kept by the city or a district.
    public static let level = DomainError.unprocessable("ledger.level", "Ledgers are added to the catalogue by the city or a district.", field: "nodeId")
    /// 422 `ledger.generated` — a generated ledger is filled from data, never typed.
    public static let generated = DomainError.unprocessable("ledger.generated",
        "This ledger is generated from the data (cases, 三会, sweeps): there is nothing to type into it.", field: "itemId")
    /// 422 `ledger.source` — a ledger the city or a district adds is kept as entries.
    public static let source = DomainError.unprocessable("ledger.source",
        "Generated ledgers come with the platform; a ledger added to the catalogue is kept as entries (source: entries).", field: "source")
    /// 422 `ledger.committee` — entries are a committee's.
    public static let committee = DomainError.unprocessable("ledger.committee", "A ledger entry is kept by a residents' or village committee: name one.", field: "nodeId")
    /// 422 `ledger.baseline` — the platform's baseline is not withdrawn.
    public static let baseline = DomainError.unprocessable("ledger.baseline", "The city baseline's ledgers are kept by every committee; they are not withdrawn.")
    /// 400 `ledger.day` — an entry's day is a date no later than today.
    public static let day = DomainError.invalid("ledger.day", "Give the day as 2026-12-06, no later than today.", field: "day")
    /// 422 `ledger.report_level` — reports are of a committee or an area above it.
    public static let reportLevel = DomainError.unprocessable("ledger.report_level", "Ledger reports are of a committee, a street, a district or the city.", field: "nodeId")
    /// 400 `ledger.month` — a report's month.
    public static let month = DomainError.invalid("ledger.month", "Give the month as 2026-11.", field: "month")
    /// 400 `ledger.participants`
    public static let participants = DomainError.invalid("ledger.participants", "The number of participants is 0 to 100000.", field: "participants")
    /// 400 `ledger.unreadable` — the import file cannot be read at all.
    public static func unreadable(_ why: String) -> DomainError {
        .invalid("ledger.unreadable", "The file cannot be read: \(why).", field: "file")
    }
}

extension LedgerError {
    /// 422 `ledger_import.rejected` — rows refused; nothing applied.
    public static func importRejected(_ rows: Int) -> DomainError {
        .unprocessable("ledger_import.rejected", "\(rows) rows are not valid; nothing was applied. Fix them and send the whole file again.", field: "file")
    }
}
