import ChengyunCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads the first sheet of an Office Open XML workbook (.xlsx, as Excel, WPS or LibreOffice save it) into records:
/// shared strings, inline strings and formula results as text; numbers as they read (a whole number without ".0");
/// a date-formatted number as its day (`2024-03-01`). Each record carries its row number, which the report names.
/// Hostile files are refused, not followed: a part unzipping past 64 MB, a document type declaration (entities), a
/// column past Excel's last (XFD).
enum WorkbookReader {
    static let partLimit = 64 << 20
    static let maxColumns = 16_384

    static func firstSheet(_ bytes: [UInt8], unreadable: (String) -> DomainError) throws(DomainError) -> CSVImport.Sheet {
        let archive: Archive
        do { archive = try Archive(data: Data(bytes), accessMode: .read) } catch {
            throw unreadable("it is a damaged ZIP file, not a workbook that opens")
        }
        func part(_ path: String) throws(DomainError) -> Data? {
            guard let entry = archive[path] else { return nil }
            var data = Data()
            do {
                _ = try archive.extract(entry) { chunk in
                    data.append(chunk)
                    if data.count > partLimit { throw Oversized() }
                }
            } catch is Oversized {
                throw unreadable("its part \(path) unzips to more than \(partLimit >> 20) MB")
            } catch {
                throw unreadable("its part \(path) is damaged")
            }
            if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!doctype".utf8)) != nil {
                throw unreadable("its part \(path) declares a document type (workbooks do not)")
            }
            return data
        }
        guard let workbook = try part("xl/workbook.xml") else {
            throw unreadable("it is a ZIP file but not an Excel workbook (no xl/workbook.xml)")
        }
        let book = Elements(["sheet"])
        try parse(workbook, book, "xl/workbook.xml", unreadable)
        guard let first = book.found.first(where: { $0.name == "sheet" }), let relation = first.attributes["r:id"] else {
            throw unreadable("the workbook has no sheet")
        }
        var sheetPath = "xl/worksheets/sheet1.xml"
        if let rels = try part("xl/_rels/workbook.xml.rels") {
            let links = Elements(["Relationship"])
            try parse(rels, links, "xl/_rels/workbook.xml.rels", unreadable)
            if let target = links.found.first(where: { $0.attributes["Id"] == relation })?.attributes["Target"] {
                sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
        }
        let strings = SharedStrings()
        if let shared = try part("xl/sharedStrings.xml") { try parse(shared, strings, "xl/sharedStrings.xml", unreadable) }
        let styles = Styles()
        if let data = try part("xl/styles.xml") { try parse(data, styles, "xl/styles.xml", unreadable) }
        guard let sheetData = try part(sheetPath) else { throw unreadable("the workbook's first sheet (\(sheetPath)) is missing") }
        let sheet = SheetRows(strings: strings.values, dateStyles: styles.dateStyles)
        try parse(sheetData, sheet, sheetPath, unreadable)
        return CSVImport.Sheet(records: sheet.records.filter { !$0.fields.allSatisfy(\.isEmpty) })
    }

    private struct Oversized: Error {}

    private static func parse(_ data: Data, _ delegate: any XMLParserDelegate, _ path: String, _ unreadable: (String) -> DomainError) throws(DomainError) {
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let parsed = parser.parse()
        if let problem = (delegate as? SheetRows)?.problem { throw unreadable(problem) }
        guard parsed else { throw unreadable("its part \(path) is not well-formed XML") }
    }

    /// The attributes of every element of the given names, in document order.
    private final class Elements: NSObject, XMLParserDelegate {
        let names: Set<String>
        var found: [(name: String, attributes: [String: String])] = []
        init(_ names: Set<String>) { self.names = names }
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if names.contains(name) { found.append((name, attributes)) }
        }
    }

    /// `sst/si`: the text of each shared string, its runs joined, phonetic guides (`rPh`) left out.
    private final class SharedStrings: NSObject, XMLParserDelegate {
        var values: [String] = []
        var current = ""
        var inText = false, inPhonetic = false
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch name {
            case "si": current = ""
            case "t": inText = true
            case "rPh": inPhonetic = true
            default: break
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inText && !inPhonetic { current += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "si": values.append(current)
            case "t": inText = false
            case "rPh": inPhonetic = false
            default: break
            }
        }
    }

    /// `styleSheet`: which cell formats (`cellXfs/xf`, by index) show a number as a date.
    private final class Styles: NSObject, XMLParserDelegate {
        var customDates: Set<Int> = []
        var formats: [Int] = []
        var inCellFormats = false
        var dateStyles: Set<Int> {
            Set(formats.indices.filter { i in
                let id = formats[i]
                return (14...17).contains(id) || id == 22 || (27...36).contains(id) || (50...58).contains(id) || customDates.contains(id)
            })
        }
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch name {
            case "numFmt":
                guard let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] else { return }
                // A format of days: y, m with d, or a Chinese 年/月/日, outside quoted text and [colour] or [$-locale].
                let bare = code.replacingOccurrences(of: #""[^"]*"|\[[^\]]*\]"#, with: "", options: .regularExpression).lowercased()
                if bare.contains("y") || bare.contains("d") || bare.contains("年") || bare.contains("日") { customDates.insert(id) }
            case "cellXfs": inCellFormats = true
            case "xf" where inCellFormats: formats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
            default: break
            }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "cellXfs" { inCellFormats = false }
        }
    }

    /// `worksheet/sheetData/row/c`: each row's cells by column, as text.
    private final class SheetRows: NSObject, XMLParserDelegate {
        let strings: [String]
        let dateStyles: Set<Int>
        var records: [(line: Int, fields: [String])] = []
        var problem: String?
        var row: [String] = []
        var rowNumber = 0
        var column = -1
        var type = "n", style = 0
        var value = "", inline = ""
        var inValue = false, inInlineText = false

        init(strings: [String], dateStyles: Set<Int>) {
            self.strings = strings
            self.dateStyles = dateStyles
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch name {
            case "row":
                rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
                row = []
                column = -1
            case "c":
                column = attributes["r"].flatMap(Self.column) ?? column + 1
                if column >= WorkbookReader.maxColumns {
                    problem = "row \(rowNumber) has a cell past column XFD"
                    parser.abortParsing()
                }
                type = attributes["t"] ?? "n"
                style = attributes["s"].flatMap(Int.init) ?? 0
                value = ""
                inline = ""
            case "v": inValue = true
            case "t": inInlineText = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inValue { value += string } else if inInlineText { inline += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "v": inValue = false
            case "t": inInlineText = false
            case "c":
                guard column >= 0, column < WorkbookReader.maxColumns else { return }
                if row.count <= column { row.append(contentsOf: repeatElement("", count: column + 1 - row.count)) }
                row[column] = text()
            case "row":
                records.append((rowNumber, row))
            default: break
            }
        }

        /// The cell's text by its type: a shared string, an inline string, a formula's text, a boolean, an error's
        /// code, or a number (a day when its style is a date's).
        func text() -> String {
            switch type {
            case "s": return Int(value).flatMap { $0 >= 0 && $0 < strings.count ? strings[$0] : nil } ?? ""
            case "inlineStr": return inline
            case "b": return value == "1" ? "TRUE" : "FALSE"
            case "str", "e": return value
            default:
                guard let number = Double(value) else { return value }
                if dateStyles.contains(style), number > 0, number < 2_958_466 {
                    // Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included).
                    let day = Date(timeIntervalSince1970: (number.rounded(.down) - 25_569) * 86_400)
                    return day.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day())
                }
                if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
                return value
            }
        }

        /// The column of a cell reference (`B7` → 1), nil when it has no letters.
        static func column(_ reference: String) -> Int? {
            var n = 0
            var letters = 0
            for c in reference.unicodeScalars {
                guard c.value >= 65 && c.value <= 90 else { break }
                n = n * 26 + Int(c.value - 64)
                letters += 1
                if letters > 3 { return WorkbookReader.maxColumns }
            }
            return letters == 0 ? nil : n - 1
        }
    }
}
