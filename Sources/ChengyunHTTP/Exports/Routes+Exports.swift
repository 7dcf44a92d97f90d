import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation
import Hummingbird

/// 导出 — every export carries its grade (`X-Data-Grade`) and a watermark naming who exported it, when and on what
/// authority (`X-Export-Watermark`, the first rows of the file, the workbook's properties), and is on the audit trail.
/// Pre-approved templates (KPIs, the masked case list) run at once; the case list with reporters' names and phones
/// is sensitive and leaves only on an approved export request, downloaded once (docs/DATA_GRADING.md).
extension APIRoutes {
    func addExportRoutes(to api: RouterGroup<AppContext>) {
        // 考核导出 — CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese headers) or XLSX.
        api.get("kpis/export.csv") { request, context in
            let identity = try context.requireIdentity()
            let (rows, file) = try await kpiRows(Query(request), by: identity)
            let mark = try await platform.exports.recordKPIExport(format: "csv", rows: rows.count, reference: context.id, by: identity, from: context.caller)
            let text = CSVText.preamble(mark, template: .kpis) + Self.kpiCSV(rows)
            return Response(status: .ok, headers: mark.headers(contentType: "text/csv; charset=utf-8", fileName: "\(file).csv"),
                            body: .init(byteBuffer: ByteBuffer(bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))))
        }
        api.get("kpis/export.xlsx") { request, context in
            let identity = try context.requireIdentity()
            let (rows, file) = try await kpiRows(Query(request), by: identity)
            let mark = try await platform.exports.recordKPIExport(format: "xlsx", rows: rows.count, reference: context.id, by: identity, from: context.caller)
            let data = try Self.kpiSheet(rows, watermark: mark).xlsx()
            return Response(status: .ok, headers: mark.headers(contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileName: "\(file).xlsx"),
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }

        // 案件导出 — the case list with the list's filters: masked at once; `personal=true` only through a request.
        api.get("cases/export.csv") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            if try q.bool("personal") == true { try await platform.exports.refusePersonalExport(by: identity, from: context.caller) }
            let filters = try await caseFilters(q, by: identity, now: platform.clock.now())
            return caseCSVResponse(try await platform.exports.exportCases(filters, reference: context.id, by: identity, from: context.caller))
        }

        api.post("exports") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ExportRequestInput.self, request, context)
            let filters = try ExportFilters(input.filters ?? [:])
            let q = filters.query
            _ = try await caseFilters(q, by: identity, now: platform.clock.now())
            let created = try await platform.exports.requestExport(template: input.template, filters: filters.canonical, nodeID: try q.id("nodeId"),
                                                           reason: input.reason, by: identity, from: context.caller)
            return try JSONCoding.response(ExportRequestView(created, now: platform.clock.now()), status: .created)
        }
        api.get("exports") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let limit = try q.int("limit", default: 100, range: 1...500)!
            let before: ExportRequestID? = try q.int("before", default: nil, range: 1...Int.max).map { ExportRequestID(Int64($0)) }
            let items = try await platform.exports.exportRequests(before: before, limit: limit, by: identity)
            let now = platform.clock.now()
            return try JSONCoding.response(ExportRequestPage(items: items.map { ExportRequestView($0, now: now) },
                                                             next: items.count == limit ? items.last.map { String($0.id.rawValue) } : nil))
        }
        api.get("exports/:id") { _, context in
            let identity = try context.requireIdentity()
            let found = try await platform.exports.visibleExportRequest(try context.pathID(), by: identity)
            return try JSONCoding.response(ExportRequestView(found, now: platform.clock.now()))
        }
        for (verb, approve) in [("approve", true), ("reject", false)] {
            api.post("exports/:id/\(verb)") { request, context in
                let identity = try context.requireIdentity()
                let input = try await decodeOptional(ExportDecisionInput.self, request, context) ?? ExportDecisionInput()
                let decided = try await platform.exports.decideExport(try context.pathID(), approve: approve, note: input.note, by: identity, from: context.caller)
                return try JSONCoding.response(ExportRequestView(decided, now: platform.clock.now()))
            }
        }
        api.get("exports/:id/download") { _, context in
            let identity = try context.requireIdentity()
            let found = try await platform.exports.downloadableExport(try context.pathID(), by: identity, from: context.caller)
            let filters = try await caseFilters(try ExportFilters(canonical: found.filters).query, by: identity, now: platform.clock.now())
            return caseCSVResponse(try await platform.exports.downloadExport(found, filters: filters, reference: context.id, by: identity, from: context.caller))
        }
    }

    /// The case CSV, written page by page from the store as it is sent (at most `ExportPolicy.maxRows` rows).
    func caseCSVResponse(_ export: CaseExport) -> Response {
        let platform = self.platform
        let csv = CaseCSV(template: export.template, watermark: export.watermark, data: platform.data, now: platform.clock.now())
        let limit = platform.exports.exportPolicy.maxRows
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(bytes: [0xEF, 0xBB, 0xBF] + Array((CSVText.preamble(export.watermark, template: export.template) + csv.header).utf8)))
            var cursor: CaseCursor?
            var written = 0
            repeat {
                let page = try await platform.exports.exportPage(export, after: cursor)
                let rows = page.cases.prefix(limit - written)
                written += rows.count
                try await writer.write(ByteBuffer(string: rows.map(csv.row).joined()))
                cursor = page.next
            } while cursor != nil && written < limit
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: export.watermark.headers(contentType: "text/csv; charset=utf-8", fileName: "\(export.fileName).csv"), body: body)
    }

    /// The area's KPIs, then its departments and handlers as ranked, and the file name for the period.
    func kpiRows(_ q: Query, by identity: Identity) async throws -> ([(String, String, KPIReport)], String) {
        let (from, to) = try period(q)
        let nodeID: NodeID? = try q.id("nodeId")
        var rows: [(String, String, KPIReport)] = []
        let overall = try await platform.kpi.kpis(KPISubject(nodeID: nodeID), from: from, to: to, by: identity)
        var name = "全部辖区"
        if let nodeID { name = try await platform.organisation.visibleNode(nodeID, by: identity).name }
        rows.append(("area", name, overall))
        for (kind, of) in [("department", "departments"), ("handler", "handlers")] {
            for entry in try await platform.kpi.ranking(of: of, under: nodeID, from: from, to: to, by: identity) { rows.append((kind, entry.name, entry.report)) }
        }
        return (rows, "chengyun-kpi-\(from.formatted(.iso8601.year().month().day()))-\(to.formatted(.iso8601.year().month().day()))")
    }

    /// Each column: its header, the decimals it prints with, and its value (nil when there is nothing to measure).
    static let kpiColumns: [(String, Int, @Sendable (KPIReport) -> Double?)] = [
        ("上报 reported", 0, { Double($0.reported) }), ("立案 accepted", 0, { Double($0.accepted) }), ("结案 closed", 0, { Double($0.closed) }),
        ("自处置 selfHandled", 0, { Double($0.selfHandled) }), ("立案率 acceptanceRate", 4, { $0.acceptanceRate }),
        ("派遣准确率 dispatchAccuracy", 4, { $0.dispatchAccuracy }), ("按期处置率 onTimeHandlingRate", 4, { $0.onTimeHandlingRate }),
        ("结案率 closureRate", 4, { $0.closureRate }), ("返工率 reworkRate", 4, { $0.reworkRate }), ("超期率 overdueRate", 4, { $0.overdueRate }),
        ("平均结案时长(小时) meanHoursToClose", 1, { $0.meanHoursToClose }),
    ]

    /// The KPI workbook; with a watermark, it is the first row and the document's properties.
    static func kpiSheet(_ rows: [(String, String, KPIReport)], watermark: ExportWatermark? = nil) -> Spreadsheet {
        var cells: [[Spreadsheet.Cell]] = watermark.map { [[.text("# " + $0.text)]] } ?? []
        cells.append((["对象 kind", "名称 name"] + kpiColumns.map(\.0)).map { .text($0) })
        for (kind, name, report) in rows {
            cells.append([.text(kind), .text(name)] + kpiColumns.map { column in column.2(report).map { .number($0) } ?? .empty })
        }
        let properties = watermark.map { mark in
            Spreadsheet.Properties(title: "城运考核 Chengyun KPIs", subject: "template \(ExportTemplate.kpis.id)", creator: mark.exporter,
                                   keywords: "chengyun; \(mark.grade.rawValue)", category: mark.grade.label, description: mark.text, created: mark.at)
        }
        return Spreadsheet(sheetName: "考核 KPI", rows: cells, properties: properties)
    }

    static func kpiCSV(_ rows: [(String, String, KPIReport)]) -> String {
        var text = CSVText.line((["对象 kind", "名称 name"] + kpiColumns.map(\.0)).map(CSVText.field))
        for (kind, name, report) in rows {
            let numbers = kpiColumns.map { column in column.2(report).map { String(format: "%.\(column.1)f", $0) } ?? "" }
            text += CSVText.line([CSVText.field(kind), CSVText.field(name)] + numbers)
        }
        return text
    }
}

/// `POST /api/v1/exports`: a sensitive template, the case list's filters, and why.
struct ExportRequestInput: Codable {
    var template: String
    var filters: [String: ExportFilters.Value]?
    var reason: String
}

/// `POST /api/v1/exports/{id}/approve|reject`.
struct ExportDecisionInput: Codable {
    var note: String?
}

/// An export request as the API shows it: its status now (an approval past its validity is `expired`), its grade
/// and its filters.
struct ExportRequestView: Codable {
    var id: ExportRequestID
    var template: String
    var grade: DataGrade?
    var status: ExportRequest.Status
    var filters: [String: String]
    var nodeID: NodeID
    var reason: String
    var requesterID: UserID
    var requester: String
    var requestedAt: Date
    var deciderID: UserID?
    var decider: String?
    var decidedAt: Date?
    var note: String?
    var expiresAt: Date?
    var downloadedAt: Date?

    init(_ r: ExportRequest, now: Date) {
        id = r.id
        template = r.template
        grade = ExportTemplate.named(r.template)?.grade
        status = r.status(at: now)
        filters = (try? ExportFilters(canonical: r.filters).values) ?? [:]
        nodeID = r.nodeID
        reason = r.reason
        requesterID = r.requesterID
        requester = r.requester
        requestedAt = r.requestedAt
        deciderID = r.deciderID
        decider = r.decider
        decidedAt = r.decidedAt
        note = r.note
        expiresAt = r.expiresAt
        downloadedAt = r.downloadedAt
    }
}

struct ExportRequestPage: Codable {
    var items: [ExportRequestView]
    var next: String?
}
