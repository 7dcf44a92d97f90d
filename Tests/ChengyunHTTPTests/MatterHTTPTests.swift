import ChengyunCore
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("知事项：正面清单（消项式）、责任清单生成每日任务、数字来自案件 over HTTP")
struct MatterHTTPTests {
    @Test("站点的正面清单按站点类型给出、逐项的数字来自本站案件（上报一件即未消项，结案即消项）；每日任务由区责任清单生成，社工勾销一次，重复勾销不重复；他人与坏输入有代码；市管理员加事项、区停用事项")
    func listsTasksAndCounts() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let inspector = try await api.login("insp.990001001001")
            let worker = try await api.login("cw.990001001001")
            // The case a grid inspector finds at cell (0, 0) belongs to the station serving committee 1.
            let found = try await api.report(inspector, source: "inspector", category: "event:0602")
            let stationID = try #require(found["stationId"].int)
            let station = try await api.call(.get, "/api/v1/stations/\(stationID)", token: worker)
            #expect(station.status == .ok && station.json["type"].string == "communityCentre", "\(station.json)")

            let matters = try await api.call(.get, "/api/v1/stations/\(stationID)/matters", token: worker)
            #expect(matters.status == .ok, "\(matters.json)")
            let positive = matters.json["positive"].array
            #expect(positive.count == 20, "a community centre's positive list has 20 matters")
            let rent = try #require(positive.first { $0["item"]["code"].string == "ZM-02" })
            #expect(rent["item"]["name"].string == "群租管理" && rent["count"]["open"].int == 1 && rent["count"]["reported"].int == 1 && rent["closedOut"].bool == false)
            #expect(positive.filter { $0["closedOut"].bool == false }.allSatisfy { ($0["count"]["open"].int ?? 0) > 0 })
            let codes = matters.json["tasks"].array.compactMap { $0["item"]["code"].string }
            #expect(codes == ["ZR-01-1", "ZR-02-1", "ZR-03-1", "ZR-04-1", "ZR-07-1"], "district 1's items for a community centre")
            #expect(matters.json["tasks"].array.allSatisfy { $0["done"].isNull })

            // Rejected, the report is no matter: the item is closed out.
            let duty = try await api.login("duty")
            let rejected = try await api.act(try #require(found["id"].int), "reject", token: duty, json: #"{"reason":"非群租，系亲属同住"}"#)
            #expect(rejected.status == .ok, "\(rejected.json)")
            let after = try await api.call(.get, "/api/v1/stations/\(stationID)/matters", token: worker).json["positive"].array
            let rentAfter = try #require(after.first { $0["item"]["code"].string == "ZM-02" })
            #expect(rentAfter["count"]["open"].int == 0 && rentAfter["count"]["reported"].int == 0 && rentAfter["closedOut"].bool == true)

            // 每日任务: ticked once, by the committee's worker.
            let task = try #require(matters.json["tasks"].array.first { $0["item"]["code"].string == "ZR-03-1" })
            let itemID = try #require(task["item"]["id"].int)
            let tick = try await api.call(.post, "/api/v1/stations/\(stationID)/tasks", token: worker, json: #"{"itemId":\#(itemID),"note":"3号楼502疑似群租，已约谈房东"}"#)
            #expect(tick.status == .created && tick.json["by"].string != nil && tick.json["note"].string == "3号楼502疑似群租，已约谈房东", "\(tick.json)")
            let again = try await api.call(.post, "/api/v1/stations/\(stationID)/tasks", token: worker, json: #"{"itemId":\#(itemID),"note":"再记一次"}"#)
            #expect(again.status == .ok && again.json["note"].string == "3号楼502疑似群租，已约谈房东" && again.json["at"].string == tick.json["at"].string)
            let ticked = try await api.call(.get, "/api/v1/stations/\(stationID)/matters", token: worker).json["tasks"].array
            #expect(ticked.filter { !$0["done"].isNull }.compactMap { $0["item"]["id"].int } == [itemID])

            func refusal(_ token: String, _ body: String) async throws -> (HTTPResponse.Status, String?, String?) {
                let reply = try await api.call(.post, "/api/v1/stations/\(stationID)/tasks", token: token, json: body)
                return (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string)
            }
            let district = try #require(matters.json["tasks"].array.first?["item"]["nodeId"].int)
            let specialOnly = try await api.call(.get, "/api/v1/matter-items?list=responsibility&nodeId=\(district)", token: admin).json.array
                .first { $0["code"].string == "ZR-05-1" }
            #expect(try await refusal(worker, #"{"itemId":\#(try #require(specialOnly?["id"].int))}"#) == (.unprocessableContent, "matter.not_a_task", "itemId"))
            #expect(try await refusal(worker, #"{"itemId":\#(itemID),"day":"2020-01-01"}"#) == (.badRequest, "matter.task_day", "day"))
            #expect(try await refusal(worker, #"{"itemId":\#(itemID),"note":"\#(String(repeating: "长", count: 5_000))"}"#).1 == "input.too_long")
            let leader = try await api.login("leader")
            #expect(try await refusal(leader, #"{"itemId":\#(itemID)}"#).0 == .forbidden, "a leader reads the station but does not tick its tasks")
            // Department staff posted to the station (条线下沉) read its matters and tick its tasks; before the posting they do neither.
            let department = try #require(try await api.departments(token: admin).first?["id"].int)
            let handler = try #require(try await city.store.users(under: "/", limit: 500, offset: 0).first {
                $0.assignments.contains { $0.role == .departmentHandler && $0.departmentID?.rawValue == Int64(department) }
            })
            let posted = try await api.login(handler.username)
            #expect(try await api.call(.get, "/api/v1/stations/\(stationID)/matters", token: posted).status == .notFound)
            #expect(try await api.call(.post, "/api/v1/stations/\(stationID)/posts", token: admin, json: #"{"userId":\#(handler.id),"departmentId":\#(department)}"#).status == .created)
            #expect(try await api.call(.get, "/api/v1/stations/\(stationID)/matters", token: posted).status == .ok)
            let streetTask = try #require(matters.json["tasks"].array.first { $0["item"]["code"].string == "ZR-04-1" }?["item"]["id"].int)
            let byPosted = try await api.call(.post, "/api/v1/stations/\(stationID)/tasks", token: posted, json: #"{"itemId":\#(streetTask),"note":"未发现新增搭建"}"#)
            #expect(byPosted.status == .created && byPosted.json["by"].string == handler.displayName, "\(byPosted.json)")
            let elsewhere = try await api.login("cw.990001002001")
            let otherView = try await api.call(.get, "/api/v1/stations/\(stationID)/matters", token: elsewhere)
            #expect(otherView.status == .notFound && otherView.json["error"]["code"].string == "station.not_found")
            let resident = try await api.login("resident1")
            #expect(try await api.call(.get, "/api/v1/matter-items", token: resident).status == .forbidden)

            // The lists: the city's administrator adds an item; bad ones have their codes; a district withdraws one of its own.
            let cityID = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=city", token: admin).json[0]["id"].int)
            func add(_ body: String) async throws -> Reply { try await api.call(.post, "/api/v1/matter-items", token: admin, json: body) }
            let added = try await add(#"{"list":"positive","code":"ZM-62","name":"高空抛物","nodeId":\#(cityID),"stationTypes":["communityCentre"],"categoryIds":["event:0110"]}"#)
            #expect(added.status == .created && added.json["version"].int == 1, "\(added.json)")
            let grown = try await api.call(.get, "/api/v1/stations/\(stationID)/matters", token: worker).json["positive"].array
            #expect(grown.count == 21 && grown.contains { $0["item"]["code"].string == "ZM-62" })
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }
            #expect(code(try await add(#"{"list":"positive","code":"ZM-62","name":"重复","nodeId":\#(cityID),"stationTypes":["village"],"categoryIds":["event:0110"]}"#))
                    == (.conflict, "matter.duplicate_code", "code"))
            #expect(code(try await add(#"{"list":"positive","code":"X1","name":"无类别","nodeId":\#(cityID),"stationTypes":["village"],"categoryIds":["event:9999"]}"#))
                    == (.badRequest, "matter.categories", "categoryIds"))
            #expect(code(try await add(#"{"list":"positive","code":"X2","name":"无类型","nodeId":\#(cityID),"stationTypes":[],"categoryIds":["event:0110"]}"#))
                    == (.badRequest, "matter.station_types", "stationTypes"))
            let streetID = try #require(station.json["nodeId"].int)
            #expect(code(try await add(#"{"list":"positive","code":"X3","name":"街道","nodeId":\#(streetID),"stationTypes":["village"],"categoryIds":["event:0110"]}"#))
                    == (.unprocessableContent, "matter.level", "nodeId"))
            #expect(code(try await add(#"{"list":"daily","code":"X4","name":"坏清单","nodeId":\#(cityID),"stationTypes":["village"],"categoryIds":["event:0110"]}"#)).0 == .badRequest)
            #expect(try await api.call(.post, "/api/v1/matter-items", token: worker,
                                       json: #"{"list":"positive","code":"X5","name":"社工","nodeId":\#(cityID),"stationTypes":["village"],"categoryIds":["event:0110"]}"#).status == .forbidden)
            #expect(code(try await api.call(.get, "/api/v1/matter-items?list=daily", token: admin)) == (.badRequest, "query.invalid_value", "list"))

            let withdrawn = try await api.call(.post, "/api/v1/matter-items/\(itemID)/active", token: admin, json: #"{"active":false}"#)
            #expect(withdrawn.status == .ok && withdrawn.json["active"].bool == false && withdrawn.json["version"].int == 2)
            let fewer = try await api.call(.get, "/api/v1/stations/\(stationID)/matters", token: worker).json["tasks"].array
            #expect(fewer.count == 4 && !fewer.contains { $0["item"]["id"].int == itemID })
            #expect(try await refusal(worker, #"{"itemId":\#(itemID)}"#).1 == "matter.not_a_task", "a withdrawn item gives no task")
            let trail = try await api.call(.get, "/api/v1/audit?action=matter.&limit=50", token: try await api.login("auditor")).json
            let actions = trail["items"].array.compactMap { $0["action"].string }
            #expect(actions.contains("matter.task_done") && actions.contains("matter.created") && actions.contains("matter.withdrawn"), "\(actions.prefix(10))")
        }
    }
}
