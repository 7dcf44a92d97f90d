import ChengyunCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// 上传的表 — the file an import sends, read into its sheet, as committees have their records: an Excel workbook
/// (.xlsx — its first sheet), or CSV text in UTF-8 (a byte-order mark is fine) or in GB18030 / GBK, which is what Excel
/// on a Chinese Windows saves as "CSV". Anything else is refused with the reason and what to save it as.
enum UploadedSheet {
    /// - Throws: `unreadable(why)` for an old .xls workbook, UTF-16 text, a damaged or hostile workbook, or bytes that are
    ///   no text in UTF-8 or GB18030.
    static func read(_ bytes: [UInt8], unreadable: (String) -> DomainError) throws(DomainError) -> CSVImport.Sheet {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try WorkbookReader.firstSheet(bytes, unreadable: unreadable) }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw unreadable("it is an Excel 97–2003 workbook (.xls): save it as .xlsx or as CSV")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw unreadable("it is UTF-16 text (Excel's \"Unicode text\"): save it as .xlsx or as \"CSV UTF-8\"")
        }
        guard !bytes.contains(0) else { throw unreadable("it is not a text file (it holds NUL bytes): send .xlsx or CSV") }
        if let text = String(validating: bytes, as: UTF8.self) { return CSVImport.Sheet(csv: text) }
        if let text = gb18030(bytes) { return CSVImport.Sheet(csv: text) }
        throw unreadable("it is neither an Excel workbook (.xlsx) nor text in UTF-8 or GB18030/GBK")
    }

    /// The text of GB18030 bytes (GBK and GB2312 are its subsets), by the C library's iconv; nil when they are not.
    static func gb18030(_ bytes: [UInt8]) -> String? {
        let converter = iconv_open("UTF-8", "GB18030")
        guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        // A character of GB18030 takes at most 4 bytes and is at most 4 in UTF-8; one byte (ASCII) stays one.
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress
                var inLeft = inBuffer.count
                var outPointer = outBuffer.baseAddress
                var outLeft = outBuffer.count
                guard iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let written else { return nil }
        return String(validating: output[..<written].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
