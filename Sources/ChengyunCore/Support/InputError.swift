/// 输入 — the error codes of the checks every free-text, list and phone field passes (`InputLimits`, `PhoneNumber`),
/// each with its message. The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum InputError {
    /// 400 `input.control_character` — text of several lines (`multiline`) may hold line breaks and tabs.
    public static func controlCharacter(_ field: String, scalar: Unicode.Scalar, multiline: Bool) -> DomainError {
        let allowed = multiline ? "only line breaks and tabs are allowed" : "a single line of text is expected"
        return .invalid("input.control_character", "'\(field)' contains a control character (U+\(String(scalar.value, radix: 16, uppercase: true))); \(allowed).", field: field)
    }
    /// 400 `input.too_long` — `count` characters.
    public static func tooLong(_ field: String, count: Int, max: Int) -> DomainError {
        .invalid("input.too_long", "'\(field)' is \(count) characters long; it may be at most \(max).", field: field)
    }
    /// 400 `input.too_many` — `count` entries of a list.
    public static func tooMany(_ field: String, count: Int, max: Int) -> DomainError {
        .invalid("input.too_many", "'\(field)' has \(count) entries; it may have at most \(max).", field: field)
    }
    /// 400 `input.phone`
    public static func phone(_ field: String) -> DomainError {
        .invalid("input.phone", "'\(field)' is not a phone number: give a mobile number (13912345678), a fixed line with its area code (021-12345678, extension as 021-12345678-123), or either with +86.", field: field)
    }
}
