import ChengyunCore
import ChengyunServices
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("盘家底：小区、楼栋、房屋、实有人口（脱敏、留痕）、标签库、导入 over HTTP")
struct BaseDataHTTPTests {
    static let committee = "990001001001"
    static func id(_ year: Int, _ sequence: Int) -> String { IDNumber.make(area: "990001", birth: LocalDate(year: year, month: 6, day: 1)!, sequence: sequence) }

    @Test("社工登记小区、楼栋（连同房屋）与居民；答复脱敏；说明理由才见原文并留痕；重复、校验位、标签库外的标签各有代码；别的居委看不到")
    func keepBaseData() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let worker = try await api.login("cw.\(Self.committee)")
            let committee = try #require(try await city.store.node(code: Self.committee))
            let before = try await api.call(.get, "/api/v1/base-data/counts?nodeId=\(committee.id)", token: worker).json["counts"]
            let made = try await api.call(.post, "/api/v1/compounds", token: worker, json: """
                {"code":"XQ-T1","name":"测试新村","nodeId":\(committee.id),"type":"oldEstate","managementMode":"selfManaged","entrances":[{"name":"南门","location":{"lon":121.401,"lat":31.151},"vehicles":true}]}
                """)
            #expect(made.status == .created, "\(made.json)")
            let compound = try #require(made.json["id"].int)
            let built = try await api.call(.post, "/api/v1/compounds/\(compound)/buildings", token: worker,
                                           json: #"{"number":"1号楼","floors":6,"units":2,"housesPerFloor":2,"tags":["noLift"]}"#)
            #expect(built.status == .created && built.json["houses"].array.count == 24, "\(built.json)")
            let house = try #require(built.json["houses"][0]["id"].int)
            let number = Self.id(1941, 5)
            let added = try await api.call(.post, "/api/v1/residents", token: worker, json: """
                {"nodeId":\(committee.id),"houseId":\(house),"name":"张阿婆","idNumber":"\(number)","phone":"13912345678","kind":"registered","tags":["elderlyAlone","elderly80"]}
                """)
            #expect(added.status == .created, "\(added.json)")
            #expect(added.json["name"].string == "张**" && added.json["idNumber"].string != number && added.json["idNumber"].string?.hasSuffix(String(number.suffix(4))) == true)
            #expect(added.json["phone"].string == "139****5678")
            let resident = try #require(added.json["id"].int)

            func refused(_ body: String) async throws -> (HTTPResponse.Status, String?, String?) {
                let r = try await api.call(.post, "/api/v1/residents", token: worker, json: body)
                return (r.status, r.json["error"]["code"].string, r.json["error"]["field"].string)
            }
            let again = try await refused(#"{"nodeId":\#(committee.id),"name":"张阿婆","idNumber":"\#(number)","kind":"registered"}"#)
            #expect(again == (.conflict, "resident.duplicate_id_number", "idNumber"))
            var wrong = Array(Self.id(1990, 7))
            wrong[17] = wrong[17] == "1" ? "2" : "1"
            #expect(try await refused(#"{"nodeId":\#(committee.id),"name":"李四","idNumber":"\#(String(wrong))","kind":"floating"}"#) == (.badRequest, "resident.invalid_id_number", "idNumber"))
            #expect(try await refused(#"{"nodeId":\#(committee.id),"name":"李四","kind":"floating","tags":["麻烦户"]}"#) == (.badRequest, "tag.unknown", "tags[0]"))
            #expect(try await refused(#"{"nodeId":\#(committee.id),"name":"李四","kind":"floating","phone":"12"}"#).2 == "phone")

            let houses = try await api.call(.get, "/api/v1/buildings/\(try #require(built.json["building"]["id"].int))/houses", token: worker).json.array
            #expect(houses.first { $0["house"]["id"].int == house }?["residents"][0]["name"].string == "张**")
            let after = try await api.call(.get, "/api/v1/base-data/counts?nodeId=\(committee.id)", token: worker).json["counts"]
            #expect(after["compounds"].int == (before["compounds"].int ?? 0) + 1 && after["houses"].int == (before["houses"].int ?? 0) + 24)
            #expect(after["residents"].int == (before["residents"].int ?? 0) + 1 && after["byTag"]["elderlyAlone"].int == (before["byTag"]["elderlyAlone"].int ?? 0) + 1)
            let tagged = try await api.call(.get, "/api/v1/residents?nodeId=\(committee.id)&tag=elderlyAlone&limit=200", token: worker).json["residents"].array
            #expect(tagged.contains { $0["id"].int == resident } && tagged.allSatisfy { $0["tags"].array.contains { $0.string == "elderlyAlone" } })

            let noReason = try await api.call(.post, "/api/v1/residents/\(resident)/reveal", token: worker, json: #"{"reason":""}"#)
            #expect(noReason.status == .badRequest && noReason.json["error"]["code"].string == "base_data.reason_required")
            let shown = try await api.call(.post, "/api/v1/residents/\(resident)/reveal", token: worker, json: #"{"reason":"上门走访独居老人"}"#)
            #expect(shown.status == .ok && shown.json["name"].string == "张阿婆" && shown.json["idNumber"].string == number && shown.json["phone"].string == "13912345678")
            let trail = try await api.call(.get, "/api/v1/audit?action=personal.read&limit=50", token: try await api.login("auditor")).json["items"].array
            #expect(trail.contains { $0["target"].string == "resident:\(resident)" && $0["reason"].string == "上门走访独居老人" }, "\(trail)")

            let other = try await api.login("cw.990001002001")
            #expect(try await api.call(.get, "/api/v1/residents/\(resident)", token: other).status == .notFound)
            #expect(try await api.call(.post, "/api/v1/residents/\(resident)/reveal", token: other, json: #"{"reason":"看看"}"#).status == .notFound)
            #expect(try await api.call(.get, "/api/v1/compounds/\(compound)", token: other).status == .notFound)
            // 小区 on the map: a compound with a point is in its box for its committee, not for another's.
            let placed = try await api.call(.post, "/api/v1/compounds", token: worker, json: """
                {"code":"XQ-T3","name":"地图新村","nodeId":\(committee.id),"type":"commercial","managementMode":"propertyCompany","location":{"lon":121.4013,"lat":31.1512}}
                """)
            let placedID = try #require(placed.json["id"].int)
            let box = "/api/v1/compounds/map?bbox=121.40,31.15,121.41,31.16"
            let layer = try await api.call(.get, box, token: worker)
            #expect(layer.status == .ok && layer.json["truncated"].bool == false && layer.json["compounds"].array.contains { $0["id"].int == placedID }, "\(layer.json)")
            #expect(!(try await api.call(.get, box, token: other).json["compounds"].array.contains { $0["id"].int == placedID }))
            #expect(try await api.call(.get, "/api/v1/compounds/map", token: worker).json["error"]["field"].string == "bbox")
            #expect(try await api.call(.post, "/api/v1/compounds", token: other, json: """
                {"code":"XQ-T2","name":"越界","nodeId":\(committee.id),"type":"commercial","managementMode":"propertyCompany"}
                """).status == .forbidden)
            #expect(try await api.call(.get, "/api/v1/residents", token: try await api.login("resident1")).status == .forbidden)
            // The person moves to the other committee: it records them by ID number; the first committee's count drops.
            let otherCommittee = try #require(try await city.store.node(code: "990001002001"))
            let movedIn = try await api.call(.post, "/api/v1/residents/move-in", token: other, json: #"{"idNumber":"\#(number)","nodeId":\#(otherCommittee.id)}"#)
            #expect(movedIn.status == .ok && movedIn.json["nodeId"].int == Int(otherCommittee.id.rawValue) && movedIn.json["id"].int == resident, "\(movedIn.json)")
            #expect(try await api.call(.get, "/api/v1/residents/\(resident)", token: worker).status == .notFound, "no longer the first committee's")
            #expect(try await api.call(.get, "/api/v1/base-data/counts?nodeId=\(committee.id)", token: worker).json["counts"]["residents"].int == before["residents"].int ?? 0)
            let unknown = try await api.call(.post, "/api/v1/residents/move-in", token: other, json: #"{"idNumber":"\#(Self.id(1999, 3))","nodeId":\#(otherCommittee.id)}"#)
            #expect(unknown.status == .notFound && unknown.json["error"]["code"].string == "resident.not_recorded")
            let gone = try await api.call(.post, "/api/v1/residents/\(resident)/move", token: other, json: #"{"away":true,"on":"2026-11-30"}"#)
            #expect(gone.status == .ok && gone.json["movedOutOn"].string == "2026-11-30")
            #expect(try await api.call(.post, "/api/v1/residents/\(resident)/move", token: other, json: #"{"away":true}"#).json["error"]["code"].string == "resident.moved_out")
            #expect(try await api.call(.post, "/api/v1/residents/\(resident)/move", token: other, json: "{}").status == .conflict)
            let tags = try await api.call(.get, "/api/v1/tags", token: worker).json.array
            #expect(tags.contains { $0["code"].string == "elderlyAlone" && $0["name"].string == "独居老人" })
        }
    }

    @Test("导入实有人口：带 BOM 的 CSV 整批导入；有坏行（重复身份证号、校验位错、居委不归我、类别错、房屋不存在）时整批不入并逐行报告；非 UTF-8 文件 400")
    func importRecords() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let admin = try await api.login("admin")
            let committee = try #require(try await city.store.node(code: Self.committee))
            let compound = try await api.call(.post, "/api/v1/compounds", token: admin, json: """
                {"code":"XQ-IMP","name":"导入花苑","nodeId":\(committee.id),"type":"commercial","managementMode":"propertyCompany"}
                """).json["id"].int
            _ = try await api.call(.post, "/api/v1/compounds/\(try #require(compound))/buildings", token: admin, json: #"{"number":"3号楼","floors":5,"units":1,"housesPerFloor":2}"#)
            let counts = { try await api.call(.get, "/api/v1/base-data/counts?nodeId=\(committee.id)", token: admin).json["counts"]["residents"].int ?? 0 }
            let start = try await counts()
            let good = "\u{FEFF}居委编码,姓名,身份证号,电话,类别,党员,标签,小区编码,楼号,单元,室号\r\n"
                + "\(Self.committee),赵一,\(Self.id(1950, 1)),13900000001,户籍,是,独居老人;elderly80,,,,\r\n".replacingOccurrences(of: "独居老人;", with: "elderlyAlone;")
                + "\(Self.committee),钱二,\(Self.id(1980, 2).lowercased()),,流动,否,,XQ-IMP,3号楼,1,301\r\n"
                + "\"\(Self.committee)\",\"孙, 三\",,,常住,,,,,,\r\n"
            let ok = try await api.call(.post, "/api/v1/residents/import", token: admin, body: Array(good.utf8), contentType: "text/csv")
            #expect(ok.status == .created && ok.json["accepted"].int == 3, "\(ok.json)")
            #expect(try await counts() == start + 3)

            var bad = Array(Self.id(1970, 9))
            bad[17] = bad[17] == "1" ? "2" : "1"
            let hostile = "committee,name,idNumber,kind,compound,building,room\n"
                + "\(Self.committee),周四,\(Self.id(1975, 4)),户籍,,,\n"          // line 2: fine
                + "\(Self.committee),吴五,\(Self.id(1975, 4)),户籍,,,\n"          // line 3: the same number as line 2
                + "\(Self.committee),郑六,\(String(bad)),户籍,,,\n"               // line 4: check digit
                + "990002002001,王七,,户籍,,,\n"                                  // line 5: fine for an admin of the city
                + "999999999999,冯八,,户籍,,,\n"                                  // line 6: no such committee
                + "\(Self.committee),陈九,,游客,,,\n"                              // line 7: kind
                + "\(Self.committee),褚十,,户籍,XQ-IMP,3号楼,909\n"                // line 8: no such room
                + "\(Self.committee),赵一,\(Self.id(1950, 1)),户籍,,,\n"           // line 9: recorded already
            let refused = try await api.call(.post, "/api/v1/residents/import", token: admin, body: Array(hostile.utf8), contentType: "text/csv")
            #expect(refused.status == .unprocessableContent && refused.json["error"]["code"].string == "resident_import.rejected", "\(refused.json)")
            let report = refused.json["report"]["rejected"].array.map { ($0["line"].int ?? 0, $0["code"].string ?? "") }
            #expect(report.map(\.0) == [3, 4, 6, 7, 8, 9], "\(report)")
            #expect(report.map(\.1) == ["resident_import.duplicate_row", "resident.invalid_id_number", "resident_import.committee", "resident_import.kind",
                                        "resident_import.place", "resident.duplicate_id_number"])
            #expect(try await counts() == start + 3, "nothing of the refused file was stored")

            // A sheet saved as CSV by Excel on a Chinese Windows is GBK: 张三 read as it is.
            let gbk = Array("committee,name\n\(Self.committee),".utf8) + [0xD5, 0xC5, 0xC8, 0xFD, 0x0A]
            let read = try await api.call(.post, "/api/v1/residents/import", token: admin, body: gbk, contentType: "text/csv")
            #expect(read.status == .created && read.json["accepted"].int == 1, "\(read.json)")
            let noText = Array("committee,name\n\(Self.committee),".utf8) + [0x81, 0x20, 0x0A]
            let unreadable = try await api.call(.post, "/api/v1/residents/import", token: admin, body: noText, contentType: "text/csv")
            #expect(unreadable.status == .badRequest && unreadable.json["error"]["code"].string == "resident_import.unreadable")
            let worker = try await api.login("cw.990001002001")
            let notMine = try await api.call(.post, "/api/v1/residents/import", token: worker, body: Array("committee,name\n\(Self.committee),某人\n".utf8), contentType: "text/csv")
            #expect(notMine.status == .unprocessableContent && notMine.json["report"]["rejected"][0]["code"].string == "resident_import.committee")
        }
    }
}
