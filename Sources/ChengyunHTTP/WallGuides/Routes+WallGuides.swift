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
        // 撤回 — a district's (or the city's) own guide withdrawn on the version read; the answer is the guide in force there now.
        api.delete("wall-guides/:kind") { request, context in
            let identity = try context.requireIdentity()
            let kind = try Self.guideKind(context)
            let q = Query(request)
            guard let version = try q.int("version", range: 1...1_000_000) else { throw WallGuideError.versionRequired }
            return try JSONCoding.response(try await platform.wallGuides.withdrawGuide(kind, nodeID: try q.id("nodeId"), version: version, by: identity))
        }
    }

    static func guideKind(_ context: AppContext) throws -> WallGuideKind {
        guard let text = context.parameters.get("kind"), let kind = WallGuideKind(rawValue: text) else {
            throw DomainError.notFound("wall_guide.kind", "There is no such wall guide; the guides are \(WallGuideKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return kind
    }
}
