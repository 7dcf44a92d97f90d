import ChengyunCore
import ChengyunServices
import Hummingbird

extension APIRoutes {
    /// A committee's own view of a period.
    func addCommitteeRoutes(to api: RouterGroup<AppContext>) {
        api.get("committees/:id/view") { request, context in
            let identity = try context.requireIdentity()
            let (from, to) = try period(Query(request))
            return try JSONCoding.response(try await platform.committee.view(try context.pathID(), from: from, to: to, by: identity))
        }
    }
}
