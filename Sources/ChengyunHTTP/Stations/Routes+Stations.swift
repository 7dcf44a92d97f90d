import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 联勤联动站 — joint-duty stations and town-managed communities (docs/STATIONS.md).
extension APIRoutes {
    struct StationPage: Encodable {
        var stations: [Station]
        var nextAfter: String?
    }

    func addStationRoutes(api: RouterGroup<AppContext>) {
        api.get("stations") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let limit = try q.int("limit", default: 50, range: 1...200) ?? 50
            var type: StationType?
            if let raw = q.string("type") {
                guard let t = StationType(rawValue: raw) else { throw QueryError.invalidValue("type", value: raw) }
                type = t
            }
            let items = try await platform.stations.stations(nodeID: try q.id("nodeId"), type: type, afterCode: q.text("after", max: 32), limit: limit, by: identity)
            return try JSONCoding.response(StationPage(stations: items, nextAfter: items.count == limit ? items.last?.code : nil))
        }
        api.post("stations") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(StationInput.self, request, context)
            return try JSONCoding.response(try await platform.stations.create(input, by: identity), status: .created)
        }
        api.get("stations/:id") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.stations.station(try context.pathID(), by: identity))
        }
        api.put("stations/:id") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(StationInput.self, request, context)
            return try JSONCoding.response(try await platform.stations.update(try context.pathID(), input, by: identity))
        }
        api.get("stations/:id/view") { request, context in
            let identity = try context.requireIdentity()
            let (from, to) = try period(Query(request))
            return try JSONCoding.response(try await platform.stations.view(try context.pathID(), from: from, to: to, by: identity))
        }
        api.post("stations/:id/posts") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(StationPostInput.self, request, context)
            return try JSONCoding.response(try await platform.stations.post(input, to: try context.pathID(), by: identity), status: .created)
        }
        api.delete("stations/:id/posts/:user") { _, context in
            let identity = try context.requireIdentity()
            let user: UserID = try context.pathID("user")
            return try JSONCoding.response(try await platform.stations.endPost(of: user, at: try context.pathID(), by: identity))
        }
        api.get("town-communities") { request, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.stations.townCommunities(nodeID: try Query(request).id("nodeId"), by: identity))
        }
        api.post("town-communities") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(TownCommunityInput.self, request, context)
            return try JSONCoding.response(try await platform.stations.createTownCommunity(input, by: identity), status: .created)
        }
    }
}
