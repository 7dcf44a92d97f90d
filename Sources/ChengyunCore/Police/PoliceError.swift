/// 110 非警务警情分流 — the error codes of diverted calls and the handling-power table, each with its message.
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum PoliceError {
    /// 409 `org.no_city`
    public static let noCity = DomainError.conflict("org.no_city", "Import the city boundary before configuring handling powers.")
    /// 403 `auth.source_not_allowed` — a key that is not the police system's.
    public static let notPoliceKey = DomainError.forbidden("auth.source_not_allowed", "This API key is not one of the police system's.")
}
