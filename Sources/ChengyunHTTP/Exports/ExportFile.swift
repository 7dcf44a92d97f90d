import ChengyunCore
import ChengyunServices
import Foundation
import HTTPTypes
import Hummingbird

/// The lines of a CSV export: fields made inert (no formulas) and quoted where needed, rows ended by CRLF.
enum CSVText {
    static func field(_ text: String) -> String {
        let s = Spreadsheet.inert(text)
        return s.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func line(_ fields: [String]) -> String { fields.joined(separator: ",") + "\r\n" }

    /// The rows that head every export: its grade and watermark, as comment-like rows (`# …`) a reader skips.
    static func preamble(_ watermark: ExportWatermark, template: ExportTemplate) -> String {
        var lines = [field("# " + watermark.text)]
        if template.needsApproval {
            let categories = template.categories.map { "\($0.chineseName) \($0.rawValue)" }.joined(separator: ", ")
            lines.append(field("# 敏感数据：仅限申请用途，不得转发 — sensitive (\(categories)): for the stated purpose only; do not forward"))
        }
        return lines.map { $0 + "\r\n" }.joined()
    }
}

/// The case list as CSV rows, columns and order from the registry (`DataGrading.cases`); personal fields masked
/// unless the template carries them in full, and then every row also carries the watermark.
struct CaseCSV {
    let template: ExportTemplate
    let watermark: ExportWatermark
    let data: ReferenceData
    let now: Date

    var header: String {
        var names = template.fields.map(\.header)
        if template.needsApproval { names.append("水印 watermark") }
        return CSVText.line(names.map(CSVText.field))
    }

    func row(_ r: CaseRecord) -> String {
        var values = template.fields.map { value(of: $0.name, in: r) ?? "" }
        if template.needsApproval { values.append(watermark.text) }
        return CSVText.line(values.map(CSVText.field))
    }

    func value(of field: String, in r: CaseRecord) -> String? {
        func time(_ d: Date?) -> String? { d?.formatted(.iso8601) }
        switch field {
        case "number": return r.number
        case "source": return r.source.rawValue
        case "categoryId": return r.categoryID
        case "categoryName": return try? data.category(r.categoryID).name
        case "urgency": return r.urgency.rawValue
        case "state": return r.state.rawValue
        case "nodeId": return String(r.nodeID.rawValue)
        case "leadDepartment": return r.leadDepartmentID.flatMap { data.departments[$0]?.name }
        case "description": return r.description
        case "address": return r.address
        case "lon": return r.location.map { String($0.lon) }
        case "lat": return r.location.map { String($0.lat) }
        case "handlerName": return r.handlerName
        case "reportedAt": return time(r.reportedAt)
        case "acceptedAt": return time(r.acceptedAt)
        case "dispatchedAt": return time(r.dispatchedAt)
        case "handledAt": return time(r.handledAt)
        case "closedAt": return time(r.closedAt)
        case "deadline": return time(r.deadline)
        case "overdue": return r.isOverdue(at: now) ? "true" : "false"
        case "rating": return r.rating.map(String.init)
        case "reporterName": return template.masked ? Masking.name(r.reporterName) : r.reporterName
        case "reporterPhone": return template.masked ? Masking.phone(r.reporterPhone) : r.reporterPhone
        default: return nil
        }
    }
}

extension ExportWatermark {
    /// The headers every export answers with: its grade, its watermark, its file name, and never a cached copy.
    func headers(contentType: String, fileName: String) -> HTTPFields {
        var headers: HTTPFields = [.contentType: contentType, .contentDisposition: "attachment; filename=\"\(fileName)\"", .cacheControl: "no-store"]
        headers[HTTPField.Name("X-Data-Grade")!] = grade.rawValue
        headers[HTTPField.Name("X-Export-Watermark")!] = headerValue
        return headers
    }
}

/// The case list's filters of an export request, kept as the list's own query string (sorted, percent-encoded) so
/// that the download reads them back with the same parser as `GET /api/v1/cases`.
struct ExportFilters {
    /// A filter's value as JSON may give it: text, a number, true/false, or a list (joined by commas).
    enum Value: Codable {
        case text(String)
        case list([String])

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { self = .text(s) }
            else if let b = try? c.decode(Bool.self) { self = .text(b ? "true" : "false") }
            else if let i = try? c.decode(Int64.self) { self = .text(String(i)) }
            else if let d = try? c.decode(Double.self) { self = .text(String(d)) }
            else if let l = try? c.decode([String].self) { self = .list(l) }
            else { throw ExportError.invalidFilter }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .text(let s): try c.encode(s)
            case .list(let l): try c.encode(l)
            }
        }

        var text: String {
            switch self {
            case .text(let s): s
            case .list(let l): l.joined(separator: ",")
            }
        }
    }

    /// The parameters of `GET /api/v1/cases` an export takes (paging is the export's own).
    static let names: Set<String> = ["state", "categoryId", "nodeId", "departmentId", "source", "reporterId", "mine", "from", "to", "overdue", "dueSoon", "q"]
    static let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~:,"))

    let values: [String: String]

    /// - Throws: 400 `export.unknown_filter` naming the filter, `query.too_long` past the list's own limits.
    init(_ input: [String: Value]) throws {
        var values: [String: String] = [:]
        for (key, value) in input {
            let name = JSONCoding.wireKey(key)
            guard Self.names.contains(name) else {
                throw ExportError.unknownFilter(name, known: Self.names)
            }
            let text = value.text
            guard text.unicodeScalars.count <= InputLimits.queryValue else {
                throw QueryError.filterTooLong(name)
            }
            if !text.isEmpty { values[name] = text }
        }
        self.values = values
    }

    /// Reads back a stored query string.
    init(canonical: String) throws {
        var values: [String: String] = [:]
        for pair in canonical.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        self.values = values
    }

    var canonical: String {
        values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: Self.allowed) ?? "")" }.joined(separator: "&")
    }

    var query: Query { Query(parameters: values) }
}

extension Query {
    /// Parameters that did not come from a request's URI (an export request's stored filters).
    init(parameters: [String: String]) { self.parameters = parameters }
}
