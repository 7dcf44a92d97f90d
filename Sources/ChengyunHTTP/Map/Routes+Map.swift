import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird
import NIOCore

extension APIRoutes {
    /// The map: boundaries of a kind of node, and the cases of a view (counts per street or grid, or markers).
    func addMapRoutes(to api: RouterGroup<AppContext>) {
        api.get("map/areas") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let kind = try q.list("kind", as: OrgNode.Kind.self)?.first ?? .grid
            let features = try await platform.map.mapAreas(under: try q.id("nodeId"), kind: kind, by: identity)
            // Kept five minutes for this caller (the security headers add `Vary`: the areas depend on who asks).
            return Response(status: .ok, headers: [.contentType: "application/geo+json", .cacheControl: "private, max-age=300"],
                            body: .init(byteBuffer: ByteBuffer(bytes: GeoJSON.featureCollectionJSON(features))))
        }
        api.get("map/cases") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let nodeID: NodeID? = try q.id("nodeId")
            let days = try q.int("days", default: 7, range: 0...90)!
            let box = try q.box("bbox"), level = try q.list("level", as: MapLevel.self)
            guard box != nil || level != nil else {
                // The request of old consoles: every marker of the scope (at most 20,000), as a bare array.
                return try JSONCoding.response(try await platform.map.mapMarkers(under: nodeID, days: days, by: identity))
            }
            if let level, level.count != 1 {
                throw QueryError.oneMapLevel
            }
            return try JSONCoding.response(try await platform.map.mapView(under: nodeID, days: days, box: box, level: level?.first, by: identity))
        }
    }
}
