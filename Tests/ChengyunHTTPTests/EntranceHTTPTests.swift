import ChengyunCore
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("动线管理图：小区出入口的方向、开闭与卡口 over HTTP")
struct EntranceHTTPTests {
    static let committee = "990001001001"

    @Test("社工改出入口（只进、封闭、登记/测温/快递点）；小区与位置图照此读出；旧版本、重名、远处、重复卡口各有代码；巡查员与别的居委不能改；留痕")
    func keepEntrances() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let worker = try await api.login("cw.\(Self.committee)")
            let committee = try #require(try await city.store.node(code: Self.committee))
            let compound = try await api.call(.get, "/api/v1/compounds?nodeId=\(committee.id)&limit=1", token: worker).json["compounds"][0]
            let id = try #require(compound["id"].int), version = try #require(compound["version"].int)
            let lon = try #require(compound["location"]["lon"].double), lat = try #require(compound["location"]["lat"].double)
            let body = """
                {"version":\(version),"entrances":[
                 {"name":" 南门 ","location":{"lon":\(lon),"lat":\(lat - 0.0002)},"vehicles":true,"direction":"entry","checkpoints":[
                   {"kind":"registration","note":"保安与志愿者各一人"},{"kind":"temperature"},{"kind":"returnees","note":"  "}]},
                 {"name":"北门","location":{"lon":\(lon),"lat":\(lat + 0.0008)},"direction":"exit","open":false},
                 {"name":"西门","location":{"lon":\(lon - 0.0004),"lat":\(lat)},"checkpoints":[{"kind":"deliveries","location":{"lon":\(lon - 0.0005),"lat":\(lat)}}]}]}
                """
            let changed = try await api.call(.put, "/api/v1/compounds/\(id)/entrances", token: worker, json: body)
            #expect(changed.status == .ok, "\(changed.json)")
            #expect(changed.json["version"].int == version + 1)
            let gates = changed.json["entrances"].array
            #expect(gates.map { $0["name"].string } == ["南门", "北门", "西门"], "names trimmed, order kept")
            #expect(gates[0]["direction"].string == "entry" && gates[0]["open"].bool == true && gates[0]["vehicles"].bool == true)
            #expect(gates[0]["checkpoints"].array.map { $0["kind"].string } == ["registration", "temperature", "returnees"])
            #expect(gates[0]["checkpoints"][0]["note"].string == "保安与志愿者各一人" && gates[0]["checkpoints"][2]["note"].isNull, "a blank note is none")
            #expect(gates[1]["open"].bool == false && gates[1]["direction"].string == "exit" && gates[1]["checkpoints"].array.isEmpty)
            #expect(gates[2]["checkpoints"][0]["location"]["lon"].double == lon - 0.0005)
            // Read back as the compound and as its status map's plan (what the flow-line map draws).
            #expect(try await api.call(.get, "/api/v1/compounds/\(id)", token: worker).json["entrances"].array.count == 3)
            let plan = try await api.call(.get, "/api/v1/status-maps/compounds/\(id)", token: try await api.login("leader"))
            #expect(plan.json["compound"]["entrances"].array.map { $0["checkpoints"].array.count } == [3, 0, 1], "\(plan.json["compound"])")

            func refused(_ entrances: String, version: Int? = nil, token: String? = nil) async throws -> (HTTPResponse.Status, String?, String?) {
                let r = try await api.call(.put, "/api/v1/compounds/\(id)/entrances", token: token ?? worker,
                                           json: #"{"entrances":[\#(entrances)]\#(version.map { ",\"version\":\($0)" } ?? "")}"#)
                return (r.status, r.json["error"]["code"].string, r.json["error"]["field"].string)
            }
            let gate = #"{"name":"东门","location":{"lon":\#(lon + 0.0004),"lat":\#(lat)}}"#
            #expect(try await refused(gate, version: version) == (.conflict, "compound.changed", "version"), "made on the version before")
            #expect(try await refused("\(gate),\(gate)") == (.badRequest, "entrance.duplicate_name", "entrances[1].name"))
            #expect(try await refused(#"{"name":"","location":{"lon":\#(lon),"lat":\#(lat)}}"#) == (.badRequest, "entrance.name", "entrances[0].name"))
            #expect(try await refused(#"{"name":"远门","location":{"lon":\#(lon + 0.1),"lat":\#(lat)}}"#) == (.badRequest, "entrance.place", "entrances[0].location"))
            #expect(try await refused(#"{"name":"东门","location":{"lon":\#(lon),"lat":\#(lat)},"checkpoints":[{"kind":"temperature"},{"kind":"temperature"}]}"#)
                    == (.badRequest, "entrance.duplicate_checkpoint", "entrances[0].checkpoints[1].kind"))
            #expect(try await refused(#"{"name":"东门","location":{"lon":\#(lon),"lat":\#(lat)},"checkpoints":[{"kind":"deliveries","location":{"lon":\#(lon + 0.01),"lat":\#(lat)}}]}"#)
                    == (.badRequest, "entrance.checkpoint_place", "entrances[0].checkpoints[0].location"))
            #expect(try await refused(#"{"name":"东门","location":{"lon":\#(lon),"lat":\#(lat)},"checkpoints":[{"kind":"sing"}]}"#).0 == .badRequest)
            #expect(try await refused(gate, token: try await api.login("insp.\(Self.committee)")).0 == .forbidden, "an inspector reads, does not keep")
            #expect(try await refused(gate, token: try await api.login("cw.990001002001")).0 == .notFound, "another committee's compound is not seen")
            #expect(try await api.call(.get, "/api/v1/compounds/\(id)", token: worker).json["version"].int == version + 1, "nothing refused was stored")

            let trail = try await api.call(.get, "/api/v1/audit?action=compound.entrances_changed&limit=10", token: try await api.login("auditor")).json["items"].array
            #expect(trail.contains { $0["target"].string == "compound:\(id)" && ($0["detail"].string ?? "").contains("3 entrances, 2 open, 4 checkpoints") }, "\(trail)")
        }
    }
}
