import ChengyunCore
import ChengyunServices
import ChengyunSQLite
import ChengyunStore
import ChengyunTesting
import Foundation
import GRDB
import Testing

/// Issue 14, finding 7: personal fields are sealed with AES-GCM in the file, readable through the store only with
/// the configured keys, and re-sealed under a new key after rotation.
@Suite("加密存储 personal data at rest")
struct PersonalDataAtRestTests {
    static func key(_ id: String, _ byte: UInt8) -> (id: String, bytes: Data) { (id, Data(repeating: byte, count: 32)) }

    @Test("电话与报告人姓名在文件中是密文，经存储读取是明文；换钥后旧值重新加密")
    func sealedInTheFile() async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        let k1 = try AESFieldCipher(keys: [Self.key("k1", 1)])
        let store = try SQLiteStore(path: db.path, cipher: k1)
        let t = try await StoreContract.tree(store)
        let user = try await store.createUser(UserDraft(username: "insp.x", displayName: "巡查员", phone: "13800138000", passwordHash: "x", assignments: [
            AssignmentDraft(role: .gridInspector, nodeID: t.grid.id)]))
        var record = StoreContract.newCase(t.grid, at: Date(timeIntervalSince1970: 1_795_140_000))
        record.reporterName = "王小明"
        record.reporterPhone = "13912345678"
        let made = try await store.createCase(record, events: [])
        let number = IDNumber.make(area: "990001", birth: LocalDate(year: 1950, month: 1, day: 2)!, sequence: 3)
        let resident = try await store.addResidents([Resident(id: ResidentID(0), nodeID: t.committee.id, nodePath: t.committee.path, name: "李秀英", idNumber: number,
                                                              phone: "13700137000", kind: .registered, source: "test")])[0]
        let group = try await store.createBuildingGroup(BuildingGroup(id: BuildingGroupID(0), code: "LZ-AT", name: "1号村组", kind: .village, nodeID: t.committee.id,
                                                                      nodePath: t.committee.path, buildingIDs: [], registrationCode: "atrestregistry01"))
        let registration = try await store.register(ResidentRegistration(
            id: RegistrationID(0), groupID: group.id, nodeID: t.committee.id, nodePath: t.committee.path, userID: UserID(0), name: "赵扫码", phone: "13600136000",
            buildingID: nil, room: "5组12号", residentID: nil, status: .pending, createdAt: Date(timeIntervalSince1970: 1_795_140_000), clientKey: "at-rest-key"),
            account: UserDraft(username: "zhao.qr", displayName: "赵**", phone: nil, passwordHash: "x", assignments: [AssignmentDraft(role: .resident, nodeID: t.committee.id)])).registration
        let whistle = try await store.createWhistleblowerReport(WhistleblowerReport(
            id: WhistleblowerReportID(0), kind: .threeInOne, description: "作坊住人", unitName: "", nodeID: t.street.id, nodePath: t.street.path, address: "长乐路 8 号",
            location: nil, routedPath: t.district.path, reporterRole: .internalInformant, urgent: false, levelSkipped: false, anonymous: false,
            reporter: .init(name: "钱吹哨", phone: "13500135000"), createdAt: Date(timeIntervalSince1970: 1_795_140_000)), receiptHash: "r", clientKeyHash: "k").report
        #expect(try await store.user(user.id)?.phone == "13800138000")
        #expect(try await store.caseRecord(made.id)?.reporterPhone == "13912345678")

        // What a thief of the file sees: no phone, no name.
        let raw = try DatabaseQueue(path: db.path)
        let phone = try await raw.read { try String.fetchOne($0, sql: "SELECT phone FROM app_user WHERE id = ?", arguments: [user.id.rawValue]) }
        #expect(phone?.hasPrefix("enc1:k1:") == true)
        let columns = try raw.read { try Row.fetchOne($0, sql: "SELECT reporter_name, reporter_phone FROM case_record WHERE id = ?", arguments: [made.id.rawValue]) }
        let name: String? = columns?["reporter_name"], sealedPhone: String? = columns?["reporter_phone"]
        #expect(name?.hasPrefix("enc1:k1:") == true && sealedPhone?.hasPrefix("enc1:k1:") == true)
        // The file and its write-ahead log (recent commits live there until a checkpoint).
        for file in [db.path, db.path + "-wal"] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data("13912345678".utf8)) == nil && bytes.range(of: Data("13800138000".utf8)) == nil, "\(file)")
            #expect(bytes.range(of: Data("王小明".utf8)) == nil, "\(file)")
            for secret in ["李秀英", number, "13700137000", "赵扫码", "13600136000", "钱吹哨", "13500135000"] { #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file): a resident's field in the clear") }
        }

        // Without the key the values cannot be read; with a new key first, old values still open, then re-seal.
        let stranger = try SQLiteStore(path: db.path, cipher: try AESFieldCipher(keys: [Self.key("k9", 9)]))
        await #expect(throws: (any Error).self) { _ = try await stranger.user(user.id) }
        let rotated = try SQLiteStore(path: db.path, cipher: try AESFieldCipher(keys: [Self.key("k2", 2), Self.key("k1", 1)]))
        #expect(try await rotated.caseRecord(made.id)?.reporterName == "王小明")
        let resealed = try await rotated.resealPersonalData()
        #expect(resealed.users == 1 && resealed.cases == 1)
        #expect(try await rotated.resealResidents() == 1)
        #expect(try await rotated.resealRegistrations() == 1)
        #expect(try await rotated.resealRegistrations() == 0, "sealed under the current key already")
        #expect(try await rotated.resealWhistleblowerReports() == 1)
        #expect(try await rotated.resident(idNumber: number)?.id == resident.id, "found by the lookup key while the oldest key stays")
        let after = try await raw.read { try String.fetchOne($0, sql: "SELECT phone FROM app_user WHERE id = ?", arguments: [user.id.rawValue]) }
        #expect(after?.hasPrefix("enc1:k2:") == true)
        let onlyNew = try SQLiteStore(path: db.path, cipher: try AESFieldCipher(keys: [Self.key("k2", 2)]))
        #expect(try await onlyNew.caseRecord(made.id)?.reporterPhone == "13912345678")
        #expect(try await onlyNew.user(user.id)?.phone == "13800138000")
        #expect(try await onlyNew.resident(resident.id)?.name == "李秀英")
        #expect(try await onlyNew.registration(registration.id).map { [$0.name, $0.phone] } == ["赵扫码", "13600136000"])
        #expect(try await onlyNew.whistleblowerReport(whistle.id)?.reporter == .init(name: "钱吹哨", phone: "13500135000"))
        // With k1 retired the lookup keys derive from k2: re-sealing recomputes them, and the number is found again.
        #expect(try await onlyNew.resident(idNumber: number) == nil)
        #expect(try await onlyNew.resealResidents() == 1)
        #expect(try await onlyNew.resident(idNumber: number)?.id == resident.id)
    }

    @Test("密钥文件：格式错误、长度不对时给出明确错误，不含密钥内容")
    func keyFiles() throws {
        #expect(throws: AESFieldCipher.KeyError.self) { try AESFieldCipher(keyFile: "# nothing\n") }
        #expect(throws: AESFieldCipher.KeyError.self) { try AESFieldCipher(keyFile: "k1=\(Data(repeating: 1, count: 16).base64EncodedString())") }
        let fresh = try AESFieldCipher(keyFile: AESFieldCipher.newKeyFile(id: "k-test"))
        #expect(fresh.currentKeyID == "k-test")
        #expect(try fresh.open(try fresh.seal("13912345678")) == "13912345678")
        #expect(try fresh.open("legacy plain text") == "legacy plain text")
    }
}
