/// 脱敏 — masks personal data: names keep the first character, phones and ID numbers the first 3 and last 4 characters.
public enum Masking {
    public static func name(_ name: String?) -> String? {
        guard let name, let first = name.first else { return nil }
        return String(first) + String(repeating: "*", count: max(name.count - 1, 1))
    }

    public static func phone(_ phone: String?) -> String? {
        guard let phone else { return nil }
        let digits = Array(phone)
        guard digits.count >= 7 else { return String(repeating: "*", count: digits.count) }
        return String(digits.prefix(3)) + String(repeating: "*", count: digits.count - 7) + String(digits.suffix(4))
    }

    /// An ID number with its first 3 and last 4 characters.
    public static func idNumber(_ number: String?) -> String? { phone(number) }
}
