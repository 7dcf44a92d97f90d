import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore

extension APIRoutes {
    /// The header that makes a create safe to send again (`RequestKey`).
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!

    func addCaseRoutes(to api: RouterGroup<AppContext>) {
        api.get("cases") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let now = platform.clock.now()
            let limit = try q.int("limit", default: 50, range: 1...500)!
            let offset = try q.int("offset", default: 0, range: 0...10_000_000)!
            var query = try await caseFilters(q, by: identity, now: now)
            query.limit = limit
            query.offset = offset
            query.after = try q.string("after").map { try CaseCursor(token: $0) }
            let page = try await platform.cases.listCases(query, by: identity)
            let data = platform.data
            let items = page.items.map { CaseView($0, data: data, now: now, dueSoonHours: platform.settings.dueSoonHours, identity: nil) }
            return try JSONCoding.response(PageView(items: items, total: page.total, totalCapped: page.totalCapped, limit: limit, offset: offset,
                                                    next: page.next?.token))
        }

        api.post("cases") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ReportInput.self, request, context)
            // 防重复提交: the same Idempotency-Key again returns the case the first request created (200, not 201).
            let key = request.headers[Self.idempotencyKey]
            let (record, created) = try await platform.cases.report(input, by: identity, requestKey: key)
            return try JSONCoding.response(view(record, identity), status: created ? .created : .ok)
        }

        api.get("cases/:id") { _, context in
            let identity = try context.requireIdentity()
            let record = try await platform.cases.visibleCase(try context.pathID(), by: identity)
            var shown = view(record, identity)
            shown.handlerName = try await platform.cases.handlerName(of: record, for: identity)
            shown.place = try await platform.cases.place(of: record).map { PlaceName(kind: $0.kind, name: $0.name) }
            return try JSONCoding.response(shown)
        }

        api.post("cases/:id/actions/:action") { request, context in
            let identity = try context.requireIdentity()
            guard let name = context.parameters.get("action"), let action = CaseAction(rawValue: name), action != .report else {
                throw CaseError.unknownAction
            }
            let input = try await decodeOptional(ActionInput.self, request, context) ?? ActionInput()
            var camera: Camera?
            if action == .verify, let id = input.cameraID { camera = try await platform.cameras.camera(id, by: identity) }
            let command = try input.command(for: action, camera: camera)
            let outcome = try await platform.cases.perform(command, on: try context.pathID(), by: identity, attachmentIDs: input.attachmentIDs ?? [], location: input.location)
            return try JSONCoding.response(ActionResult(case: view(outcome.record, identity), events: outcome.events))
        }

        api.get("cases/:id/history") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.cases.readableHistory(try context.pathID(), by: identity).map(HistoryItemView.init))
        }

        api.post("cases/:id/attachments") { request, context in
            let identity = try context.requireIdentity()
            let upload = try await Upload.read(request, limit: platform.settings.attachments.maxFileBytes)
            let attachment = try await platform.cases.attach(to: try context.pathID(), contentType: upload.contentType, fileName: upload.fileName, bytes: upload.bytes,
                                                             by: identity)
            return try JSONCoding.response(attachment, status: .created)
        }

        api.get("cases/:id/attachments") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.cases.attachments(of: try context.pathID(), by: identity))
        }

        api.get("attachments/:id") { _, context in
            let identity = try context.requireIdentity()
            let found = try await platform.cases.attachment(try context.pathID(), by: identity)
            return Upload.response(contentType: found.meta.contentType, fileName: found.meta.fileName, bytes: found.bytes)
        }
    }

    /// The filters of the case list (`state`, `categoryId`, `nodeId`, `departmentId`, `source`, `reporterId`, `mine`,
    /// `from`, `to`, `overdue`, `dueSoon`, `escalatedTo`, `stationId`, `propertyCompanyId`, `parked`, `q`, and the order `sort`) in the caller's scope; its exports take the same.
    func caseFilters(_ q: Query, by identity: Identity, now: Date) async throws -> CaseQuery {
        var node: String?
        if let nodeID: NodeID = try q.id("nodeId") { node = try await platform.organisation.visibleNode(nodeID, by: identity).path }
        var query = CaseQuery(
            scope: .of(identity), states: try q.list("state", as: CaseState.self), categoryID: q.string("categoryId"), nodePath: node,
            departmentID: try q.id("departmentId"), source: try q.list("source", as: CaseSource.self)?.first,
            reporterID: try q.id("reporterId"),
            reportedFrom: try q.date("from", in: platform.data.calendar), reportedTo: try q.date("to", in: platform.data.calendar),
            overdueAt: try q.bool("overdue") == true ? now : nil,
            deadlineBefore: try q.bool("dueSoon") == true ? now.addingTimeInterval(platform.settings.dueSoonHours * 3600) : nil,
            text: try q.text("q", max: InputLimits.search))
        if try q.bool("mine") == true, let me = identity.userID { query.involving = me }
        if let centre: NodeID = try q.id("escalatedTo") { query.escalatedTo = try await platform.organisation.visibleNode(centre, by: identity).id }
        if let station: StationID = try q.id("stationId") { query.stationID = try await platform.stations.station(station, by: identity).id }
        if let company: PropertyCompanyID = try q.id("propertyCompanyId") { query.propertyCompanyID = try await platform.property.visible(company, by: identity).id }
        query.parked = try q.bool("parked")
        query.order = try q.list("sort", as: CaseOrder.self)?.first ?? .newest
        return query
    }

    func view(_ record: CaseRecord, _ identity: Identity) -> CaseView {
        CaseView(record, data: platform.data, now: platform.clock.now(), dueSoonHours: platform.settings.dueSoonHours, identity: identity)
    }
}

/// The answer to an action: the case as it now is and the history entries written.
struct ActionResult: Codable {
    var `case`: CaseView
    var events: [CaseEvent]
}

/// A history entry as the API shows it: the step's fields, the role its actor acted in, and whether the reader took it.
struct HistoryItemView: Encodable {
    var entry: HistoryEntry

    enum Keys: String, CodingKey { case actorRole, own }

    func encode(to encoder: any Encoder) throws {
        try entry.event.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encodeIfPresent(entry.actorRole, forKey: .actorRole)
        try c.encode(entry.own, forKey: .own)
    }
}
