public import ChengyunCore

/// 盘家底 — the community's base data (一张总图): compounds, buildings, houses and residents as typed rows, the
/// city-wide tag dictionary, and per-committee tallies kept in the same commit as the rows they count. A store seals
/// residents' names, ID numbers and phones with its cipher and finds an ID number by its lookup key.
public protocol BaseDataStore: Sendable {
    /// The tag dictionary, by kind and code.
    func tags() async throws -> [Tag]
    /// Replaces the dictionary (tags in use stay usable: a code is never dropped while rows carry it).
    func replaceTags(_ tags: [Tag]) async throws

    /// - Throws: `BaseDataError.duplicateCompound`.
    func createCompound(_ compound: Compound) async throws -> Compound
    func compound(_ id: CompoundID) async throws -> Compound?
    func compound(code: String) async throws -> Compound?
    /// The compounds on or under `path`, by code after `afterCode`.
    func compounds(under path: String, afterCode: String?, limit: Int) async throws -> [Compound]
    /// The compounds on or under `path` that have a boundary, without their entrances: what a report's point is tested
    /// against at intake (one small read of the committee's compounds).
    func boundedCompounds(under path: String) async throws -> [Compound]
    /// 小区 on the map: the compounds with a point in `box` on or under any of `paths`, at most `limit` (their outlines,
    /// without their entrances).
    func compounds(in box: BoundingBox, under paths: [String], limit: Int) async throws -> [Compound]
    /// 动线 — replaces a compound's entrances (with their checkpoints, in order) in one commit and raises its version;
    /// nil when there is no such compound.
    /// - Throws: `EntranceError.changed` when `version` is given and is not the compound's.
    func replaceEntrances(of id: CompoundID, _ entrances: [Entrance], version: Int?) async throws -> Compound?

    /// Stores a building and its houses in one commit.
    /// - Throws: `BaseDataError.duplicateBuilding`, `BaseDataError.duplicateHouse`.
    func createBuilding(_ building: Building, houses: [House]) async throws -> (building: Building, houses: [House])
    func building(_ id: BuildingID) async throws -> Building?
    func buildings(of compound: CompoundID) async throws -> [Building]
    /// The buildings of these ids, in one read (in any order; unknown ids left out).
    func buildings(_ ids: [BuildingID]) async throws -> [Building]
    func house(_ id: HouseID) async throws -> House?
    func houses(of building: BuildingID) async throws -> [House]
    /// The houses of these ids, in one read (in any order; unknown ids left out).
    func houses(_ ids: [HouseID]) async throws -> [House]

    /// Stores residents in one commit, all or none.
    /// - Throws: `BaseDataError.duplicateResident` naming `residents[i].idNumber` for an ID number recorded already
    ///   (or twice in the batch).
    func addResidents(_ residents: [Resident]) async throws -> [Resident]
    func resident(_ id: ResidentID) async throws -> Resident?
    /// The residents of these ids, in one read (in any order; unknown ids left out).
    func residents(_ ids: [ResidentID]) async throws -> [Resident]
    /// 迁移 — records that a resident moved: to another place (then living there from `day`) or away (moved out on
    /// `day`); the tallies of both committees change in the same commit and the version goes up. Nil when there is no
    /// such resident.
    func moveResident(_ id: ResidentID, to place: ResidentPlace?, on day: LocalDate) async throws -> Resident?
    /// The resident recorded with this ID number, if any.
    func resident(idNumber: String) async throws -> Resident?
    func residents(of house: HouseID) async throws -> [Resident]
    /// The residents recorded in the houses of a building, in one read, by id.
    func residents(inBuilding building: BuildingID) async throws -> [Resident]
    /// The residents on or under `path` (of `kind`, with `tag`), by id after `after`.
    func residents(under path: String, kind: ResidentKind?, tag: String?, after: ResidentID?, limit: Int) async throws -> [Resident]

    /// Seals residents' personal fields anew under the current key where they are not, and recomputes their ID
    /// numbers' lookup keys where they changed (the oldest key retired); returns how many residents changed.
    func resealResidents() async throws -> Int

    /// The base data on or under `path`, summed from the committees' tallies.
    func baseDataCounts(under path: String) async throws -> BaseDataCounts
}

/// Where a resident lives: the committee and the house if known.
public struct ResidentPlace: Sendable, Hashable {
    public var nodeID: NodeID
    public var nodePath: String
    public var houseID: HouseID?
    public init(nodeID: NodeID, nodePath: String, houseID: HouseID?) {
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.houseID = houseID
    }
}

extension Resident {
    /// The resident after a move to `place` (living there from `day`), or away (moved out on `day`).
    public func moved(to place: ResidentPlace?, on day: LocalDate) -> Resident {
        var r = self
        if let place {
            r.nodeID = place.nodeID
            r.nodePath = place.nodePath
            r.houseID = place.houseID
            r.movedInOn = day
            r.movedOutOn = nil
        } else {
            r.movedOutOn = day
        }
        r.version += 1
        return r
    }
}

/// The per-committee tallies behind `BaseDataCounts`, by key: `compounds`, `compounds:<type>`, `buildings`, `houses`,
/// `residents`, `kind:<kind>`, `party`, `tag:<code>`, and for key places `place:<kind>` and `place:unmaintained`. Both
/// stores keep them in the commit of the rows they count.
extension BaseDataCounts {
    public init(tallies: [(String, Int)]) {
        self.init()
        for (key, n) in tallies {
            switch key {
            case "compounds": compounds = n
            case "buildings": buildings = n
            case "houses": houses = n
            case "residents": residents = n
            case "party": partyMembers = n
            default:
                if key.hasPrefix("compounds:") { byCompoundType[String(key.dropFirst(10))] = n }
                if key.hasPrefix("kind:") { byKind[String(key.dropFirst(5))] = n }
                if key.hasPrefix("tag:") { byTag[String(key.dropFirst(4))] = n }
                if key == "place:unmaintained" {
                    places.unmaintained = n
                } else if key.hasPrefix("place:"), n != 0 {
                    let kind = String(key.dropFirst(6))
                    places.byKind[kind] = n
                    if KeyPlaceKind.kind(kind)?.placeClass == .facility { places.facilities += n } else { places.places += n }
                }
            }
        }
    }

    /// The tallies a resident living here adds to (none once moved out).
    public static func tallyKeys(of r: Resident) -> [String] {
        guard r.movedOutOn == nil else { return [] }
        return ["residents", "kind:\(r.kind.rawValue)"] + Set(r.tags).sorted().map { "tag:\($0)" } + (r.partyMember ? ["party"] : [])
    }
}
