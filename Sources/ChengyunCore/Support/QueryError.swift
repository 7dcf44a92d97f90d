/// 查询参数 — the error codes of query-string parameters, each with its message. The HTTP layer's `Query` reads the
/// parameters; a use case that takes a parameter's value checks it with the same codes (the open data's `days`).
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum QueryError {
    /// 400 `query.too_long` — a free-text parameter longer than its route allows.
    public static func tooLong(_ name: String, max: Int) -> DomainError {
        .invalid("query.too_long", "The parameter '\(name)' may be at most \(max) characters.", field: name)
    }
    /// 400 `query.too_long` — the whole query string past `InputLimits.queryBytes`.
    public static let queryStringTooLong = DomainError.invalid(
        "query.too_long", "The query string may be at most \(InputLimits.queryBytes) bytes.", field: "query")
    /// 400 `query.too_long` — a parameter's name or value past `InputLimits.queryValue`; the name is cut to 40 characters.
    public static func parameterTooLong(_ name: String) -> DomainError {
        .invalid("query.too_long", "The parameter '\(name.prefix(40))' may be at most \(InputLimits.queryValue) characters.", field: String(name.prefix(40)))
    }
    /// 400 `query.too_long` — a filter of an export (a parameter of the case list) past `InputLimits.queryValue`.
    public static func filterTooLong(_ name: String) -> DomainError {
        .invalid("query.too_long", "The filter '\(name)' may be at most \(InputLimits.queryValue) characters.", field: "filters.\(name)")
    }
    /// 400 `query.invalid_number` — not a whole number, or not within `range` when there is one.
    public static func invalidWholeNumber(_ name: String, range: ClosedRange<Int>?) -> DomainError {
        let bounds = range.map { " between \($0.lowerBound) and \($0.upperBound)" } ?? ""
        return .invalid("query.invalid_number", "The parameter '\(name)' must be a whole number\(bounds).", field: name)
    }
    /// 400 `query.invalid_number` — not a finite number.
    public static func invalidNumber(_ name: String) -> DomainError {
        .invalid("query.invalid_number", "The parameter '\(name)' must be a number.", field: name)
    }
    /// 400 `query.invalid_bool`
    public static func invalidBool(_ name: String) -> DomainError {
        .invalid("query.invalid_bool", "The parameter '\(name)' must be true or false.", field: name)
    }
    /// 400 `query.invalid_date`
    public static func invalidDate(_ name: String) -> DomainError {
        .invalid("query.invalid_date", "The parameter '\(name)' must be a date like 2026-11-23 or an ISO 8601 instant like 2026-11-23T08:00:00+08:00.", field: name)
    }
    /// 400 `query.invalid_bbox`
    public static func invalidBox(_ name: String) -> DomainError {
        .invalid("query.invalid_bbox", "The parameter '\(name)' must be minLon,minLat,maxLon,maxLat in degrees, each minimum at most its maximum.", field: name)
    }
    /// 400 `query.invalid_value` — one value of a list parameter that is not one of its values (cut to 40 characters).
    public static func invalidValue(_ name: String, value: String) -> DomainError {
        .invalid("query.invalid_value", "The parameter '\(name)' has an unknown value '\(value.prefix(40))'.", field: name)
    }
    /// 400 `query.invalid_value` — the map's `level` names more than one level.
    public static let oneMapLevel = DomainError.invalid("query.invalid_value", "The parameter 'level' takes one of street, grid or case.", field: "level")
    /// 400 `query.invalid_cursor` — `after` is not a cursor the case list handed out.
    public static let invalidCursor = DomainError.invalid("query.invalid_cursor", "after is the `next` value of the previous page, like 1796000000000-42.", field: "after")
    /// 400 `query.missing` — users are listed per node.
    public static let nodeRequired = DomainError.invalid("query.missing", "Give nodeId: users are listed per node.", field: "nodeId")
    /// 400 `query.missing` — the map's layer reads a box.
    public static let boxRequired = DomainError.invalid("query.missing", "Give bbox: minLon,minLat,maxLon,maxLat.", field: "bbox")
    /// 400 `query.missing` — a point needs both `lon` and `lat`; `field` is the one missing.
    public static func pointRequired(missing field: String) -> DomainError {
        .invalid("query.missing", "Give lon and lat.", field: field)
    }
}
