import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation
import Hummingbird

extension APIRoutes {
    func addCaseRoutes(to api: RouterGroup<AppContext>) {
        api.get("cases") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let now = platform.clock.now()
            let limit = try q.int("limit", default: 50, range: 1...500)!
            let offset = try q.int("offset", default: 0, range: 0...10_000_000)!
            var node: String?
            if let nodeID: NodeID = try q.id("nodeId") { node = try await platform.visibleNode(nodeID, by: identity).path }
            var query = CaseQuery(
                scope: .of(identity), states: try q.list("state", as: CaseState.self), categoryID: q.string("categoryId"), nodePath: node,
                departmentID: try q.id("departmentId"), source: try q.list("source", as: CaseSource.self)?.first,
                reporterID: try q.id("reporterId"), reportedFrom: try q.date("from"), reportedTo: try q.date("to"),
                overdueAt: try q.bool("overdue") == true ? now : nil,
                deadlineBefore: try q.bool("dueSoon") == true ? now.addingTimeInterval(platform.settings.dueSoonHours * 3600) : nil,
                text: q.string("q"), limit: limit, offset: offset)
            if try q.bool("mine") == true, let me = identity.userID { query.involving = me }
            let page = try await platform.listCases(query, by: identity)
            let data = platform.data
            let items = page.items.map { CaseView($0, data: data, now: now, dueSoonHours: platform.settings.dueSoonHours, identity: nil) }
            return try JSONCoding.response(PageView(items: items, total: page.total, limit: limit, offset: offset))
        }

        api.post("cases") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ReportInput.self, request, context)
            let record = try await platform.report(input, by: identity)
            return try JSONCoding.response(view(record, identity), status: .created)
        }

        api.get("cases/:id") { _, context in
            let identity = try context.requireIdentity()
            let record = try await platform.visibleCase(try context.pathID(), by: identity)
            return try JSONCoding.response(view(record, identity))
        }

        api.post("cases/:id/actions/:action") { request, context in
            let identity = try context.requireIdentity()
            guard let name = context.parameters.get("action"), let action = CaseAction(rawValue: name), action != .report else {
                throw DomainError.notFound("action.unknown", "Unknown action; use one of \(CaseAction.allCases.filter { $0 != .report }.map(\.rawValue).joined(separator: ", ")).", field: "action")
            }
            let input = try await decodeOptional(ActionInput.self, request, context) ?? ActionInput()
            var camera: Camera?
            if action == .verify, let id = input.cameraID { camera = try await platform.camera(id, by: identity) }
            let command = try input.command(for: action, camera: camera)
            let outcome = try await platform.perform(command, on: try context.pathID(), by: identity, attachmentIDs: input.attachmentIDs ?? [], location: input.location)
            return try JSONCoding.response(ActionResult(case: view(outcome.record, identity), events: outcome.events))
        }

        api.get("cases/:id/history") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.history(try context.pathID(), by: identity))
        }

        api.post("cases/:id/attachments") { request, context in
            let identity = try context.requireIdentity()
            let contentType = request.headers[.contentType]?.split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
            try Attachment.validate(contentType: contentType, byteCount: 1)
            let buffer = try await request.body.collect(upTo: Attachment.maxBytes)
            let bytes = Data(buffer.readableBytesView)
            let name = Query(request).string("fileName") ?? "attachment"
            let attachment = try await platform.attach(to: try context.pathID(), contentType: contentType, fileName: name, bytes: bytes, by: identity)
            return try JSONCoding.response(attachment, status: .created)
        }

        api.get("cases/:id/attachments") { _, context in
            let identity = try context.requireIdentity()
            let id: CaseID = try context.pathID()
            _ = try await platform.visibleCase(id, by: identity)
            return try JSONCoding.response(try await platform.store.attachments(of: id))
        }

        api.get("attachments/:id") { _, context in
            let identity = try context.requireIdentity()
            let found = try await platform.attachment(try context.pathID(), by: identity)
            return Response(status: .ok, headers: [.contentType: found.meta.contentType, .cacheControl: "private, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(bytes: found.bytes)))
        }
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

/// Decodes a JSON body with the API's conventions; decoding errors name the field (see ErrorMiddleware).
func decodeBody<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppContext) async throws -> T {
    guard let value = try await decodeOptional(type, request, context) else {
        throw DomainError.invalid("request.empty_body", "Send a JSON object as the body with Content-Type: application/json.", field: "body")
    }
    return value
}

/// Decodes a JSON body, or nil when the body is empty.
func decodeOptional<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppContext) async throws -> T? {
    var request = request
    let buffer = try await request.collectBody(upTo: context.maxUploadSize)
    guard buffer.readableBytes > 0 else { return nil }
    return try JSONCoding.decoder.decode(type, from: Data(buffer.readableBytesView))
}
