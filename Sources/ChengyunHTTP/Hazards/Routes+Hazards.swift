import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 隐患排查销项 (docs/HAZARDS.md) — inspections with the hazards they found, the hazards' close-out steps, the rates.
extension APIRoutes {
    func addHazardRoutes(api: RouterGroup<AppContext>) {
        api.post("inspections") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(InspectionInput.self, request, context)
            let result = try await platform.hazards.record(input, by: identity)
            return try JSONCoding.response(result.view, status: result.created ? .created : .ok)
        }
        api.get("inspections") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            return try JSONCoding.response(try await platform.hazards.inspections(nodeID: try q.int("nodeId").map(Int64.init), kind: try q.list("kind", as: Inspection.Kind.self)?.first,
                                                                                cursor: try q.text("cursor", max: 20),
                                                                                limit: try q.int("limit", default: HazardUseCases.pageLimit, range: 1...200)!, by: identity))
        }
        api.get("inspections/:id") { _, context in
            try JSONCoding.response(try await platform.hazards.inspection(try context.pathID(), by: try context.requireIdentity()))
        }
        api.get("hazards") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            return try JSONCoding.response(try await platform.hazards.list(nodeID: try q.int("nodeId").map(Int64.init), state: try q.list("state", as: Hazard.State.self)?.first,
                                                                         kind: try q.list("kind", as: HazardKind.self)?.first, overdue: try q.bool("overdue") ?? false,
                                                                         inspection: try q.int("inspectionId").map(Int64.init), cursor: try q.text("cursor", max: 20),
                                                                         limit: try q.int("limit", default: HazardUseCases.pageLimit, range: 1...200)!, by: identity))
        }
        api.get("hazards/rates") { request, context in
            try JSONCoding.response(try await platform.hazards.rates(nodeID: try Query(request).int("nodeId").map(Int64.init), by: try context.requireIdentity()))
        }
        api.get("hazards/:id") { _, context in
            try JSONCoding.response(try await platform.hazards.hazard(try context.pathID(), by: try context.requireIdentity()))
        }
        api.post("hazards/:id/steps") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(HazardMove.self, request, context)
            return try JSONCoding.response(try await platform.hazards.move(try context.pathID(), input, by: identity))
        }
    }
}
