import ChengyunCore
import ChengyunServices
import Hummingbird

/// 重点场所与设施 — the catalogue of kinds, an area's key places and facilities a page at a time (the findings — facilities
/// nobody maintains — alone if asked), a box of the map, one place, made and changed by the committee's keepers
/// (docs/KEY-PLACES.md).
extension APIRoutes {
    struct KeyPlacePage: Encodable {
        var places: [KeyPlace]
        var nextAfter: String?
    }
    struct KeyPlaceLayer: Encodable {
        var places: [KeyPlace]
        var truncated: Bool
    }

    func addKeyPlaceRoutes(api: RouterGroup<AppContext>) {
        api.get("places/kinds") { _, context in
            try JSONCoding.response(try platform.keyPlaces.kinds(by: try context.requireIdentity()))
        }
        api.get("places") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let limit = try q.int("limit", default: 50, range: 1...200) ?? 50
            let items = try await platform.keyPlaces.places(nodeID: try q.id("nodeId"), kind: try q.text("kind", max: 40), unmaintained: try q.bool("unmaintained") ?? false,
                                                            afterCode: try q.text("after", max: 32), limit: limit, by: identity)
            return try JSONCoding.response(KeyPlacePage(places: items, nextAfter: items.count == limit ? items.last?.code : nil))
        }
        api.post("places") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(KeyPlaceInput.self, request, context)
            return try JSONCoding.response(try await platform.keyPlaces.create(input, by: identity), status: .created)
        }
        // 导入 — a department's file, applied whole or not at all (the report of the rows refused).
        api.post("places/import") { request, context in
            let identity = try context.requireIdentity()
            let nodeID: NodeID? = try Query(request).id("nodeId")
            let body = try await readBody(request, upTo: 8 * 1024 * 1024)
            let sheet = try UploadedSheet.read(Array(buffer: body), unreadable: KeyPlaceError.unreadable)
            return try ImportFailure.answer(try await platform.keyPlaces.importPlaces(sheet, nodeID: nodeID, by: identity), rejected: KeyPlaceError.importRejected)
        }
        api.get("places/map") { request, context in
            guard let box = try Query(request).box("bbox") else { throw QueryError.boxRequired }
            let (places, truncated) = try await platform.keyPlaces.map(in: box, by: try context.requireIdentity())
            return try JSONCoding.response(KeyPlaceLayer(places: places, truncated: truncated))
        }
        api.get("places/:id") { _, context in
            try JSONCoding.response(try await platform.keyPlaces.place(try context.pathID(), by: try context.requireIdentity()))
        }
        api.put("places/:id") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(KeyPlaceInput.self, request, context)
            return try JSONCoding.response(try await platform.keyPlaces.update(try context.pathID(), input, by: identity))
        }
    }
}
