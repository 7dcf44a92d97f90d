/// 考核指标 — the error codes of KPIs, rankings and period queries, each with its message.
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum KPIError {
    /// 400 `kpi.invalid_period` — also used by the committee view and the 110 counts.
    public static let invalidPeriod = DomainError.invalid("kpi.invalid_period", "The period's start must be before its end.", field: "from")
    /// 404 `department.not_found` — the department whose KPIs are asked for.
    public static func departmentNotFound(_ id: DepartmentID) -> DomainError {
        .notFound("department.not_found", "There is no department \(id).", field: "departmentId")
    }
    /// 400 `kpi.invalid_ranking`
    public static let invalidRanking = DomainError.invalid(
        "kpi.invalid_ranking", "Rank 'departments', 'handlers' or 'streets'; committees are not ranked (不能变成考基层、排名次): read a committee's own view at /api/v1/committees/{id}/view.", field: "of")
}
