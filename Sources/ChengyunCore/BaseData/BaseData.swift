import Foundation

public typealias CompoundID = Identifier<Compound>
public typealias BuildingID = Identifier<Building>
public typealias HouseID = Identifier<House>
public typealias ResidentID = Identifier<Resident>

/// 小区类型 — each with its own strategy (seed 002).
public enum CompoundType: String, Sendable, Hashable, Codable, CaseIterable {
    /// 老旧小区
    case oldEstate
    /// 商品房
    case commercial
    /// 售后公房
    case soldPublicHousing
    /// 其他 (村民宅基地、单位宿舍 …)
    case other
}

/// 管理方式 — a property company, or self-managed (seed 000 finds "三无" 自管小区).
public enum ManagementMode: String, Sendable, Hashable, Codable, CaseIterable {
    case propertyCompany
    case selfManaged
}

/// 小区 — a residential compound in a committee's area: type, management, property company, owners' committee,
/// entrances, boundary.
public struct Compound: Sendable, Hashable, Codable, Identifiable {
    public var id: CompoundID
    public var code: String
    public var name: String
    /// The committee it lies in.
    public var nodeID: NodeID
    public var nodePath: String
    public var type: CompoundType
    public var managementMode: ManagementMode
    /// 物业 — the name of the property company serving it, and the company (filed with the district).
    public var propertyCompany: String?
    public var propertyCompanyID: PropertyCompanyID?
    /// 业委会 — the owners' committee, if one is formed.
    public var ownersCommittee: String?
    public var address: String?
    public var location: GeoPoint?
    public var area: GeoJSONGeometry?
    public var entrances: [Entrance]
    public var version: Int

    public init(id: CompoundID, code: String, name: String, nodeID: NodeID, nodePath: String, type: CompoundType, managementMode: ManagementMode,
                propertyCompany: String? = nil, ownersCommittee: String? = nil, address: String? = nil, location: GeoPoint? = nil, area: GeoJSONGeometry? = nil,
                entrances: [Entrance] = [], version: Int = 1) {
        self.id = id
        self.code = code
        self.name = name
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.type = type
        self.managementMode = managementMode
        self.propertyCompany = propertyCompany
        self.ownersCommittee = ownersCommittee
        self.address = address
        self.location = location
        self.area = area
        self.entrances = entrances
        self.version = version
    }
}

/// 楼栋 — a building of a compound, with its footprint.
public struct Building: Sendable, Hashable, Codable, Identifiable {
    public var id: BuildingID
    public var compoundID: CompoundID
    public var nodeID: NodeID
    public var nodePath: String
    /// Its number as written on it, e.g. `12号楼`.
    public var number: String
    public var floors: Int
    public var units: Int
    public var location: GeoPoint?
    public var footprint: GeoJSONGeometry?
    /// Tags of the city-wide dictionary (kind `building`).
    public var tags: [String]

    public init(id: BuildingID, compoundID: CompoundID, nodeID: NodeID, nodePath: String, number: String, floors: Int, units: Int, location: GeoPoint? = nil,
                footprint: GeoJSONGeometry? = nil, tags: [String] = []) {
        self.id = id
        self.compoundID = compoundID
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.number = number
        self.floors = floors
        self.units = units
        self.location = location
        self.footprint = footprint
        self.tags = tags
    }
}

/// 房屋用途.
public enum HouseUse: String, Sendable, Hashable, Codable, CaseIterable {
    /// 自住
    case ownerOccupied
    /// 出租
    case rented
    /// 空置
    case vacant
    /// 经营 (商铺、办公)
    case business
    /// 其他
    case other
}

/// 房屋 — a house (flat) of a building: unit, floor, number, use.
public struct House: Sendable, Hashable, Codable, Identifiable {
    public var id: HouseID
    public var buildingID: BuildingID
    /// 单元, e.g. `1`.
    public var unit: String
    public var floor: Int
    /// 室号, e.g. `301`.
    public var number: String
    public var use: HouseUse
    /// Tags of the city-wide dictionary (kind `house`).
    public var tags: [String]

    public init(id: HouseID, buildingID: BuildingID, unit: String, floor: Int, number: String, use: HouseUse, tags: [String] = []) {
        self.id = id
        self.buildingID = buildingID
        self.unit = unit
        self.floor = floor
        self.number = number
        self.use = use
        self.tags = tags
    }
}

/// 实有人口的类别.
public enum ResidentKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// 户籍人口
    case registered
    /// 常住 (户籍不在此、长住)
    case resident
    /// 流动人口
    case floating
}

/// 实有人口 — a person living in a committee's area. Name, ID number and phone are personal data: sealed at rest,
/// masked in every answer, read unmasked only for a stated purpose on the audit trail.
public struct Resident: Sendable, Hashable, Codable, Identifiable {
    public var id: ResidentID
    public var nodeID: NodeID
    public var nodePath: String
    public var houseID: HouseID?
    public var name: String
    /// 公民身份号码 (GB 11643), checked.
    public var idNumber: String?
    public var phone: String?
    public var kind: ResidentKind
    public var partyMember: Bool
    /// 重点人群 / 特殊人群 … — tags of the city-wide dictionary (kind `resident`).
    public var tags: [String]
    public var movedInOn: LocalDate?
    public var movedOutOn: LocalDate?
    /// Where the row came from: `import:<batch>` or the committee that entered it.
    public var source: String
    public var version: Int

    public init(id: ResidentID, nodeID: NodeID, nodePath: String, houseID: HouseID? = nil, name: String, idNumber: String? = nil, phone: String? = nil,
                kind: ResidentKind, partyMember: Bool = false, tags: [String] = [], movedInOn: LocalDate? = nil, movedOutOn: LocalDate? = nil,
                source: String, version: Int = 1) {
        self.id = id
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.houseID = houseID
        self.name = name
        self.idNumber = idNumber
        self.phone = phone
        self.kind = kind
        self.partyMember = partyMember
        self.tags = tags
        self.movedInOn = movedInOn
        self.movedOutOn = movedOutOn
        self.source = source
        self.version = version
    }
}

/// 标签 — an entry of the city-wide tag dictionary: no ad-hoc tags per committee.
public struct Tag: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case resident, house, building
    }
    /// e.g. `elderlyAlone`.
    public var code: String
    public var name: String
    public var kind: Kind
    /// 特殊人群 / 重点人群 / 关爱对象 … a heading to group tags by.
    public var group: String

    public init(code: String, name: String, kind: Kind, group: String) {
        self.code = code
        self.name = name
        self.kind = kind
        self.group = group
    }
}

/// 盘家底 — an area's base data counted: compounds, buildings, houses, residents by kind, party members and each tag.
public struct BaseDataCounts: Sendable, Hashable, Codable {
    public var compounds = 0
    /// Compounds by type (老旧小区 / 商品房 / 售后公房 …).
    public var byCompoundType: [String: Int] = [:]
    public var buildings = 0
    public var houses = 0
    public var residents = 0
    public var byKind: [String: Int] = [:]
    public var partyMembers = 0
    public var byTag: [String: Int] = [:]
    /// Key places and facilities (重点场所与设施) by kind, and the facilities nobody maintains.
    public var places = KeyPlaceCounts()
    public init() {}
}
