import ChengyunCore
import ChengyunServices
import Hummingbird

struct RevealInput: Codable { var reason: String }

extension APIRoutes {
    /// A reporter's contact details, unmasked for a stated purpose.
    func addPersonalDataRoutes(to api: RouterGroup<AppContext>) {
        api.post("cases/:id/reporter") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(RevealInput.self, request, context)
            return try JSONCoding.response(try await platform.personalData.revealReporter(of: try context.pathID(), reason: input.reason, by: identity, from: context.caller))
        }
    }
}
