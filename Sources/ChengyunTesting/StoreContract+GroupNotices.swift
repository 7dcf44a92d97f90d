import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 楼组通知: a notice stored once per committee and key with its groups and its audience (the registrations, not
    /// refused, of those groups) counted in the same transaction; a resident's list holds the notices for their group and
    /// for every group, with whether they read it; a read counted once; a relay once per group.
    public static func groupNotices(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & BaseDataStore & BuildingGroupStore & RegistrationStore
                                        & GroupNoticeStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let at = Date(timeIntervalSince1970: 1_781_000_000)
        func group(_ code: String) async throws -> BuildingGroup {
            try await store.createBuildingGroup(BuildingGroup(id: BuildingGroupID(0), code: code, name: "\(code)楼组", kind: .village, nodeID: t.committee.id,
                                                              nodePath: t.committee.path, buildingIDs: [], registrationCode: "code-\(code)-000000000".prefix(16).description))
        }
        let a = try await group("GA"), b = try await group("GB")
        func register(_ n: Int, in g: BuildingGroup) async throws -> ResidentRegistration {
            try await store.register(ResidentRegistration(id: RegistrationID(0), groupID: g.id, nodeID: t.committee.id, nodePath: t.committee.path, userID: UserID(0),
                                                          name: "居民\(n)", phone: "13900000000", buildingID: nil, room: "\(n)号", residentID: nil, status: .pending,
                                                          createdAt: at, clientKey: "gn-key-\(n)"),
                                     account: UserDraft(username: "gn.\(n)", displayName: "居**", phone: nil, passwordHash: "x",
                                                        assignments: [AssignmentDraft(role: .resident, nodeID: t.committee.id)])).registration
        }
        let r1 = try await register(1, in: a), r2 = try await register(2, in: a), r3 = try await register(3, in: b)
        _ = try await store.decideRegistration(r2.id, status: .refused, resident: nil, note: "不是本村", by: "社工", at: at)
        func notice(_ key: String, groups: [BuildingGroupID]) -> GroupNotice {
            GroupNotice(id: GroupNoticeID(0), nodeID: t.committee.id, nodePath: t.committee.path, title: "停水通知", body: "明天 9 点至 12 点停水", groupIDs: groups,
                        createdBy: "陈社工", createdAt: at, clientKey: key)
        }
        let (toA, made) = try await store.postGroupNotice(notice("gn-a", groups: [a.id]))
        #expect(made && toA.groupIDs == [a.id] && toA.audience == 1 && toA.reads == 0 && toA.relays.isEmpty, "the refused registration is no audience")
        let (again, madeAgain) = try await store.postGroupNotice(notice("gn-a", groups: [a.id, b.id]))
        #expect(!madeAgain && again == toA)
        let (toAll, _) = try await store.postGroupNotice(notice("gn-all", groups: []))
        #expect(toAll.groupIDs.isEmpty && toAll.audience == 2)
        #expect(try await store.groupNotices(committee: t.committee.id, before: nil, limit: 10).map(\.id) == [toAll.id, toA.id])
        #expect(try await store.groupNotices(committee: t.committee.id, before: toAll.id, limit: 10).map(\.id) == [toA.id])

        // A resident's list: their group's and every group's; read once.
        #expect(try await store.groupNotices(committee: t.committee.id, groups: [b.id], reader: r3.userID, limit: 10).map(\.notice.id) == [toAll.id])
        #expect(try await store.groupNotices(committee: t.committee.id, groups: [a.id], reader: r1.userID, limit: 10).map { [$0.notice.id.rawValue, $0.read ? 1 : 0] }
                == [[toAll.id.rawValue, 0], [toA.id.rawValue, 0]])
        #expect(try await store.readGroupNotice(toA.id, reader: r1.userID, at: at))
        #expect(try await store.readGroupNotice(toA.id, reader: r1.userID, at: at) == false)
        #expect(try await store.groupNotice(toA.id)?.reads == 1)
        #expect(try await store.groupNotices(committee: t.committee.id, groups: [a.id], reader: r1.userID, limit: 10).first { $0.notice.id == toA.id }?.read == true)

        // Relayed once per group.
        let relayed = try await store.relayGroupNotice(toAll.id, relay: GroupNotice.Relay(groupID: a.id, by: "刘阿姨", at: at))
        #expect(relayed?.relays == [GroupNotice.Relay(groupID: a.id, by: "刘阿姨", at: at)])
        #expect(try await store.relayGroupNotice(toAll.id, relay: GroupNotice.Relay(groupID: a.id, by: "别人", at: at.addingTimeInterval(9)))?.relays.count == 1)
        #expect(try await store.relayGroupNotice(toAll.id, relay: GroupNotice.Relay(groupID: b.id, by: "王老师", at: at))?.relays.map(\.groupID) == [a.id, b.id])
        #expect(try await store.relayGroupNotice(GroupNoticeID(999_999), relay: GroupNotice.Relay(groupID: a.id, by: "x", at: at)) == nil)
    }
}
