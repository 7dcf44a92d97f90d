public import ChengyunCore
import ChengyunStore
import Foundation

/// 准入清单 — the admission list (docs/SWEEPS.md, "The admission list"): the matters the city and each district let
/// upper levels push down to committees, each with its guide, its form and its staggered windows. Work that is not on
/// the list of its area is refused (`admission.not_admitted`).
public struct AdmissionUseCases: UseCaseGroup {
    let store: any AdmissionStore & OrganisationStore & AuditStore
    let shared: UseCaseContext

    /// Who keeps the list: leaders and administrators of the city or a district.
    static let keepers: Set<Role> = [.leader, .admin]
    static let readers: Set<Role> = [.dutyOfficer, .leader, .stationChief, .communityWorker, .gridInspector, .admin]
}

public struct AdmissionItemInput: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var kind: AdmissionItem.Kind
    /// The city or the district that keeps it.
    public var nodeID: Int64
    public var guide: String?
    public var form: [SweepField]?
    public var staggerMinutes: Int?
}

public struct AdmissionActiveInput: Sendable, Hashable, Codable {
    public var active: Bool
}

extension AdmissionUseCases {
    public func create(_ input: AdmissionItemInput, by identity: Identity) async throws -> AdmissionItem {
        let node = try await store.areaNode(NodeID(input.nodeID), of: identity, roles: Self.keepers, to: "keep the admission list")
        guard node.kind == .city || node.kind == .district else { throw AdmissionError.level }
        try OrgNode.checkText(code: input.code, name: input.name)
        try InputLimits.check(input.guide, field: "guide", max: InputLimits.description, multiline: true)
        let form = input.form ?? []
        if !form.isEmpty { try SweepUseCases.check(form) }
        let stagger = input.staggerMinutes ?? 0
        guard (0...720).contains(stagger) else { throw AdmissionError.stagger }
        let item = try await store.createAdmissionItem(AdmissionItem(
            id: AdmissionItemID(0), code: input.code, name: input.name.trimmingCharacters(in: .whitespaces), kind: input.kind, nodeID: node.id, nodePath: node.path,
            guide: input.guide ?? "", form: form, staggerMinutes: stagger))
        try await audit("admission.created", item, identity)
        return item
    }

    /// The items that admit work over the caller's area (or `nodeID`): the city's, its district's, and those kept under it.
    public func items(nodeID: NodeID?, by identity: Identity) async throws -> [AdmissionItem] {
        let node = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "see the admission list")
        return try await store.admissionItems(over: node.path, under: true)
    }

    /// Takes an item off the list (work already pushed under it goes on) or puts it back.
    public func setActive(_ input: AdmissionActiveInput, _ id: AdmissionItemID, by identity: Identity) async throws -> AdmissionItem {
        guard let item = try await store.admissionItem(id), identity.paths(for: Self.readers).contains(where: { $0.hasPrefix(item.nodePath) || item.nodePath.hasPrefix($0) }) else {
            throw AdmissionError.notFound(id)
        }
        try identity.require(anyOf: Self.keepers, at: item.nodePath, to: "keep the admission list")
        guard let changed = try await store.setAdmissionItemActive(id, input.active) else { throw AdmissionError.notFound(id) }
        try await audit(input.active ? "admission.restored" : "admission.withdrawn", changed, identity)
        return changed
    }

    func audit(_ action: String, _ item: AdmissionItem, _ identity: Identity) async throws {
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: action, target: "admission:\(item.id)",
                                                detail: "\(item.code) \(item.kind.rawValue)")])
    }
}
