import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 房态图: the city's rules stored as the next version; a committee due until drawn for the day under the rules in
    /// force; its facts read whole (houses, their tags, residents' tags, open sweeps' disagreements and houses not yet
    /// taken); a drawing stored and read back per compound and building; drawing again replaces the rows and tallies
    /// (never adds to them), and an area sums its committees' tallies.
    public static func statusMaps(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & BaseDataStore & SweepStore & StatusMapStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let other = try #require(try await store.node(code: "990001002001"))
        let day = LocalDate(year: 2026, month: 12, day: 1)!
        let at = Date(timeIntervalSince1970: 1_781_000_000)
        let dictionary = [
            Tag(code: "homeIsolation", name: "居家隔离", kind: .resident, group: "重点人群"), Tag(code: "elderlyAlone", name: "独居老人", kind: .resident, group: "关爱对象"),
            Tag(code: "volunteer", name: "志愿者", kind: .resident, group: "社区力量"), Tag(code: "groupRental", name: "群租", kind: .house, group: "房屋管理"),
            Tag(code: "fireHazard", name: "消防隐患", kind: .house, group: "安全"), Tag(code: "illegalStructure", name: "违法搭建", kind: .house, group: "房屋管理"),
            Tag(code: "mutualAid", name: "互助楼", kind: .building, group: "楼栋类别"),
        ]
        try await store.replaceTags(dictionary)

        #expect(try await store.statusRules() == nil)
        let first = try await store.setStatusRules(.standard)
        var changed = StatusRules.standard
        changed.houses[0].label = "重点"
        let second = try await store.setStatusRules(changed)
        #expect(first.version == 1 && second.version == 2 && second.houses[0].label == "重点")
        #expect(try await store.statusRules() == second)
        let rules = second

        let compound = try await store.createCompound(Compound(id: CompoundID(0), code: "XQ-ST", name: "彩虹新村", nodeID: t.committee.id, nodePath: t.committee.path,
                                                               type: .oldEstate, managementMode: .selfManaged))
        func house(_ n: Int, _ use: HouseUse, tags: [String] = []) -> House {
            House(id: HouseID(0), buildingID: BuildingID(0), unit: "1", floor: 1, number: "10\(n)", use: use, tags: tags)
        }
        let (a, aHouses) = try await store.createBuilding(Building(id: BuildingID(0), compoundID: compound.id, nodeID: t.committee.id, nodePath: t.committee.path,
                                                                   number: "1号楼", floors: 1, units: 1, location: GeoPoint(lon: 0.5, lat: 0.5)),
                                                          houses: [house(1, .ownerOccupied), house(2, .ownerOccupied, tags: ["groupRental"]), house(3, .rented), house(4, .ownerOccupied)])
        let (b, bHouses) = try await store.createBuilding(Building(id: BuildingID(0), compoundID: compound.id, nodeID: t.committee.id, nodePath: t.committee.path,
                                                                   number: "2号楼", floors: 1, units: 1, tags: ["mutualAid"]),
                                                          houses: [house(1, .ownerOccupied), house(2, .vacant)])
        func person(_ h: House, tags: [String] = [], party: Bool = false) -> Resident {
            Resident(id: ResidentID(0), nodeID: t.committee.id, nodePath: t.committee.path, houseID: h.id, name: "住户", kind: .registered, partyMember: party, tags: tags, source: "test")
        }
        let people = try await store.addResidents([person(aHouses[0], tags: ["homeIsolation"], party: true), person(aHouses[0]), person(aHouses[3], tags: ["elderlyAlone"]),
                                                   person(bHouses[0], tags: ["volunteer"])])
        let sweep = try await store.createSweep(Sweep(id: SweepID(0), code: "PM-ST", title: "四查四清", subject: .house, areaID: t.street.id, areaPath: t.street.path,
                                                      form: SweepField.fourChecks, guide: "", startsOn: day, dueOn: day, launchedBy: "duty", launchedAt: at))
        _ = try await store.recordSweepResult(SweepResult(sweepID: sweep.id, subjectID: bHouses[0].id.rawValue, buildingID: b.id, nodeID: t.committee.id, nodePath: t.committee.path,
                                                          groupID: nil, method: .visit, answers: ["houseUse": "rented", "residents": "1"], takenAt: at, receivedAt: at, byUserID: nil,
                                                          by: "社工", clientKey: "st-1"))

        #expect(try await store.committeesDueForStatus(day: day, rulesVersion: rules.version, limit: 100).contains { $0.id == t.committee.id && $0.path == t.committee.path })
        let facts = try await store.statusFacts(committee: t.committee.path, day: day)
        #expect(facts.buildings.map(\.id) == [a.id, b.id] && facts.buildings[1].tags == ["mutualAid"] && facts.buildings[0].location == GeoPoint(lon: 0.5, lat: 0.5))
        #expect(facts.houses.count == 6 && facts.houses.first { $0.id == aHouses[1].id }?.tags == ["groupRental"])
        #expect(facts.residents.count == 4 && facts.residents.filter { $0.houseID == aHouses[0].id }.count == 2)
        #expect(facts.residents.first { $0.houseID == aHouses[0].id && $0.partyMember }?.tags == ["homeIsolation"])
        #expect(facts.sweepDiffers == [bHouses[0].id], "the sweep found it rented")
        #expect(facts.sweepPending == Set((aHouses + [bHouses[1]]).map(\.id)), "every house of the open sweep not yet taken")
        #expect(try await store.statusFacts(committee: t.committee.path, day: LocalDate(year: 2026, month: 11, day: 30)!).sweepPending.isEmpty, "a sweep not yet started")
        #expect(facts.openCases.isEmpty)

        let drawing = rules.draw(facts, dictionary: dictionary)
        let run = StatusRun(day: day, rulesVersion: rules.version, drawnAt: at)
        try await store.saveStatusDrawing(drawing, committee: t.committee.id, path: t.committee.path, run: run)
        try await store.saveStatusDrawing(drawing, committee: t.committee.id, path: t.committee.path, run: run)
        #expect(try await store.statusRun(committee: t.committee.id) == run)
        #expect(try await store.statusRun(committee: other.id) == nil)
        #expect(!(try await store.committeesDueForStatus(day: day, rulesVersion: rules.version, limit: 100).contains { $0.id == t.committee.id }))
        #expect(try await store.committeesDueForStatus(day: day, rulesVersion: rules.version + 1, limit: 100).contains { $0.id == t.committee.id }, "new rules")
        #expect(try await store.committeesDueForStatus(day: LocalDate(year: 2026, month: 12, day: 2)!, rulesVersion: rules.version, limit: 100).contains { $0.id == t.committee.id },
                "a new day")

        let statuses = try await store.buildingStatuses(compound: compound.id)
        #expect(statuses.map(\.status.buildingID) == [a.id, b.id])
        #expect(statuses[0].status.buildingClass == "key" && statuses[0].status.level == .red && statuses[0].status.reason == 0 && statuses[0].status.reasonCount == 2)
        try await mapLayer(store, t: t, other: other, compound: compound, drawn: a, status: statuses[0].status)
        #expect(statuses[0].houses == ["keyPerson": 1, "hazard": 1, "rented": 1, "care": 1])
        #expect(statuses[1].status.buildingClass == "mutualAid" && statuses[1].status.level == .green && statuses[1].status.reason == 0)
        #expect(statuses[1].houses == ["mismatch": 1, "vacant": 1])
        let (aStatus, aCells) = try await store.houseStatuses(building: a.id)
        #expect(aStatus == statuses[0].status && aCells.map(\.houseID) == aHouses.map(\.id))
        #expect(aCells[0].rule == "keyPerson" && aCells[0].triangles == 1 && aCells[0].circles == 1 && aCells[0].partyMembers == 1)
        #expect(aCells[3].rule == "care" && aCells[3].squares == 1 && aCells[2].triangles + aCells[2].squares + aCells[2].circles == 0)

        let tallies = try await store.statusTallies([t.street.id])[t.street.id] ?? [:]
        #expect(try await store.statusTallies([t.city.id, t.district.id, t.committee.id]).values.allSatisfy { $0 == tallies }, "the committee's, rolled up to the city")
        #expect(tallies == ["buildings": 2, "houses": 6, "class:key": 1, "class:mutualAid": 1, "level:red": 1, "level:green": 1, "house:keyPerson": 1,
                            "house:hazard": 1, "house:rented": 1, "house:care": 1, "house:mismatch": 1, "house:vacant": 1], "drawn twice, counted once")
        #expect(try await store.statusTallies([other.id]).isEmpty)

        // The person under home isolation moves away: drawn again, the house and the building change, the tallies with them.
        _ = try await store.moveResident(people[0].id, to: nil, on: day)
        let again = rules.draw(try await store.statusFacts(committee: t.committee.path, day: day), dictionary: dictionary)
        try await store.saveStatusDrawing(again, committee: t.committee.id, path: t.committee.path, run: StatusRun(day: day, rulesVersion: rules.version, drawnAt: at))
        let redrawn = try await store.houseStatuses(building: a.id)
        #expect(redrawn.houses[0].rule == "ordinary" && redrawn.houses[0].triangles == 0 && redrawn.building?.reasonCount == 1)
        let after = try await store.statusTallies([t.city.id])[t.city.id] ?? [:]
        #expect(after["house:keyPerson"] == nil && after["house:ordinary"] == 1 && after["houses"] == 6 && after["class:key"] == 1)

        // 分级评估: a grading by hand is a fact of the drawing, read back with the building, withdrawn.
        let grading = BuildingAssessment(buildingClass: "assured", reason: "互助好", by: "社工", at: at)
        try await store.assessBuilding(a.id, grading)
        try await store.assessBuilding(a.id, grading)
        #expect(try await store.buildingAssessments([a.id, b.id]) == [a.id: grading])
        #expect(try await store.statusFacts(committee: t.committee.path, day: day).buildings.map(\.assessed) == ["assured", nil])
        let graded = rules.draw(try await store.statusFacts(committee: t.committee.path, day: day), dictionary: dictionary)
        #expect(graded.buildings.first { $0.buildingID == a.id }?.buildingClass == "assured" && graded.buildings.first { $0.buildingID == a.id }?.reason == nil)
        try await store.assessBuilding(a.id, nil)
        #expect(try await store.buildingAssessments([a.id]).isEmpty)

        // Another street's committee drawn: the city sums both, each street its own.
        let theirs = try await store.createCompound(Compound(id: CompoundID(0), code: "XQ-ST2", name: "北苑", nodeID: other.id, nodePath: other.path, type: .commercial,
                                                             managementMode: .propertyCompany))
        _ = try await store.createBuilding(Building(id: BuildingID(0), compoundID: theirs.id, nodeID: other.id, nodePath: other.path, number: "1号楼", floors: 1, units: 1),
                                           houses: [house(1, .vacant)])
        let elsewhere = rules.draw(try await store.statusFacts(committee: other.path, day: day), dictionary: dictionary)
        try await store.saveStatusDrawing(elsewhere, committee: other.id, path: other.path, run: run)
        let both = try await store.statusTallies([t.city.id, t.street.id, other.id])
        #expect(both[t.city.id]?["houses"] == 7 && both[t.city.id]?["house:vacant"] == 2 && both[t.street.id]?["houses"] == 6 && both[other.id]?["houses"] == 1)
    }

    /// The status map as a layer of the city map: a box finds the buildings with a point inside it within the areas
    /// asked for, with their compound and as drawn (nothing before their committee's first drawing).
    static func mapLayer(_ store: any BaseDataStore & StatusMapStore, t: Tree, other: OrgNode, compound: Compound, drawn: Building, status: BuildingStatus) async throws {
        let elsewhere = try await store.createCompound(Compound(id: CompoundID(0), code: "XQ-MAP", name: "别处小区", nodeID: other.id, nodePath: other.path,
                                                                type: .commercial, managementMode: .propertyCompany))
        let (undrawn, _) = try await store.createBuilding(Building(id: BuildingID(0), compoundID: elsewhere.id, nodeID: other.id, nodePath: other.path,
                                                                   number: "9号楼", floors: 1, units: 1, location: GeoPoint(lon: 0.45, lat: 0.55)), houses: [])
        let box = BoundingBox(minLon: 0.4, minLat: 0.4, maxLon: 0.6, maxLat: 0.6)
        let mine = try await store.mapBuildings(in: box, under: [t.committee.path], limit: 10)
        #expect(mine == [MapBuilding(id: drawn.id, nodeID: t.committee.id, compoundID: compound.id, compoundName: compound.name, number: "1号楼", lon: 0.5, lat: 0.5,
                                     buildingClass: status.buildingClass, level: status.level, openCases: status.openCases)], "\(mine)")
        let theirs = try await store.mapBuildings(in: box, under: [other.path], limit: 10)
        #expect(theirs.map(\.id) == [undrawn.id] && theirs[0].level == nil && theirs[0].buildingClass == nil && theirs[0].compoundName == "别处小区", "not drawn yet")
        #expect(Set(try await store.mapBuildings(in: box, under: [other.path, t.committee.path], limit: 10).map(\.id)) == [drawn.id, undrawn.id], "any of the areas")
        #expect(try await store.mapBuildings(in: box, under: ["/"], limit: 1).count == 1, "the limit")
        #expect(try await store.mapBuildings(in: BoundingBox(minLon: 0.46, minLat: 0.4, maxLon: 0.6, maxLat: 0.49), under: ["/"], limit: 10).isEmpty, "outside the box")
        #expect(try await store.mapBuildings(in: box, under: [], limit: 10).isEmpty)
    }
}
