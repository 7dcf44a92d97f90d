import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 导出: a request stored pending with its audit line (naming it), listed for its requester and for approvers over
    /// its area while pending, paged by id; a decision saved only from the state it was decided in, never by the
    /// requester; the case list for an export read by key, every case once, in the query's scope.
    public static func exports(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & AuditStore & CaseStore & ExportStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let now = Date(timeIntervalSince1970: 1_795_489_200)
        let users = try await store.createUsers(["asker", "boss"].map {
            UserDraft(username: $0, displayName: $0, phone: nil, passwordHash: "h", assignments: [AssignmentDraft(role: .leader, nodeID: t.district.id)])
        })
        func line(_ action: String, _ actor: User) -> AuditEntry {
            AuditEntry(at: now, actorID: actor.id, actor: actor.username, action: action, target: "export")
        }
        func request(_ node: OrgNode, _ reason: String) -> ExportRequest {
            ExportRequest(template: "cases-personal", filters: "state=accepted", nodeID: node.id, nodePath: node.path, reason: reason,
                          requesterID: users[0].id, requester: "asker", requestedAt: now)
        }
        let asked = try await store.createExportRequest(request(t.street, "回访"), audit: line("export.requested", users[0]))
        #expect(asked.id.rawValue > 0 && asked.state == .pending && asked.reason == "回访" && asked.nodePath == t.street.path)
        #expect(try await store.exportRequest(asked.id) == asked)
        #expect(try await store.exportRequest(ExportRequestID(987_654)) == nil)
        #expect(try await store.audit(AuditQuery(actionPrefix: "export.")).map(\.target) == ["export:\(asked.id)"])
        let other = try await store.createExportRequest(request(t.otherGrid, "统计"), audit: line("export.requested", users[0]))
        #expect(try await store.exportRequests(ExportRequestQuery(requesterID: users[0].id, pendingUnder: [])).map(\.id) == [other.id, asked.id])
        #expect(try await store.exportRequests(ExportRequestQuery(requesterID: users[0].id, pendingUnder: [], limit: 1)).map(\.id) == [other.id])
        #expect(try await store.exportRequests(ExportRequestQuery(requesterID: users[0].id, pendingUnder: [], before: other.id)).map(\.id) == [asked.id])
        #expect(try await store.exportRequests(ExportRequestQuery(requesterID: nil, pendingUnder: [t.street.path])).map(\.id) == [asked.id])
        #expect(try await store.exportRequests(ExportRequestQuery(requesterID: users[1].id, pendingUnder: [])).isEmpty)
        #expect(try await store.exportRequests(ExportRequestQuery(requesterID: nil, pendingUnder: [])).isEmpty)

        var own = asked
        own.state = .approved
        own.deciderID = users[0].id
        own.decider = "asker"
        own.decidedAt = now
        own.expiresAt = now.addingTimeInterval(86_400)
        let selfApproved = own
        await #expect(throws: (any Error).self, "the requester cannot approve their own request") {
            _ = try await store.saveExportRequest(selfApproved, from: .pending, audit: line("export.approved", users[0]))
        }
        var approved = own
        approved.deciderID = users[1].id
        approved.decider = "boss"
        approved.note = "同意"
        #expect(try await store.saveExportRequest(approved, from: .pending, audit: line("export.approved", users[1])))
        #expect(try await store.saveExportRequest(approved, from: .pending, audit: line("export.approved", users[1])) == false, "decided once")
        #expect(try await store.exportRequest(asked.id) == approved)
        #expect(try await store.exportRequests(ExportRequestQuery(requesterID: nil, pendingUnder: [t.city.path])).map(\.id) == [other.id], "no longer pending")
        var taken = approved
        taken.state = .downloaded
        taken.downloadedAt = now.addingTimeInterval(60)
        #expect(try await store.saveExportRequest(taken, from: .approved, audit: line("export.downloaded", users[0])))
        #expect(try await store.saveExportRequest(taken, from: .approved, audit: line("export.downloaded", users[0])) == false, "downloaded once")
        #expect(try await store.exportRequest(asked.id)?.downloadedAt == now.addingTimeInterval(60))
        #expect(try await store.audit(AuditQuery(actionPrefix: "export.")).map(\.action)
                == ["export.downloaded", "export.approved", "export.requested", "export.requested"], "one audit line per stored change")

        // The case list of an export: newest first, by key, each case once, only the query's.
        var made: [CaseRecord] = []
        for i in 0..<7 {
            made.append(try await store.createCase(newCase(i % 3 == 0 ? t.otherGrid : t.grid, at: now.addingTimeInterval(Double(i / 2) * 60)), events: []))
        }
        func walk(_ query: CaseQuery, pageSize: Int) async throws -> [CaseID] {
            var seen: [CaseID] = []
            var cursor: CaseCursor?
            repeat {
                let page = try await store.exportCases(query, after: cursor, limit: pageSize)
                #expect(page.cases.count <= pageSize)
                seen += page.cases.map(\.id)
                cursor = page.next
            } while cursor != nil && seen.count <= made.count
            return seen
        }
        let newestFirst = made.sorted { ($0.reportedAt, $0.id) > ($1.reportedAt, $1.id) }
        #expect(try await walk(CaseQuery(scope: .everything, limit: 1), pageSize: 3) == newestFirst.map(\.id), "the query's limit is ignored")
        #expect(try await walk(CaseQuery(scope: CaseScope(paths: [t.street.path])), pageSize: 2) == newestFirst.filter { $0.nodeID == t.grid.id }.map(\.id))
        #expect(try await store.exportCases(CaseQuery(scope: CaseScope(paths: [])), after: nil, limit: 10).cases.isEmpty)
        let page = try await store.exportCases(CaseQuery(scope: .everything), after: nil, limit: 10)
        #expect(page.next == nil && page.cases == newestFirst, "whole records, the last page without a cursor")
    }
}
