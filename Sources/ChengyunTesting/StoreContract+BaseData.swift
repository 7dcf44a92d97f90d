import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 盘家底: the tag dictionary replaced whole; compounds with entrances (codes unique) found by id, code and area;
    /// a building stored with its houses in one commit (numbers unique in a compound, houses in a building); residents
    /// stored all or none (an ID number recorded once among those living here, also within a batch), read back whole,
    /// found by ID number, by house and by area, kind and tag, a page at a time; the area's counts from the tallies.
    public static func baseData(_ fresh: @Sendable () async throws -> any OrganisationStore & BaseDataStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        func code(_ body: () async throws -> Void) async -> String? {
            do { try await body(); return nil } catch let error as DomainError { return error.code } catch { return "\(error)" }
        }
        let tags = [Tag(code: "elderlyAlone", name: "独居老人", kind: .resident, group: "关爱对象"), Tag(code: "groupRental", name: "群租", kind: .house, group: "房屋")]
        try await store.replaceTags(tags)
        try await store.replaceTags(tags.reversed())
        #expect(try await store.tags() == [tags[1], tags[0]], "by kind (house < resident) and code")

        let gate = Entrance(name: "南门", location: GeoPoint(lon: 0.5, lat: 0.4), vehicles: true)
        let compound = try await store.createCompound(Compound(
            id: CompoundID(0), code: "XQ001", name: "花园新村", nodeID: t.committee.id, nodePath: t.committee.path, type: .oldEstate, managementMode: .propertyCompany,
            propertyCompany: "长乐物业", ownersCommittee: "花园新村业委会", address: "长乐路 100 弄", location: GeoPoint(lon: 0.5, lat: 0.5), entrances: [gate]))
        #expect(compound.id.rawValue > 0 && compound.version == 1)
        #expect(try await store.compound(compound.id) == compound)
        #expect(try await store.compound(code: "XQ001") == compound)
        #expect(await code { _ = try await store.createCompound(compound) } == "compound.duplicate_code")
        #expect(try await store.compounds(under: t.street.path, afterCode: nil, limit: 10) == [compound])
        #expect(try await store.compounds(under: t.otherGrid.path, afterCode: nil, limit: 10).isEmpty)
        #expect(try await store.compounds(under: t.city.path, afterCode: "XQ001", limit: 10).isEmpty)
        // 小区 on the map: by its point in a box, within the paths given.
        let around = BoundingBox(minLon: 0.4, minLat: 0.4, maxLon: 0.6, maxLat: 0.6), elsewhere = BoundingBox(minLon: 0.7, minLat: 0.7, maxLon: 0.9, maxLat: 0.9)
        #expect(try await store.compounds(in: around, under: [t.street.path], limit: 10).map(\.id) == [compound.id])
        #expect(try await store.compounds(in: elsewhere, under: [t.street.path], limit: 10).isEmpty)
        #expect(try await store.compounds(in: around, under: [t.otherGrid.path], limit: 10).isEmpty)
        #expect(try await store.compounds(in: around, under: [], limit: 10).isEmpty)

        let houses = (1...2).flatMap { floor in (1...2).map { n in House(id: HouseID(0), buildingID: BuildingID(0), unit: "1", floor: floor, number: "\(floor)0\(n)",
                                                                          use: .ownerOccupied, tags: n == 2 ? ["groupRental"] : []) } }
        let (building, made) = try await store.createBuilding(Building(id: BuildingID(0), compoundID: compound.id, nodeID: t.committee.id, nodePath: t.committee.path,
                                                                       number: "1号楼", floors: 2, units: 1), houses: houses)
        #expect(made.count == 4 && Set(made.map(\.id)).count == 4 && made.allSatisfy { $0.buildingID == building.id })
        #expect(try await store.building(building.id) == building)
        #expect(try await store.buildings(of: compound.id) == [building])
        #expect(try await store.houses(of: building.id).map(\.number) == ["201", "202", "101", "102"], "upper floors first")
        #expect(try await store.house(made[1].id)?.tags == ["groupRental"])
        #expect(await code { _ = try await store.createBuilding(building, houses: []) } == "building.duplicate_number")
        #expect(await code { _ = try await store.createBuilding(Building(id: BuildingID(0), compoundID: compound.id, nodeID: t.committee.id, nodePath: t.committee.path,
                                                                         number: "2号楼", floors: 1, units: 1), houses: [houses[0], houses[0]]) } == "house.duplicate")
        #expect(try await store.buildings(of: compound.id).count == 1, "the building with a duplicate house was not stored")

        func person(_ name: String, _ id: String?, kind: ResidentKind = .registered, tags: [String] = [], party: Bool = false, house: HouseID? = nil) -> Resident {
            Resident(id: ResidentID(0), nodeID: t.committee.id, nodePath: t.committee.path, houseID: house, name: name, idNumber: id, phone: "13912345678", kind: kind,
                     partyMember: party, tags: tags, movedInOn: LocalDate(year: 2020, month: 5, day: 1), source: "test")
        }
        let a = IDNumber.make(area: "990001", birth: LocalDate(year: 1940, month: 3, day: 8)!, sequence: 11)
        let b = IDNumber.make(area: "990001", birth: LocalDate(year: 1985, month: 12, day: 1)!, sequence: 22)
        let stored = try await store.addResidents([person("张阿婆", a, tags: ["elderlyAlone"], house: made[0].id), person("李四", b, kind: .floating, party: true, house: made[0].id),
                                                   person("王五", nil, kind: .resident)])
        #expect(stored.count == 3 && stored.allSatisfy { $0.id.rawValue > 0 })
        #expect(try await store.resident(stored[0].id) == stored[0], "read back whole, personal fields opened")
        #expect(try await store.resident(idNumber: b)?.id == stored[1].id)
        #expect(try await store.resident(idNumber: IDNumber.make(area: "990001", birth: LocalDate(year: 1990, month: 1, day: 1)!, sequence: 1)) == nil)
        #expect(try await store.residents(of: made[0].id).map(\.id) == [stored[0].id, stored[1].id])
        #expect(try await store.residents(inBuilding: made[0].buildingID).map(\.id) == [stored[0].id, stored[1].id], "a building's residents in one read")
        #expect(Set(try await store.residents([stored[2].id, stored[0].id, ResidentID(987_654)]).map(\.id)) == [stored[0].id, stored[2].id], "residents by ids")
        #expect(try await store.buildings([made[0].buildingID, BuildingID(987_654)]).map(\.id) == [made[0].buildingID], "buildings by ids")
        #expect(Set(try await store.houses([made[1].id, made[0].id, HouseID(987_654)]).map(\.id)) == [made[0].id, made[1].id], "houses by ids")
        #expect(await code { _ = try await store.addResidents([person("重复", a)]) }  == "resident.duplicate_id_number")
        let c = IDNumber.make(area: "990001", birth: LocalDate(year: 2001, month: 1, day: 1)!, sequence: 33)
        #expect(await code { _ = try await store.addResidents([person("甲", c), person("乙", c)]) } == "resident.duplicate_id_number")
        #expect(try await store.resident(idNumber: c) == nil, "nothing of the refused batch was stored")

        #expect(try await store.residents(under: t.street.path, kind: nil, tag: nil, after: nil, limit: 10).map(\.id) == stored.map(\.id))
        #expect(try await store.residents(under: t.street.path, kind: .floating, tag: nil, after: nil, limit: 10).map(\.id) == [stored[1].id])
        #expect(try await store.residents(under: t.street.path, kind: nil, tag: "elderlyAlone", after: nil, limit: 10).map(\.id) == [stored[0].id])
        #expect(try await store.residents(under: t.street.path, kind: nil, tag: nil, after: stored[0].id, limit: 1).map(\.id) == [stored[1].id])
        #expect(try await store.residents(under: t.otherGrid.path, kind: nil, tag: nil, after: nil, limit: 10).isEmpty)

        let counts = try await store.baseDataCounts(under: t.district.path)
        #expect(counts.compounds == 1 && counts.byCompoundType == ["oldEstate": 1] && counts.buildings == 1 && counts.houses == 4)
        #expect(counts.residents == 3 && counts.byKind == ["registered": 1, "floating": 1, "resident": 1] && counts.partyMembers == 1 && counts.byTag == ["elderlyAlone": 1])
        #expect(try await store.baseDataCounts(under: t.grid.path) == counts, "a grid's counts are its committee's")
        #expect(try await store.baseDataCounts(under: t.otherGrid.path) == BaseDataCounts())

        // Moves: to the other committee (both committees' counts change, the district's stay), then away.
        let other = try #require(OrgNode.ancestor(of: t.otherGrid.path, depth: OrgNode.Kind.committee.depth))
        let day = LocalDate(year: 2026, month: 11, day: 30)!
        let moved = try #require(try await store.moveResident(stored[1].id, to: ResidentPlace(nodeID: other.id, nodePath: other.path, houseID: nil), on: day))
        #expect(moved.nodeID == other.id && moved.houseID == nil && moved.movedInOn == day && moved.version == 2)
        #expect(try await store.resident(stored[1].id) == moved)
        let here = try await store.baseDataCounts(under: t.committee.path), there = try await store.baseDataCounts(under: other.path)
        #expect(here.residents == 2 && there.residents == 1 && there.partyMembers == 1 && there.byKind == ["floating": 1])
        #expect(try await store.baseDataCounts(under: t.district.path) == counts)
        let away = try #require(try await store.moveResident(stored[0].id, to: nil, on: day))
        #expect(away.movedOutOn == day && away.version == 2)
        let left = try await store.baseDataCounts(under: t.district.path)
        #expect(left.residents == 2 && left.byTag["elderlyAlone"] == 0 && left.byKind["registered"] == 0)
        #expect(try await store.resident(idNumber: a)?.movedOutOn == day, "found after moving away")
        let back = try await store.addResidents([person("张阿婆", a)])
        #expect(back.count == 1, "one who moved away may be recorded anew")
        #expect(try await store.resident(idNumber: a)?.id == back[0].id, "the one living here first")
        #expect(try await store.moveResident(ResidentID(987_654), to: nil, on: day) == nil)
    }
}
