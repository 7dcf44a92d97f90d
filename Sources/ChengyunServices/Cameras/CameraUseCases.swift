public import ChengyunCore
public import ChengyunStore
import Foundation

/// 摄像头 — cameras registered for video review (视频复查) of cases.
public struct CameraUseCases: UseCaseGroup {
    let store: any CameraStore & OrganisationStore
    let shared: UseCaseContext
}

extension CameraUseCases {
    /// Cameras on or under a node the identity sees.
    public func list(under nodeID: NodeID?, by identity: Identity) async throws -> [Camera] {
        var path = CaseScope.of(identity).paths.min(by: { $0.count < $1.count })
        if let nodeID { path = try await store.visibleNode(nodeID, by: identity).path }
        guard let path else { return [] }
        return try await store.cameras(under: path)
    }

    /// Registers a camera at a place; it is filed under the grid the place lies in.
    public func registerCamera(_ draft: CameraDraft, by identity: Identity) async throws -> Camera {
        let code = draft.code.trimmingCharacters(in: .whitespaces)
        try InputLimits.check(code, field: "code", max: InputLimits.code)
        try InputLimits.check(draft.name, field: "name", max: InputLimits.label)
        guard !code.isEmpty else { throw CameraError.invalidCode }
        guard !draft.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CameraError.invalidName
        }
        let grid = try data.grid(at: draft.location)
        try identity.require(anyOf: [.admin], at: grid.path, to: "register cameras here")
        return try await store.createCamera(CameraDraft(code: code, name: draft.name, location: draft.location), nodeID: grid.id)
    }

    /// A camera the identity may use for video review of cases in its area.
    public func camera(_ id: CameraID, by identity: Identity) async throws -> Camera {
        guard let camera = try await store.camera(id), identity.sees(path: camera.nodePath) || identity.assignments.contains(where: { $0.nodePath.hasPrefix(camera.nodePath) }) else {
            throw CameraError.notInArea(id)
        }
        return camera
    }
}
