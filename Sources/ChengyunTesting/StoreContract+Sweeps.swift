import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 拉网式排摸: a sweep's targets counted per building group, committee and up to its area at launch; a result counted
    /// done once (the same taking sent again changes nothing, a revisit replaces it, concurrent takings of one house count
    /// once); differences from the base data counted and corrected; targets and differences listed; closed sweeps take
    /// no results.
    public static func sweeps(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & BaseDataStore & BuildingGroupStore & SweepStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let other = try #require(try await store.node(code: "990001002001"))
        let otherStreet = try #require(try await store.node(code: "990001002"))
        let at = Date(timeIntervalSince1970: 1_781_000_000)
        func code(_ body: () async throws -> Void) async -> String? {
            do { try await body(); return nil } catch let error as DomainError { return error.code } catch { return "\(error)" }
        }
        func building(_ node: OrgNode, _ compound: CompoundID, _ number: String, houses: Int) async throws -> (Building, [House]) {
            try await store.createBuilding(Building(id: BuildingID(0), compoundID: compound, nodeID: node.id, nodePath: node.path, number: number, floors: 1, units: 1),
                                           houses: (1...houses).map { House(id: HouseID(0), buildingID: BuildingID(0), unit: "1", floor: 1, number: "10\($0)", use: .ownerOccupied) })
        }
        let mine = try await store.createCompound(Compound(id: CompoundID(0), code: "XQ-SW1", name: "排摸新村", nodeID: t.committee.id, nodePath: t.committee.path,
                                                           type: .oldEstate, managementMode: .selfManaged))
        let theirs = try await store.createCompound(Compound(id: CompoundID(0), code: "XQ-SW2", name: "北苑小区", nodeID: other.id, nodePath: other.path,
                                                             type: .commercial, managementMode: .propertyCompany))
        let (a, aHouses) = try await building(t.committee, mine.id, "1号楼", houses: 4)
        let (b, bHouses) = try await building(t.committee, mine.id, "2号楼", houses: 2)
        let (c, cHouses) = try await building(other, theirs.id, "1号楼", houses: 3)
        let leader = try await store.createUser(UserDraft(username: "lz.sw", displayName: "刘楼组长", phone: nil, passwordHash: "x",
                                                          assignments: [AssignmentDraft(role: .resident, nodeID: t.committee.id)]))
        let group = try await store.createBuildingGroup(BuildingGroup(id: BuildingGroupID(0), code: "LZ-SW", name: "1号楼组", kind: .building, nodeID: t.committee.id,
                                                                      nodePath: t.committee.path, buildingIDs: [a.id], leaderUserID: leader.id, registrationCode: "qr-sw"))
        #expect(try await store.buildingGroup(covering: a.id)?.id == group.id)
        #expect(try await store.buildingGroup(covering: b.id) == nil)
        #expect(try await store.buildingGroups(ledBy: leader.id).map(\.id) == [group.id])
        var living = try await store.addResidents((0..<4).map { i in
            Resident(id: ResidentID(0), nodeID: t.committee.id, nodePath: t.committee.path, houseID: aHouses[i < 2 ? 0 : 1].id, name: "住户\(i)", kind: .registered, source: "test")
        })
        living[3] = try #require(try await store.moveResident(living[3].id, to: nil, on: LocalDate(year: 2026, month: 11, day: 1)!))

        let day = LocalDate(year: 2026, month: 12, day: 1)!
        let windows = [PushWindow(nodeID: t.street.id, nodePath: t.street.path, opensAt: at), PushWindow(nodeID: otherStreet.id, nodePath: otherStreet.path, opensAt: at.addingTimeInterval(1800))]
        let sweep = try await store.createSweep(Sweep(id: SweepID(0), code: "PM-1", title: "四查四清", subject: .house, areaID: t.district.id, areaPath: t.district.path,
                                                      form: SweepField.fourChecks, guide: "逐户上门", startsOn: day, dueOn: day, launchedBy: "duty", launchedAt: at,
                                                      admissionCode: "PM-RK", windows: windows))
        #expect(try await store.sweep(sweep.id) == sweep)
        #expect(sweep.windows == windows && sweep.reaches(other.path) == at.addingTimeInterval(1800) && sweep.reaches(t.committee.path) == at, "staggered windows kept")
        #expect(await code { _ = try await store.createSweep(sweep) } == "sweep.duplicate_code")
        let buildings = try await store.createSweep(Sweep(id: SweepID(0), code: "PM-2", title: "老旧楼排查", subject: .building, areaID: t.street.id, areaPath: t.street.path,
                                                          form: [SweepField(code: "cracks", label: "墙体裂缝", kind: .yesNo)], guide: "", startsOn: day, dueOn: day,
                                                          launchedBy: "duty", launchedAt: at))
        #expect(try await store.sweeps(touching: t.committee.path, before: nil, limit: 10).map(\.id) == [buildings.id, sweep.id])
        #expect(try await store.sweeps(touching: t.city.path, before: nil, limit: 10).map(\.id) == [buildings.id, sweep.id])
        #expect(try await store.sweeps(touching: other.path, before: nil, limit: 10).map(\.id) == [sweep.id])
        #expect(try await store.sweeps(touching: t.committee.path, before: buildings.id, limit: 10).map(\.id) == [sweep.id])

        func counts(_ s: SweepID, _ node: NodeID) async throws -> [Int] {
            let p = try await store.sweepProgress(s, at: node).total
            return [p?.targets ?? -1, p?.done ?? -1, p?.differences ?? -1]
        }
        #expect(try await counts(sweep.id, t.district.id) == [9, 0, 0])
        #expect(try await counts(buildings.id, t.street.id) == [2, 0, 0])
        let streets = try await store.sweepProgress(sweep.id, at: t.district.id).children
        #expect(streets.map(\.nodeID) == [t.street.id, otherStreet.id] && streets.map(\.targets) == [6, 3] && streets.map(\.name) == ["长乐街道", "安平街道"])
        let groups = try await store.sweepProgress(sweep.id, at: t.committee.id).children
        #expect(groups.map(\.groupID) == [group.id.rawValue, SweepTally.noGroup] && groups.map(\.targets) == [4, 2] && groups[0].name == "1号楼组")

        func result(_ house: House, _ building: Building, _ node: OrgNode, group: BuildingGroupID?, key: String, _ answers: [String: String]) -> SweepResult {
            SweepResult(sweepID: sweep.id, subjectID: house.id.rawValue, buildingID: building.id, nodeID: node.id, nodePath: node.path, groupID: group, method: .visit,
                        answers: answers, takenAt: at, receivedAt: at.addingTimeInterval(600), byUserID: leader.id, by: "刘楼组长", clientKey: key)
        }
        let first = try await store.recordSweepResult(result(aHouses[0], a, t.committee, group: group.id, key: "key-a1-one", ["houseUse": "ownerOccupied", "residents": "2"]))
        #expect(first.created && !first.result.differs && first.result.recordedResidents == 2 && first.result.recordedUse == .ownerOccupied)
        #expect(try await store.sweepResult(sweep.id, subject: aHouses[0].id.rawValue) == first.result)
        let again = try await store.recordSweepResult(result(aHouses[0], a, t.committee, group: group.id, key: "key-a1-one", ["houseUse": "rented", "residents": "5"]))
        #expect(!again.created && again.result == first.result, "the same taking sent again changes nothing")
        let revisit = try await store.recordSweepResult(result(aHouses[0], a, t.committee, group: group.id, key: "key-a1-two", ["houseUse": "ownerOccupied", "residents": "3"]))
        #expect(!revisit.created && revisit.result.differs && revisit.result.answers["residents"] == "3")
        #expect(try await counts(sweep.id, t.district.id) == [9, 1, 1])
        #expect(try await counts(sweep.id, t.committee.id) == [6, 1, 1])
        let moved = try await store.recordSweepResult(result(aHouses[1], a, t.committee, group: group.id, key: "key-a2-one", ["houseUse": "ownerOccupied", "residents": "1"]))
        #expect(!moved.result.differs && moved.result.recordedResidents == 1, "who moved out is not counted")
        let vacant = try await store.recordSweepResult(result(bHouses[0], b, t.committee, group: nil, key: "key-b1-one", ["houseUse": "vacant", "residents": "0"]))
        #expect(vacant.result.differs)
        let byGroup = try await store.sweepProgress(sweep.id, at: t.committee.id).children
        #expect(byGroup.map(\.done) == [2, 1] && byGroup.map(\.differences) == [1, 1])

        let racing = try await withThrowingTaskGroup(of: Bool.self) { tasks in
            for i in 0..<8 {
                tasks.addTask { try await store.recordSweepResult(result(cHouses[0], c, other, group: nil, key: "key-c1-\(i)xx", ["houseUse": "ownerOccupied", "residents": "0"])).created }
            }
            return try await tasks.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(racing == 1, "concurrent takings of one house count once")
        #expect(try await counts(sweep.id, other.id) == [3, 1, 0])
        #expect(try await counts(sweep.id, t.district.id) == [9, 4, 2])

        let targets = try await store.sweepTargets(sweep.id, building: a.id)
        #expect(targets.map(\.label) == ["1单元 101", "1单元 102", "1单元 103", "1单元 104"] && targets.map { $0.result?.clientKey } == ["key-a1-two", "key-a2-one", nil, nil])
        #expect(try await store.sweepTargets(buildings.id, building: b.id).map(\.label) == ["2号楼"])
        #expect(try await store.sweepDifferences(sweep.id, under: t.district.path, after: nil, limit: 10).map(\.subjectID) == [aHouses[0].id.rawValue, bHouses[0].id.rawValue])
        #expect(try await store.sweepDifferences(sweep.id, under: t.district.path, after: aHouses[0].id.rawValue, limit: 10).map(\.subjectID) == [bHouses[0].id.rawValue])
        #expect(try await store.sweepDifferences(sweep.id, under: other.path, after: nil, limit: 10).isEmpty)

        #expect(try await !store.applySweepUse(sweep.id, house: aHouses[0].id), "the use found is the one recorded")
        #expect(try await store.applySweepUse(sweep.id, house: bHouses[0].id))
        #expect(try await store.house(bHouses[0].id)?.use == .vacant)
        #expect(try await counts(sweep.id, t.committee.id) == [6, 3, 1])
        #expect(try await store.sweepResult(sweep.id, subject: bHouses[0].id.rawValue)?.differs == false)
        #expect(try await !store.applySweepUse(sweep.id, house: bHouses[0].id))

        let building = try await store.recordSweepResult(SweepResult(sweepID: buildings.id, subjectID: b.id.rawValue, buildingID: b.id, nodeID: t.committee.id,
                                                                     nodePath: t.committee.path, groupID: nil, method: .visit, answers: ["cracks": "yes"], takenAt: at,
                                                                     receivedAt: at, byUserID: nil, by: "cw", clientKey: "key-b-build"))
        #expect(building.created && building.result.recordedUse == nil)
        #expect(try await counts(buildings.id, t.street.id) == [2, 1, 0])

        #expect(try await store.closeSweep(sweep.id, at: at.addingTimeInterval(86_400)))
        #expect(try await !store.closeSweep(sweep.id, at: at.addingTimeInterval(86_400)))
        #expect(try await store.sweep(sweep.id)?.closedAt == at.addingTimeInterval(86_400))
        #expect(await code { _ = try await store.recordSweepResult(result(aHouses[2], a, t.committee, group: group.id, key: "key-a3-one", ["residents": "1"])) } == "sweep.closed")
    }

    /// 准入清单: items kept by the city and districts with their form templates; found over a path (the city's and its
    /// district's) or on and under it; codes unique; taken off the list and put back (the version goes up).
    public static func admission(_ fresh: @Sendable () async throws -> any OrganisationStore & AdmissionStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let other = try #require(try await store.node(code: "990001002001"))
        func code(_ body: () async throws -> Void) async -> String? {
            do { try await body(); return nil } catch let error as DomainError { return error.code } catch { return "\(error)" }
        }
        let city = try await store.createAdmissionItem(AdmissionItem(id: AdmissionItemID(0), code: "PM-RK", name: "人口信息排摸", kind: .sweep, nodeID: t.city.id,
                                                                     nodePath: t.city.path, guide: "逐户核对", form: SweepField.fourChecks, staggerMinutes: 30))
        #expect(city.id.rawValue > 0 && city.version == 1)
        #expect(try await store.admissionItem(city.id) == city)
        let district = try await store.createAdmissionItem(AdmissionItem(id: AdmissionItemID(0), code: "TZ-HY", name: "会议台账", kind: .ledger, nodeID: t.district.id,
                                                                         nodePath: t.district.path, guide: "", form: [], staggerMinutes: 0))
        #expect(await code { _ = try await store.createAdmissionItem(city) } == "admission.duplicate_code")
        #expect(try await store.admissionItems(over: t.committee.path, under: false).map(\.id) == [city.id, district.id])
        #expect(try await store.admissionItems(over: other.path, under: false).map(\.id) == [city.id, district.id])
        #expect(try await store.admissionItems(over: t.city.path, under: false).map(\.id) == [city.id], "over the city: the city's own")
        #expect(try await store.admissionItems(over: t.city.path, under: true).map(\.id) == [city.id, district.id], "with those kept under it")
        let withdrawn = try #require(try await store.setAdmissionItemActive(city.id, false))
        #expect(!withdrawn.active && withdrawn.version == 2 && withdrawn.form == SweepField.fourChecks)
        #expect(try await store.setAdmissionItemActive(city.id, true)?.active == true)
        #expect(try await store.setAdmissionItemActive(AdmissionItemID(987_654), false) == nil)
    }
}
