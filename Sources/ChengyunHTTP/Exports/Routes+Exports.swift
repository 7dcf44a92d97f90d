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
            let (bulletin, file) = try await kpiBulletin(Query(request), by: identity)
            let mark = try await platform.exports.recordKPIExport(format: "csv", rows: bulletin.rows.count, reference: context.id, by: identity, from: context.caller)
            let text = CSVText.preamble(mark, template: .kpis) + bulletin.csv()
            return Response(status: .ok, headers: mark.headers(contentType: "text/csv; charset=utf-8", fileName: "\(file).csv"),
                            body: .init(byteBuffer: ByteBuffer(bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))))
        }
        api.get("kpis/export.xlsx") { request, context in
            let identity = try context.requireIdentity()
            let (bulletin, file) = try await kpiBulletin(Query(request), by: identity)
            let mark = try await platform.exports.recordKPIExport(format: "xlsx", rows: bulletin.rows.count, reference: context.id, by: identity, from: context.caller)
            let data = try bulletin.sheet(watermark: mark).xlsx()
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

    /// The area's KPIs, then its departments and handlers as ranked (考核通报), and the file name for the period.
    func kpiBulletin(_ q: Query, by identity: Identity) async throws -> (KPIBulletin, String) {
        let (from, to) = try period(q)
        let nodeID: NodeID? = try q.id("nodeId")
        let english = q.string("lang") == "en"
        let overall = try await platform.kpi.kpis(KPISubject(nodeID: nodeID), from: from, to: to, by: identity)
        var name = english ? "whole area" : "全部辖区"
        if let nodeID { name = try await platform.organisation.visibleNode(nodeID, by: identity).name }
        var rows = [KPIBulletin.Row(kind: .area, name: name, report: overall)]
        for (kind, of) in [(KPIBulletin.Kind.department, "departments"), (.handler, "handlers")] {
            for entry in try await platform.kpi.ranking(of: of, under: nodeID, from: from, to: to, by: identity) {
                rows.append(KPIBulletin.Row(kind: kind, name: entry.name, rank: entry.rank, score: entry.score, report: entry.report))
            }
        }
        let calendar = platform.data.calendar
        // The period's last day: `to` is exclusive (a midnight closes the day before it).
        let bulletin = KPIBulletin(area: name, from: calendar.localDate(of: from), through: calendar.localDate(of: to.addingTimeInterval(-1)), english: english, rows: rows)
        return (bulletin, "chengyun-kpi-\(bulletin.from)-\(bulletin.through)")
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
