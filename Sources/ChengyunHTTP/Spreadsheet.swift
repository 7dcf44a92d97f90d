import Foundation
import ZIPFoundation

/// A one-sheet Office Open XML workbook (.xlsx) of strings and numbers: the parts a spreadsheet program needs and
/// no more, zipped with ZIPFoundation. Cells are inline strings, so there is no shared-string table to keep.
struct Spreadsheet {
    enum Cell {
        case text(String)
        case number(Double)
        case empty
    }

    var sheetName: String
    var rows: [[Cell]]

    func xlsx() throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts() {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    func parts() -> [(String, String)] {
        let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        let contentTypes = header + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
            </Types>
            """
        let rels = header + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            </Relationships>
            """
        let workbook = header + """
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheets><sheet name="\(XMLText.escaped(String(sheetName.prefix(31))))" sheetId="1" r:id="rId1"/></sheets></workbook>
            """
        let workbookRels = header + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
            </Relationships>
            """
        var sheet = header + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        for (r, row) in rows.enumerated() {
            sheet += #"<row r="\#(r + 1)">"#
            for (c, cell) in row.enumerated() {
                let ref = Self.column(c) + String(r + 1)
                switch cell {
                case .text(let s): sheet += #"<c r="\#(ref)" t="inlineStr"><is><t>\#(XMLText.escaped(Self.inert(s)))</t></is></c>"#
                case .number(let x): sheet += #"<c r="\#(ref)"><v>\#(x)</v></c>"#
                case .empty: break
                }
            }
            sheet += "</row>"
        }
        sheet += "</sheetData></worksheet>"
        return [("[Content_Types].xml", contentTypes), ("_rels/.rels", rels), ("xl/workbook.xml", workbook),
                ("xl/_rels/workbook.xml.rels", workbookRels), ("xl/worksheets/sheet1.xml", sheet)]
    }

    /// Text a spreadsheet program will not run as a formula (OWASP "CSV injection"): text that starts with `=`, `+`,
    /// `-`, `@`, a tab or a carriage return gets a leading apostrophe. Every text cell of every export goes through it.
    static func inert(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    /// A, B, … Z, AA, AB …
    static func column(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }
}
