import ChengyunCore
import ChengyunPostgres
import ChengyunServices
import ChengyunStore
import ChengyunTesting
import Foundation
import Testing

/// Personal fields sealed with AES-GCM in a PostgreSQL database, re-sealed under a new key by what `chengyun keys
/// rotate` runs, then read with the new key alone (the SQLite side: PersonalDataAtRestTests).
@Suite("加密存储 personal data at rest — PostgreSQL", .enabled(if: TestServer.url != nil, "set CHENGYUN_TEST_POSTGRES (scripts/test.sh starts a server)"))
struct PostgresPersonalDataTests {
    static func key(_ id: String, _ byte: UInt8) -> (id: String, bytes: Data) { (id, Data(repeating: byte, count: 32)) }

    @Test("换钥后重新加密：用户电话、报告人、实有人口、扫码注册与吹哨人各一次；只留新钥也读得出，按身份证号找得到")
    func resealedUnderANewKey() async throws {
        let server = try #require(TestServer.url)
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await PostgresStore.createDatabase(name, on: server)
        let url = server.with(database: name)
        let first = try await PostgresStore(url: url, cipher: try AESFieldCipher(keys: [Self.key("k1", 1)]))
        let t = try await StoreContract.tree(first)
        let user = try await first.createUser(UserDraft(username: "insp.pg", displayName: "巡查员", phone: "13800138000", passwordHash: "x",
                                                        assignments: [AssignmentDraft(role: .gridInspector, nodeID: t.grid.id)]))
        var record = StoreContract.newCase(t.grid, at: Date(timeIntervalSince1970: 1_795_140_000))
        record.reporterName = "王小明"
        record.reporterPhone = "13912345678"
        let made = try await first.createCase(record, events: [])
        let number = IDNumber.make(area: "990001", birth: LocalDate(year: 1950, month: 1, day: 2)!, sequence: 3)
        let resident = try await first.addResidents([Resident(id: ResidentID(0), nodeID: t.committee.id, nodePath: t.committee.path, name: "李秀英", idNumber: number,
                                                              phone: "13700137000", kind: .registered, source: "test")])[0]
        let group = try await first.createBuildingGroup(BuildingGroup(id: BuildingGroupID(0), code: "LZ-PG", name: "1号村组", kind: .village, nodeID: t.committee.id,
                                                                      nodePath: t.committee.path, buildingIDs: [], registrationCode: "pgatrestregistry"))
        let registration = try await first.register(ResidentRegistration(
            id: RegistrationID(0), groupID: group.id, nodeID: t.committee.id, nodePath: t.committee.path, userID: UserID(0), name: "赵扫码", phone: "13600136000",
            buildingID: nil, room: "5组12号", residentID: nil, status: .pending, createdAt: Date(timeIntervalSince1970: 1_795_140_000), clientKey: "pg-at-rest"),
            account: UserDraft(username: "zhao.pg", displayName: "赵**", phone: nil, passwordHash: "x", assignments: [AssignmentDraft(role: .resident, nodeID: t.committee.id)])).registration
        let whistle = try await first.createWhistleblowerReport(WhistleblowerReport(
            id: WhistleblowerReportID(0), kind: .threeInOne, description: "作坊住人", unitName: "", nodeID: t.street.id, nodePath: t.street.path, address: "长乐路 8 号",
            location: nil, routedPath: t.district.path, reporterRole: .internalInformant, urgent: false, levelSkipped: false, anonymous: false,
            reporter: .init(name: "钱吹哨", phone: "13500135000"), createdAt: Date(timeIntervalSince1970: 1_795_140_000)), receiptHash: "r", clientKeyHash: "k").report
        await first.shutdown()

        let rotated = try await PostgresStore(url: url, cipher: try AESFieldCipher(keys: [Self.key("k2", 2), Self.key("k1", 1)]))
        let sealed = try await rotated.resealPersonalData()
        #expect(sealed.users == 1 && sealed.cases == 1)
        #expect(try await rotated.resealResidents() == 1)
        #expect(try await rotated.resealRegistrations() == 1)
        #expect(try await rotated.resealRegistrations() == 0, "sealed under the current key already")
        #expect(try await rotated.resealWhistleblowerReports() == 1)
        #expect(try await rotated.resealWhistleblowerReports() == 0)
        await rotated.shutdown()

        let onlyNew = try await PostgresStore(url: url, cipher: try AESFieldCipher(keys: [Self.key("k2", 2)]))
        #expect(try await onlyNew.user(user.id)?.phone == "13800138000")
        #expect(try await onlyNew.caseRecord(made.id)?.reporterName == "王小明")
        #expect(try await onlyNew.resident(resident.id)?.phone == "13700137000")
        #expect(try await onlyNew.registration(registration.id).map { [$0.name, $0.phone] } == ["赵扫码", "13600136000"])
        #expect(try await onlyNew.whistleblowerReport(whistle.id)?.reporter?.phone == "13500135000")
        // With k1 gone the ID numbers' lookup keys derive from k2: re-sealing recomputes them.
        #expect(try await onlyNew.resealResidents() == 1)
        #expect(try await onlyNew.resident(idNumber: number)?.id == resident.id)
        await onlyNew.shutdown()
    }
}
