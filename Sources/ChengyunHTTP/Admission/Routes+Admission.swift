import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 准入清单 — the admission list (docs/SWEEPS.md).
extension APIRoutes {
    func addAdmissionRoutes(api: RouterGroup<AppContext>) {
        api.get("admission-items") { request, context in
            try JSONCoding.response(try await platform.admission.items(nodeID: try Query(request).id("nodeId"), by: try context.requireIdentity()))
        }
        api.post("admission-items") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(AdmissionItemInput.self, request, context)
            return try JSONCoding.response(try await platform.admission.create(input, by: identity), status: .created)
        }
        api.post("admission-items/:id/active") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(AdmissionActiveInput.self, request, context)
            return try JSONCoding.response(try await platform.admission.setActive(input, try context.pathID(), by: identity))
        }
    }
}
