/// 个人信息 — the error codes of reading personal data, each with its message.
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum PersonalDataError {
    /// 400 `personal.reason_required`
    public static let reasonRequired = DomainError.invalid(
        "personal.reason_required", "Say why you need the reporter's contact details (2–200 characters).", field: "reason")
}
