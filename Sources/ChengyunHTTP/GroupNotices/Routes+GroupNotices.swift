import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 楼组通知 — a committee's notices to its building groups, read by residents and relayed to the groups' chats
/// (docs/GROUP-NOTICES.md).
extension APIRoutes {
    func addGroupNoticeRoutes(api: RouterGroup<AppContext>) {
        api.get("group-notices") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            return try JSONCoding.response(try await platform.groupNotices.list(nodeID: try q.int("nodeId").map(Int64.init), before: try q.id("before"),
                                                                               limit: try q.int("limit", default: 30, range: 1...100) ?? 30, by: identity))
        }
        api.post("group-notices") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(GroupNoticeInput.self, request, context)
            let result = try await platform.groupNotices.post(input, by: identity)
            return try JSONCoding.response(result.view, status: result.created ? .created : .ok)
        }
        api.get("group-notices/mine") { _, context in
            try JSONCoding.response(try await platform.groupNotices.inbox(try context.requireIdentity()))
        }
        api.post("group-notices/:id/read") { _, context in
            try JSONCoding.response(try await platform.groupNotices.read(try context.pathID(), by: try context.requireIdentity()))
        }
        api.post("group-notices/:id/relay") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(GroupNoticeRelayInput.self, request, context)
            return try JSONCoding.response(try await platform.groupNotices.relay(try context.pathID(), input, by: identity))
        }
    }
}
