/// 派遣 — the error codes of dispatch rules, each with its message.
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum DispatchError {
    /// 422 `node.no_city` — a rule for the whole city before there is one.
    public static let noCity = DomainError.unprocessable("node.no_city", "The deployment has no city yet; import its boundary first.", field: "areaNodeId")
    /// 400 `rule.invalid_name`
    public static let invalidName = DomainError.invalid("rule.invalid_name", "Give the rule a name (at most \(InputLimits.label) characters).", field: "name")
    /// 422 `department.not_found` — a department a rule or the handling-power table names.
    public static func departmentNotFound(_ id: DepartmentID, field: String) -> DomainError {
        .unprocessable("department.not_found", "Department \(id) does not exist.", field: field)
    }
    /// 422 `department.out_of_area`
    public static func departmentOutOfArea(_ id: DepartmentID, field: String) -> DomainError {
        .unprocessable("department.out_of_area", "Department \(id) does not serve this rule's area; choose one of the area's street, district or city.", field: field)
    }
    /// 404 `rule.not_found`
    public static func ruleNotFound(_ id: RuleID) -> DomainError {
        .notFound("rule.not_found", "Dispatch rule \(id) does not exist.")
    }

    /// 400 `rule.invalid_weekdays` — of a rule's time window (`field` is the window's path).
    public static func invalidWeekdays(field: String) -> DomainError {
        .invalid("rule.invalid_weekdays", "Weekdays are numbers 1 (Monday) to 7 (Sunday), at least one.", field: "\(field).weekdays")
    }
    /// 400 `rule.invalid_time` — the window's start.
    public static func invalidStart(field: String) -> DomainError {
        .invalid("rule.invalid_time", "Write the start time as HH:MM, e.g. 18:00.", field: "\(field).start")
    }
    /// 400 `rule.invalid_time` — the window's end.
    public static func invalidEnd(field: String) -> DomainError {
        .invalid("rule.invalid_time", "Write the end time as HH:MM, different from the start, e.g. 08:00.", field: "\(field).end")
    }
}
