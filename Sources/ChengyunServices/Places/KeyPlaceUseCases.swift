public import ChengyunCore
import ChengyunStore
import Foundation

/// 重点场所与设施 — the key places and facilities of a committee's element map (一张总图; docs/KEY-PLACES.md): kinds
/// from the city's catalogue, each placed in the tree and on the map; a facility nobody maintains is a finding, listed
/// and counted. Kept by the committee's keepers, read by those who read its base data; every change audited.
public struct KeyPlaceUseCases: UseCaseGroup {
    let store: any KeyPlaceStore & BaseDataStore & OrganisationStore & AuditStore
    let shared: UseCaseContext

    static let readers = BaseDataUseCases.readers
    static let keepers = BaseDataUseCases.keepers
    /// At most this many places in one box of the map.
    public static let mapLimit = 2_000
}

/// A key place as its keeper sends it.
public struct KeyPlaceInput: Sendable, Hashable, Codable {
    /// Unique in the city; fixed once made (ignored on a change).
    public var code: String?
    public var name: String
    public var kind: String
    /// The committee it lies in (ignored on a change: a place does not move between committees).
    public var nodeID: Int64?
    public var compoundID: Int64?
    public var location: GeoPoint
    public var address: String?
    public var operatorName: String?
    public var maintainer: String?
    public var capacity: Int?
    public var note: String?
    /// The version a change was made on (required on a change).
    public var version: Int?
}

extension KeyPlaceUseCases {
    /// The catalogue of kinds.
    public func kinds(by identity: Identity) throws -> [KeyPlaceKind] {
        guard !identity.paths(for: Self.readers).isEmpty else { throw AccessError.roleRequired(Self.readers, to: "read key places") }
        return KeyPlaceKind.catalogue
    }

    /// Checks what a keeper sends and makes the place it describes in `committee`.
    func checked(_ input: KeyPlaceInput, code: String, committee: OrgNode) async throws -> KeyPlace {
        try OrgNode.checkText(code: code, name: input.name)
        guard KeyPlaceKind.kind(input.kind) != nil else { throw KeyPlaceError.kind(input.kind) }
        guard input.location.isValid else { throw KeyPlaceError.location }
        for (field, value) in [("address", input.address), ("operatorName", input.operatorName), ("maintainer", input.maintainer)] {
            try InputLimits.check(value, field: field, max: InputLimits.address)
        }
        try InputLimits.check(input.note, field: "note", max: InputLimits.note, multiline: true)
        if let capacity = input.capacity, !(1...1_000_000).contains(capacity) { throw KeyPlaceError.capacity }
        if let id = input.compoundID {
            guard let compound = try await store.compound(CompoundID(id)), compound.nodeID == committee.id else { throw KeyPlaceError.compound }
        }
        let blank = { (s: String?) -> String? in s.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 } }
        return KeyPlace(id: KeyPlaceID(0), code: code, name: input.name.trimmingCharacters(in: .whitespaces), kind: input.kind, nodeID: committee.id, nodePath: committee.path,
                        compoundID: input.compoundID.map { CompoundID($0) }, location: input.location, address: blank(input.address),
                        operatorName: blank(input.operatorName), maintainer: blank(input.maintainer), capacity: input.capacity, note: blank(input.note))
    }

    public func create(_ input: KeyPlaceInput, by identity: Identity) async throws -> KeyPlace {
        let node = try await store.areaNode(input.nodeID.map { NodeID($0) }, of: identity, roles: Self.keepers, to: "keep this committee's key places")
        guard node.kind == .committee else { throw BaseDataError.notACommittee }
        let place = try await store.createKeyPlace(try await checked(input, code: input.code ?? "", committee: node))
        try await audit("place.created", place, identity)
        return place
    }

    /// Changes what a place is (its maintainer found, its capacity, its point), on the version read.
    public func update(_ id: KeyPlaceID, _ input: KeyPlaceInput, by identity: Identity) async throws -> KeyPlace {
        let current = try await place(id, by: identity)
        try identity.require(anyOf: Self.keepers, at: current.nodePath, to: "keep this committee's key places")
        guard let version = input.version else { throw KeyPlaceError.versionRequired }
        guard let committee = try await store.node(current.nodeID) else { throw KeyPlaceError.notFound(id) }
        var place = try await checked(input, code: current.code, committee: committee)
        place.id = id
        guard let changed = try await store.updateKeyPlace(place, version: version) else { throw KeyPlaceError.notFound(id) }
        try await audit("place.changed", changed, identity)
        return changed
    }

    /// A place the caller's area holds.
    public func place(_ id: KeyPlaceID, by identity: Identity) async throws -> KeyPlace {
        guard let p = try await store.keyPlace(id), identity.paths(for: Self.readers).contains(where: { p.nodePath.hasPrefix($0) }) else { throw KeyPlaceError.notFound(id) }
        return p
    }

    /// An area's places, by committee and code, a page at a time; `unmaintained` lists the findings only.
    public func places(nodeID: NodeID?, kind: String?, unmaintained: Bool, afterCode: String?, limit: Int, by identity: Identity) async throws -> [KeyPlace] {
        let area = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "read key places")
        if let kind, KeyPlaceKind.kind(kind) == nil { throw KeyPlaceError.kind(kind) }
        return try await store.keyPlaces(under: area.path, kind: kind, unmaintained: unmaintained, afterCode: afterCode, limit: limit)
    }

    /// 一张总图 — the places with a point in a box of the map within the caller's area, at most `mapLimit`.
    public func map(in box: BoundingBox, by identity: Identity) async throws -> (places: [KeyPlace], truncated: Bool) {
        let paths = identity.paths(for: Self.readers)
        guard !paths.isEmpty else { throw AccessError.roleRequired(Self.readers, to: "read key places") }
        let found = try await store.keyPlaces(in: box, under: paths, limit: Self.mapLimit + 1)
        return (Array(found.prefix(Self.mapLimit)), found.count > Self.mapLimit)
    }

    func audit(_ action: String, _ place: KeyPlace, _ identity: Identity) async throws {
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: action, target: "place:\(place.id)",
                                                detail: "\(place.name) (\(place.kind))\(place.unmaintained ? ", no maintainer" : "")")])
    }
}
