import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 一网通办 — community-affairs requests tied to the resident on record, filed by residents or at stations, handled on
/// their behalf (代办) (docs/SERVICE-REQUESTS.md).
extension APIRoutes {
    func addServiceRequestRoutes(api: RouterGroup<AppContext>) {
        api.get("service-items") { _, context in
            _ = try context.requireIdentity()
            return try JSONCoding.response(platform.serviceRequests.items())
        }
        api.get("service-requests") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let state = try q.list("state", as: ServiceRequest.State.self)?.first
            return try JSONCoding.response(try await platform.serviceRequests.list(nodeID: try q.int("nodeId").map(Int64.init), state: state,
                                                                                  badOpen: try q.bool("badOpen") ?? false, cursor: try q.text("cursor", max: 20),
                                                                                  limit: try q.int("limit", default: ServiceRequestUseCases.pageLimit, range: 1...200)!, by: identity))
        }
        api.post("service-requests") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ServiceRequestInput.self, request, context)
            let result = try await platform.serviceRequests.file(input, by: identity)
            return try JSONCoding.response(result.view, status: result.created ? .created : .ok)
        }
        api.get("service-requests/mine") { _, context in
            try JSONCoding.response(try await platform.serviceRequests.mine(by: try context.requireIdentity()))
        }
        api.get("service-requests/centre") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            return try JSONCoding.response(try await platform.serviceRequests.centre(cursor: try q.text("cursor", max: 20),
                                                                                    limit: try q.int("limit", default: ServiceRequestUseCases.pageLimit, range: 1...200)!,
                                                                                    raised: try q.bool("raised") ?? false, by: identity))
        }
        api.get("service-requests/counts") { request, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.serviceRequests.counts(nodeID: try Query(request).int("nodeId").map(Int64.init), by: identity))
        }
        api.get("service-requests/:id") { _, context in
            try JSONCoding.response(try await platform.serviceRequests.request(try context.pathID(), by: try context.requireIdentity()))
        }
        api.post("service-requests/:id/steps") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ServiceRequestMove.self, request, context)
            return try JSONCoding.response(try await platform.serviceRequests.move(try context.pathID(), input, by: identity))
        }
        api.post("service-requests/:id/rating") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ServiceRequestRatingInput.self, request, context)
            return try JSONCoding.response(try await platform.serviceRequests.rate(try context.pathID(), input, by: identity))
        }
        api.post("service-requests/:id/rectification") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ServiceRequestRectificationInput.self, request, context)
            return try JSONCoding.response(try await platform.serviceRequests.rectify(try context.pathID(), input, by: identity))
        }
        // 申请材料 — a scan or photo filed with an open request; read back by those who see the request, each read audited.
        // 扫码评价 — the station makes a one-off code for a closed request; whoever holds it (no sign-in) sees what it is
        // for and rates it once.
        api.post("service-requests/:id/rating-code") { _, context in
            try JSONCoding.response(try await platform.serviceRequests.ratingCode(for: try context.pathID(), by: try context.requireIdentity()), status: .created)
        }
        api.get("service-ratings/:code") { _, context in
            try JSONCoding.response(try await platform.serviceRequests.ratingInvite(code: context.parameters.get("code") ?? ""))
        }
        api.post("service-ratings/:code") { request, context in
            let input = try await decodeBody(ServiceRatingCodeInput.self, request, context)
            return try JSONCoding.response(try await platform.serviceRequests.rate(code: context.parameters.get("code") ?? "", input, by: context.identity,
                                                                                  from: context.caller))
        }
        addDocumentRoutes(api: api, path: "service-requests", attach: { id, upload, identity in
            try await platform.serviceRequests.attach(to: id, contentType: upload.contentType, fileName: upload.fileName, bytes: upload.bytes, by: identity)
        }, read: { document, id, identity in
            try await platform.serviceRequests.document(document, of: id, by: identity)
        })
    }
}
