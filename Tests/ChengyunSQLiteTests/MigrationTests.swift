import ChengyunCore
import ChengyunServices
@testable import ChengyunSQLite
import ChengyunStore
import ChengyunTesting
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

    @Test("上一发行版（f61a7ba）写下的数据库：迁移后每个案件、每条历史、附件与指标都与迁移前相同")
    func releaseDatabase() async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        let cipher = try Self.release("f61a7ba", into: db.path)

        // What the release stored, decoded as the release decoded it.
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let (old, oldEvents, dispatches) = try {
            let raw = try DatabaseQueue(path: db.path)
            // The release's demo dispatched no case by a numbered rule: record one as its trigger would have.
            try raw.write { d in
                try d.execute(sql: """
                    INSERT INTO case_dispatch (event_id, case_id, rule_id, at)
                    SELECT id, case_id, 7, at FROM case_event WHERE action = 'dispatch' ORDER BY id LIMIT 1
                    """)
            }
            return try raw.read { d in
                let cases = try Row.fetchAll(d, sql: "SELECT id, number, version, body FROM case_record ORDER BY id").map { row in
                    var r = try decoder.decode(CaseRecord.self, from: CaseColumns.documentWithLaterFields(row["body"]))
                    r.id = CaseID(row["id"] as Int64)
                    r.number = row["number"]
                    r.version = row["version"]
                    r.reporterName = try r.reporterName.map { try cipher.open($0) }
                    r.reporterPhone = try r.reporterPhone.map { try cipher.open($0) }
                    return r
                }
                var events: [CaseID: [CaseEvent]] = [:]
                for row in try Row.fetchAll(d, sql: "SELECT id, case_id, body FROM case_event ORDER BY id") {
                    var e = try decoder.decode(CaseEvent.self, from: Data((row["body"] as String).utf8))
                    e.id = row["id"]
                    e.caseID = CaseID(row["case_id"] as Int64)
                    e.at = Date(timeIntervalSince1970: (e.at.timeIntervalSince1970 * 1000).rounded() / 1000)
                    events[e.caseID, default: []].append(e)
                }
                return (cases, events, try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM case_dispatch") ?? 0)
            }
        }()
        #expect(old.count == 400)

        let store = try SQLiteStore(path: db.path, cipher: cipher)
        #expect(try store.appliedMigrations() == SQLiteStore.knownMigrations)
        // v17-stations: each committee became a station of its own; its cases and the cases it owned moved onto it.
        let stationOf = try await store.allStations().reduce(into: [NodeID: StationID]()) { $0[$1.committeeIDs[0]] = $1.id }
        func onStations(_ record: CaseRecord) -> CaseRecord {
            var r = record
            r.stationID = OrgNode.ancestor(of: r.nodePath, depth: OrgNode.Kind.committee.depth).flatMap { stationOf[$0.id] }
            for path in [\CaseRecord.owner, \CaseRecord.receivedBy] where r[keyPath: path].kind == .node {
                if let station = r[keyPath: path].nodeID.flatMap({ stationOf[$0] }) { r[keyPath: path] = .station(station) }
            }
            return r
        }
        for record in old {
            #expect(try await store.caseRecord(record.id) == CaseRows.rounded(onStations(record)), "case \(record.number)")
            #expect(try await store.events(of: record.id) == oldEvents[record.id] ?? [], "history of \(record.number)")
        }
        let scene = try #require(try await store.attachments(of: CaseID(3)).first { $0.fileName == "scene.png" })
        #expect(try await store.attachment(scene.id)?.bytes == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(dispatches == 1)
        let rule = try #require(try await store.ruleDispatchCounts(since: .distantPast).first)
        #expect(rule.ruleID == RuleID(7) && rule.total == 1)
        let now = Date(timeIntervalSince1970: 1_796_200_000)
        let all = CaseQuery(scope: .everything, reportedFrom: Date(timeIntervalSince1970: 0), reportedTo: now, limit: nil)
        KPIProperty.expectSame(try await store.kpiCount(all, leadDepartment: nil, now: now).report, KPICalculator.report(old, now: now), "release")
        let next = try await store.createCase(StoreContract.newCase(try #require(try await store.node(old[0].nodeID)), at: now), events: [])
        #expect(next.id.rawValue == old.map(\.id.rawValue).max()! + 1)
    }

    @Test("上一发行版（ef6df6f）写下的数据库：每个居委成为一个联勤联动站，其案件、自处置与首问归属随之迁到站点")
    func stationsFromCommittees() async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        let cipher = try Self.release("ef6df6f", into: db.path)

        struct Before { var path: String; var selfHandled: Bool; var owner: (String, Int64?); var received: (String, Int64?) }
        let (committees, before, chiefs, kpisBefore) = try {
            let raw = try DatabaseQueue(path: db.path)
            return try raw.read { d in
                #expect(try !d.tableExists("station"), "the fixture predates stations")
                let committees = try Row.fetchAll(d, sql: "SELECT id, code, variant FROM org_node WHERE kind = 'committee' ORDER BY path")
                    .map { (id: NodeID($0["id"] as Int64), code: $0["code"] as String, village: ($0["variant"] as String?) == "village") }
                let cases = try Row.fetchAll(d, sql: "SELECT id, node_path, self_handled, owner_kind, owner_node_id, received_kind, received_node_id FROM case_record")
                    .reduce(into: [Int64: Before]()) { out, r in
                        out[r["id"]] = Before(path: r["node_path"], selfHandled: r["self_handled"], owner: (r["owner_kind"], r["owner_node_id"]),
                                              received: (r["received_kind"], r["received_node_id"]))
                    }
                let chiefs = try Row.fetchAll(d, sql: "SELECT node_id, MIN(user_id) AS user_id FROM assignment WHERE role = 'stationChief' GROUP BY node_id")
                    .reduce(into: [NodeID: UserID]()) { $0[NodeID($1["node_id"] as Int64)] = UserID($1["user_id"] as Int64) }
                let kpis = try Row.fetchOne(d, sql: """
                    SELECT COUNT(*), SUM(state IN ('closed','merged','rated','rejected','returnedToPolice') AND closed_at IS NOT NULL), SUM(self_handled)
                    FROM case_record WHERE state != 'merged'
                    """)!
                return (committees, cases, chiefs, [kpis[0] as Int, kpis[1] as Int, kpis[2] as Int])
            }
        }()
        #expect(committees.count == 12 && before.count == 300)
        #expect(before.values.contains { $0.selfHandled } && before.values.contains { $0.owner.0 == "node" && $0.owner.1 != nil })

        let store = try SQLiteStore(path: db.path, cipher: cipher)
        #expect(try store.appliedMigrations() == SQLiteStore.knownMigrations)
        let stations = try await store.allStations()
        #expect(stations.count == committees.count, "one station for each committee")
        var stationOf: [NodeID: Station] = [:]
        for s in stations { stationOf[s.committeeIDs[0]] = s }
        for c in committees {
            let s = try #require(stationOf[c.id], "committee \(c.code)")
            #expect(s.committeeIDs == [c.id] && s.code == c.code && s.type == (c.village ? .village : .communityCentre))
            #expect(s.chiefID == chiefs[c.id] && s.chiefID != nil, "its 第一站长 leads it")
            #expect(try await store.node(c.id).map { s.nodePath == OrgNode.ancestor(of: $0.path, depth: OrgNode.Kind.street.depth)?.path } == true)
        }
        var checked = (selfHandled: 0, owned: 0, received: 0)
        for (id, b) in before {
            let r = try #require(try await store.caseRecord(CaseID(id)))
            let committee = try #require(OrgNode.ancestor(of: b.path, depth: OrgNode.Kind.committee.depth))
            #expect(r.stationID == stationOf[committee.id]?.id, "case \(id)'s station")
            if b.owner.0 == "node", let node = b.owner.1, let s = stationOf[NodeID(node)] {
                #expect(r.owner == .station(s.id), "case \(id) owned by its station")
                checked.owned += 1
            } else {
                #expect(r.owner.kind.rawValue == b.owner.0)
            }
            if b.received.0 == "node", let node = b.received.1, let s = stationOf[NodeID(node)] {
                #expect(r.receivedBy == .station(s.id))
                checked.received += 1
            }
            if b.selfHandled { checked.selfHandled += 1 }
        }
        #expect(checked.selfHandled > 0 && checked.owned > 0 && checked.received > 0)
        // The figures did not move: the same cases, closed and self-handled, now counted by station too.
        let all = CaseQuery(scope: .everything, reportedFrom: Date(timeIntervalSince1970: 0), reportedTo: Date(timeIntervalSince1970: 4_000_000_000), limit: nil)
        let counts = try await store.committeeCounts(all)
        #expect([counts.workload.cases, counts.workload.closed, counts.workload.selfHandled] == kpisBefore)
        var byStation = 0
        for s in stations {
            var q = all
            q.stationID = s.id
            byStation += try await store.committeeCounts(q).workload.cases
        }
        #expect(byStation == kpisBefore[0], "every case of the release lies in a committee and so in one station")
        // A new case after the migration takes the next number.
        let grid = try #require(try await store.nodes(under: "/", kinds: [.grid], limit: 1, offset: 0).first)
        _ = try await store.createCase(StoreContract.newCase(grid, at: Date(timeIntervalSince1970: 1_796_200_000)), events: [])
    }

    @Test("物业成为实体之前的数据库：每个区里小区写着的物业名成为在该区备案的企业（带处置单位），小区指向它；自管小区和外区同名物业各归各的")
    func companiesFromCompoundNames() async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        let queue = try DatabaseQueue(path: db.path)
        try SQLiteStore.migrator.migrate(queue, upTo: "v23-community-consultations")
        try await queue.write { d in
            try d.execute(sql: """
                INSERT INTO org_node (id, parent_id, kind, code, name, path) VALUES
                  (1, NULL, 'city', '99', '市', '/1/'), (2, 1, 'district', '9901', '东区', '/1/2/'), (3, 1, 'district', '9902', '西区', '/1/3/'),
                  (4, 2, 'street', '990101', '街道', '/1/2/4/'), (5, 4, 'committee', '990101001', '居委', '/1/2/4/5/'),
                  (6, 3, 'street', '990201', '街道', '/1/3/6/'), (7, 6, 'committee', '990201001', '居委', '/1/3/6/7/')
                """)
            for (id, node, path, mode, company) in [(1, 5, "/1/2/4/5/", "propertyCompany", "长乐物业"), (2, 5, "/1/2/4/5/", "propertyCompany", "长乐物业"),
                                                    (3, 5, "/1/2/4/5/", "selfManaged", nil), (4, 7, "/1/3/6/7/", "propertyCompany", "长乐物业")] as [(Int, Int, String, String, String?)] {
                try d.execute(sql: """
                    INSERT INTO compound (id, code, name, node_id, node_path, type, management_mode, property_company, version) VALUES (?, ?, ?, ?, ?, 'commercial', ?, ?, 1)
                    """, arguments: [id, "XQ\(id)", "小区\(id)", node, path, mode, company])
            }
        }
        let store = try SQLiteStore(path: db.path)
        #expect(try store.appliedMigrations() == SQLiteStore.knownMigrations)
        let companies = try await store.propertyCompanies(under: "/", after: nil, limit: 10)
        #expect(companies.map(\.name) == ["长乐物业", "长乐物业"] && companies.map(\.districtID) == [NodeID(2), NodeID(3)], "one filed in each district")
        #expect(companies.allSatisfy { $0.creditCode == nil }, "the district fills in the credit code")
        for c in companies {
            let unit = try #require(try await store.department(c.departmentID))
            #expect(unit.kind == PropertyCompany.departmentKind && unit.nodeID == c.districtID)
        }
        #expect(try await store.compounds(of: companies[0].id).map(\.id) == [CompoundID(1), CompoundID(2)])
        #expect(try await store.compounds(of: companies[1].id).map(\.id) == [CompoundID(4)])
        #expect(try await store.compound(CompoundID(3))?.propertyCompanyID == nil, "a self-managed compound has none")
    }

    /// Unpacks the database a release wrote (`Tests/Fixtures/release-<commit>`) at `path`; returns its data keys.
    static func release(_ commit: String, into path: String) throws -> AESFieldCipher {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/release-\(commit)")
        let gunzip = Process()
        gunzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gunzip.arguments = ["-dc", fixture.appendingPathComponent("chengyun.sqlite.gz").path]
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        gunzip.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try gunzip.run()
        gunzip.waitUntilExit()
        #expect(gunzip.terminationStatus == 0)
        return try AESFieldCipher(keyFile: String(contentsOf: fixture.appendingPathComponent("chengyun.sqlite.keys"), encoding: .utf8))
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
