import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation
import Hummingbird

struct NodeInput: Codable { var parentID: NodeID?; var kind: OrgNode.Kind; var variant: String?; var code: String; var name: String }
struct DepartmentInput: Codable { var nodeID: NodeID; var kind: String; var code: String; var name: String }
struct RuleInput: Codable {
    var name: String
    var categoryID: String?
    var areaNodeID: NodeID?
    var window: TimeWindow?
    var leadDepartmentID: DepartmentID
    var coHandlerIDs: [DepartmentID]?
    var active: Bool?

    func rule(id: RuleID) -> DispatchRule {
        DispatchRule(id: id, name: name, categoryID: categoryID, areaNodeID: areaNodeID, areaPath: "/", window: window,
                     leadDepartmentID: leadDepartmentID, coHandlerIDs: coHandlerIDs ?? [], active: active ?? true)
    }
}
struct LocateResult: Codable { var grid: OrgNode; var ancestors: [OrgNode] }
/// A kind of department (城管, 水务 …), the codes a category's lead department and a department's kind use.
struct DepartmentKindView: Codable { var code: String; var name: String; var nameEn: String }

extension APIRoutes {
    func addOrganisationRoutes(to api: RouterGroup<AppContext>) {
        api.get("org/nodes") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let kinds = try q.list("kind", as: OrgNode.Kind.self).map(Set.init)
            let nodes = try await platform.nodes(under: try q.id("under"), kinds: kinds, by: identity,
                                                 limit: try q.int("limit", default: 500, range: 1...5000)!, offset: try q.int("offset", default: 0, range: 0...10_000_000)!)
            return try JSONCoding.response(nodes)
        }
        api.post("org/nodes") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(NodeInput.self, request, context)
            let node = try await platform.createNode(parentID: input.parentID, kind: input.kind, variant: input.variant, code: input.code, name: input.name, by: identity)
            return try JSONCoding.response(node, status: .created)
        }
        api.get("org/nodes/:id") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.visibleNode(try context.pathID(), by: identity))
        }
        api.get("org/nodes/:id/children") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.children(of: try context.pathID(), by: identity))
        }
        api.get("org/nodes/:id/area") { _, context in
            let identity = try context.requireIdentity()
            let area = try await platform.area(of: try context.pathID(), by: identity)
            return Response(status: .ok, headers: [.contentType: "application/geo+json"], body: .init(byteBuffer: ByteBuffer(bytes: GeoJSON.geometryJSON(area))))
        }
        api.get("departments") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.departments(by: identity))
        }
        api.post("departments") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(DepartmentInput.self, request, context)
            let d = try await platform.createDepartment(nodeID: input.nodeID, kind: input.kind, code: input.code, name: input.name, by: identity)
            return try JSONCoding.response(d, status: .created)
        }
        api.post("grids/import") { request, context in
            let identity = try context.requireIdentity()
            let buffer = try await readBody(request, upTo: context.maxUploadSize, within: BodyDeadline.upload)
            let dryRun = try Query(request).bool("dryRun") ?? false
            let result = try await platform.importAreas(geoJSON: Data(buffer.readableBytesView), dryRun: dryRun, by: identity)
            return try JSONCoding.response(result, status: dryRun ? .ok : .created)
        }
        api.get("grids/locate") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            guard let lon = try q.double("lon") else { throw DomainError.invalid("query.missing", "Give lon and lat.", field: "lon") }
            guard let lat = try q.double("lat") else { throw DomainError.invalid("query.missing", "Give lon and lat.", field: "lat") }
            let found = try await platform.locate(GeoPoint(lon: lon, lat: lat), by: identity)
            return try JSONCoding.response(LocateResult(grid: found.grid, ancestors: found.ancestors))
        }
        api.get("users") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            guard let node: NodeID = try q.id("nodeId") else { throw DomainError.invalid("query.missing", "Give nodeId: users are listed per node.", field: "nodeId") }
            let users = try await platform.users(under: node, by: identity, limit: try q.int("limit", default: 100, range: 1...1000)!, offset: try q.int("offset", default: 0, range: 0...10_000_000)!)
            return try JSONCoding.response(users.map(UserView.init))
        }
        api.post("users") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(NewUserInput.self, request, context)
            return try JSONCoding.response(UserView(try await platform.createUser(input, by: identity)), status: .created)
        }
        api.patch("users/:id") { request, context in
            let identity = try context.requireIdentity()
            let change = try await decodeBody(UserChange.self, request, context)
            return try JSONCoding.response(UserView(try await platform.updateUser(try context.pathID(), change, by: identity)))
        }
    }

    func addConfigRoutes(to api: RouterGroup<AppContext>) {
        api.get("department-kinds") { _, context in
            _ = try context.requireIdentity()
            return try JSONCoding.response(DepartmentKinds.all.map { DepartmentKindView(code: $0.code, name: $0.name, nameEn: $0.nameEn) })
        }
        api.get("taxonomy") { _, context in
            _ = try context.requireIdentity()
            return try WholeTable.response(platform.data.taxonomy)
        }
        api.put("taxonomy") { request, context in
            let identity = try context.requireIdentity()
            let taxonomy = try await decodeBody(Taxonomy.self, request, context)
            try WholeTable.check(request, current: platform.data.taxonomy, what: "taxonomy")
            try await platform.replaceTaxonomy(taxonomy, by: identity)
            return try WholeTable.response(platform.data.taxonomy)
        }
        api.put("taxonomy/categories") { request, context in
            let identity = try context.requireIdentity()
            let category = try await decodeBody(Category.self, request, context)
            return try JSONCoding.response(try await platform.upsertCategory(category, by: identity))
        }
        api.get("calendar") { _, context in
            _ = try context.requireIdentity()
            return try WholeTable.response(platform.data.calendar)
        }
        api.put("calendar") { request, context in
            let identity = try context.requireIdentity()
            let calendar = try await decodeBody(WorkingCalendar.self, request, context)
            try WholeTable.check(request, current: platform.data.calendar, what: "working calendar")
            try await platform.replaceCalendar(calendar, by: identity)
            return try WholeTable.response(platform.data.calendar)
        }
        api.get("rules") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(platform.rules(by: identity))
        }
        api.post("rules") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(RuleInput.self, request, context)
            return try JSONCoding.response(try await platform.saveRule(input.rule(id: RuleID(0)), isNew: true, by: identity), status: .created)
        }
        api.put("rules/:id") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(RuleInput.self, request, context)
            return try JSONCoding.response(try await platform.saveRule(input.rule(id: try context.pathID()), isNew: false, by: identity))
        }
        api.delete("rules/:id") { _, context in
            let identity = try context.requireIdentity()
            try await platform.deleteRule(try context.pathID(), by: identity)
            return Response(status: .noContent)
        }
        api.get("kpis") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let (from, to) = try period(q)
            let subject = KPISubject(nodeID: try q.id("nodeId"), departmentID: try q.id("departmentId"), inspectorID: try q.id("inspectorId"))
            return try JSONCoding.response(try await platform.kpis(subject, from: from, to: to, by: identity))
        }
        api.get("rankings") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let (from, to) = try period(q)
            return try JSONCoding.response(try await platform.ranking(of: q.string("of") ?? "departments", under: try q.id("nodeId"), from: from, to: to, by: identity))
        }
    }

    /// The period of a KPI query: `from`/`to`, by default the last 30 days.
    func period(_ q: Query) throws -> (Date, Date) {
        let to = try q.date("to") ?? platform.clock.now()
        let from = try q.date("from") ?? to.addingTimeInterval(-30 * 86_400)
        return (from, to)
    }
}
