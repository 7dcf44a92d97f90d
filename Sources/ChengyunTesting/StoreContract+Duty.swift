import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 值班值守: shifts by node and time, no double booking within a batch or against stored shifts, handovers.
    public static func duty(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & DutyStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let user = try await store.createUser(UserDraft(username: "duty", displayName: "值班员", phone: nil, passwordHash: "h",
                                                        assignments: [AssignmentDraft(role: .dutyOfficer, nodeID: t.street.id)]))
        let t0 = Date(timeIntervalSince1970: 1_795_400_000)
        func shift(_ node: OrgNode, _ from: Double, _ hours: Double) -> Shift {
            Shift(id: ShiftID(0), nodeID: node.id, nodePath: node.path, post: .dutyOfficer, userID: user.id, userName: user.displayName,
                  start: t0.addingTimeInterval(from * 3600), end: t0.addingTimeInterval((from + hours) * 3600))
        }
        let made = try await store.createShifts([shift(t.street, 0, 9), shift(t.street, 9, 15)])
        #expect(made.map(\.id.rawValue).allSatisfy { $0 > 0 })
        await #expect(throws: DomainError.self) { try await store.createShifts([shift(t.committee, 30, 2), shift(t.street, 8, 2)]) }
        #expect(try await store.shifts(of: user.id, from: t0.addingTimeInterval(29 * 3600), to: t0.addingTimeInterval(33 * 3600)).isEmpty, "a refused batch stores nothing")
        await #expect(throws: DomainError.self) { try await store.createShifts([shift(t.committee, 20, 1)]) }
        let covering = try await store.shifts(at: [t.city.id, t.street.id], from: t0.addingTimeInterval(10 * 3600), to: t0.addingTimeInterval(10 * 3600 + 1))
        #expect(covering.map(\.id) == [made[1].id])
        var moved = made[1]
        moved.start = moved.start.addingTimeInterval(-3600)
        let overlapping = moved
        await #expect(throws: DomainError.self) { try await store.updateShift(overlapping) }
        moved.start = moved.start.addingTimeInterval(3600)
        moved.end = moved.end.addingTimeInterval(-3600)
        try await store.updateShift(moved)
        #expect(try await store.shift(moved.id)?.end == moved.end)
        try await store.deleteShift(made[0].id)
        #expect(try await store.shift(made[0].id) == nil)
        await #expect(throws: DomainError.self) { try await store.deleteShift(made[0].id) }
        let h = try await store.createHandover(Handover(id: HandoverID(0), nodeID: t.street.id, fromUserID: user.id, fromName: "值班员", toUserID: nil, toName: nil,
                                                        at: t0, note: "平稳", openMatters: [], items: ["报修大屏"]))
        #expect(try await store.handovers(at: t.street.id, limit: 5) == [h])
    }
}
