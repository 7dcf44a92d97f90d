import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 扫码注册 — the QR code's public page and registration, the committees' matching, the rates (docs/REGISTRATIONS.md).
extension APIRoutes {
    func addRegistrationRoutes(api: RouterGroup<AppContext>) {
        // Public: what a scanned code shows, and the registration it takes (no sign-in; limited per address).
        api.get("join/:code") { _, context in
            try JSONCoding.response(try await platform.registrations.invite(code: context.parameters.get("code") ?? ""))
        }
        api.post("join/:code") { request, context in
            let input = try await decodeBody(RegistrationInput.self, request, context)
            let result = try await platform.registrations.register(code: context.parameters.get("code") ?? "", input, from: context.caller)
            return try JSONCoding.response(result.view, status: result.created ? .created : .ok)
        }
        api.get("registrations") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let status = try q.list("status", as: ResidentRegistration.Status.self)?.first
            return try JSONCoding.response(try await platform.registrations.list(nodeID: try q.id("nodeId"), status: status, before: try q.id("before"),
                                                                                limit: try q.int("limit", default: 50, range: 1...200) ?? 50, by: identity))
        }
        api.get("registrations/rates") { request, context in
            try JSONCoding.response(try await platform.registrations.rates(nodeID: try Query(request).id("nodeId"), by: try context.requireIdentity()))
        }
        api.get("registrations/mine") { _, context in
            let identity = try context.requireIdentity()
            guard let mine = try await platform.registrations.mine(identity) else { throw RegistrationError.none }
            return try JSONCoding.response(mine)
        }
        api.get("registrations/:id") { _, context in
            try JSONCoding.response(try await platform.registrations.detail(try context.pathID(), by: try context.requireIdentity()))
        }
        api.post("registrations/:id/verify") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(RegistrationDecision.self, request, context)
            return try JSONCoding.response(try await platform.registrations.verify(try context.pathID(), input, by: identity))
        }
        api.post("registrations/:id/refuse") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(RegistrationDecision.self, request, context)
            return try JSONCoding.response(try await platform.registrations.refuse(try context.pathID(), input, by: identity))
        }
    }
}
