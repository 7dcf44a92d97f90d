import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation
import Hummingbird

extension APIRoutes {
    /// Users: listed per node, created and changed by admins.
    func addUserRoutes(to api: RouterGroup<AppContext>) {
        api.get("users") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            guard let node: NodeID = try q.id("nodeId") else { throw QueryError.nodeRequired }
            let users = try await platform.users.list(under: node, by: identity, limit: try q.int("limit", default: 100, range: 1...1000)!, offset: try q.int("offset", default: 0, range: 0...10_000_000)!)
            return try JSONCoding.response(users.map(UserView.init))
        }
        api.post("users") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(NewUserInput.self, request, context)
            return try JSONCoding.response(UserView(try await platform.users.createUser(input, by: identity)), status: .created)
        }
        api.patch("users/:id") { request, context in
            let identity = try context.requireIdentity()
            let change = try await decodeBody(UserChange.self, request, context)
            return try JSONCoding.response(UserView(try await platform.users.updateUser(try context.pathID(), change, by: identity)))
        }
    }
}
