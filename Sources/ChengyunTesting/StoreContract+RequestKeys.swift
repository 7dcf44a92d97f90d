import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 防重复提交: a create sent again with its request key returns the first case, however many race; another
    /// caller's same key, or the key after its lifetime, creates anew.
    public static func requestKeys(_ fresh: @Sendable () async throws -> any OrganisationStore & CaseStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let t0 = Date(timeIntervalSince1970: 1_795_140_000)
        let key = RequestKey(caller: "user:7", key: "3f2c-retry", at: t0)
        #expect(try await store.caseID(for: key) == nil)
        let results = try await withThrowingTaskGroup(of: (CaseID, Bool).self) { group in
            for _ in 0..<8 {
                group.addTask { let r = try await store.createCase(newCase(t.grid, at: t0), events: [], outbox: [], requestKey: key); return (r.record.id, r.created) }
            }
            return try await group.reduce(into: [(CaseID, Bool)]()) { $0.append($1) }
        }
        #expect(Set(results.map(\.0)).count == 1, "eight sends of one key make one case")
        #expect(results.filter(\.1).count == 1, "exactly one of them created it")
        #expect(try await store.cases(CaseQuery(scope: .everything, limit: nil)).total == 1)
        let first = try #require(results.first?.0)
        #expect(try await store.caseID(for: key) == first)

        var later = key
        later.at = t0.addingTimeInterval(3600)
        let again = try await store.createCase(newCase(t.otherGrid, at: later.at), events: [], outbox: [], requestKey: later)
        #expect(again.record.id == first && !again.created && again.record.nodeID == t.grid.id, "the first case, unchanged")

        var other = key
        other.caller = "apikey:2"
        let theirs = try await store.createCase(newCase(t.grid, at: t0), events: [], outbox: [], requestKey: other)
        #expect(theirs.created && theirs.record.id != first, "another caller's key is its own")

        var expired = key
        expired.at = t0.addingTimeInterval(RequestKey.lifetime + 1)
        #expect(try await store.caseID(for: expired) == nil)
        let anew = try await store.createCase(newCase(t.grid, at: expired.at), events: [], outbox: [], requestKey: expired)
        #expect(anew.created && anew.record.id != first, "a key past its lifetime creates again")
        #expect(try await store.caseID(for: expired) == anew.record.id)
        #expect(try await store.cases(CaseQuery(scope: .everything, limit: nil)).total == 3)
    }
}
