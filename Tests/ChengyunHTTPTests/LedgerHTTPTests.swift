import ChengyunCore
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import NIOCore
import Testing

@Suite("台账：目录、录入一次、旧台账导入、智慧报表与导出 over HTTP")
struct LedgerHTTPTests {
    static let committee = "990001001001"

    @Test("社工录入活动记录（重试不重复），生成的台账不能录入；旧台账文件逐行校验、全有或全无、再导入不重复；月报按居委和街道由数据生成，案件与记录都计入；XLSX 带水印并留痕；区加目录项，基线不停用")
    func ledgersWithoutDoubleEntry() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let worker = try await api.login("cw.\(Self.committee)")
            let admin = try await api.login("admin")
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }

            let catalogue = try await api.call(.get, "/api/v1/ledger-items", token: worker)
            #expect(catalogue.status == .ok && catalogue.json.array.compactMap { $0["code"].string } == LedgerItem.baseline.map(\.code), "\(catalogue.json)")
            let activity = LedgerItem.baseline.first { $0.code == "activity" }!.id.rawValue
            let problem = LedgerItem.baseline.first { $0.code == "problem" }!.id.rawValue

            // The demo's own entries and month first: what follows is counted on top of them.
            func entries(_ query: String = "") async throws -> [JSON] {
                try await api.call(.get, "/api/v1/ledger-entries?limit=200\(query)", token: worker).json["items"].array
            }
            let start = try await entries().count, startActivity = try await entries("&itemId=\(activity)").count
            let startImported = try await entries().filter { $0["origin"].string == "imported" }.count
            let initial = try await api.call(.get, "/api/v1/ledgers/report", token: worker).json

            // 录入一次: the worker's own committee by default; a retry with the same key is the same entry.
            let body = #"{"itemId":\#(activity),"title":"重阳节敬老活动","place":"居委活动室","participants":36,"content":"为80岁以上老人送上慰问品","clientKey":"k-1"}"#
            let typed = try await api.call(.post, "/api/v1/ledger-entries", token: worker, json: body)
            #expect(typed.status == .created && typed.json["participants"].int == 36 && typed.json["origin"].string == "typed", "\(typed.json)")
            let retried = try await api.call(.post, "/api/v1/ledger-entries", token: worker, json: body)
            #expect(retried.status == .ok && retried.json["id"].int == typed.json["id"].int)
            let today = try #require(typed.json["day"].string)
            let monthStart = String(today.prefix(8)) + "01"
            #expect(code(try await api.call(.post, "/api/v1/ledger-entries", token: worker, json: #"{"itemId":\#(problem),"title":"处置了一起占道"}"#))
                    == (.unprocessableContent, "ledger.generated", "itemId"), "the problem-handling record comes from cases")
            #expect(code(try await api.call(.post, "/api/v1/ledger-entries", token: worker, json: #"{"itemId":\#(activity),"title":"明天的活动","day":"2999-01-01"}"#))
                    == (.badRequest, "ledger.day", "day"))
            #expect(code(try await api.call(.post, "/api/v1/ledger-entries", token: worker, json: #"{"itemId":\#(activity),"title":"  "}"#)).1 == "ledger.title")
            #expect(code(try await api.call(.post, "/api/v1/ledger-entries", token: worker, json: #"{"itemId":\#(activity),"title":"x","participants":-1}"#)).1
                    == "ledger.participants")
            let otherCommittee = try #require(try await city.store.node(code: "990001002001"))
            #expect(try await api.call(.post, "/api/v1/ledger-entries", token: worker, json: #"{"itemId":\#(activity),"title":"别处","nodeId":\#(otherCommittee.id)}"#)
                .status.code >= 403)
            let resident = try await api.login("resident1")
            #expect(try await api.call(.get, "/api/v1/ledger-items", token: resident).status == .forbidden)
            #expect(try await api.call(.post, "/api/v1/ledger-entries", token: resident, json: body).status == .forbidden)

            // 旧台账导入: every row checked, all or nothing; the same file again adds nothing.
            let good = "\u{FEFF}居委编码,台账,日期,标题,地点,人数,内容,原编号\r\n"
                + "\(Self.committee),会议记录,\(monthStart),居委会例会,居委会议室,9,部署垃圾分类,OLD-1\r\n"
                + "\(Self.committee),reception,\(monthStart),接待居民来访,居委,1,\"反映楼道堆物, 已处理\",OLD-2\r\n"
                + ",activity,\(monthStart),社区读书会,图书室,15,,\r\n"
            let imported = try await api.call(.post, "/api/v1/ledger-entries/import", token: worker, body: Array(good.utf8), contentType: "text/csv")
            #expect(imported.status == .created && imported.json["accepted"].int == 3, "\(imported.json)")
            #expect(try await entries().count == start + 4)
            #expect(try await api.call(.post, "/api/v1/ledger-entries/import", token: worker, body: Array(good.utf8), contentType: "text/csv").json["accepted"].int == 3)
            #expect(try await entries().count == start + 4, "imported again, the same entries")
            #expect(try await entries().filter { $0["origin"].string == "imported" }.count == startImported + 3)
            let hostile = "ledger,day,title,participants,ref,committee\n"
                + "activity,\(monthStart),好的一行,3,N-1,\n"                     // line 2: fine
                + "activity,\(monthStart),重复编号,3,N-1,\n"                     // line 3: the same ref as line 2
                + "activity,2026-13-40,坏日期,3,N-3,\n"                          // line 4: no such day
                + "problem,\(monthStart),生成的台账,3,N-4,\n"                     // line 5: generated
                + "团建记录,\(monthStart),没有这个台账,3,N-5,\n"                   // line 6: not in the catalogue
                + "activity,\(monthStart),人数不对,很多,N-6,\n"                   // line 7: participants
                + "activity,\(monthStart),别的居委,3,N-7,990001002001\n"          // line 8: not the worker's committee
            let refused = try await api.call(.post, "/api/v1/ledger-entries/import", token: worker, body: Array(hostile.utf8), contentType: "text/csv")
            #expect(refused.status == .unprocessableContent && refused.json["error"]["code"].string == "ledger_import.rejected", "\(refused.json)")
            let lines = refused.json["report"]["rejected"].array.map { ($0["line"].int ?? 0, $0["code"].string ?? "") }
            #expect(lines.map(\.0) == [3, 4, 5, 6, 7, 8], "\(lines)")
            #expect(refused.json["report"]["rejected"].array.map { $0["field"].string ?? "" } == ["ref", "day", "ledger", "ledger", "participants", "committee"],
                    "named as the file's columns")
            #expect(lines.map(\.1) == ["ledger_import.duplicate_row", "ledger.day", "ledger.generated", "ledger_import.ledger", "ledger.participants",
                                       "ledger_import.committee"])
            #expect(try await entries().count == start + 4, "nothing of the refused file was stored")
            let noText = Array("ledger,day,title\nactivity,\(monthStart),".utf8) + [0x81, 0x20, 0x0A]    // neither UTF-8 nor GB18030
            #expect(code(try await api.call(.post, "/api/v1/ledger-entries/import", token: worker, body: noText, contentType: "text/csv")) == (.badRequest, "ledger.unreadable", "file"))
            #expect(code(try await api.call(.post, "/api/v1/ledger-entries/import", token: worker, body: Array("title,day\nx,\(monthStart)\n".utf8), contentType: "text/csv")).1
                    == "ledger.unreadable", "no ledger column")

            // Paged by cursor, the latest day first.
            var paged: [JSON] = [], cursor: String? = nil
            repeat {
                let page = try await api.call(.get, "/api/v1/ledger-entries?limit=3\(cursor.map { "&cursor=\($0)" } ?? "")", token: worker).json
                #expect(page["items"].array.count <= 3)
                paged += page["items"].array
                cursor = page["next"].string
            } while cursor != nil && paged.count < 500
            #expect(paged.count == start + 4 && Set(paged.compactMap { $0["id"].int }).count == paged.count, "every entry once")
            let days = paged.compactMap { $0["day"].string }
            #expect(days == days.sorted(by: >) && days.first == today, "the latest day first")
            #expect(try await entries("&itemId=\(activity)").count == startActivity + 2)
            #expect(code(try await api.call(.get, "/api/v1/ledger-entries?cursor=zzz", token: worker)).1 == "query.invalid_value")

            // 智慧报表: the committee's month from its data; a case reported now counts, no one types it.
            func report(_ token: String, _ query: String = "") async throws -> JSON {
                let reply = try await api.call(.get, "/api/v1/ledgers/report?\(query)", token: token)
                #expect(reply.status == .ok, "\(reply.json)")
                return reply.json
            }
            func figure(_ row: JSON, _ item: Int64) -> JSON { row["figures"].array.first { $0["itemId"].int == Int(item) } ?? JSON(value: nil) }
            let before = try await report(worker)
            #expect(before["rows"].array.count == 1 && before["rows"][0]["area"].bool == true && before["month"].string == String(today.prefix(7)))
            let was = figure(initial["rows"][0], activity)
            #expect(figure(before["rows"][0], activity)["count"].int == (was["count"].int ?? 0) + 2, "the typed and the imported activity of this month")
            #expect(figure(before["rows"][0], activity)["participants"].int == (was["participants"].int ?? 0) + 51)
            let reported = figure(before["rows"][0], problem)["reported"].int ?? -1
            _ = try await api.report(try await api.login("insp.\(Self.committee)"), source: "inspector", category: "event:0110")
            let after = try await report(worker)
            #expect(figure(after["rows"][0], problem)["reported"].int == reported + 1, "the problem-handling record comes from cases")

            let street = try #require(try await city.store.node(code: String(Self.committee.prefix(9))))
            let leader = try await api.login("leader")
            let streetReport = try await report(leader, "nodeId=\(street.id)")
            let rows = streetReport["rows"].array
            #expect(rows.count >= 2 && rows[0]["area"].bool == true && rows.dropFirst().allSatisfy { $0["level"].string == "committee" })
            #expect(rows.dropFirst().compactMap { figure($0, activity)["count"].int }.reduce(0, +) == figure(rows[0], activity)["count"].int, "the parts add up")
            let committees = try await city.store.children(of: street.id).sorted { $0.path < $1.path }.map { Int($0.id.rawValue) }
            #expect(rows.dropFirst().compactMap { $0["nodeId"].int } == committees, "each committee once, in the tree's order")
            #expect(code(try await api.call(.get, "/api/v1/ledgers/report?month=2026-13", token: worker)) == (.badRequest, "ledger.month", "month"))
            #expect(code(try await api.call(.get, "/api/v1/ledgers/report?month=2999-01", token: worker)).1 == "ledger.month")

            let xlsx = try await api.call(.get, "/api/v1/ledgers/report.xlsx?nodeId=\(street.id)", token: leader)
            #expect(xlsx.status == .ok && Array(xlsx.body.readableBytesView.prefix(2)) == [0x50, 0x4B], "a ZIP container")
            #expect(xlsx.headers[HTTPField.Name("X-Data-Grade")!] == "internal" && xlsx.headers[HTTPField.Name("X-Export-Watermark")!]?.contains("template ledgers") == true)
            #expect(try await api.call(.get, "/api/v1/ledgers/report.xlsx", token: resident).status == .forbidden)

            // The catalogue: a district adds a kept ledger; generated ones and streets cannot; the baseline stays.
            let district = try #require(try await city.store.node(code: String(Self.committee.prefix(6))))
            func add(_ json: String) async throws -> Reply { try await api.call(.post, "/api/v1/ledger-items", token: admin, json: json) }
            let added = try await add(#"{"code":"volunteer","name":"志愿服务记录","kind":"activity","nodeId":\#(district.id),"guide":"志愿者、服务时长"}"#)
            #expect(added.status == .created && added.json["source"].string == "entries" && (added.json["id"].int ?? 0) >= 101, "\(added.json)")
            #expect(try await api.call(.get, "/api/v1/ledger-items", token: worker).json.array.contains { $0["code"].string == "volunteer" })
            #expect(code(try await add(#"{"code":"volunteer","name":"再一次","kind":"activity","nodeId":\#(district.id)}"#)) == (.conflict, "ledger.duplicate_code", "code"))
            #expect(code(try await add(#"{"code":"activity","name":"基线","kind":"activity","nodeId":\#(district.id)}"#)).1 == "ledger.duplicate_code")
            #expect(code(try await add(#"{"code":"gen","name":"生成","kind":"problem","source":"cases","nodeId":\#(district.id)}"#)) == (.unprocessableContent, "ledger.source", "source"))
            #expect(code(try await add(#"{"code":"st","name":"街道","kind":"meeting","nodeId":\#(street.id)}"#)) == (.unprocessableContent, "ledger.level", "nodeId"))
            #expect(try await api.call(.post, "/api/v1/ledger-items", token: worker, json: #"{"code":"w","name":"社工","kind":"meeting","nodeId":\#(district.id)}"#).status == .forbidden)
            #expect(code(try await api.call(.post, "/api/v1/ledger-items/\(activity)/active", token: admin, json: #"{"active":false}"#)).1 == "ledger.baseline")
            let addedID = try #require(added.json["id"].int)
            let withdrawn = try await api.call(.post, "/api/v1/ledger-items/\(addedID)/active", token: admin, json: #"{"active":false}"#)
            #expect(withdrawn.status == .ok && withdrawn.json["active"].bool == false && withdrawn.json["version"].int == 2)
            #expect(code(try await api.call(.post, "/api/v1/ledger-entries", token: worker, json: #"{"itemId":\#(addedID),"title":"停用后"}"#)).1 == "ledger.not_found")

            let trail = try await api.call(.get, "/api/v1/audit?limit=200", token: try await api.login("auditor")).json["items"].array.compactMap { $0["action"].string }
            for action in ["ledger.entry_added", "ledger.imported", "ledger.import_refused", "export.ledgers", "ledger.item_created", "ledger.item_withdrawn"] {
                #expect(trail.contains(action), "\(action) on the trail")
            }
        }
    }

    @Test("更正与撤回：按所读版本更正（同样再发一次还是那一条、旧版本被拒、照新录入一样校验），月报随之变化；撤回须写原因，记录留存但不再列出、不计入；别的居委和居民改不了；留痕")
    func correctionsAndWithdrawals() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let worker = try await api.login("cw.\(Self.committee)"), elsewhere = try await api.login("cw.990001002001")
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }
            let activity = LedgerItem.baseline.first { $0.code == "activity" }!.id.rawValue
            func figure() async throws -> (count: Int, participants: Int) {
                let row = try await api.call(.get, "/api/v1/ledgers/report", token: worker).json["rows"][0]
                let f = row["figures"].array.first { $0["itemId"].int == Int(activity) }
                return (f?["count"].int ?? 0, f?["participants"].int ?? 0)
            }
            let typed = try await api.call(.post, "/api/v1/ledger-entries", token: worker,
                                           json: #"{"itemId":\#(activity),"title":"读书会","place":"图书室","participants":12,"clientKey":"fix-1"}"#)
            let id = try #require(typed.json["id"].int)
            #expect(typed.json["version"].int == 1)
            let before = try await figure()

            // 更正 on the version read, checked as a new entry is.
            let path = "/api/v1/ledger-entries/\(id)"
            let fix = #"{"title":"社区读书会","place":"图书室","participants":20,"content":"人数按签到表更正","version":1}"#
            let fixed = try await api.call(.put, path, token: worker, json: fix)
            #expect(fixed.status == .ok && fixed.json["participants"].int == 20 && fixed.json["version"].int == 2 && fixed.json["correctedBy"].string != nil, "\(fixed.json)")
            #expect(try await api.call(.put, path, token: worker, json: fix).json["version"].int == 2, "sent again: the same answer")
            #expect(code(try await api.call(.put, path, token: worker, json: #"{"title":"另一说","version":1}"#)) == (.conflict, "ledger.entry_changed", "version"))
            #expect(code(try await api.call(.put, path, token: worker, json: #"{"title":"x","participants":-3,"version":2}"#)).1 == "ledger.participants")
            #expect(code(try await api.call(.put, path, token: worker, json: #"{"title":"x","day":"2999-01-01","version":2}"#)).1 == "ledger.day")
            #expect(try await api.call(.put, path, token: elsewhere, json: #"{"title":"x","version":2}"#).status == .notFound, "another committee's")
            #expect(try await api.call(.put, path, token: try await api.login("resident1"), json: #"{"title":"x","version":2}"#).status == .notFound)
            var now = try await figure()
            #expect(now.count == before.count && now.participants == before.participants + 8, "the report follows the correction")
            // 更正前的版本: what it said before, for whoever reads the committee's ledgers.
            let versions = try await api.call(.get, "\(path)/versions", token: try await api.login("leader"))
            #expect(versions.status == .ok && versions.json.array.map { $0["version"].int } == [1], "\(versions.json)")
            #expect(versions.json.array.first?["title"].string == "读书会" && versions.json.array.first?["participants"].int == 12)
            #expect(versions.json.array.first?["madeBy"].string == typed.json["recordedBy"].string)
            #expect(try await api.call(.get, "\(path)/versions", token: elsewhere).status == .notFound, "another committee's")

            // 撤回 says why; the entry is kept, out of the lists and the report.
            let withdraw = "/api/v1/ledger-entries/\(id)/withdrawal"
            #expect(code(try await api.call(.post, withdraw, token: worker, json: #"{"reason":"  ","version":2}"#)) == (.badRequest, "ledger.withdraw_reason", "reason"))
            #expect(code(try await api.call(.post, withdraw, token: worker, json: #"{"reason":"重复录入","version":1}"#)).1 == "ledger.entry_changed")
            let gone = try await api.call(.post, withdraw, token: worker, json: #"{"reason":"重复录入","version":2}"#)
            #expect(gone.status == .ok && gone.json["withdrawReason"].string == "重复录入" && gone.json["withdrawnAt"].string != nil, "\(gone.json)")
            #expect(try await api.call(.post, withdraw, token: worker, json: #"{"reason":"重复录入","version":2}"#).status == .ok, "sent again: the same answer")
            #expect(code(try await api.call(.put, path, token: worker, json: #"{"title":"x","version":3}"#)).1 == "ledger.entry_not_found")
            let listed = try await api.call(.get, "/api/v1/ledger-entries?limit=200", token: worker).json["items"].array
            #expect(!listed.contains { $0["id"].int == id })
            now = try await figure()
            #expect(now.count == before.count - 1 && now.participants == before.participants - 12)
            let trail = try await city.store.audit(AuditQuery(actionPrefix: "ledger.entry_", limit: 20)).map(\.action)
            #expect(trail.contains("ledger.entry_corrected") && trail.contains("ledger.entry_withdrawn"))
        }
    }

    @Test("台账附件：本居委社工给记录添加签到表照片或纪要 PDF（类型须与内容相符），随记录列出，能看台账的人可读；别的居委和居民加不了、读不到；撤回的记录不再添加")
    func attachments() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let worker = try await api.login("cw.\(Self.committee)"), elsewhere = try await api.login("cw.990001002001"), leader = try await api.login("leader")
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?) { (reply.status, reply.json["error"]["code"].string) }
            let activity = LedgerItem.baseline.first { $0.code == "activity" }!.id.rawValue
            let typed = try await api.call(.post, "/api/v1/ledger-entries", token: worker,
                                           json: #"{"itemId":\#(activity),"title":"重阳敬老活动","participants":40,"clientKey":"doc-1"}"#)
            let id = try #require(typed.json["id"].int, "\(typed.json)")
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 4, count: 700)
            let pdf: [UInt8] = Array("%PDF-1.7 ".utf8) + Array(repeating: 6, count: 300)
            func upload(_ token: String, _ bytes: [UInt8], _ type: String, _ name: String) async throws -> Reply {
                try await api.call(.post, "/api/v1/ledger-entries/\(id)/documents?fileName=\(name)", token: token, body: bytes, contentType: type)
            }
            let sheet = try await upload(worker, png, "image/png", "sign-in.png")
            #expect(sheet.status == .created && sheet.json["subject"].string == "ledgerEntry" && sheet.json["subjectId"].int == id, "\(sheet.json)")
            #expect(try await upload(worker, pdf, "application/pdf", "minutes.pdf").status == .created)
            #expect(code(try await upload(worker, png, "application/pdf", "x.pdf")) == (.unsupportedMediaType, "attachment.type_mismatch"))
            #expect(code(try await upload(elsewhere, png, "image/png", "x.png")) == (.notFound, "ledger.entry_not_found"), "another committee's")
            #expect(code(try await upload(leader, png, "image/png", "x.png")).0 == .notFound, "a leader reads ledgers, keeps none")

            // Listed with the page's entries; read by whoever reads the committee's ledgers.
            let page = try await api.call(.get, "/api/v1/ledger-entries?limit=200", token: leader).json
            let filed = page["documents"].array.filter { $0["subjectId"].int == id }
            #expect(filed.map { $0["fileName"].string } == ["sign-in.png", "minutes.pdf"], "\(page)")
            let sheetID = try #require(sheet.json["id"].int)
            let read = try await api.call(.get, "/api/v1/ledger-entries/\(id)/documents/\(sheetID)", token: leader)
            #expect(read.status == .ok && read.headers[.contentType] == "image/png" && read.body.readableBytes == png.count)
            #expect(try await api.call(.get, "/api/v1/ledger-entries/\(id)/documents/\(sheetID)", token: elsewhere).status == .notFound)
            #expect(try await api.call(.get, "/api/v1/ledger-entries/\(id)/documents/\(sheetID)", token: try await api.login("resident1")).status == .notFound)

            // Withdrawn, it takes no more; what it holds stays readable.
            #expect(try await api.call(.post, "/api/v1/ledger-entries/\(id)/withdrawal", token: worker, json: #"{"reason":"重复录入","version":1}"#).status == .ok)
            #expect(code(try await upload(worker, png, "image/png", "late.png")) == (.conflict, "document.closed"))
            #expect(try await api.call(.get, "/api/v1/ledger-entries/\(id)/documents/\(sheetID)", token: worker).status == .ok)
            #expect(try await city.store.audit(AuditQuery(actionPrefix: "ledger.entry_document", limit: 10)).count == 2)
        }
    }
}
