/// 电话号码 — the phone numbers a reporter, a caller or a user may give: a mainland mobile (13912345678), a fixed line
/// with its area code (021-12345678, 01012345678, with an extension as 021-12345678-123 or 021-12345678转123), or
/// either with the country code (+86 139 1234 5678, +86-21-12345678, 0086…). Spaces are ignored.
public enum PhoneNumber {
    /// Whether `text` is one of the accepted forms.
    public static func isValid(_ text: String) -> Bool {
        var s = text.filter { $0 != " " }
        var international = false
        for prefix in ["+86", "0086"] where s.hasPrefix(prefix) {
            s.removeFirst(prefix.count)
            if s.hasPrefix("-") { s.removeFirst() }
            international = true
            break
        }
        if s.wholeMatch(of: /1[3-9][0-9]-?[0-9]{4}-?[0-9]{4}/) != nil { return true }
        // After the country code a fixed line usually drops its area code's leading 0.
        if international, !s.hasPrefix("0") { s = "0" + s }
        return s.wholeMatch(of: /0[0-9]{2,3}-?[0-9]{7,8}((-|转|#|ext\.?|x)[0-9]{1,6})?/) != nil
    }

    /// Checks a phone number; nil passes.
    /// - Throws: `DomainError` 400 `input.phone`, naming `field`.
    public static func check(_ text: String?, field: String) throws(DomainError) {
        guard let text else { return }
        guard text.unicodeScalars.count <= 32, isValid(text) else {
            throw InputError.phone(field)
        }
    }
}
