public import ChengyunCore
import ChengyunStore
import Foundation

/// 台账 — ledgers without double entry (docs/LEDGERS.md). The catalogue is the platform's baseline (市民政局's
/// meeting, visit, activity and problem-handling records) with what the city and each district add (规范目录). A
/// generated ledger is a view of data that exists — cases, 三会, sweeps' door visits — and is never typed; a kept
/// ledger's entries are typed once on the console (safe to retry) or imported from an older system. The monthly
/// report (智慧报表) is generated from both and leaves as XLSX on a pre-approved template.
public struct LedgerUseCases: UseCaseGroup {
    let store: any LedgerStore & OrganisationStore & UserStore & AuditStore & DocumentStore
    let shared: UseCaseContext

    /// Who keeps the catalogue: leaders and administrators of the city or a district.
    static let keepers: Set<Role> = [.leader, .admin]
    /// Who keeps a committee's ledgers: its workers and station chief (and administrators, who import).
    static let writers: Set<Role> = [.communityWorker, .stationChief, .admin]
    static let readers: Set<Role> = [.communityWorker, .stationChief, .dutyOfficer, .leader, .admin]
    /// Entries a page.
    public static let pageLimit = 50
}

public struct LedgerItemInput: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var kind: LedgerItem.Kind
    /// Only `entries` (the generated ledgers are the platform's).
    public var source: LedgerItem.Source?
    /// The city or the district that keeps it.
    public var nodeID: Int64
    public var guide: String?

    public init(code: String, name: String, kind: LedgerItem.Kind, source: LedgerItem.Source? = nil, nodeID: Int64, guide: String? = nil) {
        self.code = code
        self.name = name
        self.kind = kind
        self.source = source
        self.nodeID = nodeID
        self.guide = guide
    }
}

public struct LedgerActiveInput: Sendable, Hashable, Codable {
    public var active: Bool
}

/// An entry typed once: the ledger, the committee (the caller's own when they keep one), the day (today by default),
/// and a client key that makes a retry the same entry.
public struct LedgerEntryInput: Sendable, Hashable, Codable {
    public var itemID: Int64
    public var nodeID: Int64?
    public var day: String?
    public var title: String
    public var place: String?
    public var participants: Int?
    public var content: String?
    public var clientKey: String?

    public init(itemID: Int64, nodeID: Int64? = nil, day: String? = nil, title: String, place: String? = nil, participants: Int? = nil, content: String? = nil,
                clientKey: String? = nil) {
        self.itemID = itemID
        self.nodeID = nodeID
        self.day = day
        self.title = title
        self.place = place
        self.participants = participants
        self.content = content
        self.clientKey = clientKey
    }
}

/// A page of entries; `next` is the cursor of the following page.
public struct LedgerEntryPage: Sendable, Hashable, Codable {
    public var items: [LedgerEntry]
    public var next: String?
    /// 台账附件 — the documents of the page's entries (each names its entry by `subjectId`), in the order filed.
    public var documents: [Document] = []
}

extension LedgerUseCases {
    /// 台账目录 — the ledgers over the caller's area (or `nodeID`): the baseline, the city's, its district's and those
    /// kept under it.
    public func catalogue(nodeID: NodeID?, by identity: Identity) async throws -> [LedgerItem] {
        let node = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "see the ledgers")
        return LedgerItem.baseline + (try await store.ledgerItems(over: node.path, under: true))
    }

    public func create(_ input: LedgerItemInput, by identity: Identity) async throws -> LedgerItem {
        let node = try await store.areaNode(NodeID(input.nodeID), of: identity, roles: Self.keepers, to: "keep the ledger catalogue")
        guard node.kind == .city || node.kind == .district else { throw LedgerError.level }
        guard (input.source ?? .entries) == .entries else { throw LedgerError.source }
        try OrgNode.checkText(code: input.code, name: input.name)
        try InputLimits.check(input.guide, field: "guide", max: InputLimits.description, multiline: true)
        guard !LedgerItem.baseline.contains(where: { $0.code == input.code }) else { throw LedgerError.duplicateCode(input.code) }
        let item = try await store.createLedgerItem(LedgerItem(
            id: LedgerItemID(0), code: input.code, name: input.name.trimmingCharacters(in: .whitespaces), kind: input.kind, source: .entries, nodeID: node.id,
            nodePath: node.path, guide: input.guide ?? ""))
        try await audit("ledger.item_created", target: "ledger:\(item.id)", detail: item.code, identity)
        return item
    }

    /// Withdraws a ledger the city or a district added (its entries stay) or puts it back.
    public func setActive(_ input: LedgerActiveInput, _ id: LedgerItemID, by identity: Identity) async throws -> LedgerItem {
        guard !LedgerItem.baseline.contains(where: { $0.id == id }) else { throw LedgerError.baseline }
        guard let item = try await store.ledgerItem(id), identity.paths(for: Self.readers).contains(where: { $0.hasPrefix(item.nodePath) || item.nodePath.hasPrefix($0) }) else {
            throw LedgerError.notFound(id)
        }
        try identity.require(anyOf: Self.keepers, at: item.nodePath, to: "keep the ledger catalogue")
        guard let changed = try await store.setLedgerItemActive(id, input.active) else { throw LedgerError.notFound(id) }
        try await audit(input.active ? "ledger.item_restored" : "ledger.item_withdrawn", target: "ledger:\(id)", detail: item.code, identity)
        return changed
    }

    /// A ledger by id: the baseline's or a stored one.
    func item(_ id: LedgerItemID) async throws -> LedgerItem? {
        if let base = LedgerItem.baseline.first(where: { $0.id == id }) { return base }
        return try await store.ledgerItem(id)
    }

    /// The committee an entry is for: the one named, or the caller's own when they keep exactly one.
    func committee(_ id: Int64?, _ identity: Identity) async throws -> OrgNode {
        let paths = identity.paths(for: Self.writers)
        guard !paths.isEmpty else { throw AccessError.roleRequired(Self.writers, to: "keep the committee's ledgers") }
        var nodeID = id.map { NodeID($0) }
        if nodeID == nil, paths.count == 1, let own = OrgNode.lastID(inPath: paths[0]) { nodeID = own }
        guard let nodeID else { throw LedgerError.committee }
        let node = try await store.areaNode(nodeID, of: identity, roles: Self.writers, to: "keep the committee's ledgers")
        guard node.kind == .committee else { throw LedgerError.committee }
        return node
    }

    /// 录入 — one entry of a kept ledger; a retry with the same client key is the same entry (`created` false).
    public func record(_ input: LedgerEntryInput, by identity: Identity) async throws -> (entry: LedgerEntry, created: Bool) {
        let node = try await committee(input.nodeID, identity)
        let entry = try await entry(itemID: LedgerItemID(input.itemID), at: node, day: input.day, title: input.title, place: input.place,
                                    participants: input.participants, content: input.content,
                                    clientKey: input.clientKey.map { "typed:\($0)" } ?? "typed:\(UUID().uuidString.lowercased())", origin: .typed, by: identity)
        let stored = try await store.addLedgerEntries([entry])[0]
        if stored.created { try await audit("ledger.entry_added", target: "node:\(node.id)", detail: "ledger \(entry.itemID) \(entry.day)", identity) }
        return stored
    }

    /// An entry checked: a kept ledger of the committee's catalogue, a day no later than today, text within limits.
    func entry(itemID: LedgerItemID, at node: OrgNode, day: String?, title: String, place: String?, participants: Int?, content: String?, clientKey: String,
               origin: LedgerEntry.Origin, by identity: Identity) async throws -> LedgerEntry {
        guard let item = try await item(itemID), item.applies(at: node.path) else { throw LedgerError.notFound(itemID) }
        guard !item.source.generated else { throw LedgerError.generated }
        let now = clock.now()
        let today = data.calendar.localDate(of: now)
        guard let date = day.map({ LocalDate($0) }) ?? today, date <= today, date.year >= 2000 else { throw LedgerError.day }
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw DomainError.invalid("ledger.title", "An entry needs a title.", field: "title") }
        try InputLimits.check(title, field: "title", max: InputLimits.name * 2)
        try InputLimits.check(place, field: "place", max: InputLimits.name * 2)
        try InputLimits.check(content, field: "content", max: InputLimits.description, multiline: true)
        try InputLimits.check(clientKey, field: "clientKey", max: 100)
        if let participants, !(0...100_000).contains(participants) { throw LedgerError.participants }
        let by = try await identity.userID.asyncMap { try await store.user($0)?.displayName } ?? nil
        return LedgerEntry(id: LedgerEntryID(0), itemID: item.id, nodeID: node.id, nodePath: node.path, day: date, title: title,
                           place: (place ?? "").trimmingCharacters(in: .whitespaces), participants: participants,
                           content: (content ?? "").trimmingCharacters(in: .whitespacesAndNewlines), recordedByID: identity.userID, recordedBy: by ?? identity.name,
                           recordedAt: now, clientKey: clientKey, origin: origin)
    }

    /// A page of the entries under the area (or `nodeID`), of one ledger or all, with a day in [from, through].
    public func entries(nodeID: NodeID?, itemID: LedgerItemID?, from: LocalDate?, through: LocalDate?, cursor: String?, limit: Int,
                        by identity: Identity) async throws -> LedgerEntryPage {
        let node = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "see the ledgers")
        let low = from?.daysSince1970 ?? 0, high = (through?.daysSince1970 ?? 3_000_000) + 1
        guard low < high else { throw KPIError.invalidPeriod }
        let after = try cursor.map { text throws(DomainError) in
            guard let c = LedgerEntry.Cursor(text) else { throw QueryError.invalidValue("cursor", value: text) }
            return c
        }
        let items = try await store.ledgerEntries(under: node.path, item: itemID, days: low..<high, after: after, limit: limit)
        let next = items.count == limit ? items.last?.cursor.text : nil
        let documents = try await store.documents(of: .ledgerEntry, ids: items.map(\.id.rawValue))
        return LedgerEntryPage(items: items, next: next, documents: items.flatMap { documents[$0.id.rawValue] ?? [] })
    }

    /// 旧台账导入 — a file of entries from an older system for committees the caller keeps (`nodeID`, or the caller's
    /// own, the committee of rows that name none). Every row is checked; when any is refused nothing is applied and the report lists them
    /// all, else all are stored in one commit (rows imported before are the same entries, not new ones).
    public func importEntries(_ sheet: CSVImport.Sheet, nodeID: NodeID?, by identity: Identity) async throws -> CSVImport.Report {
        let paths = identity.paths(for: Self.writers)
        guard !paths.isEmpty else { throw AccessError.roleRequired(Self.writers, to: "import ledgers") }
        let rows = try LedgerImport.rows(sheet)
        // Rows that name no committee are the one named, or the caller's own when they keep exactly one.
        var fallback: OrgNode?
        if let nodeID {
            fallback = try await committee(nodeID.rawValue, identity)
        } else if paths.count == 1, let own = OrgNode.lastID(inPath: paths[0]), let node = try await store.node(own), node.kind == .committee {
            fallback = node
        }
        var catalogues: [String: [LedgerItem]] = [:]
        var committees: [String: OrgNode?] = [:]
        var rejected: [CSVImport.Rejection] = []
        var seen: [String: Int] = [:]
        var made: [LedgerEntry] = []
        for row in rows {
            do {
                var node = fallback
                if let code = row[.committee] {
                    if committees[code] == nil { committees[code] = try await store.node(code: code) }
                    guard let found = committees[code] ?? nil, found.kind == .committee, paths.contains(where: { found.path.hasPrefix($0) }) else {
                        throw DomainError.invalid("ledger_import.committee", "Committee \(code.prefix(32)) is not one you keep.", field: "committee")
                    }
                    node = found
                }
                guard let node else { throw DomainError.invalid("ledger_import.committee", "Name the committee (居委编码).", field: "committee") }
                let name = row[.ledger] ?? ""
                if catalogues[node.path] == nil { catalogues[node.path] = LedgerItem.baseline + (try await store.ledgerItems(over: node.path, under: false)) }
                guard let item = catalogues[node.path]?.first(where: { ($0.code == name || $0.name == name) && $0.applies(at: node.path) }) else {
                    throw DomainError.invalid("ledger_import.ledger", "There is no ledger \(name.prefix(32)) in the committee's catalogue.", field: "ledger")
                }
                var participants: Int?
                if let text = row[.participants] {
                    guard let n = Int(text) else { throw LedgerError.participants }
                    participants = n
                }
                let key = LedgerImport.clientKey(ref: row[.ref], committee: node.code, ledger: item.code, day: row[.day] ?? "", title: row[.title] ?? "")
                if let first = seen["\(node.id)|\(key)"] {
                    throw DomainError.conflict("ledger_import.duplicate_row", "The same entry is on line \(first) too.", field: row[.ref] == nil ? "title" : "ref")
                }
                seen["\(node.id)|\(key)"] = row.line
                made.append(try await entry(itemID: item.id, at: node, day: row[.day] ?? "", title: row[.title] ?? "", place: row[.place],
                                            participants: participants, content: row[.content], clientKey: key, origin: .imported, by: identity))
            } catch let error as DomainError {
                // Named as the file's columns are.
                let column = ["itemId": "ledger", "clientKey": "ref"][error.field ?? ""] ?? error.field
                rejected.append(.init(line: row.line, field: column, code: error.code, message: error.message))
            }
        }
        guard rejected.isEmpty else {
            try await audit("ledger.import_refused", target: "ledgers", detail: "\(rows.count) rows, \(rejected.count) refused", identity)
            return CSVImport.Report(accepted: 0, rejected: rejected)
        }
        let stored = try await store.addLedgerEntries(made)
        let added = stored.filter(\.created).count
        try await audit("ledger.imported", target: "ledgers", detail: "\(made.count) rows, \(added) new", identity)
        return CSVImport.Report(accepted: made.count, rejected: [])
    }

    /// 智慧报表 — the area's ledgers for a month (`2026-11`; the month under way by default): one row for the area,
    /// then one for each of its committees, streets or districts in the tree's order, one figure per ledger in force
    /// there. Read from the rollups the writes keep (`LedgerRollups`) and the KPI rollups; nothing is typed.
    public func report(nodeID: NodeID?, month: String?, by identity: Identity) async throws -> LedgerReport {
        let node = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "see the ledgers")
        guard node.kind != .grid else { throw LedgerError.reportLevel }
        let today = data.calendar.localDate(of: clock.now())
        let monthText = month ?? String(today.description.prefix(7))
        guard let (first, last) = LedgerReport.days(ofMonth: monthText), first.year >= 2000, first <= today else { throw LedgerError.month }
        let through = min(last, today)
        let items = LedgerItem.baseline + (try await store.ledgerItems(over: node.path, under: false)).filter { $0.applies(at: node.path) }
        var parts: [OrgNode] = []
        if let childKind = node.kind.childKind, childKind != .grid {
            parts = try await store.children(of: node.id).filter { $0.kind == childKind }.sorted { $0.path < $1.path }
        }
        let days = first.daysSince1970..<(last.daysSince1970 + 1)
        let nodes = [node.id] + parts.map(\.id)
        let tallies = try await store.ledgerRollups(nodes: nodes, month: LedgerRollups.month(first))
        let cases = try await store.caseDayCounts(nodes: nodes, days: days)
        func row(_ n: OrgNode, area: Bool) -> LedgerReport.Row {
            LedgerReport.Row(nodeID: n.id, name: n.name, level: n.kind, area: area,
                             figures: LedgerReport.figures(items, tally: tallies[n.id] ?? LedgerTally(), cases: cases[n.id] ?? (0, 0)))
        }
        return LedgerReport(nodeID: node.id, name: node.name, month: monthText, from: first, through: through, items: items,
                            rows: [row(node, area: true)] + parts.map { row($0, area: false) })
    }

    func audit(_ action: String, target: String, detail: String, _ identity: Identity) async throws {
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: action, target: target, detail: detail)])
    }
}
