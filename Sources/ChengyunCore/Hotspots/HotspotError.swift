/// 类案治理 — the error codes of hotspot queries, each with its message.
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum HotspotError {
    /// 400 `hotspot.invalid_min`
    public static let invalidMin = DomainError.invalid("hotspot.invalid_min", "min is the number of cases that makes a hotspot: 2 to 1,000.", field: "min")
    /// 400 `hotspot.invalid_days`
    public static let invalidDays = DomainError.invalid("hotspot.invalid_days", "days is the window to look back: 1 to 366 days.", field: "days")
    /// 400 `hotspot.invalid_metres`
    public static let invalidMetres = DomainError.invalid("hotspot.invalid_metres", "metres is how near cases must lie to count as one place: 0 to 5,000.", field: "metres")
}
