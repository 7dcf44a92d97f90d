import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation
import Hummingbird

struct WideningInput: Codable { var nodeID: NodeID; var hours: Double; var reason: String }

extension APIRoutes {
    /// Sharing terms, emergency widenings of a key and the sharing report.
    func addSharingRoutes(to api: RouterGroup<AppContext>) {
        api.post("apikeys/:id/widenings") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(WideningInput.self, request, context)
            let widening = try await platform.sharing.widenSharing(keyID: try keyID(context), to: input.nodeID, hours: input.hours, reason: input.reason,
                                                           by: identity, from: context.caller)
            return try JSONCoding.response(widening, status: .created)
        }
        api.get("apikeys/:id/widenings") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.sharing.widenings(of: try keyID(context), by: identity))
        }
        api.delete("apikeys/:id/widenings/:widening") { _, context in
            let identity = try context.requireIdentity()
            guard let text = context.parameters.get("widening"), let widening = Int64(text) else {
                throw RequestError.invalidWideningID
            }
            try await platform.sharing.endWidening(widening, of: try keyID(context), by: identity, from: context.caller)
            return Response(status: .noContent)
        }
        api.put("apikeys/:id/terms") { request, context in
            let identity = try context.requireIdentity()
            let terms = try await decodeBody(SharingTerms.self, request, context)
            return try JSONCoding.response(try await platform.sharing.setTerms(terms, of: try keyID(context), by: identity, from: context.caller))
        }
        api.get("sharing/report") { request, context in
            let identity = try context.requireIdentity()
            let days = try Query(request).int("days", default: 30, range: 1...366)!
            return try JSONCoding.response(try await platform.sharing.sharingReport(days: days, by: identity))
        }
    }
}
