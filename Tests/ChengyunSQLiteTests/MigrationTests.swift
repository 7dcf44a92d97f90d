import ChengyunCore
@testable import ChengyunSQLite
import ChengyunStore
import Foundation
import GRDB
import Testing

@Suite("迁移 schema upgrades keep what was stored")
struct MigrationTests {
    @Test("v1 的案件在 v2-case-loop 之后仍可读：有责任主体、约请任务与计数")
    func casesFromV1() async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        try Self.firstRelease(at: db.path)
        let store = try SQLiteStore(path: db.path)
        #expect(try store.appliedMigrations().contains("v2-case-loop"))
        let record = try #require(try await store.caseRecord(CaseID(1)))
        #expect(record.owner == .department(DepartmentID(7)))
        #expect(record.receivedBy == .node(NodeID(3)))
        #expect(record.callIns.map(\.departmentID) == [DepartmentID(7)])
        #expect(record.callIns.first?.status == .open)
        #expect(!record.selfHandled && record.wrongDispatchCount == 0 && !record.arbitrationPending)
        #expect(try await store.users(under: "/", limit: 10, offset: 0).first?.assignments.first?.role == .departmentHandler)
    }

    /// A database as the first release left it: one street, one grid, one department, a case with a called-in
    /// department. Synchronous on purpose: the project does not use GRDB's async API.
    static func firstRelease(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try SQLiteStore.migrator.migrate(queue, upTo: "v1-cases")
        try queue.write { d in
            try d.execute(sql: """
                INSERT INTO org_node (id, parent_id, kind, code, name, path) VALUES
                    (1, NULL, 'city', '990000', '市', '/1/'), (2, 1, 'district', '990001', '区', '/1/2/'), (3, 2, 'street', '990001001', '街道', '/1/2/3/'),
                    (4, 3, 'committee', '990001001001', '居委', '/1/2/3/4/'), (5, 4, 'grid', '990001001001001', '网格', '/1/2/3/4/5/');
                INSERT INTO department (id, node_id, kind, code, name) VALUES (7, 2, 'chengguan', 'D007', '区城管');
                INSERT INTO app_user (id, username, display_name, password_hash) VALUES (9, 'h', '处置员', 'x');
                INSERT INTO assignment (user_id, role, node_id, department_id) VALUES (9, 'departmentHandler', 2, 7);
                """)
            let body = #"{"calledInIDs":[7],"categoryID":"event:0110","coHandlerIDs":[],"deadline":1795150000,"deadlineHours":8,"description":"暴露垃圾","dispatchCount":1,"dispatchedAt":1795141000,"escalationLevel":0,"extensionCount":0,"firstDispatchedAt":1795141000,"hoursKind":"working","id":0,"leadDepartmentID":7,"nodeID":5,"nodePath":"/1/2/3/4/5/","number":"","reportedAt":1795140000,"returnCount":0,"reworkCount":0,"source":"resident","startedAt":1795142000,"state":"inProgress","supervised":false,"urgency":"normal","version":3}"#
            try d.execute(sql: """
                INSERT INTO case_record (id, number, source, category_id, state, node_id, node_path, lead_department_id, reported_at, deadline, search, version, body)
                VALUES (1, '20261120-000001', 'resident', 'event:0110', 'inProgress', 5, '/1/2/3/4/5/', 7, 1795140000, 1795150000, '暴露垃圾', 3, ?)
                """, arguments: [body])
        }
    }
}
