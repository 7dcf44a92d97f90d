public import ChengyunCore
import ChengyunStore
import Foundation

/// 盘家底 — a committee's base data (docs/BASE-DATA.md): compounds, buildings with their houses, residents (personal
/// fields sealed, masked in answers, read unmasked only for a stated purpose on the audit trail), the city-wide tag
/// dictionary, the counts of an area, and imports of authoritative population records.
public struct BaseDataUseCases: UseCaseGroup {
    let store: any BaseDataStore & OrganisationStore & AuditStore
    let shared: UseCaseContext
    let accessWatch: AccessWatch

    /// Who reads an area's base data.
    static let readers: Set<Role> = [.dutyOfficer, .leader, .stationChief, .communityWorker, .gridInspector, .admin]
    /// Who keeps a committee's base data (每个社工对一块基础数据负责).
    static let keepers: Set<Role> = [.communityWorker, .stationChief, .admin]
}

public struct CompoundInput: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    /// The committee it lies in.
    public var nodeID: Int64
    public var type: CompoundType
    public var managementMode: ManagementMode
    public var propertyCompany: String?
    public var ownersCommittee: String?
    public var address: String?
    public var location: GeoPoint?
    public var area: GeoJSONGeometry?
    public var entrances: [Entrance]?
}

public struct BuildingInput: Sendable, Hashable, Codable {
    public var number: String
    public var floors: Int
    public var units: Int
    /// Houses on each floor of each unit, numbered floor × 100 + n (`301`, `302` …); 0 for none.
    public var housesPerFloor: Int?
    public var location: GeoPoint?
    public var footprint: GeoJSONGeometry?
    public var tags: [String]?
}

public struct ResidentInput: Sendable, Hashable, Codable {
    public var nodeID: Int64?
    public var houseID: Int64?
    public var name: String
    public var idNumber: String?
    public var phone: String?
    public var kind: ResidentKind
    public var partyMember: Bool?
    public var tags: [String]?
    public var movedInOn: LocalDate?
    public init(nodeID: Int64? = nil, houseID: Int64? = nil, name: String, idNumber: String? = nil, phone: String? = nil, kind: ResidentKind, partyMember: Bool? = nil,
                tags: [String]? = nil, movedInOn: LocalDate? = nil) {
        self.nodeID = nodeID
        self.houseID = houseID
        self.name = name
        self.idNumber = idNumber
        self.phone = phone
        self.kind = kind
        self.partyMember = partyMember
        self.tags = tags
        self.movedInOn = movedInOn
    }
}

extension BaseDataUseCases {
    /// The tag dictionary.
    public func tags(by identity: Identity) async throws -> [Tag] {
        guard !identity.paths(for: Self.readers).isEmpty else { throw AccessError.roleRequired(Self.readers, to: "read the tag dictionary") }
        return try await store.tags()
    }

    /// The committee a keeper works on: `nodeID` (a committee in the caller's area for `roles`).
    func committee(_ nodeID: NodeID?, by identity: Identity, roles: Set<Role>, to action: String) async throws -> OrgNode {
        let node = try await store.areaNode(nodeID, of: identity, roles: roles, to: action)
        guard node.kind == .committee else { throw BaseDataError.notACommittee }
        return node
    }

    public func createCompound(_ input: CompoundInput, by identity: Identity) async throws -> Compound {
        let node = try await committee(NodeID(input.nodeID), by: identity, roles: Self.keepers, to: "keep this committee's base data")
        try OrgNode.checkText(code: input.code, name: input.name)
        for (field, value) in [("propertyCompany", input.propertyCompany), ("ownersCommittee", input.ownersCommittee), ("address", input.address)] {
            try InputLimits.check(value, field: field, max: InputLimits.address)
        }
        if let area = input.area {
            do { try GeometryValidator.validate(area.area, field: "area") } catch { throw DomainError.invalid(error.code, error.message, field: error.field) }
        }
        let entrances = try Entrance.checked(input.entrances ?? [], near: input.location)
        let compound = try await store.createCompound(Compound(
            id: CompoundID(0), code: input.code, name: input.name.trimmingCharacters(in: .whitespaces), nodeID: node.id, nodePath: node.path, type: input.type,
            managementMode: input.managementMode, propertyCompany: input.propertyCompany, ownersCommittee: input.ownersCommittee, address: input.address,
            location: input.location, area: input.area, entrances: entrances))
        try await audit("compound.created", "compound:\(compound.id)", identity, detail: compound.name)
        return compound
    }

    public func compounds(nodeID: NodeID?, afterCode: String?, limit: Int, by identity: Identity) async throws -> [Compound] {
        let area = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "read base data")
        return try await store.compounds(under: area.path, afterCode: afterCode, limit: limit)
    }

    /// A compound the caller's area holds.
    /// 小区 on the map: the compounds with a point in `box` within the caller's area, at most `mapLimit` (truncated beyond).
    public func mapCompounds(in box: BoundingBox, by identity: Identity) async throws -> (compounds: [Compound], truncated: Bool) {
        let paths = identity.paths(for: Self.readers)
        guard !paths.isEmpty else { throw AccessError.roleRequired(Self.readers, to: "read base data") }
        let found = try await store.compounds(in: box, under: paths, limit: KeyPlaceUseCases.mapLimit + 1)
        return (Array(found.prefix(KeyPlaceUseCases.mapLimit)), found.count > KeyPlaceUseCases.mapLimit)
    }

    public func compound(_ id: CompoundID, by identity: Identity) async throws -> Compound {
        guard let c = try await store.compound(id), identity.paths(for: Self.readers).contains(where: { c.nodePath.hasPrefix($0) }) else {
            throw BaseDataError.compoundNotFound(id)
        }
        return c
    }

    /// Adds a building to a compound with its houses (floors × units × houses per floor) in one commit.
    public func createBuilding(in compoundID: CompoundID, _ input: BuildingInput, by identity: Identity) async throws -> (building: Building, houses: [House]) {
        let compound = try await compound(compoundID, by: identity)
        try identity.require(anyOf: Self.keepers, at: compound.nodePath, to: "keep this committee's base data")
        let number = input.number.trimmingCharacters(in: .whitespaces)
        guard !number.isEmpty, number.count <= 20 else { throw OrganisationError.blank("number") }
        guard (1...200).contains(input.floors), (1...50).contains(input.units), (0...20).contains(input.housesPerFloor ?? 0) else { throw BaseDataError.buildingSize }
        let tags = try Self.checkTags(input.tags ?? [], kind: .building, field: "tags", dictionary: try await store.tags())
        var houses: [House] = []
        for unit in 1...input.units {
            for floor in 1...input.floors {
                for n in 0..<(input.housesPerFloor ?? 0) {
                    houses.append(House(id: HouseID(0), buildingID: BuildingID(0), unit: String(unit), floor: floor, number: String(floor * 100 + n + 1), use: .ownerOccupied))
                }
            }
        }
        let made = try await store.createBuilding(Building(id: BuildingID(0), compoundID: compound.id, nodeID: compound.nodeID, nodePath: compound.nodePath, number: number,
                                                           floors: input.floors, units: input.units, location: input.location, footprint: input.footprint, tags: tags),
                                                  houses: houses)
        try await audit("building.created", "building:\(made.building.id)", identity, detail: "\(compound.name) \(number), \(houses.count) houses")
        return made
    }

    public func buildings(of compoundID: CompoundID, by identity: Identity) async throws -> [Building] {
        _ = try await compound(compoundID, by: identity)
        return try await store.buildings(of: compoundID)
    }

    /// A building's houses, each with its residents masked.
    public func houses(of buildingID: BuildingID, by identity: Identity) async throws -> [(house: House, residents: [Resident])] {
        guard let b = try await store.building(buildingID), identity.paths(for: Self.readers).contains(where: { b.nodePath.hasPrefix($0) }) else {
            throw BaseDataError.buildingNotFound(buildingID)
        }
        // Two reads whatever the building's size: its houses, and everyone recorded in them.
        let living = Dictionary(grouping: try await store.residents(inBuilding: buildingID)) { $0.houseID }
        let out: [(House, [Resident])] = try await store.houses(of: buildingID).map { ($0, living[$0.id] ?? []) }
        try await audit("resident.read", "building:\(buildingID)", identity, detail: "masked, \(out.reduce(0) { $0 + $1.1.count }) residents")
        return out
    }

    /// Checks tags against the dictionary: every one known and of the kind; the tags once each, in order.
    static func checkTags(_ tags: [String], kind: Tag.Kind, field: String, dictionary: [Tag]) throws -> [String] {
        let known = Set(dictionary.filter { $0.kind == kind }.map(\.code))
        for (i, t) in tags.enumerated() where !known.contains(t) { throw BaseDataError.unknownTag(t, field: "\(field)[\(i)]") }
        return Array(Set(tags)).sorted()
    }

    /// A resident as the committee records it: the name, the ID number (checked) and phone, kind, tags from the
    /// dictionary, the house (of the committee) if known.
    func resident(_ input: ResidentInput, at node: OrgNode, field prefix: String, tags dictionary: [Tag], houses: [HouseID: String], source: String) throws -> Resident {
        let name = input.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 50 else { throw BaseDataError.name(field: prefix + "name") }
        var number: String?
        if let raw = input.idNumber, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            let n = IDNumber.normalised(raw)
            if let problem = IDNumber.problem(n, today: data.calendar.localDate(of: clock.now())) { throw BaseDataError.idNumber(problem, field: prefix + "idNumber") }
            number = n
        }
        let phone = input.phone.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        try PhoneNumber.check(phone, field: prefix + "phone")
        let tags = try Self.checkTags(input.tags ?? [], kind: .resident, field: prefix + "tags", dictionary: dictionary)
        if let house = input.houseID {
            guard let path = houses[HouseID(house)], path.hasPrefix(node.path) else { throw BaseDataError.houseNotFound(HouseID(house), field: prefix + "houseId") }
        }
        return Resident(id: ResidentID(0), nodeID: node.id, nodePath: node.path, houseID: input.houseID.map { HouseID($0) }, name: name, idNumber: number, phone: phone,
                        kind: input.kind, partyMember: input.partyMember ?? false, tags: tags, movedInOn: input.movedInOn, source: source)
    }

    /// The committee's path of each house named (a house's building knows its committee).
    func housePaths(_ ids: [HouseID]) async throws -> [HouseID: String] {
        var out: [HouseID: String] = [:]
        var buildings: [BuildingID: String] = [:]
        for id in Set(ids) {
            guard let h = try await store.house(id) else { continue }
            if buildings[h.buildingID] == nil { buildings[h.buildingID] = try await store.building(h.buildingID)?.nodePath }
            out[id] = buildings[h.buildingID]
        }
        return out
    }

    /// Records one resident at a committee the caller keeps.
    public func addResident(_ input: ResidentInput, by identity: Identity) async throws -> Resident {
        let node = try await committee(input.nodeID.map { NodeID($0) }, by: identity, roles: Self.keepers, to: "keep this committee's residents")
        let houses = try await housePaths(input.houseID.map { [HouseID($0)] } ?? [])
        let r = try resident(input, at: node, field: "", tags: try await store.tags(), houses: houses, source: "committee:\(node.code)")
        if let number = r.idNumber, try await store.resident(idNumber: number).map({ $0.movedOutOn == nil }) == true { throw BaseDataError.duplicateResident() }
        let made = try await store.addResidents([r])[0]
        try await audit("resident.created", "resident:\(made.id)", identity, detail: node.name)
        return made
    }

    /// The residents of an area, masked, a page at a time (the read is on the audit trail).
    public func residents(nodeID: NodeID?, kind: ResidentKind?, tag: String?, after: ResidentID?, limit: Int, by identity: Identity) async throws -> [Resident] {
        let area = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "read residents")
        let page = try await store.residents(under: area.path, kind: kind, tag: tag, after: after, limit: limit)
        try await audit("resident.read", "node:\(area.id)", identity, detail: "masked, \(page.count) residents")
        return page
    }

    /// 查看个人信息 — one resident unmasked, for a stated purpose, on the audit trail (unusual volume or hours alert the
    /// auditor), to the committee's keepers and the duty officers over it.
    public func reveal(_ id: ResidentID, reason: String, by identity: Identity, from caller: Caller) async throws -> Resident {
        let purpose = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(purpose.count) else { throw BaseDataError.reasonRequired }
        guard let r = try await store.resident(id), identity.paths(for: Self.readers).contains(where: { r.nodePath.hasPrefix($0) }) else {
            throw BaseDataError.residentNotFound(id)
        }
        try identity.require(anyOf: Self.keepers.union([.dutyOfficer]), at: r.nodePath, to: "see a resident's personal details")
        let now = clock.now()
        try await store.appendAudit(AuditEntry(at: now, actorID: identity.userID, actor: identity.name, action: "personal.read", target: "resident:\(id)",
                                               reason: purpose, address: caller.address, detail: "resident name, ID number and phone"))
        try await accessWatch.check(by: identity, at: now, caller: caller)
        return r
    }

    /// One resident, masked by the caller.
    public func resident(_ id: ResidentID, by identity: Identity) async throws -> Resident {
        guard let r = try await store.resident(id), identity.paths(for: Self.readers).contains(where: { r.nodePath.hasPrefix($0) }) else {
            throw BaseDataError.residentNotFound(id)
        }
        try await audit("resident.read", "resident:\(id)", identity, detail: "masked")
        return r
    }

    /// The base data of an area, counted.
    public func counts(nodeID: NodeID?, by identity: Identity) async throws -> (node: OrgNode, counts: BaseDataCounts) {
        let area = try await store.areaNode(nodeID, of: identity, roles: Self.readers, to: "read base data")
        return (area, try await store.baseDataCounts(under: area.path))
    }

    func audit(_ action: String, _ target: String, _ identity: Identity, detail: String) async throws {
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: action, target: target, detail: detail)])
    }
}

/// 迁移 — where a resident went: another house or committee, or away (out of the city or unknown).
public struct ResidentMoveInput: Sendable, Hashable, Codable {
    /// The house now lived in (its committee is the place), or
    public var houseID: Int64?
    /// the committee, when the house is not known.
    public var nodeID: Int64?
    /// Moved away: no place here any more.
    public var away: Bool?
    /// The day of the move (default today).
    public var on: LocalDate?
    /// For a move in: the person's ID number.
    public var idNumber: String?
}

extension BaseDataUseCases {
    /// The committee and house a move names, checked: a house of a committee, or a committee.
    func place(_ input: ResidentMoveInput) async throws -> ResidentPlace {
        if let raw = input.houseID {
            let id = HouseID(raw)
            guard let path = try await housePaths([id])[id], let committee = OrgNode.ancestor(of: path, depth: OrgNode.Kind.committee.depth) else {
                throw BaseDataError.houseNotFound(id, field: "houseId")
            }
            return ResidentPlace(nodeID: committee.id, nodePath: committee.path, houseID: id)
        }
        guard let raw = input.nodeID else { throw BaseDataError.moveTarget }
        let node = try await store.requireNode(NodeID(raw))
        guard node.kind == .committee else { throw BaseDataError.notACommittee }
        return ResidentPlace(nodeID: node.id, nodePath: node.path, houseID: nil)
    }

    /// 迁出 / 搬迁 — the committee where a resident lives records that they moved away or elsewhere (committees keep
    /// floating residents' moves current where the police's records lag).
    public func move(_ id: ResidentID, _ input: ResidentMoveInput, by identity: Identity) async throws -> Resident {
        guard let r = try await store.resident(id), identity.paths(for: Self.readers).contains(where: { r.nodePath.hasPrefix($0) }) else {
            throw BaseDataError.residentNotFound(id)
        }
        try identity.require(anyOf: Self.keepers, at: r.nodePath, to: "record this resident's move")
        guard r.movedOutOn == nil else { throw BaseDataError.movedOut }
        let target = input.away == true ? nil : try await place(input)
        let day = input.on ?? data.calendar.localDate(of: clock.now())
        guard let moved = try await store.moveResident(id, to: target, on: day) else { throw BaseDataError.residentNotFound(id) }
        try await audit("resident.moved", "resident:\(id)", identity, detail: target.map { "to node \($0.nodeID)" } ?? "away")
        return moved
    }

    /// 迁入 — the committee a person moved to records them by their ID number: the record moves here (with its
    /// history) instead of a second one being made.
    public func moveIn(_ input: ResidentMoveInput, by identity: Identity) async throws -> Resident {
        let target = try await place(input)
        try identity.require(anyOf: Self.keepers, at: target.nodePath, to: "record who moved in here")
        let number = IDNumber.normalised(input.idNumber ?? "")
        if let problem = IDNumber.problem(number) { throw BaseDataError.idNumber(problem) }
        guard let r = try await store.resident(idNumber: number) else { throw BaseDataError.notRecorded }
        let day = input.on ?? data.calendar.localDate(of: clock.now())
        guard let moved = try await store.moveResident(r.id, to: target, on: day) else { throw BaseDataError.notRecorded }
        try await audit("resident.moved_in", "resident:\(r.id)", identity, detail: "from node \(r.nodeID)")
        return moved
    }
}
