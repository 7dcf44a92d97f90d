import ChengyunCore
import ChengyunServices
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("楼组包干：楼组与村组、楼组长与双楼长制、包干链、检查 over HTTP")
struct BuildingGroupHTTPTests {
    static let committee = "990001001001"

    @Test("社工建楼组：覆盖本居委楼栋、楼组长是在册居民、非党员楼组长才设第二楼长；二维码编码；包干与检查；他人看不到；坏输入有代码")
    func buildingGroups() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let worker = try await api.login("cw.\(Self.committee)")
            let committee = try #require(try await city.store.node(code: Self.committee))
            let compound = try #require(try await api.call(.post, "/api/v1/compounds", token: worker, json: """
                {"code":"XQ-LZ","name":"楼组测试小区","nodeId":\(committee.id),"type":"oldEstate","managementMode":"selfManaged"}
                """).json["id"].int)
            var buildings: [Int] = []
            for n in 1...2 {
                buildings.append(try #require(try await api.call(.post, "/api/v1/compounds/\(compound)/buildings", token: worker,
                                                                  json: #"{"number":"\#(n)号楼","floors":6,"units":2,"housesPerFloor":2}"#).json["building"]["id"].int))
            }
            func person(_ name: String, party: Bool) async throws -> Int {
                try #require(try await api.call(.post, "/api/v1/residents", token: worker, json: """
                    {"nodeId":\(committee.id),"name":"\(name)","kind":"registered","partyMember":\(party)}
                    """).json["id"].int)
            }
            let leader = try await person("刘阿姨", party: false), partyMember = try await person("王老师", party: true), another = try await person("赵伯伯", party: false)
            func create(_ body: String) async throws -> Reply { try await api.call(.post, "/api/v1/building-groups", token: worker, json: body) }
            let made = try await create("""
                {"code":"LZ-T1","name":"1号楼组","kind":"building","nodeId":\(committee.id),"buildingIds":[\(buildings[0])],"leaderId":\(leader),"secondLeaderId":\(partyMember),
                 "partyGroup":"1号楼党小组","chatGroup":"1号楼家园群"}
                """)
            #expect(made.status == .created, "\(made.json)")
            #expect(made.json["leaderName"].string == "刘**" && made.json["leaderPartyMember"].bool == false && made.json["secondLeaderName"].string == "王**")
            #expect(made.json["buildings"].array.compactMap(\.string) == ["1号楼"] && (made.json["group"]["registrationCode"].string?.count ?? 0) == 16)
            let id = try #require(made.json["group"]["id"].int)

            func refused(_ body: String) async throws -> (HTTPResponse.Status, String?, String?) {
                let r = try await create(body)
                return (r.status, r.json["error"]["code"].string, r.json["error"]["field"].string)
            }
            #expect(try await refused("""
                {"code":"LZ-T2","name":"2号楼组","kind":"building","nodeId":\(committee.id),"buildingIds":[\(buildings[1])],"leaderId":\(partyMember),"secondLeaderId":\(another)}
                """) == (.unprocessableContent, "building_group.second_leader", "secondLeaderId"), "a party-member leader needs no second")
            #expect(try await refused("""
                {"code":"LZ-T2","name":"2号楼组","kind":"building","nodeId":\(committee.id),"buildingIds":[\(buildings[1]),\(buildings[0])]}
                """) == (.conflict, "building_group.building_taken", "buildingIds[1]"))
            #expect(try await refused(#"{"code":"LZ-T2","name":"空楼组","kind":"building","nodeId":\#(committee.id),"buildingIds":[]}"#) == (.badRequest, "building_group.buildings", "buildingIds"))
            #expect(try await refused(#"{"code":"LZ-T2","name":"村组","kind":"village","nodeId":\#(committee.id),"buildingIds":[\#(buildings[1])]}"#).1 == "building_group.buildings")
            #expect(try await refused(#"{"code":"LZ-T1","name":"重复","kind":"building","nodeId":\#(committee.id),"buildingIds":[\#(buildings[1])]}"#).1 == "building_group.duplicate_code")
            #expect(try await refused(#"{"code":"LZ-T3","name":"楼组","kind":"building","nodeId":\#(committee.id),"buildingIds":[\#(buildings[1])],"leaderId":999999}"#)
                == (.unprocessableContent, "building_group.leader", "leaderId"))

            let workerID = try #require(try await api.call(.get, "/api/v1/me", token: worker).json["id"].int)
            let assigned = try await api.call(.post, "/api/v1/building-groups/\(id)/cadres", token: worker, json: #"{"userId":\#(workerID),"duty":"socialWorker"}"#)
            #expect(assigned.status == .ok && assigned.json["group"]["cadres"][0]["userName"].string != nil && assigned.json["group"]["version"].int == 2, "\(assigned.json)")
            let strangerID = try #require(try await api.call(.get, "/api/v1/me", token: try await api.login("cw.990001002001")).json["id"].int)
            #expect(try await api.call(.post, "/api/v1/building-groups/\(id)/cadres", token: worker, json: #"{"userId":\#(strangerID),"duty":"cadreSentDown"}"#)
                .json["error"]["code"].string == "building_group.cadre", "someone of another committee does not answer for this group")
            // Who may be chosen: the committee's staff, the street's and the district's (sent down), the committee's own first;
            // never another committee's, never a resident.
            let candidates = try await api.call(.get, "/api/v1/building-groups/\(id)/cadre-candidates", token: worker)
            let chosen = candidates.json.array.compactMap { $0["userId"].int }
            let streetDuty = try #require(try await city.store.credentials(username: "duty.s1")?.user.id)
            let districtDuty = try #require(try await city.store.credentials(username: "duty.d1")?.user.id)
            #expect(candidates.status == .ok && chosen.contains(workerID) && chosen.contains(Int(streetDuty.rawValue)) && !chosen.contains(strangerID), "\(candidates.json)")
            #expect(chosen.contains(Int(districtDuty.rawValue)), "a district's cadre is offered")
            let order = try [workerID, Int(streetDuty.rawValue), Int(districtDuty.rawValue)].map { try #require(chosen.firstIndex(of: $0)) }
            #expect(order == order.sorted(), "the committee's, the street's, the district's")
            #expect(candidates.json.array.allSatisfy { $0["role"].string != "resident" })
            #expect(try await api.call(.get, "/api/v1/building-groups/\(id)/cadre-candidates", token: try await api.login("cw.990001002001")).status == .notFound)
            #expect(try await api.call(.post, "/api/v1/building-groups/\(id)/cadres", token: worker, json: #"{"userId":\#(streetDuty),"duty":"cadreSentDown"}"#).status == .ok,
                    "a street's cadre answers for the group")

            let visit = try await api.call(.post, "/api/v1/building-groups/\(id)/checks", token: worker, json: #"{"method":"siteVisit","note":"楼道堆物已清理","passed":true}"#)
            #expect(visit.status == .created, "\(visit.json)")
            let wrong = try await api.call(.post, "/api/v1/building-groups/\(id)/checks", token: worker, json: #"{"method":"negotiation","note":"协商","passed":true}"#)
            #expect(wrong.status == .badRequest && wrong.json["error"]["code"].string == "building_group.check_method")
            let inspector = try await api.login("insp.\(Self.committee)")
            #expect(try await api.call(.post, "/api/v1/building-groups/\(id)/checks", token: inspector, json: #"{"method":"reinspection","note":"复查通过","passed":true}"#).status == .created)
            let checks = try await api.call(.get, "/api/v1/building-groups/\(id)/checks", token: worker).json.array
            #expect(checks.compactMap { $0["method"].string } == ["reinspection", "siteVisit"])
            // Sent twice with its client key (a retry after a lost answer): recorded once.
            let keyed = #"{"method":"videoReview","note":"视频复查：通道已清","passed":true,"clientKey":"bg-check-1"}"#
            let once = try await api.call(.post, "/api/v1/building-groups/\(id)/checks", token: worker, json: keyed)
            let twice = try await api.call(.post, "/api/v1/building-groups/\(id)/checks", token: worker, json: keyed)
            #expect(once.status == .created && twice.json["id"].int == once.json["id"].int)
            #expect(try await api.call(.get, "/api/v1/building-groups/\(id)/checks", token: worker).json.array.count == checks.count + 1)

            let listed = try await api.call(.get, "/api/v1/building-groups?nodeId=\(committee.id)", token: try await api.login("duty.s1")).json["groups"].array
            #expect(listed.contains { $0["group"]["id"].int == id })
            let outsider = try await api.login("cw.990001002001")
            #expect(try await api.call(.get, "/api/v1/building-groups/\(id)", token: outsider).status == .notFound)
            #expect(try await api.call(.get, "/api/v1/building-groups", token: try await api.login("resident1")).status == .forbidden)
        }
    }
}
