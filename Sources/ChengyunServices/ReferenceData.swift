public import ChengyunCore
import Foundation

/// A grid as the locator returns it: its id and path.
public struct GridRef: Sendable, Hashable {
    public var id: NodeID
    public var path: String
}

/// The read-mostly data every request needs, held in memory and replaced whole after a change:
/// taxonomy, calendar, dispatch rules, departments and the grid locator.
public struct ReferenceData: Sendable {
    public let taxonomy: Taxonomy
    public let calendar: WorkingCalendar
    public let rules: [DispatchRule]
    public let departments: [DepartmentID: Department]
    public let departmentPaths: [DepartmentID: String]
    public let locator: AreaLocator<GridRef>
    /// 处置权 — who may take which category of diverted 110 call.
    public let handlingPowers: Set<HandlingPower>
    /// 地图尺度 — the mean size of the city's grids, which decides how finely a map view is shown.
    public let mapScale: MapScale
    /// Categories by id (`event:0110`), for a look-up per request.
    let categoryIndex: [String: Category]
    /// The departments of kinds that take no cases (`DepartmentKinds.notForCases`: the street centres).
    public let notForCases: Set<DepartmentID>
    /// The rules a case may be dispatched by: those naming no such department (a rule saved before centres were refused
    /// is passed over, never the reason a case cannot be accepted).
    public let rulesForCases: [DispatchRule]
    /// The categories whose report back needs an after photo (须上传处置后照片).
    public let afterPhotoCategories: Set<String>
    /// 联勤联动站 — which station a place belongs to.
    public let stations: StationLocator
    /// 物业 — each property company's handling unit (the first level of an emergency repair).
    public var companyDepartments: [PropertyCompanyID: DepartmentID] = [:] {
        didSet { companyUnits = Dictionary(companyDepartments.map { ($1, $0) }, uniquingKeysWith: { a, _ in a }) }
    }
    /// The same, by unit.
    public private(set) var companyUnits: [DepartmentID: PropertyCompanyID] = [:]

    public init(taxonomy: Taxonomy, calendar: WorkingCalendar, rules: [DispatchRule], departments: [DepartmentID: Department],
                departmentPaths: [DepartmentID: String], locator: AreaLocator<GridRef>, handlingPowers: Set<HandlingPower> = [], mapScale: MapScale = .shanghai,
                stations: StationLocator = .empty) {
        self.taxonomy = taxonomy
        self.calendar = calendar
        self.rules = rules
        self.departments = departments
        self.departmentPaths = departmentPaths
        self.locator = locator
        self.handlingPowers = handlingPowers
        self.mapScale = mapScale
        self.stations = stations
        categoryIndex = Dictionary(taxonomy.categories.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        afterPhotoCategories = Set(taxonomy.categories.filter { $0.afterPhotoRequired == true }.map(\.id))
        let notForCases = Set(departments.values.filter { DepartmentKinds.notForCases.contains($0.kind) }.map(\.id))
        self.notForCases = notForCases
        rulesForCases = rules.filter { r in !notForCases.contains(r.leadDepartmentID) && notForCases.isDisjoint(with: r.coHandlerIDs) }
    }

    public static let empty = ReferenceData(
        taxonomy: Taxonomy(version: "empty", categories: []), calendar: .standard, rules: [], departments: [:], departmentPaths: [:],
        locator: AreaLocator([]))

    /// Resolves a WGS-84 point to its grid, or explains that it lies outside the city.
    public func grid(at point: GeoPoint) throws(DomainError) -> GridRef {
        guard point.lon.isFinite, point.lat.isFinite, (-180...180).contains(point.lon), (-90...90).contains(point.lat) else {
            throw GeometryError.invalidPoint
        }
        guard let grid = locator.locate(point) else {
            throw GeometryError.outsideCity(point)
        }
        return grid
    }

    /// The category, or an error naming the field.
    public func category(_ id: String) throws(DomainError) -> Category {
        guard let c = categoryIndex[id] else {
            throw TaxonomyError.unknownCategory(id)
        }
        return c
    }
}
