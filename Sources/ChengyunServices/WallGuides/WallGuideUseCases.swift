public import ChengyunCore
import ChengyunStore
import Foundation

/// 指引图 — the procedure wall guides of 挂图作战 (docs/WALL-GUIDES.md): the home-isolation procedure map
/// (居家隔离索引图) and the foreign-residents service guide (涉外服务指引图). The city sets the standard template, a
/// district may set its own for its area; each place reads the one in force over it (its district's, else the city's,
/// else the shipped standard) and committees print it as a wall map.
public struct WallGuideUseCases: UseCaseGroup {
    let store: any WallGuideStore & OrganisationStore & AuditStore
    let shared: UseCaseContext

    /// Who reads the guides: everyone who works an area.
    static let readers: Set<Role> = [.dutyOfficer, .leader, .stationChief, .communityWorker, .gridInspector, .departmentHandler, .admin]
}

/// A guide as an administrator sends it.
public struct WallGuideInput: Sendable, Hashable, Codable {
    /// The city or a district (default: the caller's own area).
    public var nodeID: Int64?
    public var title: String
    public var steps: [WallGuideStep]
    /// The version the change was made on (0 while none is set there); refused (409 `wall_guide.changed`) when someone
    /// changed it since.
    public var version: Int?
}

/// The guide in force at a place, and where it comes from.
public struct WallGuideInForce: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Hashable, Codable { case standard, city, district }
    public var guide: WallGuide
    public var source: Source
    /// The city's or district's name.
    public var sourceName: String?
}

extension WallGuideUseCases {
    /// The guide of `kind` in force at `nodeID` (default: the caller's area).
    public func guide(_ kind: WallGuideKind, nodeID: NodeID?, by identity: Identity) async throws -> WallGuideInForce {
        let node = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "read the wall guides")
        let above = node.path.split(separator: "/").compactMap { Int64($0) }.map { NodeID($0) }
        guard let guide = try await store.wallGuides(kind: kind, at: above).max(by: { ($0.nodePath ?? "").count < ($1.nodePath ?? "").count }),
              let at = guide.nodeID else {
            return WallGuideInForce(guide: .standard(kind), source: .standard)
        }
        let source = try await store.node(at)
        return WallGuideInForce(guide: guide, source: source?.kind == .city ? .city : .district, sourceName: source?.name)
    }

    /// 撤回 — withdraws the guide of `kind` a district (or the city) set, on the version read: the city's (or the
    /// shipped standard) is in force there again; audited.
    public func withdrawGuide(_ kind: WallGuideKind, nodeID: NodeID?, version: Int, by identity: Identity) async throws -> WallGuideInForce {
        let node = try await store.areaNode(nodeID, of: identity, roles: [.admin], to: "withdraw the wall guides")
        guard node.kind == .city || node.kind == .district else { throw WallGuideError.level }
        guard try await store.withdrawWallGuide(kind, at: node.id, version: version) else { throw WallGuideError.notSet }
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "wall_guide.withdrawn",
                                                target: "wall-guide:\(kind.rawValue)@\(node.id)", detail: "\(node.name) v\(version)")])
        return try await guide(kind, nodeID: node.id, by: identity)
    }

    /// Sets the guide of `kind` for the city or a district (its administrators), checked, as the next version; audited.
    public func setGuide(_ kind: WallGuideKind, _ input: WallGuideInput, by identity: Identity) async throws -> WallGuide {
        let node = try await store.areaNode(input.nodeID.map { NodeID($0) }, of: identity, roles: [.admin], to: "set the wall guides")
        guard node.kind == .city || node.kind == .district else { throw WallGuideError.level }
        let (title, steps) = try WallGuide.checked(title: input.title, steps: input.steps)
        let stored = try await store.setWallGuide(WallGuide(kind: kind, nodeID: node.id, nodePath: node.path, title: title, steps: steps, setBy: identity.name,
                                                            setAt: clock.now()), version: input.version)
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "wall_guide.set",
                                                target: "wall-guide:\(kind.rawValue)@\(node.id)", detail: "\(node.name) v\(stored.version): \(steps.count) steps")])
        return stored
    }
}
