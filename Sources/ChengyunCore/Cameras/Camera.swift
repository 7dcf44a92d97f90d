/// 摄像头 — a camera registered at a place, usable for video review.
public struct Camera: Sendable, Hashable, Codable, Identifiable {
    public var id: CameraID
    public var code: String
    public var name: String
    public var location: GeoPoint
    public var nodeID: NodeID
    public var nodePath: String
    public var active: Bool

    public init(id: CameraID, code: String, name: String, location: GeoPoint, nodeID: NodeID, nodePath: String, active: Bool = true) {
        self.id = id
        self.code = code
        self.name = name
        self.location = location
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.active = active
    }
}
