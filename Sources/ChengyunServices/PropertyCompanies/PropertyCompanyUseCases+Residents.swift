public import ChengyunCore
import ChengyunStore
public import Foundation

/// What a resident sees of their home's management: the compound they live in and the company serving it — its repair
/// line, and its published record, score and grade (the credit rating is public: PRODUCT.md module 4).
public struct ResidentHome: Sendable, Hashable, Codable {
    public struct Place: Sendable, Hashable, Codable {
        public var compoundID: CompoundID
        public var name: String
        public var type: CompoundType
        public var managementMode: ManagementMode
        public var address: String?
        public var building: String
    }
    public var home: Place
    /// The company serving the compound now, with its record over the last year; none for a self-managed compound.
    public var company: PropertyCompanyLine?
    public var from: Date
    public var to: Date
}

extension PropertyCompanyUseCases {
    /// 我的小区物业 — the compound of the house the resident's verified registration placed them in, and its company.
    public func home(by identity: Identity) async throws -> ResidentHome {
        guard let residentID = try await store.verifiedResidentID(of: identity), let resident = try await store.resident(residentID), resident.movedOutOn == nil,
              let houseID = resident.houseID, let house = try await store.house(houseID), let building = try await store.building(house.buildingID),
              let compound = try await store.compound(building.compoundID) else {
            throw PropertyError.noHome
        }
        let to = clock.now(), from = to.addingTimeInterval(-365 * 86_400)
        var line: PropertyCompanyLine?
        if let id = compound.propertyCompanyID, let company = try await store.propertyCompany(id) {
            let record = try await records([id], from: from, to: to)[id] ?? CompanyRecord()
            line = PropertyCompanyLine(company, record, districtName: try await store.node(company.districtID)?.name)
        }
        return ResidentHome(home: .init(compoundID: compound.id, name: compound.name, type: compound.type, managementMode: compound.managementMode,
                                        address: compound.address, building: building.number),
                            company: line, from: from, to: to)
    }
}
