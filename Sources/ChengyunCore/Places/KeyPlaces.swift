import Foundation

public typealias KeyPlaceID = Identifier<KeyPlace>

/// What a kind of the element map is: a place people are in or a hazard is kept (重点场所), or a piece of equipment
/// someone must maintain (设施).
public enum KeyPlaceClass: String, Sendable, Hashable, Codable, CaseIterable {
    case place
    case facility
}

/// A kind of key place or facility, from the city's shipped catalogue (no ad-hoc kinds, as with tags). A kind under
/// supervision is a key supervised unit of the risk register (重点监管单位: hazardous chemicals, crowded places,
/// construction sites, studios in old factories, 三合一 sites — PRODUCT.md module 5).
public struct KeyPlaceKind: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var nameEn: String
    public var placeClass: KeyPlaceClass
    public var supervised: Bool

    /// The catalogue: the places seed 000 and 001 name, and the fire facilities seed 000 finds left without a maintainer.
    public static let catalogue: [KeyPlaceKind] = [
        .init(code: "school", name: "学校", nameEn: "School", placeClass: .place, supervised: false),
        .init(code: "kindergarten", name: "幼儿园", nameEn: "Kindergarten", placeClass: .place, supervised: false),
        .init(code: "elderlyHome", name: "养老机构", nameEn: "Home for the elderly", placeClass: .place, supervised: true),
        .init(code: "clinic", name: "医疗机构", nameEn: "Clinic or hospital", placeClass: .place, supervised: false),
        .init(code: "market", name: "农贸市场", nameEn: "Market", placeClass: .place, supervised: true),
        .init(code: "crowded", name: "人员密集场所", nameEn: "Crowded place", placeClass: .place, supervised: true),
        .init(code: "hazardousChemicals", name: "危化品单位", nameEn: "Hazardous chemicals", placeClass: .place, supervised: true),
        .init(code: "constructionSite", name: "建筑工地", nameEn: "Construction site", placeClass: .place, supervised: true),
        .init(code: "oldFactoryStudio", name: "老厂房工作室", nameEn: "Studio in an old factory", placeClass: .place, supervised: true),
        .init(code: "threeInOne", name: "三合一场所", nameEn: "Three-in-one site", placeClass: .place, supervised: true),
        .init(code: "miniFireStation", name: "微型消防站", nameEn: "Mini fire station", placeClass: .facility, supervised: false),
        .init(code: "extinguishers", name: "灭火器箱", nameEn: "Fire extinguishers", placeClass: .facility, supervised: false),
        .init(code: "hydrant", name: "消火栓", nameEn: "Fire hydrant", placeClass: .facility, supervised: false),
        .init(code: "ebikeCharging", name: "电动自行车充电点", nameEn: "E-bike charging point", placeClass: .facility, supervised: false),
        .init(code: "aed", name: "AED 急救设备", nameEn: "AED", placeClass: .facility, supervised: false),
    ]

    public static func kind(_ code: String) -> KeyPlaceKind? { catalogue.first { $0.code == code } }
}

/// 重点场所与设施 — a key place or a facility on a committee's element map (一张总图, issue 19 §2), placed in the tree
/// and on the map: its kind, name, point, address, the unit running it, and for a facility the unit maintaining it —
/// a facility with no maintainer is a finding (PRODUCT.md module 5: "a facility without a maintainer is a finding").
public struct KeyPlace: Sendable, Hashable, Codable, Identifiable {
    public var id: KeyPlaceID
    /// Unique in the city.
    public var code: String
    public var name: String
    public var kind: String
    /// The committee it lies in.
    public var nodeID: NodeID
    public var nodePath: String
    /// The compound it is in, if any (a charging point, a mini fire station).
    public var compoundID: CompoundID?
    public var location: GeoPoint
    public var address: String?
    /// The unit running the place (a school, a market's operator, a company) — a unit, not a person.
    public var operatorName: String?
    /// Who maintains a facility (or answers for a place's safety); none is a finding for a facility.
    public var maintainer: String?
    /// People it holds at most (a crowded place, a school), if known.
    public var capacity: Int?
    public var note: String?
    public var version: Int

    public init(id: KeyPlaceID, code: String, name: String, kind: String, nodeID: NodeID, nodePath: String, compoundID: CompoundID? = nil, location: GeoPoint,
                address: String? = nil, operatorName: String? = nil, maintainer: String? = nil, capacity: Int? = nil, note: String? = nil, version: Int = 1) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.compoundID = compoundID
        self.location = location
        self.address = address
        self.operatorName = operatorName
        self.maintainer = maintainer
        self.capacity = capacity
        self.note = note
        self.version = version
    }

    /// A facility nobody maintains: a finding.
    public var unmaintained: Bool { KeyPlaceKind.kind(kind)?.placeClass == .facility && maintainer == nil }
}

/// An area's key places and facilities, counted by the database (a tally per committee kept in the same commit).
public struct KeyPlaceCounts: Sendable, Hashable, Codable {
    public var places = 0
    public var facilities = 0
    public var byKind: [String: Int] = [:]
    /// Facilities with no maintainer (findings).
    public var unmaintained = 0
    public init() {}
}

/// The error codes of key places and facilities.
public enum KeyPlaceError {
    /// 404 `place.not_found`
    public static func notFound(_ id: KeyPlaceID) -> DomainError { .notFound("place.not_found", "There is no key place or facility \(id) you may see.") }
    /// 400 `place.kind` — kinds come from the catalogue only.
    public static func kind(_ code: String) -> DomainError {
        .invalid("place.kind", "\(code.prefix(40)) is not a kind of the catalogue (GET /api/v1/places/kinds).", field: "kind")
    }
    /// 409 `place.duplicate_code`
    public static func duplicateCode(_ code: String) -> DomainError {
        .conflict("place.duplicate_code", "A key place or facility with code \(code.prefix(32)) exists already.", field: "code")
    }
    /// 400 `place.location` — every key place is on the map.
    public static let location = DomainError.invalid("place.location", "Give the place's point (WGS-84 lon/lat) inside its committee's city.", field: "location")
    /// 400 `place.capacity`
    public static let capacity = DomainError.invalid("place.capacity", "Capacity is a number of people, 1 to 1,000,000.", field: "capacity")
    /// 422 `place.compound` — the compound is in the same committee.
    public static let compound = DomainError.unprocessable("place.compound", "The compound is not in this committee.", field: "compoundId")
    /// 400 `place.version_required` — a change says which version of the place it was made on.
    public static let versionRequired = DomainError.invalid("place.version_required", "Give the version of the place you read (GET /api/v1/places/{id}).", field: "version")
    /// 409 `place.changed` — someone changed the place since the version the change was made on.
    public static let changed = DomainError.conflict("place.changed", "Someone changed this place meanwhile; reload it and make the change again.", field: "version")
}
