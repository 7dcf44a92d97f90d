import ChengyunCore
import ChengyunServices
import Hummingbird

/// 指引图 — the wall guide in force at a place, and a guide set for the city or a district (docs/WALL-GUIDES.md).
extension APIRoutes {
    func addWallGuideRoutes(api: RouterGroup<AppContext>) {
        api.get("wall-guides/:kind") { request, context in
            let kind = try Self.guideKind(context)
            return try JSONCoding.response(try await platform.wallGuides.guide(kind, nodeID: try Query(request).id("nodeId"), by: try context.requireIdentity()))
        }
        api.put("wall-guides/:kind") { request, context in
            let identity = try context.requireIdentity()
            let kind = try Self.guideKind(context)
            let input = try await decodeBody(WallGuideInput.self, request, context)
            return try JSONCoding.response(try await platform.wallGuides.setGuide(kind, input, by: identity))
        }
    }

    static func guideKind(_ context: AppContext) throws -> WallGuideKind {
        guard let text = context.parameters.get("kind"), let kind = WallGuideKind(rawValue: text) else {
            throw DomainError.notFound("wall_guide.kind", "There is no such wall guide; the guides are \(WallGuideKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return kind
    }
}
