import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 楼组包干: a group stored with its buildings and cadres in one commit (codes unique, a building in one group);
    /// found by id, by its QR code and by area and code; a cadre added or their duty changed (the version goes up);
    /// checks kept newest first.
    public static func buildingGroups(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & BaseDataStore & BuildingGroupStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let at = Date(timeIntervalSince1970: 1_781_000_000)
        func code(_ body: () async throws -> Void) async -> String? {
            do { try await body(); return nil } catch let error as DomainError { return error.code } catch { return "\(error)" }
        }
        let worker = try await store.createUser(UserDraft(username: "cw.bg", displayName: "陈社工", phone: nil, passwordHash: "x",
                                                          assignments: [AssignmentDraft(role: .communityWorker, nodeID: t.committee.id)]))
        let compound = try await store.createCompound(Compound(id: CompoundID(0), code: "XQ-BG", name: "楼组新村", nodeID: t.committee.id, nodePath: t.committee.path,
                                                               type: .oldEstate, managementMode: .selfManaged))
        var buildings: [Building] = []
        for n in 1...3 {
            buildings.append(try await store.createBuilding(Building(id: BuildingID(0), compoundID: compound.id, nodeID: t.committee.id, nodePath: t.committee.path,
                                                                     number: "\(n)号楼", floors: 6, units: 2), houses: []).building)
        }
        let leader = try await store.addResidents([Resident(id: ResidentID(0), nodeID: t.committee.id, nodePath: t.committee.path, name: "刘阿姨", kind: .registered,
                                                            source: "test")])[0]
        let group = try await store.createBuildingGroup(BuildingGroup(
            id: BuildingGroupID(0), code: "LZ-1", name: "1-2号楼组", kind: .building, nodeID: t.committee.id, nodePath: t.committee.path,
            buildingIDs: [buildings[0].id, buildings[1].id], leaderID: leader.id, partyGroup: "1-2号楼党小组", chatGroup: "1-2号楼家园群", registrationCode: "qr-abc",
            cadres: [BuildingGroupCadre(userID: worker.id, duty: .socialWorker, since: at)]))
        #expect(group.id.rawValue > 0 && group.version == 1)
        var named = group
        named.cadres[0].userName = "陈社工"
        #expect(try await store.buildingGroup(group.id) == named)
        #expect(try await store.buildingGroup(registrationCode: "qr-abc")?.id == group.id)
        #expect(try await store.buildingGroup(registrationCode: "nope") == nil)
        #expect(await code { _ = try await store.createBuildingGroup(group) } == "building_group.building_taken", "its buildings are taken")
        var sameCode = group
        sameCode.buildingIDs = [buildings[2].id]
        sameCode.registrationCode = "qr-xyz"
        #expect(await code { _ = try await store.createBuildingGroup(sameCode) } == "building_group.duplicate_code")
        var other = group
        other.code = "LZ-2"
        other.registrationCode = "qr-def"
        other.buildingIDs = [buildings[2].id, buildings[1].id]
        #expect(await code { _ = try await store.createBuildingGroup(other) } == "building_group.building_taken")
        other.buildingIDs = [buildings[2].id]
        other.cadres = []
        let second = try await store.createBuildingGroup(other)
        #expect(try await store.buildingGroups(under: t.street.path, afterCode: nil, limit: 10).map(\.id) == [group.id, second.id])
        #expect(try await store.buildingGroups(under: t.street.path, afterCode: "LZ-1", limit: 10).map(\.id) == [second.id])
        #expect(try await store.buildingGroups(under: t.otherGrid.path, afterCode: nil, limit: 10).isEmpty)

        #expect(try await store.assignCadre(BuildingGroupCadre(userID: worker.id, duty: .cadreSentDown, since: at.addingTimeInterval(60)), to: group.id))
        let changed = try #require(try await store.buildingGroup(group.id))
        #expect(changed.version == 2 && changed.cadres.map(\.duty) == [.cadreSentDown])
        #expect(try await !store.assignCadre(BuildingGroupCadre(userID: worker.id, duty: .secretary, since: at), to: BuildingGroupID(987_654)))

        let first = try await store.addBuildingGroupCheck(BuildingGroupCheck(id: BuildingGroupCheckID(0), groupID: group.id, method: .siteVisit, at: at, by: "cw.bg",
                                                                             note: "楼道堆物已清", passed: true))
        let later = try await store.addBuildingGroupCheck(BuildingGroupCheck(id: BuildingGroupCheckID(0), groupID: group.id, method: .videoReview, at: at.addingTimeInterval(3600),
                                                                             by: "duty", note: "消防通道仍有电瓶车", passed: false))
        #expect(try await store.buildingGroupChecks(of: group.id, limit: 10) == [later, first])
        #expect(try await store.buildingGroupChecks(of: second.id, limit: 10).isEmpty)
        // A check sent again with its client key is the one recorded; the same key in another group is another check.
        let keyed = BuildingGroupCheck(id: BuildingGroupCheckID(0), groupID: group.id, method: .reinspection, at: at.addingTimeInterval(7200), by: "cw.bg",
                                       note: "复查：已清", passed: true, clientKey: "k-1")
        let recorded = try await store.addBuildingGroupCheck(keyed)
        var again = keyed
        again.note = "重发"
        #expect(try await store.addBuildingGroupCheck(again) == recorded, "a retry returns the check recorded")
        #expect(try await store.buildingGroupChecks(of: group.id, limit: 10) == [recorded, later, first])
        var elsewhere = keyed
        elsewhere.groupID = second.id
        #expect(try await store.addBuildingGroupCheck(elsewhere).id != recorded.id)
    }
}
