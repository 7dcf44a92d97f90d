/// 联勤联动站 — the error codes of stations and town-managed communities, each with its message. Stable: the console
/// and the OpenAPI document rely on them.
public enum StationError {
    /// 404 `station.not_found`
    public static func notFound(_ id: StationID) -> DomainError { .notFound("station.not_found", "There is no station \(id) you may see.") }
    /// 404 `town_community.not_found`
    public static func townCommunityNotFound(_ id: TownCommunityID, field: String? = nil) -> DomainError {
        .notFound("town_community.not_found", "There is no town-managed community \(id).", field: field)
    }
    /// 422 `station.host_not_street` — a station or a town-managed community stands in a street or town.
    public static let hostNotStreet = DomainError.unprocessable("station.host_not_street", "A station stands in a street or town: give its nodeId.", field: "nodeId")
    /// 422 `town_community.host_not_town`
    public static let hostNotTown = DomainError.unprocessable("town_community.host_not_town", "A town-managed community belongs to a town (镇).", field: "nodeId")
    /// 400 `station.coverage_required`
    public static let coverageRequired = DomainError.invalid(
        "station.coverage_required", "Name the committees it serves (one or several); a special area needs its boundary instead.", field: "committeeIds")
    /// 422 `station.committee_outside` — not a committee of the street or town.
    public static func committeeOutside(index: Int, field: String = "committeeIds") -> DomainError {
        .unprocessable("station.committee_outside", "That is not a committee of the street or town it stands in.", field: "\(field)[\(index)]")
    }
    /// 422 `station.committee_kind` — a village station serves villages, a community-centre station residential committees.
    public static func committeeKind(index: Int, village: Bool) -> DomainError {
        .unprocessable("station.committee_kind", village ? "A village station serves village committees (村委)." : "A community-centre station serves residential committees (居委).",
                       field: "committeeIds[\(index)]")
    }
    /// 400 `station.duplicate_committee`
    public static func duplicateCommittee(index: Int, field: String = "committeeIds") -> DomainError {
        .invalid("station.duplicate_committee", "The same committee is named twice.", field: "\(field)[\(index)]")
    }
    /// 409 `station.committee_taken` — a committee is served by one community-centre or village station at most.
    public static func committeeTaken(index: Int, by station: String) -> DomainError {
        .conflict("station.committee_taken", "That committee is already served by \(station.prefix(60)).", field: "committeeIds[\(index)]")
    }
    /// 409 `town_community.committee_taken`
    public static func committeeGrouped(index: Int, by community: String) -> DomainError {
        .conflict("town_community.committee_taken", "That committee already belongs to \(community.prefix(60)).", field: "committeeIds[\(index)]")
    }
    /// 400 `station.area_required`
    public static let areaRequired = DomainError.invalid("station.area_required", "A special-area station needs its boundary: a GeoJSON Polygon or MultiPolygon.", field: "area")
    /// 400 `station.area_not_allowed`
    public static let areaNotAllowed = DomainError.invalid("station.area_not_allowed", "Only a special-area station has a boundary of its own; the others serve committees.", field: "area")
    /// 422 `station.town_community_mismatch`
    public static let townCommunityMismatch = DomainError.unprocessable(
        "station.town_community_mismatch", "The town-managed community must be a community-centre station's, in the same town, and hold every committee it serves.",
        field: "townCommunityId")
    /// 422 `station.chief_not_eligible` — the 第一站长 holds the station-chief role at a committee it serves or at its street.
    public static let chiefNotEligible = DomainError.unprocessable(
        "station.chief_not_eligible", "The station chief must be a user with the station-chief role (第一站长) at a committee it serves or at its street or town.",
        field: "chiefId")
    /// 422 `station.post_not_staff` — a posted staff member handles cases for the department named.
    public static let postNotStaff = DomainError.unprocessable(
        "station.post_not_staff", "Post a department's own staff: the user must be a handler of that department.", field: "userId")
    /// 409 `station.already_posted`
    public static let alreadyPosted = DomainError.conflict("station.already_posted", "That person is posted to this station already.", field: "userId")
    /// 404 `station.post_not_found`
    public static let postNotFound = DomainError.notFound("station.post_not_found", "That person is not posted to this station.", field: "userId")
    /// 400 `station.fixed_fields` — a station's code, type and street are set when it is created.
    public static let fixedFields = DomainError.invalid(
        "station.fixed_fields", "A station's code, type and street stay as created; set up a new station to change them.", field: "code")
    /// 422 `town_community.secretary_not_eligible`
    public static let secretaryNotEligible = DomainError.unprocessable(
        "town_community.secretary_not_eligible", "The secretary must hold the station-chief role (第一站长) in the town or at one of its committees.",
        field: "secretaryId")
    /// 409 `station.duplicate_code`
    public static func duplicateCode(_ code: String) -> DomainError {
        .conflict("station.duplicate_code", "A station or town-managed community with code \(code.prefix(32)) exists already.", field: "code")
    }
}

extension Station {
    /// Checks a station against the street or town it stands in, the committees it names (as nodes, in order) and
    /// its town-managed community; the store then checks that no other station serves those committees.
    /// - Throws: the `StationError` naming the field.
    public func check(host: OrgNode, committees: [OrgNode], townCommunity: TownCommunity?) throws {
        try OrgNode.checkText(code: code, name: name)
        guard host.kind == .street else { throw StationError.hostNotStreet }
        var seen = Set<NodeID>()
        for (i, c) in committees.enumerated() {
            guard c.kind == .committee, host.contains(c) else { throw StationError.committeeOutside(index: i) }
            guard seen.insert(c.id).inserted else { throw StationError.duplicateCommittee(index: i) }
            switch type {
            case .village where c.variant != "village": throw StationError.committeeKind(index: i, village: true)
            case .communityCentre where c.variant == "village": throw StationError.committeeKind(index: i, village: false)
            default: break
            }
        }
        switch type {
        case .specialArea:
            guard let area else { throw StationError.areaRequired }
            do { try GeometryValidator.validate(area.area, field: "area") } catch { throw DomainError.invalid(error.code, error.message, field: error.field) }
        case .communityCentre, .village:
            guard area == nil else { throw StationError.areaNotAllowed }
            guard !committees.isEmpty else { throw StationError.coverageRequired }
        }
        if let townCommunity {
            guard type == .communityCentre, townCommunity.nodeID == host.id, committees.allSatisfy({ townCommunity.committeeIDs.contains($0.id) }) else {
                throw StationError.townCommunityMismatch
            }
        }
    }

    /// Whether `user` may be this station's chief: 第一站长 at a committee it serves or at its street.
    public func mayBeChief(_ user: User, committees: [OrgNode]) -> Bool {
        user.active && user.assignments.contains { a in
            a.role == .stationChief && (a.nodeID == nodeID || committees.contains { $0.id == a.nodeID })
        }
    }
}

extension TownCommunity {
    /// Checks a town-managed community against its town and committees.
    public func check(town: OrgNode, committees: [OrgNode]) throws {
        try OrgNode.checkText(code: code, name: name)
        guard town.kind == .street, town.variant == "town" else { throw StationError.hostNotTown }
        guard !committees.isEmpty else { throw StationError.coverageRequired }
        var seen = Set<NodeID>()
        for (i, c) in committees.enumerated() {
            guard c.kind == .committee, town.contains(c) else { throw StationError.committeeOutside(index: i) }
            guard seen.insert(c.id).inserted else { throw StationError.duplicateCommittee(index: i) }
        }
    }
}
