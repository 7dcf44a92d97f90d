/// A query over one entity set of the sensing service (a SensorThings list): filter, order, page, count, scope.
/// The SensorThings layer parses `$filter`/`$orderby` into it, naming only the fields the entity set allows; each
/// store renders it into SQL (ChengyunStore's `SensingSQL`), so a filter is answered by the database.
public struct SensingQuery: Sendable, Hashable {
    public var filter: SensingFilter?
    public var orderBy: [SensingOrder]
    public var top: Int
    public var skip: Int
    /// Whether to count every match too (`$count=true`).
    public var count: Bool
    /// Whose devices it may return; nil for the unscoped sets (sensors, observed properties).
    public var scope: SensingScope?

    public init(filter: SensingFilter? = nil, orderBy: [SensingOrder] = [], top: Int = 100, skip: Int = 0, count: Bool = false, scope: SensingScope? = nil) {
        self.filter = filter
        self.orderBy = orderBy
        self.top = top
        self.skip = skip
        self.count = count
        self.scope = scope
    }
}

/// The fields a sensing query may filter and order on.
public enum SensingField: String, Sendable, Hashable, CaseIterable {
    case id, name, description, code, kind, owner, `operator`, maintainer, nodeID
    case deviceID, sensorID, propertyID, property, unitSymbol
    case encodingType, definition
    case time, result, datastreamID
}

/// One `$orderby` term.
public struct SensingOrder: Sendable, Hashable {
    public var field: SensingField
    public var descending: Bool
    public init(_ field: SensingField, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }
}

/// A `$filter` expression: comparisons joined by and, or, not.
public indirect enum SensingFilter: Sendable, Hashable {
    case compare(SensingField, Comparison, SensingValue)
    /// `substringof('x', name)` / `contains(name, 'x')`
    case contains(SensingField, String)
    case and(SensingFilter, SensingFilter)
    case or(SensingFilter, SensingFilter)
    case not(SensingFilter)

    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        case eq, ne, gt, ge, lt, le
    }
}

/// A literal in a filter.
public enum SensingValue: Sendable, Hashable {
    case number(Double)
    case text(String)
    case null
}

/// Which devices (and so datastreams and readings) a caller sees: those under its paths and those whose sharing
/// terms name one of its departments.
public struct SensingScope: Sendable, Hashable {
    public var paths: [String]
    public var departments: [DepartmentID]
    public init(paths: [String], departments: [DepartmentID] = []) {
        self.paths = paths
        self.departments = departments
    }

    /// The scope of an identity: its area roles' subtrees (a system key: its area), and the departments it handles for.
    public static func of(_ identity: Identity) -> SensingScope {
        let cases = CaseScope.of(identity)
        return SensingScope(paths: cases.paths, departments: cases.departments.map(\.department))
    }

    public func sees(_ device: Device) -> Bool {
        paths.contains { device.nodePath.hasPrefix($0) } || device.readers.contains(where: departments.contains)
    }

    public var isEmpty: Bool { paths.isEmpty && departments.isEmpty }
}

/// A page of a sensing query, with the count of every match when asked.
public struct SensingPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int?
    public init(items: [Item], total: Int?) {
        self.items = items
        self.total = total
    }
}
