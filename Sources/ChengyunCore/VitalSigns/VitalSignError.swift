/// 城市体征 — the error codes of the vital-signs catalogue, its figures and the analysts' notes.
public enum VitalSignError {
    /// 400 `vital_sign.invalid_catalogue` — a catalogue that does not hold together; `field` names the indicator's
    /// place (`signs[12].formula.property`).
    public static func catalogue(_ field: String, _ why: String) -> DomainError {
        .invalid("vital_sign.invalid_catalogue", "\(field): \(why)", field: field)
    }
    /// 404 `vital_sign.not_found`
    public static func notFound(_ code: String) -> DomainError { .notFound("vital_sign.not_found", "There is no indicator \(code) in the catalogue.") }
    /// 400 `vital_sign.no_formula` — a series asked of a slot no source feeds.
    public static func noFormula(_ code: String) -> DomainError {
        .invalid("vital_sign.no_formula", "Indicator \(code) has no formula yet: no source feeds it.", field: "code")
    }
    /// 400 `vital_sign.invalid_note`
    public static let note = DomainError.invalid("vital_sign.invalid_note", "Write the situation note (1 to 4,000 characters).", field: "text")
    /// 400 `vital_sign.invalid_day`
    public static let day = DomainError.invalid("vital_sign.invalid_day", "Give the day as YYYY-MM-DD.", field: "day")
    /// 400 `vital_sign.invalid_period`
    public static let period = DomainError.invalid("vital_sign.invalid_period", "A report covers 1 to 92 days.", field: "days")
}
