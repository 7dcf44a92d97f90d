import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 楼组包干 — building groups and village groups (docs/BUILDING-GROUPS.md).
extension APIRoutes {
    struct BuildingGroupPage: Encodable {
        var groups: [BuildingGroupView]
        var nextAfter: String?
    }

    func addBuildingGroupRoutes(api: RouterGroup<AppContext>) {
        api.get("building-groups") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let limit = try q.int("limit", default: 50, range: 1...200) ?? 50
            let items = try await platform.buildingGroups.groups(nodeID: try q.id("nodeId"), afterCode: try q.text("after", max: 32), limit: limit, by: identity)
            return try JSONCoding.response(BuildingGroupPage(groups: items, nextAfter: items.count == limit ? items.last?.group.code : nil))
        }
        api.post("building-groups") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(BuildingGroupInput.self, request, context)
            return try JSONCoding.response(try await platform.buildingGroups.create(input, by: identity), status: .created)
        }
        api.get("building-groups/:id") { _, context in
            try JSONCoding.response(try await platform.buildingGroups.group(try context.pathID(), by: try context.requireIdentity()))
        }
        api.post("building-groups/:id/cadres") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(BuildingGroupCadreInput.self, request, context)
            return try JSONCoding.response(try await platform.buildingGroups.assignCadre(input, to: try context.pathID(), by: identity))
        }
        api.get("building-groups/:id/cadre-candidates") { _, context in
            try JSONCoding.response(try await platform.buildingGroups.cadreCandidates(try context.pathID(), by: try context.requireIdentity()))
        }
        api.get("building-groups/:id/checks") { _, context in
            try JSONCoding.response(try await platform.buildingGroups.checks(of: try context.pathID(), by: try context.requireIdentity()))
        }
        api.post("building-groups/:id/checks") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(BuildingGroupCheckInput.self, request, context)
            return try JSONCoding.response(try await platform.buildingGroups.check(input, of: try context.pathID(), by: identity), status: .created)
        }
    }
}
