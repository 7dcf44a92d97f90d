import ChengyunCore
import ChengyunSQLite
import ChengyunStore
import ChengyunTesting
import Foundation
import GRDB
import Testing

/// The export-request table holds the approval rules itself: decided once, downloaded once, never by the requester,
/// never deleted; each change is stored with its audit line.
@Suite("导出申请存储 export requests — SQLite")
struct ExportStoreTests {
    static let now = Date(timeIntervalSince1970: 1_795_489_200)

    @Test("只批一次、只下载一次、本人不能批、不可删除；每次变化连同留痕一起写入")
    func requestsAreDecidedAndTakenOnce() async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        let store = try SQLiteStore(path: db.path)
        let t = try await StoreContract.tree(store)
        let users = try await store.createUsers(["asker", "boss"].map {
            UserDraft(username: $0, displayName: $0, phone: nil, passwordHash: "h", assignments: [AssignmentDraft(role: .leader, nodeID: t.district.id)])
        })
        func line(_ action: String, _ actor: User) -> AuditEntry {
            AuditEntry(at: Self.now, actorID: actor.id, actor: actor.username, action: action, target: "export")
        }
        let asked = try await store.createExportRequest(
            ExportRequest(template: "cases-personal", filters: "state=accepted", nodeID: t.district.id, nodePath: t.district.path, reason: "回访",
                          requesterID: users[0].id, requester: "asker", requestedAt: Self.now), audit: line("export.requested", users[0]))
        #expect(asked.id.rawValue > 0 && asked.state == .pending)
        #expect(try await store.audit(AuditQuery(actionPrefix: "export.")).first?.target == "export:\(asked.id)")

        var own = asked
        own.state = .approved; own.deciderID = users[0].id; own.decider = "asker"; own.decidedAt = Self.now; own.expiresAt = Self.now.addingTimeInterval(86_400)
        await #expect(throws: DatabaseError.self) { _ = try await store.saveExportRequest(own, from: .pending, audit: line("export.approved", users[0])) }

        var approved = own
        approved.deciderID = users[1].id; approved.decider = "boss"
        #expect(try await store.saveExportRequest(approved, from: .pending, audit: line("export.approved", users[1])))
        #expect(try await store.saveExportRequest(approved, from: .pending, audit: line("export.approved", users[1])) == false, "decided once")
        var rejectedLater = approved
        rejectedLater.state = .rejected
        await #expect(throws: DatabaseError.self) { _ = try await store.saveExportRequest(rejectedLater, from: .approved, audit: line("export.rejected", users[1])) }

        var taken = approved
        taken.state = .downloaded; taken.downloadedAt = Self.now.addingTimeInterval(60)
        #expect(try await store.saveExportRequest(taken, from: .approved, audit: line("export.downloaded", users[0])))
        #expect(try await store.saveExportRequest(taken, from: .approved, audit: line("export.downloaded", users[0])) == false, "downloaded once")
        #expect(try await store.exportRequest(asked.id)?.state == .downloaded)
        #expect(try await store.audit(AuditQuery(actionPrefix: "export.")).map(\.action) == ["export.downloaded", "export.approved", "export.requested"])

        let pool = try DatabasePool(path: db.path)
        #expect(throws: DatabaseError.self) { try pool.write { try $0.execute(sql: "DELETE FROM export_request") } }
        #expect(throws: DatabaseError.self) { try pool.write { try $0.execute(sql: "UPDATE export_request SET reason = 'changed'") } }
        #expect(try await store.exportRequests(ExportRequestQuery(requesterID: users[0].id, pendingUnder: [])).map(\.id) == [asked.id])
        #expect(try await store.exportRequests(ExportRequestQuery(requesterID: nil, pendingUnder: [t.city.path])).isEmpty, "no longer pending")
    }
}
