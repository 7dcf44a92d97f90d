public import Foundation

public typealias MatterItemID = Identifier<MatterItem>

/// 知事项 — one matter of a station's two lists (seed 002): the positive list (正面清单) of the matters a station of a
/// type must handle, closed out item by item (消项式), and the responsibility list (责任要素清单) of what a station can
/// see, understand, take on, must and can handle, which gives it a task each day. Each item names the case categories
/// it covers, so its counts come from cases. The city keeps a baseline and each district its own.
public struct MatterItem: Sendable, Hashable, Codable, Identifiable {
    /// Which list the item is on.
    public enum List: String, Sendable, Hashable, Codable, CaseIterable {
        /// 正面清单 — closed out from cases (消项).
        case positive
        /// 责任要素清单 — a daily task for each station it applies to.
        case responsibility
    }

    public var id: MatterItemID
    public var list: List
    public var code: String
    public var name: String
    /// The city or district that keeps it: it applies to stations in its area.
    public var nodeID: NodeID
    public var nodePath: String
    /// The station types it applies to.
    public var stationTypes: [StationType]
    /// The case categories (`kind:code`) whose cases count for it.
    public var categoryIDs: [String]
    /// 工作指引 — what the station does about it (a daily task's instruction).
    public var guide: String
    public var active: Bool
    public var version: Int

    public init(id: MatterItemID, list: List, code: String, name: String, nodeID: NodeID, nodePath: String, stationTypes: [StationType], categoryIDs: [String],
                guide: String, active: Bool = true, version: Int = 1) {
        self.id = id
        self.list = list
        self.code = code
        self.name = name
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.stationTypes = stationTypes
        self.categoryIDs = categoryIDs
        self.guide = guide
        self.active = active
        self.version = version
    }

    /// Whether the item is on the lists of `station` (active, kept by the city or the station's district, for its type).
    public func applies(to station: Station) -> Bool {
        active && station.nodePath.hasPrefix(nodePath) && stationTypes.contains(station.type)
    }
}

/// A station's cases of one item's categories: the open ones now, and those reported and closed in a period.
public struct MatterCount: Sendable, Hashable, Codable {
    public var open = 0
    /// Open and past their deadline (the clock running).
    public var overdue = 0
    public var reported = 0
    public var closed = 0
    public init() {}

    public static func += (a: inout MatterCount, b: MatterCount) {
        a.open += b.open
        a.overdue += b.overdue
        a.reported += b.reported
        a.closed += b.closed
    }
}

/// 消项 — a positive-list item at a station: closed out while none of its cases is open.
public struct MatterLine: Sendable, Hashable, Codable {
    public var item: MatterItem
    public var count: MatterCount
    public var closedOut: Bool { count.open == 0 }
    public init(item: MatterItem, count: MatterCount) {
        self.item = item
        self.count = count
    }

    enum CodingKeys: String, CodingKey { case item, count, closedOut }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        item = try c.decode(MatterItem.self, forKey: .item)
        count = try c.decode(MatterCount.self, forKey: .count)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(item, forKey: .item)
        try c.encode(count, forKey: .count)
        try c.encode(closedOut, forKey: .closedOut)
    }
}

/// A responsibility item done at a station on a day (its daily task ticked), by whom, with what was found.
public struct MatterTaskDone: Sendable, Hashable, Codable {
    public var stationID: StationID
    /// The day in the city's time, `yyyy-MM-dd`.
    public var day: String
    public var itemID: MatterItemID
    public var byID: UserID
    public var by: String
    public var at: Date
    public var note: String
    public init(stationID: StationID, day: String, itemID: MatterItemID, byID: UserID, by: String, at: Date, note: String) {
        self.stationID = stationID
        self.day = day
        self.itemID = itemID
        self.byID = byID
        self.by = by
        self.at = at
        self.note = note
    }
}

/// A station's daily task: a responsibility item, today's cases of its categories, and whether it was done.
public struct MatterTask: Sendable, Hashable, Codable {
    public var item: MatterItem
    public var count: MatterCount
    public var done: MatterTaskDone?
    public init(item: MatterItem, count: MatterCount, done: MatterTaskDone?) {
        self.item = item
        self.count = count
        self.done = done
    }
}

/// 知事项 — a station's matters: its positive list with each item's cases (closed out or not), and the day's tasks from
/// the responsibility list.
public struct StationMatters: Sendable, Hashable, Codable {
    public var stationID: StationID
    public var from: Date
    public var to: Date
    public var day: String
    public var positive: [MatterLine]
    public var tasks: [MatterTask]
    public init(stationID: StationID, from: Date, to: Date, day: String, positive: [MatterLine], tasks: [MatterTask]) {
        self.stationID = stationID
        self.from = from
        self.to = to
        self.day = day
        self.positive = positive
        self.tasks = tasks
    }
}

/// 知事项 — the error codes of the two lists and the daily tasks.
public enum MatterError {
    /// 404 `matter.not_found`
    public static func notFound(_ id: MatterItemID) -> DomainError { .notFound("matter.not_found", "There is no list item \(id) you may see.") }
    /// 409 `matter.duplicate_code`
    public static func duplicateCode(_ code: String) -> DomainError {
        .conflict("matter.duplicate_code", "An item with code \(code.prefix(32)) is on this list already.", field: "code")
    }
    /// 422 `matter.level` — the city or a district keeps the lists.
    public static let level = DomainError.unprocessable("matter.level", "The positive and responsibility lists are kept by the city or a district.", field: "nodeId")
    /// 400 `matter.station_types` — one to three station types, none twice.
    public static let stationTypes = DomainError.invalid("matter.station_types", "Name the station types the item applies to: one to three, none twice.", field: "stationTypes")
    /// 400 `matter.categories` — one to 20 case categories of the taxonomy, none twice.
    public static func categories(_ unknown: String?) -> DomainError {
        .invalid("matter.categories", unknown.map { "\($0.prefix(40)) is not a case category." } ?? "Name one to 20 case categories, none twice: the item's counts come from their cases.",
                 field: "categoryIds")
    }
    /// 400 `matter.task_day` — a task is ticked on its day or the day after.
    public static let taskDay = DomainError.invalid("matter.task_day", "A daily task is ticked today or, for yesterday's, the day after (yyyy-MM-dd).", field: "day")
    /// 422 `matter.not_a_task` — the item is not on the station's responsibility list.
    public static let notATask = DomainError.unprocessable("matter.not_a_task", "The item is not a daily task of this station (an active responsibility item for its type and district).",
                                                           field: "itemId")
}
