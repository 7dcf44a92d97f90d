import ChengyunCore
import ChengyunServices
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// 预警 — warnings received (CAP 1.2), issued with approval, relayed and acknowledged; published as CAP with an Atom
/// index (docs/SENSING.md).
extension APIRoutes {
    func addWarningRoutes(to router: Router<AppContext>, api: RouterGroup<AppContext>) {
        api.post("warnings/cap") { request, context in
            let identity = try context.requireIdentity()
            let body = try await Self.body(request, limit: InputLimits.jsonBodyBytes)
            let (warning, codes) = try CAPDocument.parse(Data(body.readableBytesView), now: platform.clock.now())
            return try JSONCoding.response(try await platform.warnings.receive(warning, nodeCodes: codes, by: identity), status: .created)
        }
        api.post("warnings") { request, context in
            let identity = try context.requireIdentity()
            let draft = try await decodeBody(WarningDraft.self, request, context)
            return try JSONCoding.response(try await platform.warnings.issue(draft, by: identity), status: .created)
        }
        api.get("warnings") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let limit = try q.int("limit", default: 50, range: 1...200) ?? 50
            let before: WarningID? = try q.id("before")
            return try JSONCoding.response(try await platform.warnings.list(before: before, limit: limit, by: identity))
        }
        api.get("warnings/:id") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.warnings.warning(WarningID(try context.parameters.require("id", as: Int64.self)), by: identity))
        }
        api.post("warnings/:id/approve") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.warnings.decide(WarningID(try context.parameters.require("id", as: Int64.self)), approve: true, by: identity))
        }
        api.post("warnings/:id/refuse") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.warnings.decide(WarningID(try context.parameters.require("id", as: Int64.self)), approve: false, by: identity))
        }
        api.post("warnings/:id/cancel") { request, context in
            let identity = try context.requireIdentity()
            let note = try await decodeOptional(NoteInput.self, request, context)?.note ?? ""
            let cancel = try await platform.warnings.cancel(WarningID(try context.parameters.require("id", as: Int64.self)), note: note, by: identity)
            return try JSONCoding.response(cancel, status: .created)
        }
        api.post("warnings/:id/acknowledge") { request, context in
            let identity = try context.requireIdentity()
            let node = try await decodeOptional(AcknowledgeInput.self, request, context)?.nodeID.map { NodeID($0) }
            let n = try await platform.warnings.acknowledge(WarningID(try context.parameters.require("id", as: Int64.self)), nodeID: node, by: identity)
            return try JSONCoding.response(["acknowledged": n])
        }
        api.get("warnings/:id/sequence") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.warnings.sequence(of: WarningID(try context.parameters.require("id", as: Int64.self)), by: identity))
        }
        api.get("warnings/:id/relay") { request, context in
            let identity = try context.requireIdentity()
            let node: NodeID? = try Query(request).id("nodeId")
            let status = try await platform.warnings.relayStatus(WarningID(try context.parameters.require("id", as: Int64.self)), under: node, by: identity)
            return try JSONCoding.response(RelayStatus(relayed: status.relayed, acknowledged: status.acknowledged, nodes: status.rows))
        }
        // The public feed (CAP scope Public): published warnings only, no sign-in.
        router.get("cap/warnings.atom") { request, _ in
            let atom = CAPDocument.atom(try await platform.warnings.published(limit: 100), base: Self.publicBase(request))
            return Response(status: .ok, headers: [.contentType: "application/atom+xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: atom)))
        }
        router.get("cap/warnings/:file") { _, context in
            let file = context.parameters.get("file") ?? ""
            guard file.hasSuffix(".xml"), let id = Int64(file.dropLast(4)) else { throw WarningError.notFound(file) }
            let w = try await platform.warnings.publishedWarning(WarningID(id))
            let xml = CAPDocument.xml(w, nodeCodes: try await platform.warnings.nodeCodes(w))
            return Response(status: .ok, headers: [.contentType: "application/cap+xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: xml)))
        }
    }

    static func publicBase(_ request: Request) -> String {
        "\(AuthMiddleware.isHTTPS(request) ? "https" : "http")://\(request.head.authority ?? "localhost")"
    }
}

struct NoteInput: Decodable { var note: String? }
struct AcknowledgeInput: Decodable { var nodeID: Int64? }

/// The relay of a warning under a node: how many nodes it went to, how many acknowledged, each node.
struct RelayStatus: Encodable {
    var relayed: Int
    var acknowledged: Int
    var nodes: [WarningRelay]
}
