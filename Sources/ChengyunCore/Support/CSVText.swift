/// CSV (RFC 4180) read as the spreadsheets of the offices write it: fields in double quotes may hold commas, line
/// breaks and doubled quotes; lines end in CRLF or LF; a UTF-8 byte-order mark at the start is dropped.
public enum CSVText {
    /// The records of `text`, each with the line it starts on (1-based); blank lines are left out.
    public static func records(_ text: String) -> [(line: Int, fields: [String])] {
        var out: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false, wasQuoted = false
        var line = 1, start = 1
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !wasQuoted) { out.append((start, fields)) }
            fields = []
            field = ""
            wasQuoted = false
        }
        var first = true
        while let c = pending ?? chars.next() {
            pending = nil
            if first { first = false; if c == "\u{FEFF}" { continue } }
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true; wasQuoted = true
            case ",": fields.append(field); field = ""
            case "\r": continue
            case "\n":
                endRecord()
                line += 1
                start = line
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return out
    }
}
