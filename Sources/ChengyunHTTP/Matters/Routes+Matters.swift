import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 知事项 — the positive and responsibility lists, a station's matters and its daily tasks (docs/MATTERS.md).
extension APIRoutes {
    func addMatterRoutes(api: RouterGroup<AppContext>) {
        api.get("matter-items") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let list = try q.string("list").map { text throws(DomainError) -> MatterItem.List in
                guard let list = MatterItem.List(rawValue: text) else { throw QueryError.invalidValue("list", value: text) }
                return list
            }
            return try JSONCoding.response(try await platform.matters.items(nodeID: try q.id("nodeId"), list: list, by: identity))
        }
        api.post("matter-items") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(MatterItemInput.self, request, context)
            return try JSONCoding.response(try await platform.matters.create(input, by: identity), status: .created)
        }
        api.post("matter-items/:id/active") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(MatterActiveInput.self, request, context)
            return try JSONCoding.response(try await platform.matters.setActive(input, try context.pathID(), by: identity))
        }
        api.get("stations/:id/matters") { request, context in
            let identity = try context.requireIdentity()
            let (from, to) = try period(Query(request))
            return try JSONCoding.response(try await platform.matters.matters(try context.pathID(), from: from, to: to, by: identity))
        }
        api.post("stations/:id/tasks") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(MatterTaskInput.self, request, context)
            let result = try await platform.matters.tick(input, at: try context.pathID(), by: identity)
            return try JSONCoding.response(result.done, status: result.created ? .created : .ok)
        }
    }
}
