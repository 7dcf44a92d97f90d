public import ChengyunCore

/// An API key of an external system (12345 hotline, 110, sensors, video); only the key's hash is stored.
public struct APIKeyRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var sources: Set<CaseSource>
    public var nodeID: NodeID
    public var nodePath: String
    public var active: Bool
    /// 共享条款 — the purpose, daily limit and end the key's data is shared under; nil before an admin sets them.
    public var terms: SharingTerms?
    public init(id: Int64, name: String, sources: Set<CaseSource>, nodeID: NodeID, nodePath: String, active: Bool) {
        self.id = id
        self.name = name
        self.sources = sources
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.active = active
    }
}
