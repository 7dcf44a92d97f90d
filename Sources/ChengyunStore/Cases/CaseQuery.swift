public import ChengyunCore
public import Foundation

/// Filters for listing cases; every query carries the caller's data scope.
public struct CaseQuery: Sendable, Hashable {
    public var scope: CaseScope
    public var states: [CaseState]?
    public var categoryID: String?
    /// Only cases on or under this node path.
    public var nodePath: String?
    public var departmentID: DepartmentID?
    public var source: CaseSource?
    public var reporterID: UserID?
    /// Only cases this user reported or handles (a handler's "my cases").
    public var involving: UserID?
    public var reportedFrom: Date?
    public var reportedTo: Date?
    /// Only cases taken up the linkage (三级联动) to one of these levels.
    public var linkageLevels: [Int]?
    /// Only cases escalated to this node (被升级: an overdue or raised case the node's centre now supervises).
    public var escalatedTo: NodeID?
    /// Only cases of this joint-duty station (its coverage, as resolved at intake).
    public var stationID: StationID?
    /// Only cases placed in the compounds of this property company (while it served them).
    public var propertyCompanyID: PropertyCompanyID?
    /// Only parked cases (挂账, true) or only cases not parked (false).
    public var parked: Bool?
    /// The list's order; `after` is a cursor in it.
    public var order = CaseOrder.newest
    /// Only cases overdue at this instant.
    public var overdueAt: Date?
    /// Only cases whose open deadline falls before this instant (due soon or overdue).
    public var deadlineBefore: Date?
    /// Matches the number, description or address.
    public var text: String?
    public var limit: Int?
    public var offset: Int
    /// Keyset paging: only cases after this one in the list's order (newest report first).
    public var after: CaseCursor?

    public init(scope: CaseScope, states: [CaseState]? = nil, categoryID: String? = nil, nodePath: String? = nil, departmentID: DepartmentID? = nil,
                source: CaseSource? = nil, reporterID: UserID? = nil, reportedFrom: Date? = nil, reportedTo: Date? = nil, overdueAt: Date? = nil,
                deadlineBefore: Date? = nil, text: String? = nil, limit: Int? = 50, offset: Int = 0) {
        self.scope = scope
        self.states = states
        self.categoryID = categoryID
        self.nodePath = nodePath
        self.departmentID = departmentID
        self.source = source
        self.reporterID = reporterID
        self.reportedFrom = reportedFrom
        self.reportedTo = reportedTo
        self.overdueAt = overdueAt
        self.deadlineBefore = deadlineBefore
        self.text = text
        self.limit = limit
        self.offset = offset
    }
}

/// One page of cases, the cursor of the next page, and how many matched (counted up to `countLimit`).
public struct CasePage: Sendable, Hashable {
    public var items: [CaseRecord]
    /// How many cases matched; at most `countLimit`, so counting never reads a whole city's cases.
    public var total: Int
    /// More than `countLimit` matched: `total` is a lower bound ("10,000+").
    public var totalCapped: Bool
    /// Where the next page starts (nil on the last page).
    public var next: CaseCursor?
    /// Totals are counted up to this many.
    public static let countLimit = 10_000
    public init(items: [CaseRecord], total: Int, totalCapped: Bool = false, next: CaseCursor? = nil) {
        self.items = items
        self.total = total
        self.totalCapped = totalCapped
        self.next = next
    }
}

/// Where a list or an export of cases stands (keyset paging): after the case with this key (as the store keeps it) and id.
public struct CaseCursor: Sendable, Hashable {
    /// The order's key of the last case read, in whole milliseconds since 1970: its report instant (`newest`) or its
    /// deadline (`deadline`).
    public var key: Int64
    public var id: Int64
    public init(key: Int64, id: Int64) {
        self.key = key
        self.id = id
    }
}

/// The order of a case list.
public enum CaseOrder: String, Sendable, Hashable, CaseIterable {
    /// The newest report first (the default).
    case newest
    /// The soonest deadline first — the longest overdue at the top — then by id; only cases with a deadline.
    case deadline
}

extension CaseQuery {
    /// The subtrees the scope and node path cover: the scope's paths cut to the node path, none inside another.
    public var subtrees: [String] {
        var paths: [String] = []
        for s in scope.paths {
            guard let p = nodePath else { paths.append(s); continue }
            if p.hasPrefix(s) { paths.append(p) } else if s.hasPrefix(p) { paths.append(s) }
        }
        let unique = Set(paths)
        return unique.filter { p in !unique.contains { $0 != p && p.hasPrefix($0) } }.sorted()
    }
}
