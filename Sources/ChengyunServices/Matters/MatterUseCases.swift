public import ChengyunCore
import ChengyunStore
public import Foundation

/// 知事项 — the two lists of a joint-duty station (docs/MATTERS.md): the positive list (正面清单) of each station type,
/// closed out item by item from the station's cases (消项式), and the district's responsibility list (责任要素清单),
/// which gives every station it applies to a task a day — generated from the list, not written out: a day's tasks are
/// the items that apply, and only a ticked one is a row. Counts come from the cases of each item's categories.
public struct MatterUseCases: UseCaseGroup {
    let store: any MatterStore & StationStore & OrganisationStore & UserStore & AuditStore
    let shared: UseCaseContext
    let stations: StationUseCases

    /// Who keeps the lists: leaders and administrators of the city or a district.
    static let keepers: Set<Role> = [.leader, .admin]
    static let readers: Set<Role> = [.dutyOfficer, .leader, .stationChief, .communityWorker, .gridInspector, .admin]
    /// Who ticks a station's daily tasks: its chief and the committee workers and inspectors of its coverage (and the
    /// department staff posted to it).
    static let workers: Set<Role> = [.stationChief, .communityWorker, .gridInspector]
}

public struct MatterItemInput: Sendable, Hashable, Codable {
    public var list: MatterItem.List
    public var code: String
    public var name: String
    /// The city or the district that keeps it.
    public var nodeID: Int64
    public var stationTypes: [StationType]
    public var categoryIDs: [String]
    public var guide: String?

    public init(list: MatterItem.List, code: String, name: String, nodeID: Int64, stationTypes: [StationType], categoryIDs: [String], guide: String? = nil) {
        self.list = list
        self.code = code
        self.name = name
        self.nodeID = nodeID
        self.stationTypes = stationTypes
        self.categoryIDs = categoryIDs
        self.guide = guide
    }
}

public struct MatterActiveInput: Sendable, Hashable, Codable {
    public var active: Bool
}

/// A daily task ticked: the item, its day (today, or yesterday's the day after) and what was found.
public struct MatterTaskInput: Sendable, Hashable, Codable {
    public var itemID: Int64
    public var day: String?
    public var note: String?
}

extension MatterUseCases {
    public func create(_ input: MatterItemInput, by identity: Identity) async throws -> MatterItem {
        let node = try await store.areaNode(NodeID(input.nodeID), of: identity, roles: Self.keepers, to: "keep the station lists")
        guard node.kind == .city || node.kind == .district else { throw MatterError.level }
        try OrgNode.checkText(code: input.code, name: input.name)
        try InputLimits.check(input.guide, field: "guide", max: InputLimits.description, multiline: true)
        guard (1...3).contains(input.stationTypes.count), Set(input.stationTypes).count == input.stationTypes.count else { throw MatterError.stationTypes }
        guard (1...20).contains(input.categoryIDs.count), Set(input.categoryIDs).count == input.categoryIDs.count else { throw MatterError.categories(nil) }
        if let unknown = input.categoryIDs.first(where: { data.taxonomy.category(id: $0) == nil }) { throw MatterError.categories(unknown) }
        let item = try await store.createMatterItem(MatterItem(
            id: MatterItemID(0), list: input.list, code: input.code, name: input.name.trimmingCharacters(in: .whitespaces), nodeID: node.id, nodePath: node.path,
            stationTypes: input.stationTypes, categoryIDs: input.categoryIDs, guide: input.guide ?? ""))
        try await audit("matter.created", item, identity)
        return item
    }

    /// The items over the caller's area (or `nodeID`): the city's, its district's and those kept under it.
    public func items(nodeID: NodeID?, list: MatterItem.List?, by identity: Identity) async throws -> [MatterItem] {
        let node = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "see the station lists")
        return try await store.matterItems(over: node.path, under: true, list: list)
    }

    /// Takes an item off its list (its ticked tasks stay) or puts it back.
    public func setActive(_ input: MatterActiveInput, _ id: MatterItemID, by identity: Identity) async throws -> MatterItem {
        guard let item = try await store.matterItem(id), identity.paths(for: Self.readers).contains(where: { $0.hasPrefix(item.nodePath) || item.nodePath.hasPrefix($0) }) else {
            throw MatterError.notFound(id)
        }
        try identity.require(anyOf: Self.keepers, at: item.nodePath, to: "keep the station lists")
        guard let changed = try await store.setMatterItemActive(id, input.active) else { throw MatterError.notFound(id) }
        try await audit(input.active ? "matter.restored" : "matter.withdrawn", changed, identity)
        return changed
    }

    /// 知事项 — the station's positive list with each item's cases (open now; reported and closed in [from, to)) and
    /// today's tasks with today's cases of their categories. Readers of the station see it.
    public func matters(_ id: StationID, from: Date, to: Date, by identity: Identity) async throws -> StationMatters {
        guard from < to else { throw KPIError.invalidPeriod }
        let station = try await workedOrSeen(id, identity)
        let items = try await store.matterItems(over: station.nodePath, under: false, list: nil).filter { $0.applies(to: station) }
        let now = clock.now()
        let day = Self.day(now, offset: data.calendar.utcOffsetSeconds)
        let categories = Array(Set(items.flatMap(\.categoryIDs))).sorted()
        let period = try await store.matterCounts(station: id, categories: categories, from: from, to: to, now: now)
        let dayStart = Self.start(of: day, offset: data.calendar.utcOffsetSeconds)
        let today = try await store.matterCounts(station: id, categories: categories, from: dayStart, to: dayStart.addingTimeInterval(86_400), now: now)
        let done = Dictionary(try await store.matterTasksDone(station: id, day: day).map { ($0.itemID, $0) }, uniquingKeysWith: { a, _ in a })
        func total(_ item: MatterItem, _ counts: [String: MatterCount]) -> MatterCount {
            var sum = MatterCount()
            for category in item.categoryIDs { sum += counts[category] ?? MatterCount() }
            return sum
        }
        return StationMatters(stationID: id, from: from, to: to, day: day,
                              positive: items.filter { $0.list == .positive }.map { MatterLine(item: $0, count: total($0, period)) },
                              tasks: items.filter { $0.list == .responsibility }.map { MatterTask(item: $0, count: total($0, today), done: done[$0.id]) })
    }

    /// Ticks a daily task of the station; ticked again the same day, the first ticking stands (`created` false).
    public func tick(_ input: MatterTaskInput, at id: StationID, by identity: Identity) async throws -> (done: MatterTaskDone, created: Bool) {
        let station = try await workedOrSeen(id, identity)
        guard let userID = identity.userID, try await works(at: station, identity) else {
            throw AccessError.roleRequired(Self.workers, to: "tick the station's daily tasks")
        }
        let offset = data.calendar.utcOffsetSeconds
        let now = clock.now()
        let today = Self.day(now, offset: offset), yesterday = Self.day(now.addingTimeInterval(-86_400), offset: offset)
        let day = input.day ?? today
        guard day == today || day == yesterday else { throw MatterError.taskDay }
        try InputLimits.check(input.note, field: "note", max: InputLimits.description, multiline: true)
        guard let item = try await store.matterItem(MatterItemID(input.itemID)), item.list == .responsibility, item.applies(to: station) else { throw MatterError.notATask }
        // Named as people know them on the desk: the display name, not the account.
        let by = try await store.user(userID)?.displayName ?? identity.name
        let result = try await store.recordMatterTask(MatterTaskDone(stationID: id, day: day, itemID: item.id, byID: userID, by: by, at: now,
                                                                     note: (input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)))
        if result.created {
            try await store.appendAudit([AuditEntry(at: now, actorID: identity.userID, actor: identity.name, action: "matter.task_done", target: "station:\(id)",
                                                    detail: "\(item.code) \(day)")])
        }
        return result
    }

    /// The station, for those who work at it (department staff posted there included) or may see it; else 404.
    func workedOrSeen(_ id: StationID, _ identity: Identity) async throws -> Station {
        if let station = try await store.station(id), try await works(at: station, identity) { return station }
        return try await stations.station(id, by: identity)
    }

    /// Whether the caller works at the station: its chief or a worker of a committee it covers (or of its street), or
    /// department staff posted to it.
    func works(at station: Station, _ identity: Identity) async throws -> Bool {
        if let user = identity.userID, station.posts.contains(where: { $0.userID == user }) { return true }
        let paths = identity.paths(for: Self.workers)
        if paths.contains(where: { station.nodePath.hasPrefix($0) }) { return true }
        let committees = try await store.nodes(station.committeeIDs)
        return committees.values.contains { c in paths.contains { c.path.hasPrefix($0) } }
    }

    func audit(_ action: String, _ item: MatterItem, _ identity: Identity) async throws {
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: action, target: "matter:\(item.id)",
                                                detail: "\(item.list.rawValue) \(item.code)")])
    }

    /// The day of `date` in the city's time, `yyyy-MM-dd`.
    static func day(_ date: Date, offset: Int) -> String { VitalSignUseCases.localDay(date, utcOffsetSeconds: offset) }

    /// When `day` (`yyyy-MM-dd`) starts in the city's time.
    static func start(of day: String, offset: Int) -> Date {
        let parts = day.split(separator: "-").compactMap { Int64($0) }
        let days = parts.count == 3 ? ReadingTables.days(parts[0], parts[1], parts[2]) : 0
        return Date(timeIntervalSince1970: Double(days * 86_400 - Int64(offset)))
    }
}
