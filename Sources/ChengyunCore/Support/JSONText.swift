import Foundation

/// JSON written by hand where a `JSONEncoder` would cost more than the text (a document of known shape, a batch of
/// rows for the database).
public enum JSONText {
    /// `s` as a JSON string: quoted, with the quote, the backslash and control characters escaped.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
