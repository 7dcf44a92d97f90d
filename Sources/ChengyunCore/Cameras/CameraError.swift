/// 摄像头 — the error codes of cameras, each with its message.
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum CameraError {
    /// 400 `camera.invalid_code`
    public static let invalidCode = DomainError.invalid("camera.invalid_code", "Give the camera's code.", field: "code")
    /// 400 `camera.invalid_name`
    public static let invalidName = DomainError.invalid("camera.invalid_name", "Give the camera's name.", field: "name")
    /// 422 `camera.not_found` — a camera named for video review that the caller may not use.
    public static func notInArea(_ id: CameraID) -> DomainError {
        .unprocessable("camera.not_found", "There is no camera \(id) in your area; list them with GET /api/v1/cameras.", field: "cameraId")
    }

    /// 422 `node.not_found` — the grid to place a camera in.
    public static func noNode(_ id: NodeID) -> DomainError {
        .unprocessable("node.not_found", "There is no organisation node \(id) to place the camera in.", field: "nodeId")
    }
    /// 409 `camera.duplicate_code`
    public static func duplicateCode(_ code: String) -> DomainError {
        .conflict("camera.duplicate_code", "A camera with code \(code) is registered already.", field: "code")
    }
    /// 404 `camera.not_found`
    public static func notFound(_ id: CameraID) -> DomainError {
        .notFound("camera.not_found", "There is no camera \(id).")
    }
}
