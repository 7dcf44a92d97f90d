import ChengyunCore
import ChengyunServices
import Hummingbird

/// 房态图 / 楼态图 — the city's rules, a committee's maps drawn again, a compound's and a building's maps, an area's
/// counts (docs/STATUS-MAPS.md).
extension APIRoutes {
    func addStatusMapRoutes(api: RouterGroup<AppContext>) {
        api.get("status-rules") { _, context in
            try JSONCoding.response(try await platform.statusMaps.rules(by: try context.requireIdentity()))
        }
        api.put("status-rules") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(StatusRules.self, request, context)
            return try JSONCoding.response(try await platform.statusMaps.setRules(input, by: identity))
        }
        api.post("status-maps/draw") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(StatusDrawInput.self, request, context)
            return try JSONCoding.response(try await platform.statusMaps.redraw(nodeID: input.nodeID.map { NodeID($0) }, by: identity))
        }
        api.get("status-maps/counts") { request, context in
            try JSONCoding.response(try await platform.statusMaps.counts(nodeID: try Query(request).id("nodeId"), by: try context.requireIdentity()))
        }
        api.get("status-maps/map") { request, context in
            guard let box = try Query(request).box("bbox") else { throw QueryError.boxRequired }
            let (buildings, truncated) = try await platform.statusMaps.mapBuildings(in: box, by: try context.requireIdentity())
            return try JSONCoding.response(StatusMapLayer(buildings: buildings, truncated: truncated))
        }
        api.get("status-maps/compounds/:id") { _, context in
            try JSONCoding.response(try await platform.statusMaps.compoundMap(try context.pathID(), by: try context.requireIdentity()))
        }
        api.get("status-maps/buildings/:id") { _, context in
            try JSONCoding.response(try await platform.statusMaps.buildingMap(try context.pathID(), by: try context.requireIdentity()))
        }
        api.put("status-maps/buildings/:id/assessment") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(BuildingAssessmentInput.self, request, context)
            guard input.buildingClass != nil else { throw StatusMapError.classRequired }
            return try JSONCoding.response(try await platform.statusMaps.assess(try context.pathID(), input, by: identity))
        }
        api.delete("status-maps/buildings/:id/assessment") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.statusMaps.assess(try context.pathID(), BuildingAssessmentInput(buildingClass: nil, reason: nil), by: identity))
        }
    }
}

/// Which committee's maps to draw again (the caller's own by default).
struct StatusDrawInput: Decodable {
    var nodeID: Int64?
}

/// The buildings of a box of the city map, as last drawn; `truncated` when more stand there than one answer holds.
struct StatusMapLayer: Encodable {
    var buildings: [MapBuilding]
    var truncated: Bool
}
