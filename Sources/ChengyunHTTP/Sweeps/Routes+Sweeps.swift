import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 拉网式排摸 — sweeps (docs/SWEEPS.md).
extension APIRoutes {
    struct SweepPage: Encodable {
        var sweeps: [SweepView]
        var nextBefore: Int64?
    }

    struct SweepDifferencePage: Encodable {
        var differences: [SweepDifference]
        var nextAfter: Int64?
    }

    func addSweepRoutes(api: RouterGroup<AppContext>) {
        api.get("sweeps") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let limit = try q.int("limit", default: 20, range: 1...100) ?? 20
            let items = try await platform.sweeps.sweeps(nodeID: try q.id("nodeId"), before: try q.id("before"), limit: limit, by: identity)
            return try JSONCoding.response(SweepPage(sweeps: items, nextBefore: items.count == limit ? items.last?.sweep.id.rawValue : nil))
        }
        api.post("sweeps") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(SweepInput.self, request, context)
            return try JSONCoding.response(try await platform.sweeps.launch(input, by: identity), status: .created)
        }
        api.get("sweeps/mine") { _, context in
            try JSONCoding.response(try await platform.sweeps.work(by: try context.requireIdentity()))
        }
        api.get("sweeps/:id") { _, context in
            try JSONCoding.response(try await platform.sweeps.sweep(try context.pathID(), by: try context.requireIdentity()))
        }
        api.post("sweeps/:id/close") { _, context in
            try JSONCoding.response(try await platform.sweeps.close(try context.pathID(), by: try context.requireIdentity()))
        }
        api.get("sweeps/:id/progress") { request, context in
            try JSONCoding.response(try await platform.sweeps.progress(try context.pathID(), nodeID: try Query(request).id("nodeId"), by: try context.requireIdentity()))
        }
        api.get("sweeps/:id/targets") { request, context in
            let identity = try context.requireIdentity()
            guard let building: BuildingID = try Query(request).id("buildingId") else { throw SweepError.subject }
            return try JSONCoding.response(try await platform.sweeps.targets(try context.pathID(), building: building, by: identity))
        }
        api.post("sweeps/:id/results") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(SweepResultInput.self, request, context)
            let (result, created) = try await platform.sweeps.record(input, in: try context.pathID(), by: identity)
            return try JSONCoding.response(result, status: created ? .created : .ok)
        }
        api.get("sweeps/:id/differences") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let limit = try q.int("limit", default: 50, range: 1...200) ?? 50
            let after = try q.int("after").map(Int64.init)
            let items = try await platform.sweeps.differences(try context.pathID(), nodeID: try q.id("nodeId"), after: after, limit: limit, by: identity)
            return try JSONCoding.response(SweepDifferencePage(differences: items, nextAfter: items.count == limit ? items.last?.result.subjectID : nil))
        }
        api.post("sweeps/:id/differences/:house/apply") { _, context in
            try JSONCoding.response(try await platform.sweeps.applyUse(try context.pathID(), house: try context.pathID("house"), by: try context.requireIdentity()))
        }
    }
}
