import ChengyunCore
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("扫码注册：楼组二维码、居民注册与实名核验、居委核对、注册率与活跃率 over HTTP")
struct RegistrationHTTPTests {
    static let committee = "990001001001"

    @Test("扫码看到楼组（无个人信息）；身份证号与姓名在册即核验，重试同一注册；不在册待居委核对，社工从本楼居民中核验或说明理由不予通过（账号停用）；坏输入有代码；注册率与活跃率按街道和居委由汇总计数")
    func registerByQRCode() async throws {
        let city = try await TestCity()
        try await city.test { api in
            func code(_ reply: Reply) -> (HTTPResponse.Status, String?, String?) { (reply.status, reply.json["error"]["code"].string, reply.json["error"]["field"].string) }
            let committee = try #require(try await city.store.node(code: Self.committee))
            let street = try #require(try await city.store.node(code: String(Self.committee.prefix(9))))
            let group = try #require(try await city.store.buildingGroups(under: committee.path, afterCode: nil, limit: 50).first { $0.kind == .building && !$0.buildingIDs.isEmpty })
            let building = group.buildingIDs[0]
            let people = try await city.store.residents(inBuilding: building).filter { $0.movedOutOn == nil && $0.idNumber != nil }
            let person = try #require(people.first), neighbour = try #require(people.dropFirst().first)
            let worker = try await api.login("cw.\(Self.committee)"), leader = try await api.login("leader")
            let ratesBefore = try await api.call(.get, "/api/v1/registrations/rates?nodeId=\(street.id)", token: leader).json
            func committeeRow(_ rates: JSON) -> JSON { rates["rows"].array.first { $0["nodeId"].int == Int(committee.id.rawValue) } ?? JSON(value: nil) }
            let verifiedBefore = committeeRow(ratesBefore)["verified"].int ?? -1, pendingBefore = committeeRow(ratesBefore)["pending"].int ?? -1

            // The QR code's page: the group, its committee and street, its buildings — no sign-in, nothing personal.
            let invite = try await api.call(.get, "/api/v1/join/\(group.registrationCode)")
            #expect(invite.status == .ok && invite.json["groupName"].string == group.name && invite.json["committee"].string == committee.name
                    && invite.json["street"].string == street.name, "\(invite.json)")
            #expect(invite.json["buildings"].array.compactMap { $0["id"].int }.contains(Int(building.rawValue)))
            #expect(!invite.json.description.contains(person.name), "no resident's name on the public page")
            #expect(code(try await api.call(.get, "/api/v1/join/aaaaaaaaaaaaaaaa")) == (.notFound, "registration.code", "code"))

            // 实名核验: the ID number recorded in the group's buildings under the same name — verified at once; a retry is the same.
            func body(name: String, phone: String = "13912345678", building: Int64? = building.rawValue, room: String = "1单元302", id: String? = nil,
                      username: String, password: String = "louzu-saoma-2026", key: String) -> String {
                let idPart = id.map { #","idNumber":"\#($0)""# } ?? ""
                let buildingPart = building.map { #","buildingId":\#($0)"# } ?? ""
                return #"{"name":"\#(name)","phone":"\#(phone)","room":"\#(room)","username":"\#(username)","password":"\#(password)","clientKey":"\#(key)"\#(idPart)\#(buildingPart)}"#
            }
            let join = "/api/v1/join/\(group.registrationCode)"
            let first = try await api.call(.post, join, json: body(name: person.name, id: person.idNumber, username: "jumin.one", key: "phone-key-0001"))
            #expect(first.status == .created && first.json["status"].string == "verified" && first.json["residentId"].int == Int(person.id.rawValue), "\(first.json)")
            #expect(first.json["name"].string == Masking.name(person.name) && first.json["phone"].string == "139****5678", "masked in the answer")
            let retry = try await api.call(.post, join, json: body(name: person.name, id: person.idNumber, username: "jumin.one", key: "phone-key-0001"))
            #expect(retry.status == .ok && retry.json["id"].int == first.json["id"].int)
            let resident = try await api.login("jumin.one", password: "louzu-saoma-2026")
            let mine = try await api.call(.get, "/api/v1/registrations/mine", token: resident)
            #expect(mine.status == .ok && mine.json["status"].string == "verified" && mine.json["groupName"].string == group.name)
            #expect(try await api.call(.get, "/api/v1/registrations", token: resident).status == .forbidden)
            #expect(code(try await api.call(.get, "/api/v1/registrations/mine", token: worker)).1 == "registration.none")

            // Not recorded (no ID number, or a name that does not match): pending for the committee.
            let pending = try await api.call(.post, join, json: body(name: "新来的", username: "jumin.two", key: "phone-key-0002"))
            #expect(pending.status == .created && pending.json["status"].string == "pending", "\(pending.json)")
            let wrongName = try await api.call(.post, join, json: body(name: "冒名者", id: neighbour.idNumber, username: "jumin.three", key: "phone-key-0003"))
            #expect(wrongName.status == .created && wrongName.json["status"].string == "pending", "an ID number under another name is not a match")

            // Bad input: a stable code and the field.
            #expect(code(try await api.call(.post, join, json: body(name: "某", building: 999_999, username: "jumin.x1", key: "phone-key-0004")))
                    == (.unprocessableContent, "registration.building", "buildingId"))
            #expect(code(try await api.call(.post, join, json: body(name: "某", id: "110101199003074511", username: "jumin.x2", key: "phone-key-0005"))).1
                    == "resident.invalid_id_number")
            #expect(code(try await api.call(.post, join, json: body(name: "某", phone: "12345", username: "jumin.x3", key: "phone-key-0006"))).2 == "phone")
            #expect(code(try await api.call(.post, join, json: body(name: " ", username: "jumin.x7", key: "phone-key-0010"))) == (.badRequest, "resident.name_required", "name"))
            #expect(code(try await api.call(.post, join, json: body(name: "某", room: "", username: "jumin.x4", key: "phone-key-0007"))) == (.badRequest, "registration.room", "room"))
            #expect(code(try await api.call(.post, join, json: body(name: "某", username: "jumin.x5", password: "short", key: "phone-key-0008"))).1 == "password.too_short")
            #expect(code(try await api.call(.post, join, json: body(name: "某", username: "jumin.one", key: "phone-key-0009"))).1 == "user.duplicate_username")
            #expect(code(try await api.call(.post, join, json: body(name: "某", username: "jumin.x6", key: "k"))) == (.badRequest, "registration.client_key", "clientKey"))

            // The committee's list: masked, newest first; the detail offers the building's residents, the same name first.
            let list = try await api.call(.get, "/api/v1/registrations?status=pending&nodeId=\(committee.id)", token: worker)
            let ids = list.json["registrations"].array.compactMap { $0["id"].int }
            #expect(Array(ids.prefix(2)) == [wrongName.json["id"].int, pending.json["id"].int].compactMap { $0 }, "\(list.json)")
            #expect(list.json["registrations"].array.first?["name"].string == "冒**")
            #expect(code(try await api.call(.get, "/api/v1/registrations?nodeId=\(street.id)", token: leader)) == (.unprocessableContent, "registration.list_level", "nodeId"))
            let detail = try await api.call(.get, "/api/v1/registrations/\(pending.json["id"].int ?? 0)", token: worker)
            #expect(detail.status == .ok && detail.json["candidates"].array.contains { $0["id"].int == Int(neighbour.id.rawValue) }, "\(detail.json)")
            #expect(detail.json["candidates"].array.first { $0["id"].int == Int(person.id.rawValue) }?["taken"].bool == true, "verified in the first registration")

            // Verified by the worker: a resident of the committee not verified yet; once.
            let verifyURL = "/api/v1/registrations/\(pending.json["id"].int ?? 0)/verify"
            #expect(code(try await api.call(.post, verifyURL, token: worker, json: #"{"residentId":\#(person.id)}"#)) == (.unprocessableContent, "registration.resident", "residentId"))
            let verified = try await api.call(.post, verifyURL, token: worker, json: #"{"residentId":\#(neighbour.id)}"#)
            #expect(verified.status == .ok && verified.json["status"].string == "verified" && verified.json["decidedBy"].string != nil, "\(verified.json)")
            #expect(code(try await api.call(.post, verifyURL, token: worker, json: #"{"residentId":\#(neighbour.id)}"#)).1 == "registration.decided")

            // Refused with a reason: the account no longer signs in.
            let refuseURL = "/api/v1/registrations/\(wrongName.json["id"].int ?? 0)/refuse"
            #expect(code(try await api.call(.post, refuseURL, token: worker, json: #"{"reason":" "}"#)) == (.badRequest, "registration.reason_required", "reason"))
            let impostor = try await api.login("jumin.three", password: "louzu-saoma-2026")
            let refused = try await api.call(.post, refuseURL, token: worker, json: #"{"reason":"姓名与身份证号不符"}"#)
            #expect(refused.status == .ok && refused.json["status"].string == "refused" && refused.json["note"].string == "姓名与身份证号不符")
            #expect(try await api.call(.get, "/api/v1/me", token: impostor).status == .unauthorized, "its session ended")
            #expect(try await api.call(.post, "/api/v1/auth/login", json: #"{"username":"jumin.three","password":"louzu-saoma-2026"}"#).status == .unauthorized)

            // Another committee's worker sees none of it; a resident cannot decide.
            let elsewhere = try await api.login("cw.990001002001")
            #expect(try await api.call(.get, "/api/v1/registrations/\(pending.json["id"].int ?? 0)", token: elsewhere).status == .notFound)
            #expect(try await api.call(.post, refuseURL, token: resident, json: #"{"reason":"x"}"#).status.code >= 403)

            // 注册率 / 活跃率: two more verified in the committee (and its street), one active today (signed in), none pending left.
            let rates = try await api.call(.get, "/api/v1/registrations/rates?nodeId=\(street.id)", token: leader).json
            #expect(code(try await api.call(.get, "/api/v1/registrations/rates?nodeId=\(street.id)", token: worker)).0 == .forbidden, "a committee sees its own")
            #expect(try await api.call(.get, "/api/v1/registrations/rates", token: worker).json["rows"].array.count == 1, "its own row")
            let row = committeeRow(rates), area = rates["rows"].array.first
            #expect(area?["area"].bool == true && area?["nodeId"].int == Int(street.id.rawValue))
            #expect(row["verified"].int == verifiedBefore + 2 && row["pending"].int == pendingBefore, "\(row)")
            let counted = try await city.store.baseDataCounts(under: committee.path).residents
            #expect((row["active"].int ?? 0) >= 1 && row["residents"].int == counted)
            if let residents = row["residents"].int, let verifiedNow = row["verified"].int, residents > 0 {
                #expect(row["registrationRate"].double == (Double(verifiedNow) * 1000 / Double(residents)).rounded() / 10)
            }
            #expect(rates["rows"].array.dropFirst().allSatisfy { $0["level"].string == "committee" })
            #expect(code(try await api.call(.get, "/api/v1/registrations/rates?nodeId=\(street.id)", token: resident)).0 == .forbidden)
        }
    }

    @Test("同一地址一小时内注册过多被限流（429，Retry-After）")
    func registrationsAreLimitedPerAddress() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let committee = try #require(try await city.store.node(code: Self.committee))
            let group = try #require(try await city.store.buildingGroups(under: committee.path, afterCode: nil, limit: 50).first { $0.kind == .building && !$0.buildingIDs.isEmpty })
            var statuses: [Int] = []
            for n in 1...11 {
                let reply = try await api.call(.post, "/api/v1/join/\(group.registrationCode)", json: """
                    {"name":"居民\(n)","phone":"13912345678","buildingId":\(group.buildingIDs[0]),"room":"\(n)01","username":"flood.\(n)","password":"louzu-saoma-2026","clientKey":"flood-key-\(n)"}
                    """)
                statuses.append(Int(reply.status.code))
                if n == 11 { #expect(reply.json["error"]["code"].string == "registration.too_many" && reply.headers[.retryAfter] != nil) }
            }
            #expect(statuses == Array(repeating: 201, count: 10) + [429])
        }
    }
}
