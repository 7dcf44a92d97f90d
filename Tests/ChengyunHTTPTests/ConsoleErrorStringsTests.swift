import Foundation
import ChengyunTesting
import Testing

/// Every error code the server can return has a string in both console languages (`i18n/*/errors.json`), so the
/// Chinese console never shows the server's English message.
@Suite("控制台 every API error code translated", .enabled(if: TestCity.storeKind == "sqlite", "the same on either store: run once, in the first pass"))
struct ConsoleErrorStringsTests {
    /// The package's `Sources` folder.
    static let sources = ConsoleHTTPTests.console.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Codes built from a field name, with every name their callers pass (`CaseMachine.requireText`, the intake routes).
    static let templates: [String: [String]] = [
        #"case.\(field)_required"#: ["case.reason_required", "case.note_required", "case.decision_required"],
        #"intake.\(field)_required"#: ["intake.callId_required", "intake.ticketId_required"],
    ]

    /// Codes that never reach the console: the command line's (the demo builder, start-up configuration, the demo's
    /// files) and the console's own failures to load (there is no console to show them in).
    static let notForTheConsole: Set<String> = [
        "demo.invalid_sizes", "demo.missing_resource", "demo.not_empty", "demo.password_cost", "demo.photo_ids", "console.tile_url",
        "calendar.malformed", "taxonomy.malformed", "console.missing", "console.duplicate_string",
    ]

    /// The code literals of the sources: a quoted `area.what` where an error is made — a `DomainError` or one of its
    /// kinds (`.invalid("…"`), an error's `code:`, a validator's `report("…"` or `fail("…"`, the error middleware's
    /// `response(status, "…"` — and not a `field:`.
    static func codes() throws -> Set<String> {
        let literal = try NSRegularExpression(pattern: #""([a-z][a-zA-Z0-9]*\.[a-z\\][a-zA-Z0-9_\\()]*)""#)
        let maker = try NSRegularExpression(pattern: #"(DomainError\b|\.(invalid|forbidden|notFound|conflict|unprocessable|tooLarge|stale|unsupportedMedia|tooManyRequests|unavailable|timeout|unauthenticated)\(\s*$|Error\(code:\s*$|code:\s*$|report\(\s*$|fail\(\s*$|response\([^,()]+,\s*$)"#)
        var found: Set<String> = []
        let root = sources
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 100)
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8) as NSString
            for m in literal.matches(in: text as String, range: NSRange(location: 0, length: text.length)) {
                let start = max(0, m.range.location - 160)
                // The statement the literal is in: after the last `;`, brace or blank line before it.
                var before = text.substring(with: NSRange(location: start, length: m.range.location - start))
                if let cut = before.range(of: #"[;{}]|\n\s*\n"#, options: [.regularExpression, .backwards]) { before = String(before[cut.upperBound...]) }
                before = before.replacingOccurrences(of: "\n", with: " ")
                guard !before.hasSuffix("field: "), maker.firstMatch(in: before, range: NSRange(before.startIndex..., in: before)) != nil else { continue }
                found.insert(text.substring(with: m.range(at: 1)))
            }
        }
        return found
    }

    @Test("服务器能返回的每个错误代码都有中文和英文说明")
    func everyCodeTranslated() throws {
        var codes = try Self.codes()
        #expect(codes.count > 250, "the scan finds the codes (\(codes.count))")
        for (template, expanded) in Self.templates {
            #expect(codes.remove(template) != nil, "template \(template) is still in the sources")
            codes.formUnion(expanded)
        }
        let unexpanded = codes.filter { $0.contains("\\(") }
        #expect(unexpanded.isEmpty, "codes built at run time: list what they become in `templates`: \(unexpanded.sorted())")
        codes.subtract(Self.notForTheConsole)
        for language in ["zh-CN", "en"] {
            let table = try ConsoleHTTPTests.strings(language)
            let missing = codes.filter { table["error.\($0)"] == nil }.sorted()
            #expect(missing.isEmpty, "\(language): no string for \(missing)")
        }
        // The Chinese strings are Chinese: no API path or English left in them but the names of file formats (and Excel) and the
        // roster file's header, which the user types.
        let zh = try ConsoleHTTPTests.strings("zh-CN")
        let names = ["GeoJSON", "FeatureCollection", "MultiPolygon", "Polygon", "Excel", "date,start,end,post,username"]
        let english = codes.filter { code in
            let text = names.reduce(zh["error.\(code)"] ?? "") { $0.replacingOccurrences(of: $1, with: "") }
            return text.range(of: #"[A-Za-z]{5,}|/api/"#, options: .regularExpression) != nil
        }
        #expect(english.isEmpty, "English in zh-CN strings: \(english.sorted())")
    }
}
