import ChengyunCore
import ChengyunServices
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("联勤联动站：站点实体、镇管社区、覆盖范围、下沉力量、案件所属站点 over HTTP")
struct StationHTTPTests {
    static let committee = "990001001001"

    /// A square around lattice cell (c, r), as GeoJSON.
    static func square(_ c: Int, _ r: Int) -> String {
        let p = TestCity.point(c, r), dx = TestCity.cellLon * 0.4, dy = TestCity.cellLat * 0.4
        let ring = [(p.lon - dx, p.lat - dy), (p.lon + dx, p.lat - dy), (p.lon + dx, p.lat + dy), (p.lon - dx, p.lat + dy), (p.lon - dx, p.lat - dy)]
        return #"{"type":"Polygon","coordinates":[[\#(ring.map { "[\($0.0),\($0.1)]" }.joined(separator: ","))]]}"#
    }

    @Test("演示城市的站点有三种类型；镇的居委组成镇管社区；社工只看服务本居委的站；上报的案件带上所属站点，站长自处置归站点")
    func demoStations() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let all = try await api.call(.get, "/api/v1/stations?limit=200", token: admin)
            #expect(all.status == .ok, "\(all.json)")
            let stations = all.json["stations"].array
            let types = Set(stations.compactMap { $0["type"].string })
            #expect(types == ["communityCentre", "village", "specialArea"], "\(types)")
            let centre = try #require(stations.first { $0["townCommunityId"].int != nil }, "a town's community-centre station stands on its 镇管社区")
            let communities = try await api.call(.get, "/api/v1/town-communities", token: admin).json.array
            #expect(communities.contains { $0["id"].int == centre["townCommunityId"].int && $0["secretaryName"].string != nil })
            let special = try #require(stations.first { $0["type"].string == "specialArea" })
            #expect(special["area"]["type"].string == "Polygon" && special["chiefName"].string != nil)
            #expect(try await api.call(.get, "/api/v1/stations?type=specialArea", token: admin).json["stations"].array.count == 2)
            let badType = try await api.call(.get, "/api/v1/stations?type=bus", token: admin)
            #expect(badType.status == .badRequest && badType.json["error"]["field"].string == "type")
            let page = try await api.call(.get, "/api/v1/stations?limit=3", token: admin).json
            let next = try #require(page["nextAfter"].string)
            let rest = try await api.call(.get, "/api/v1/stations?limit=200&after=\(next)", token: admin).json["stations"].array
            #expect(rest.count == stations.count - 3, "paged by code")

            let worker = try await api.login("cw.\(Self.committee)")
            let mine = try await api.call(.get, "/api/v1/stations", token: worker).json["stations"].array
            #expect(mine.count == 1 && mine[0]["code"].string == "S\(Self.committee)" && mine[0]["chiefName"].string != nil, "\(mine)")
            let stationID = try #require(mine[0]["id"].int)
            let other = try #require(stations.first { $0["id"].int != stationID && $0["type"].string != "specialArea" }?["id"].int)
            #expect(try await api.call(.get, "/api/v1/stations/\(other)", token: worker).status == .notFound, "another committee's station is not the worker's")
            #expect(try await api.call(.get, "/api/v1/stations/\(stationID)", token: worker).status == .ok)

            let reported = try await api.report(try await api.login("resident1"))
            #expect(reported["stationId"].int == stationID, "the place's committee's station")
            let chief = try await api.login("chief.\(Self.committee)")
            let own = try await api.report(chief, source: "station", extra: #","selfHandle":true"#)
            #expect(own["owner"]["kind"].string == "station" && own["owner"]["stationId"].int == stationID && own["receivedBy"]["stationId"].int == stationID)
            let from = "2020-01-01T00:00:00Z", to = "2099-01-01T00:00:00Z"
            let view = try await api.call(.get, "/api/v1/stations/\(stationID)/view?from=\(from)&to=\(to)", token: chief)
            #expect(view.status == .ok, "\(view.json)")
            #expect(view.json["view"]["workload"]["cases"].int == 2 && view.json["view"]["workload"]["selfHandled"].int == 1 && view.json["station"]["id"].int == stationID)
        }
    }

    @Test("管理员设特定区域站：区域内的新案件归它；居委仍由社区站服务；坏输入有稳定代码；非管理员 403")
    func specialArea() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let committee = try #require(try await city.store.node(code: Self.committee))
            let street = try #require(try await city.store.node(code: "990001001"))
            let chief = try #require(try await city.store.users(under: committee.path, limit: 50, offset: 0).first { $0.username == "chief.\(Self.committee)" })
            let body = #"{"code":"SA-CL-1","name":"长乐商圈特定区域联勤联动站","type":"specialArea","nodeId":\#(street.id),"committeeIds":[\#(committee.id)],"chiefId":\#(chief.id),"area":\#(Self.square(0, 0))}"#
            let made = try await api.call(.post, "/api/v1/stations", token: admin, json: body)
            #expect(made.status == .created, "\(made.json)")
            let special = try #require(made.json["id"].int)
            #expect(made.json["chiefName"].string != nil && made.json["version"].int == 1)
            let resident = try await api.login("resident1")
            #expect(try await api.report(resident, cell: (0, 0))["stationId"].int == special, "inside the special area")
            let outside = try await api.report(resident, cell: (1, 1))["stationId"].int
            #expect(outside != nil && outside != special)

            func error(_ json: String, token: String? = nil) async throws -> (HTTPResponse.Status, String?, String?) {
                let r = try await api.call(.post, "/api/v1/stations", token: token ?? admin, json: json)
                return (r.status, r.json["error"]["code"].string, r.json["error"]["field"].string)
            }
            let noArea = try await error(#"{"code":"SA2","name":"无边界","type":"specialArea","nodeId":\#(street.id),"committeeIds":[]}"#)
            #expect(noArea == (.badRequest, "station.area_required", "area"))
            let taken = try await error(#"{"code":"ST2","name":"重复覆盖","type":"communityCentre","nodeId":\#(street.id),"committeeIds":[\#(committee.id)]}"#)
            #expect(taken.0 == .conflict && taken.1 == "station.committee_taken" && taken.2 == "committeeIds[0]")
            let otherCommittee = try #require(try await city.store.node(code: "990001002001"))
            let outsideStreet = try await error(#"{"code":"ST3","name":"跨街道","type":"communityCentre","nodeId":\#(street.id),"committeeIds":[\#(otherCommittee.id)]}"#)
            #expect(outsideStreet == (.unprocessableContent, "station.committee_outside", "committeeIds[0]"))
            let duplicate = try await error(body)
            #expect(duplicate.0 == .conflict && duplicate.1 == "station.duplicate_code")
            let notChief = try await error(#"{"code":"SA3","name":"站长不符","type":"specialArea","nodeId":\#(street.id),"committeeIds":[],"chiefId":1,"area":\#(Self.square(2, 2))}"#)
            #expect(notChief == (.unprocessableContent, "station.chief_not_eligible", "chiefId"))
            let crossing = #"{"type":"Polygon","coordinates":[[[121.40,31.15],[121.41,31.16],[121.41,31.15],[121.40,31.16],[121.40,31.15]]]}"#
            let bowtie = try await error(#"{"code":"SA4","name":"自相交","type":"specialArea","nodeId":\#(street.id),"committeeIds":[],"area":\#(crossing)}"#)
            #expect(bowtie.0 == .badRequest && bowtie.2?.hasPrefix("area") == true, "\(bowtie)")
            let worker = try await api.login("cw.\(Self.committee)")
            #expect(try await error(#"{"code":"SA5","name":"越权","type":"specialArea","nodeId":\#(street.id),"committeeIds":[],"area":\#(Self.square(2, 2))}"#, token: worker).0 == .forbidden)

            // Renamed, with its code, type and street kept; a body changing them is refused.
            let renamed = body.replacingOccurrences(of: "长乐商圈特定区域联勤联动站", with: "长乐商圈站")
            let put = try await api.call(.put, "/api/v1/stations/\(special)", token: admin, json: renamed)
            #expect(put.status == .ok && put.json["name"].string == "长乐商圈站" && put.json["version"].int == 2, "\(put.json)")
            let moved = try await api.call(.put, "/api/v1/stations/\(special)", token: admin, json: renamed.replacingOccurrences(of: "specialArea", with: "village"))
            #expect(moved.json["error"]["code"].string == "station.fixed_fields")
            let audit = try await api.call(.get, "/api/v1/audit?action=station.created", token: try await api.login("auditor"))
            #expect(audit.json["items"].array.contains { $0["target"].string == "station:\(special)" }, "\(audit.json)")
        }
    }

    @Test("条线下沉：把部门处置人员派驻到站；非本部门人员 422；重复 409；撤回后不在；镇管社区的居委须属本镇")
    func postsAndCommunities() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let worker = try await api.login("cw.\(Self.committee)")
            let stationID = try #require(try await api.call(.get, "/api/v1/stations", token: worker).json["stations"][0]["id"].int)
            let departments = try await api.departments(token: admin)
            let department = try #require(departments.first?["id"].int)
            let handler = try #require(try await city.store.users(under: "/", limit: 500, offset: 0).first {
                $0.assignments.contains { $0.role == .departmentHandler && $0.departmentID?.rawValue == Int64(department) }
            })
            let posted = try await api.call(.post, "/api/v1/stations/\(stationID)/posts", token: admin, json: #"{"userId":\#(handler.id),"departmentId":\#(department)}"#)
            #expect(posted.status == .created, "\(posted.json)")
            #expect(posted.json["posts"].array.first?["userName"].string == handler.displayName && posted.json["posts"][0]["departmentName"].string != nil)
            let again = try await api.call(.post, "/api/v1/stations/\(stationID)/posts", token: admin, json: #"{"userId":\#(handler.id),"departmentId":\#(department)}"#)
            #expect(again.status == .conflict && again.json["error"]["code"].string == "station.already_posted")
            let wrong = try await api.call(.post, "/api/v1/stations/\(stationID)/posts", token: admin, json: #"{"userId":1,"departmentId":\#(department)}"#)
            #expect(wrong.status == .unprocessableContent && wrong.json["error"]["field"].string == "userId")
            #expect(try await api.call(.get, "/api/v1/stations/\(stationID)", token: worker).json["posts"].array.count == 1, "the station's people see who is posted")
            let ended = try await api.call(.delete, "/api/v1/stations/\(stationID)/posts/\(handler.id)", token: admin)
            #expect(ended.status == .ok && ended.json["posts"].array.isEmpty)
            #expect(try await api.call(.delete, "/api/v1/stations/\(stationID)/posts/\(handler.id)", token: admin).status == .notFound)

            let street = try #require(try await city.store.node(code: "990001001"))
            let committee = try #require(try await city.store.node(code: Self.committee))
            let notTown = try await api.call(.post, "/api/v1/town-communities", token: admin,
                                             json: #"{"code":"TC-X","name":"长乐社区","nodeId":\#(street.id),"committeeIds":[\#(committee.id)]}"#)
            #expect(notTown.status == .unprocessableContent && notTown.json["error"]["code"].string == "town_community.host_not_town")
        }
    }
}
