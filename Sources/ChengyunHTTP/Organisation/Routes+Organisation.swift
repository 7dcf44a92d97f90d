import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation
import Hummingbird

struct NodeInput: Codable { var parentID: NodeID?; var kind: OrgNode.Kind; var variant: String?; var code: String; var name: String }
struct DepartmentInput: Codable { var nodeID: NodeID; var kind: String; var code: String; var name: String }
struct LocateResult: Codable { var grid: OrgNode; var ancestors: [OrgNode] }
extension APIRoutes {
    func addOrganisationRoutes(to api: RouterGroup<AppContext>) {
        api.get("org/nodes") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let kinds = try q.list("kind", as: OrgNode.Kind.self).map(Set.init)
            let nodes = try await platform.organisation.nodes(under: try q.id("under"), kinds: kinds, by: identity,
                                                 limit: try q.int("limit", default: 500, range: 1...5000)!, offset: try q.int("offset", default: 0, range: 0...10_000_000)!)
            return try JSONCoding.response(nodes)
        }
        api.post("org/nodes") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(NodeInput.self, request, context)
            let node = try await platform.organisation.createNode(parentID: input.parentID, kind: input.kind, variant: input.variant, code: input.code, name: input.name, by: identity)
            return try JSONCoding.response(node, status: .created)
        }
        api.get("org/nodes/:id") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.organisation.visibleNode(try context.pathID(), by: identity))
        }
        api.get("org/nodes/:id/children") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.organisation.children(of: try context.pathID(), by: identity))
        }
        api.get("org/nodes/:id/area") { _, context in
            let identity = try context.requireIdentity()
            let area = try await platform.organisation.area(of: try context.pathID(), by: identity)
            return Response(status: .ok, headers: [.contentType: "application/geo+json"], body: .init(byteBuffer: ByteBuffer(bytes: GeoJSON.geometryJSON(area))))
        }
        api.get("departments") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.organisation.departments(by: identity))
        }
        api.post("departments") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(DepartmentInput.self, request, context)
            let d = try await platform.organisation.createDepartment(nodeID: input.nodeID, kind: input.kind, code: input.code, name: input.name, by: identity)
            return try JSONCoding.response(d, status: .created)
        }
        api.post("grids/import") { request, context in
            let identity = try context.requireIdentity()
            let buffer = try await readBody(request, upTo: context.maxUploadSize, within: BodyDeadline.upload)
            let dryRun = try Query(request).bool("dryRun") ?? false
            let result = try await platform.organisation.importAreas(geoJSON: Data(buffer.readableBytesView), dryRun: dryRun, by: identity)
            return try JSONCoding.response(result, status: dryRun ? .ok : .created)
        }
        api.get("grids/locate") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            guard let lon = try q.double("lon") else { throw QueryError.pointRequired(missing: "lon") }
            guard let lat = try q.double("lat") else { throw QueryError.pointRequired(missing: "lat") }
            let found = try await platform.organisation.locate(GeoPoint(lon: lon, lat: lat), by: identity)
            return try JSONCoding.response(LocateResult(grid: found.grid, ancestors: found.ancestors))
        }
    }
}
