public import ChengyunCore

/// A camera to register.
public struct CameraDraft: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var location: GeoPoint
    public init(code: String, name: String, location: GeoPoint) {
        self.code = code
        self.name = name
        self.location = location
    }
}

/// 摄像头 — cameras usable for video review (视频复查).
public protocol CameraStore: Sendable {
    /// Registers a camera in the grid `nodeID`; codes are unique.
    func createCamera(_ draft: CameraDraft, nodeID: NodeID) async throws -> Camera
    func camera(_ id: CameraID) async throws -> Camera?
    /// Cameras on or under `path`, ordered by code.
    func cameras(under path: String) async throws -> [Camera]
    func setCameraActive(_ id: CameraID, active: Bool) async throws
}

/// The cameras and the handling-power table together, as one port was called before they were split by capability.
public typealias FacilityStore = CameraStore & HandlingPowerStore
