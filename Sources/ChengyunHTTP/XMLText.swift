/// Text put into XML (Open311's XML format, the XLSX export's sheets).
enum XMLText {
    /// `s` with the five special characters escaped and the control characters XML 1.0 cannot carry left out.
    static func escaped(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case let c where c.value < 0x20 && c != "\n" && c != "\r" && c != "\t": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
