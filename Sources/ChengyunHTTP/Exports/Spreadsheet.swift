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

    /// 文档属性 — the workbook's document properties (File › Info): where an export names its grade and watermark.
    struct Properties {
        var title: String
        var subject: String
        var creator: String
        var keywords: String
        /// The grade (`内部 internal`).
        var category: String
        /// The watermark, also printed in every page's header.
        var description: String
        var created: Date
    }

    var sheetName: String
    var rows: [[Cell]]
    var properties: Properties? = nil

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
            \(properties == nil ? "" : #"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#)\
            </Types>
            """
        let rels = header + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            \(properties == nil ? "" : #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#)\
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
        sheet += "</sheetData>"
        if let properties {
            // Printed at the top of every page: "&C" centres the text; a literal "&" is written "&&".
            let mark = XMLText.escaped("&C" + properties.description.replacingOccurrences(of: "&", with: "&&"))
            sheet += "<headerFooter><oddHeader>\(mark)</oddHeader></headerFooter>"
        }
        sheet += "</worksheet>"
        var parts = [("[Content_Types].xml", contentTypes), ("_rels/.rels", rels), ("xl/workbook.xml", workbook),
                     ("xl/_rels/workbook.xml.rels", workbookRels), ("xl/worksheets/sheet1.xml", sheet)]
        if let properties { parts.append(("docProps/core.xml", Self.core(properties, header: header))) }
        return parts
    }

    /// docProps/core.xml: title, subject, creator, keywords, category, description and creation time.
    static func core(_ p: Properties, header: String) -> String {
        func e(_ s: String) -> String { XMLText.escaped(s) }
        return header + """
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
            <dc:title>\(e(p.title))</dc:title><dc:subject>\(e(p.subject))</dc:subject><dc:creator>\(e(p.creator))</dc:creator>\
            <cp:keywords>\(e(p.keywords))</cp:keywords><cp:category>\(e(p.category))</cp:category>\
            <dc:description>\(e(p.description))</dc:description>\
            <dcterms:created xsi:type="dcterms:W3CDTF">\(p.created.formatted(.iso8601))</dcterms:created></cp:coreProperties>
            """
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
