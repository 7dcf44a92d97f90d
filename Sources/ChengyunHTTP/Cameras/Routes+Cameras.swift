import ChengyunCore
import ChengyunServices
import ChengyunStore
import Hummingbird

extension APIRoutes {
    /// Cameras for video review.
    func addCameraRoutes(to api: RouterGroup<AppContext>) {
        api.get("cameras") { request, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.cameras.list(under: try Query(request).id("nodeId"), by: identity))
        }
        api.post("cameras") { request, context in
            let identity = try context.requireIdentity()
            let draft = try await decodeBody(CameraDraft.self, request, context)
            return try JSONCoding.response(try await platform.cameras.registerCamera(draft, by: identity), status: .created)
        }
    }
}
