import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 台账 — the catalogue, kept entries and their import, the generated monthly report and its XLSX (docs/LEDGERS.md).
extension APIRoutes {
    func addLedgerRoutes(api: RouterGroup<AppContext>) {
        api.get("ledger-items") { request, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.ledgers.catalogue(nodeID: try Query(request).id("nodeId"), by: identity))
        }
        api.post("ledger-items") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(LedgerItemInput.self, request, context)
            return try JSONCoding.response(try await platform.ledgers.create(input, by: identity), status: .created)
        }
        api.post("ledger-items/:id/active") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(LedgerActiveInput.self, request, context)
            return try JSONCoding.response(try await platform.ledgers.setActive(input, try context.pathID(), by: identity))
        }
        api.get("ledger-entries") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let page = try await platform.ledgers.entries(nodeID: try q.id("nodeId"), itemID: try q.id("itemId"), from: try q.day("from"), through: try q.day("to"),
                                                         cursor: q.string("cursor"), limit: try q.int("limit", default: LedgerUseCases.pageLimit, range: 1...200)!,
                                                         by: identity)
            return try JSONCoding.response(page)
        }
        api.post("ledger-entries") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(LedgerEntryInput.self, request, context)
            let result = try await platform.ledgers.record(input, by: identity)
            return try JSONCoding.response(result.entry, status: result.created ? .created : .ok)
        }
        api.put("ledger-entries/:id") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(LedgerEntryCorrection.self, request, context)
            return try JSONCoding.response(try await platform.ledgers.correct(try context.pathID(), input, by: identity))
        }
        api.get("ledger-entries/:id/versions") { _, context in
            try JSONCoding.response(try await platform.ledgers.versions(of: try context.pathID(), by: try context.requireIdentity()))
        }
        api.post("ledger-entries/:id/withdrawal") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(LedgerEntryWithdrawal.self, request, context)
            return try JSONCoding.response(try await platform.ledgers.withdraw(try context.pathID(), input, by: identity))
        }
        // 台账附件 — a scan or photo kept with an entry (a sign-in sheet, the minutes on paper).
        addDocumentRoutes(api: api, path: "ledger-entries", attach: { id, upload, identity in
            try await platform.ledgers.attach(to: id, contentType: upload.contentType, fileName: upload.fileName, bytes: upload.bytes, by: identity)
        }, read: { document, id, identity in
            try await platform.ledgers.document(document, of: id, by: identity)
        })
        api.post("ledger-entries/import") { request, context in
            let identity = try context.requireIdentity()
            let nodeID: NodeID? = try Query(request).id("nodeId")
            let body = try await readBody(request, upTo: 8 * 1024 * 1024)
            let sheet = try UploadedSheet.read(Array(buffer: body), unreadable: LedgerError.unreadable)
            return try ImportFailure.answer(try await platform.ledgers.importEntries(sheet, nodeID: nodeID, by: identity), rejected: LedgerError.importRejected)
        }
        api.get("ledgers/report") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            return try JSONCoding.response(try await platform.ledgers.report(nodeID: try q.id("nodeId"), month: q.string("month"), by: identity))
        }
        // 智慧报表 as XLSX: a pre-approved template (internal), watermarked and audited.
        api.get("ledgers/report.xlsx") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let report = try await platform.ledgers.report(nodeID: try q.id("nodeId"), month: q.string("month"), by: identity)
            let mark = try await platform.exports.recordTemplateExport(.ledgers, format: "xlsx", rows: report.rows.count, reference: context.id, by: identity,
                                                                       from: context.caller)
            let data = try LedgerSheet(report: report, english: q.string("lang") == "en").sheet(watermark: mark).xlsx()
            return Response(status: .ok, headers: mark.headers(contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                                               fileName: "chengyun-ledgers-\(report.month)-\(report.nodeID).xlsx"),
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
