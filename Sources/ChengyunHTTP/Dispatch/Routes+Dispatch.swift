import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 派遣说明 and 规则审查 (docs/OPEN_DATA.md): why a case went to its department, and what the dispatch rules did.
extension APIRoutes {
    func addExplainRoutes(to api: RouterGroup<AppContext>) {
        api.get("cases/:id/dispatch-explanation") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.dispatchExplanation(try context.pathID(), by: identity))
        }
        api.get("rules/review") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.ruleReview(by: identity))
        }
    }
}
