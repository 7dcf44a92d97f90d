/// A code a person reads off a screen or paper and types back: letters and digits that cannot be mistaken for one
/// another (no 0/O, 1/I/L, U), random from the system's generator. Only its hash is stored (`Secrets.secretHash`).
public enum OneOffCode {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A new random code of `length` letters (each ~4.9 bits).
    public static func random(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// A code as typed: upper case, without spaces or dashes; nil when it cannot be one of `length` letters.
    public static func normalised(_ text: String, length: Int) -> String? {
        let code = text.uppercased().filter { $0 != " " && $0 != "-" }
        return code.count == length && code.allSatisfy(alphabet.contains) ? code : nil
    }
}
