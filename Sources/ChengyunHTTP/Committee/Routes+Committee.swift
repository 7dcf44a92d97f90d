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
        api.get("committees/:id/digest") { request, context in
            let identity = try context.requireIdentity()
            let days = try Query(request).int("days", default: 30, range: 7...92)!
            return try JSONCoding.response(try await platform.committee.digest(try context.pathID(), days: days, by: identity))
        }
    }
}
