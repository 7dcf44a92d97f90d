/// 公开文本过滤 — what of a resident's words may be published (the Open311 feed, open data): phone numbers, ID
/// numbers, e-mail addresses and long digit runs are replaced by `＊＊＊`, markup is dropped, and the text is cut to
/// a length. Pure; the feed applies it to every description and address it publishes.
public enum PublicText {
    /// The mark that stands where personal data was removed.
    public static let removed = "＊＊＊"

    /// `text` with personal data and markup removed, at most `maxLength` characters.
    public static func redacted(_ text: String, maxLength: Int = 500) -> String {
        var out = ""
        var run = ""          // a run of digits and the separators phone and ID numbers are written with
        var digits = 0
        func flush() {
            if digits >= 7 {
                // Separators after the number stay: "call 139… now" keeps its spaces.
                let tail = run.reversed().prefix { $0 == " " || $0 == "-" }
                out += removed + String(tail.reversed())
            } else {
                out += run
            }
            run = ""
            digits = 0
        }
        var inTag = false
        for ch in text {
            if ch == "<" { inTag = true; flush(); continue }
            if inTag { if ch == ">" { inTag = false }; continue }
            if ch == ">" { continue }
            if ch.isASCII, ch.isNumber || (digits > 0 && (ch == "-" || ch == " " || ch == "x" || ch == "X" || ch == "+")) {
                if ch.isNumber { digits += 1 }
                run.append(ch)
                continue
            }
            if ch == "+" { run.append(ch); continue }
            flush()
            out.append(ch)
        }
        flush()
        out = redactEmails(out)
        return out.count > maxLength ? String(out.prefix(maxLength)) + "…" : out
    }

    /// Replaces anything shaped like `name@host.tld`.
    static func redactEmails(_ text: String) -> String {
        guard text.contains("@") else { return text }
        let allowed: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || "._%+-".contains($0)) }
        var chars = Array(text)
        var i = 0
        while i < chars.count {
            guard chars[i] == "@" else { i += 1; continue }
            var start = i
            while start > 0, allowed(chars[start - 1]) { start -= 1 }
            var end = i + 1
            while end < chars.count, allowed(chars[end]) || chars[end] == "." { end += 1 }
            let host = chars[(i + 1)..<end]
            if start < i, host.contains("."), host.last != "." {
                chars.replaceSubrange(start..<end, with: Array(removed))
                i = start + removed.count
            } else {
                i += 1
            }
        }
        return String(chars)
    }
}
