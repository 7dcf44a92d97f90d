import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 联勤联动站: town-managed communities with their committees (a committee in one at most, codes unique);
    /// stations with their coverage, chief and posted staff; a committee served by one community-centre or village
    /// station at most while special areas may overlap; stations found by their street or by a committee they serve,
    /// by type and after a code; an update raising the version; a case keeping its station and a station as owner, and
    /// listed by it.
    public static func stations(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & StationStore & CaseStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let at = Date(timeIntervalSince1970: 1_781_000_000)
        func code(_ body: () async throws -> Void) async -> String? {
            do { try await body(); return nil } catch let error as DomainError { return error.code } catch { return "\(error)" }
        }
        let users = try await store.createUsers([
            UserDraft(username: "chief.st", displayName: "王书记", phone: nil, passwordHash: "x", assignments: [AssignmentDraft(role: .stationChief, nodeID: t.committee.id)]),
            UserDraft(username: "police.st", displayName: "李警官", phone: nil, passwordHash: "x",
                      assignments: [AssignmentDraft(role: .departmentHandler, nodeID: t.district.id, departmentID: t.department.id)]),
        ])
        let community = try await store.createTownCommunity(TownCommunity(
            id: TownCommunityID(0), code: "TC1", name: "长乐东社区", nodeID: t.street.id, nodePath: t.street.path, committeeIDs: [t.committee.id], secretaryID: users[0].id))
        #expect(community.id.rawValue > 0)
        var named = community
        named.secretaryName = "王书记"
        #expect(try await store.townCommunity(community.id) == named)
        #expect(try await store.townCommunities(under: t.district.path) == [named])
        let otherStreet = try #require(OrgNode.ancestor(of: t.otherGrid.path, depth: OrgNode.Kind.street.depth))
        #expect(try await store.townCommunities(under: otherStreet.path).isEmpty)
        func draftCommunity(_ code: String) -> TownCommunity {
            TownCommunity(id: TownCommunityID(0), code: code, name: "另一社区", nodeID: t.street.id, nodePath: t.street.path, committeeIDs: [t.committee.id])
        }
        #expect(await code { _ = try await store.createTownCommunity(draftCommunity("TC2")) } == "town_community.committee_taken")
        #expect(await code { _ = try await store.createTownCommunity(draftCommunity("TC1")) } != nil, "the code is taken")

        func draft(_ code: String, _ type: StationType, area: Area? = nil) -> Station {
            Station(id: StationID(0), code: code, name: "长乐\(code)站", type: type, nodeID: t.street.id, nodePath: t.street.path,
                    townCommunityID: type == .communityCentre ? community.id : nil, committeeIDs: [t.committee.id], area: area.map(GeoJSONGeometry.init),
                    chiefID: users[0].id, address: "长乐路 1 号", location: GeoPoint(lon: 0.5, lat: 0.5))
        }
        let centre = try await store.createStation(draft("ST1", .communityCentre))
        #expect(centre.id.rawValue > 0 && centre.version == 1)
        let read = try #require(try await store.station(centre.id))
        #expect(read.chiefName == "王书记" && read.committeeIDs == [t.committee.id] && read.committeeNames == [t.committee.name] && read.townCommunityID == community.id && read.posts.isEmpty)
        #expect(read.location == GeoPoint(lon: 0.5, lat: 0.5) && read.address == "长乐路 1 号" && read.type == .communityCentre)
        #expect(await code { _ = try await store.createStation(draft("ST2", .village)) } == "station.committee_taken")
        #expect(await code { _ = try await store.createStation(draft("ST1", .specialArea, area: Area(Polygon(outer: [GeoPoint(lon: 0, lat: 0)])))) } == "station.duplicate_code")
        let square = Area(Polygon(outer: [GeoPoint(lon: 0.4, lat: 0.4), GeoPoint(lon: 0.6, lat: 0.4), GeoPoint(lon: 0.6, lat: 0.6), GeoPoint(lon: 0.4, lat: 0.6)]))
        let special = try await store.createStation(draft("SA1", .specialArea, area: square))
        #expect(try await store.station(special.id)?.area?.area == square, "a special area may overlap the committee's station")

        #expect(try await store.stations(touching: t.city.path, type: nil, afterCode: nil, limit: 10).map(\.code) == ["SA1", "ST1"])
        #expect(try await store.stations(touching: t.committee.path, type: nil, afterCode: nil, limit: 10).map(\.code) == ["SA1", "ST1"], "by a committee served")
        #expect(try await store.stations(touching: otherStreet.path, type: nil, afterCode: nil, limit: 10).isEmpty)
        #expect(try await store.stations(touching: t.city.path, type: .specialArea, afterCode: nil, limit: 10).map(\.id) == [special.id])
        #expect(try await store.stations(touching: t.city.path, type: nil, afterCode: "SA1", limit: 10).map(\.id) == [centre.id])
        #expect(try await store.stations(touching: t.city.path, type: nil, afterCode: nil, limit: 1).map(\.id) == [special.id])
        #expect(try await store.allStations().map(\.id).sorted() == [centre.id, special.id])

        var changed = read
        changed.name = "长乐东社区联勤联动站"
        changed.chiefID = nil
        let updated = try #require(try await store.updateStation(changed))
        #expect(updated.version == 2)
        let reread = try #require(try await store.station(centre.id))
        #expect(reread.name == "长乐东社区联勤联动站" && reread.chiefID == nil && reread.chiefName == nil && reread.version == 2 && reread.committeeIDs == [t.committee.id])
        var missing = changed
        missing.id = StationID(987_654)
        #expect(try await store.updateStation(missing) == nil)

        try await store.postStaff(StationPost(userID: users[1].id, departmentID: t.department.id, since: at), to: centre.id)
        #expect(await code { try await store.postStaff(StationPost(userID: users[1].id, departmentID: t.department.id, since: at), to: centre.id) } == "station.already_posted")
        #expect(try await store.station(centre.id)?.posts == [StationPost(userID: users[1].id, userName: "李警官", departmentID: t.department.id,
                                                                           departmentName: "东湖区城管", since: at)])
        #expect(try await store.endPost(of: users[1].id, at: centre.id))
        #expect(try await !store.endPost(of: users[1].id, at: centre.id))

        var record = newCase(t.grid, at: at)
        record.stationID = centre.id
        record.receivedBy = .station(centre.id)
        record.owner = .station(centre.id)
        let stored = try await store.createCase(record, events: [])
        let back = try #require(try await store.caseRecord(stored.id))
        #expect(back.stationID == centre.id && back.owner == .station(centre.id) && back.receivedBy == .station(centre.id))
        _ = try await store.createCase(newCase(t.grid, at: at.addingTimeInterval(60)), events: [])
        var query = CaseQuery(scope: .everything, limit: 10)
        query.stationID = centre.id
        #expect(try await store.cases(query).items.map(\.id) == [stored.id])
    }
}
