import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

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

extension APIRoutes {
    /// The dispatch rules, 派遣说明 (why a case went to its department) and 规则审查 (what the rules did; docs/OPEN_DATA.md).
    func addDispatchRoutes(to api: RouterGroup<AppContext>) {
        api.get("rules") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(platform.dispatch.rules(by: identity))
        }
        api.post("rules") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(RuleInput.self, request, context)
            return try JSONCoding.response(try await platform.dispatch.saveRule(input.rule(id: RuleID(0)), isNew: true, by: identity), status: .created)
        }
        api.put("rules/:id") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(RuleInput.self, request, context)
            return try JSONCoding.response(try await platform.dispatch.saveRule(input.rule(id: try context.pathID()), isNew: false, by: identity))
        }
        api.delete("rules/:id") { _, context in
            let identity = try context.requireIdentity()
            try await platform.dispatch.deleteRule(try context.pathID(), by: identity)
            return Response(status: .noContent)
        }
        api.get("cases/:id/dispatch-explanation") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.dispatch.explanation(try context.pathID(), by: identity))
        }
        api.get("rules/review") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.dispatch.ruleReview(by: identity))
        }
    }
}
