public import ChengyunCore
public import ChengyunStore
public import Foundation
import Testing

/// Makes a fresh, empty, migrated store: each contract check asks for its own. A check that needs only some ports
/// takes a factory of just those (an adapter built port by port runs the checks of the ports it has).
public typealias StoreFactory = @Sendable () async throws -> any ChengyunStore

/// 存储契约 — the contract every adapter of the storage port must meet, written against `ChengyunStore` alone.
/// SQLite runs it (Tests/ChengyunSQLiteTests/StoreContractTests.swift); the PostgreSQL adapter runs the same functions
/// unchanged by passing a factory of its own fresh stores, one `@Test` per check (or all of them over `checks`).
/// Every check records its failures with swift-testing's `#expect`, so it must run inside a test.
public enum StoreContract {
    /// A small organisation tree: one city, one district with two streets, a committee and grid in each, and a
    /// district department. The first grid is the unit square (0…1, 0…1).
    public struct Tree: Sendable {
        public var city: OrgNode, district: OrgNode, street: OrgNode, committee: OrgNode, grid: OrgNode, otherGrid: OrgNode
        public var department: Department
    }

    /// One named check of the contract.
    public struct Check: Sendable, CustomStringConvertible {
        public let name: String
        public let run: @Sendable (_ fresh: StoreFactory) async throws -> Void
        public var description: String { name }
    }

    /// Every check, in the order of the ports: a new adapter can run them all as one parameterised test.
    public static let checks: [Check] = [
        Check(name: "organisation", run: organisation), Check(name: "users", run: users), Check(name: "config", run: config),
        Check(name: "cases", run: cases), Check(name: "paging, search and chains", run: pagingSearchAndChains),
        Check(name: "concurrent intake", run: concurrentIntake), Check(name: "request keys", run: requestKeys), Check(name: "personal data", run: personalData),
        Check(name: "accounts", run: accounts), Check(name: "audit", run: audit), Check(name: "sharing", run: sharing),
        Check(name: "outbox", run: outbox), Check(name: "facilities", run: facilities), Check(name: "duty", run: duty),
        Check(name: "exports", run: exports), Check(name: "analytics", run: analytics), Check(name: "map", run: map),
        Check(name: "open data", run: openData), Check(name: "sensing", run: sensing), Check(name: "warnings", run: warnings),
        Check(name: "vital signs", run: vitalSigns), Check(name: "flood", run: flood), Check(name: "instructions", run: instructions),
        Check(name: "stations", run: stations), Check(name: "base data", run: baseData),
        Check(name: "building groups", run: buildingGroups), Check(name: "sweeps", run: sweeps),
        Check(name: "admission", run: admission), Check(name: "matters", run: matters),
        Check(name: "consultations", run: consultations), Check(name: "property", run: property),
        Check(name: "committee digest", run: committeeDigest), Check(name: "ledgers", run: ledgers),
        Check(name: "registrations", run: registrations), Check(name: "volunteers", run: volunteers),
        Check(name: "group notices", run: groupNotices), Check(name: "status maps", run: statusMaps),
        Check(name: "entrances", run: entrances), Check(name: "key places", run: keyPlaces), Check(name: "wall guides", run: wallGuides),
        Check(name: "service requests", run: serviceRequests), Check(name: "documents", run: documents),
        Check(name: "whistleblowing", run: whistleblowing), Check(name: "hazards", run: hazards),
    ]

    public static func tree(_ store: any OrganisationStore) async throws -> Tree {
        let square = Area(polygons: [Polygon(rings: [[GeoPoint(lon: 0, lat: 0), GeoPoint(lon: 1, lat: 0), GeoPoint(lon: 1, lat: 1), GeoPoint(lon: 0, lat: 1), GeoPoint(lon: 0, lat: 0)]])])
        let nodes = try await store.createNodes([
            NodeDraft(parent: .none, kind: .city, code: "990000", name: "示范市"),
            NodeDraft(parent: .draft(0), kind: .district, code: "990001", name: "东湖区"),
            NodeDraft(parent: .draft(1), kind: .street, code: "990001001", name: "长乐街道"),
            NodeDraft(parent: .draft(2), kind: .committee, code: "990001001001", name: "花园居委"),
            NodeDraft(parent: .draft(3), kind: .grid, code: "990001001001001", name: "1号网格", area: square),
            NodeDraft(parent: .draft(1), kind: .street, code: "990001002", name: "安平街道"),
            NodeDraft(parent: .draft(5), kind: .committee, code: "990001002001", name: "北苑居委"),
            NodeDraft(parent: .draft(6), kind: .grid, code: "990001002001001", name: "2号网格"),
        ])
        let department = try await store.createDepartment(nodeID: nodes[1].id, kind: "chengguan", code: "D001", name: "东湖区城管")
        return Tree(city: nodes[0], district: nodes[1], street: nodes[2], committee: nodes[3], grid: nodes[4], otherGrid: nodes[7], department: department)
    }

    /// A new case in the inspector's words at `node` (a grid), not yet stored.
    public static func newCase(_ node: OrgNode, at: Date, reporter: UserID? = nil, category: String = "event:0110", location: GeoPoint? = GeoPoint(lon: 0.5, lat: 0.5)) -> CaseRecord {
        CaseRecord(id: CaseID(0), number: "", source: .inspector, categoryID: category, urgency: .normal, description: "暴露垃圾 \(node.name)",
                   address: "长乐路 1 号", location: location, nodeID: node.id, nodePath: node.path, reporterID: reporter, reportedAt: at,
                   deadlineHours: 8, hoursKind: .natural, receivedBy: .node(NodeID(3)))
    }

    /// 组织树: nodes in bulk and one at a time (each kind under its parent's kind, codes unique), paths, subtrees by
    /// kind and page, children, departments (not at a grid), areas.
    public static func organisation(_ fresh: @Sendable () async throws -> any OrganisationStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        #expect(t.grid.path == "/\(t.city.id)/\(t.district.id)/\(t.street.id)/\(t.committee.id)/\(t.grid.id)/")
        #expect(try await store.node(code: "990001001001001")?.id == t.grid.id)
        let under = try await store.nodes(under: t.street.path, kinds: nil, limit: nil, offset: 0)
        #expect(under.map(\.code) == ["990001001", "990001001001", "990001001001001"])
        #expect(try await store.nodes(under: t.city.path, kinds: [.grid], limit: nil, offset: 0).count == 2)
        #expect(try await store.children(of: t.district.id).map(\.code) == ["990001001", "990001002"])
        #expect(try await store.nodes([t.grid.id, NodeID(987_654), t.street.id]) == [t.grid.id: t.grid, t.street.id: t.street])
        await #expect(throws: DomainError.self) { try await store.createNode(parentID: t.city.id, kind: .grid, variant: nil, code: "X1", name: "错层") }
        await #expect(throws: DomainError.self) { try await store.createNode(parentID: t.district.id, kind: .street, variant: nil, code: "990001001", name: "重复") }
        await #expect(throws: DomainError.self) { try await store.createDepartment(nodeID: t.grid.id, kind: "chengguan", code: "D9", name: "网格部门") }
        #expect(try await store.area(of: t.grid.id)?.polygons.count == 1)
        #expect(try await store.areas(kind: .grid).map(\.node) == [t.grid.id])
        #expect(try await store.departments(under: t.street.path).isEmpty)
        #expect(try await store.departments(under: t.city.path).map(\.id) == [t.department.id])
        #expect(try await store.departments(under: nil).map(\.id) == [t.department.id])
        #expect(try await store.department(t.department.id) == t.department)
        #expect(try await store.department(DepartmentID(987_654)) == nil)
        #expect(t.department.nodeID == t.district.id && t.department.code == "D001" && t.department.kind == "chengguan")

        // One node at a time: under its parent, with its path; a town is a street of another variant.
        let grid = try await store.createNode(parentID: t.committee.id, kind: .grid, variant: nil, code: "990001001001002", name: "3号网格")
        #expect(grid.parentID == t.committee.id && grid.kind == .grid && grid.path == t.committee.path + "\(grid.id)/" && grid.name == "3号网格")
        #expect(try await store.node(grid.id) == grid)
        #expect(try await store.node(NodeID(987_654)) == nil)
        #expect(try await store.node(code: "990009") == nil)
        let town = try await store.createNode(parentID: t.district.id, kind: .street, variant: "town", code: "990001003", name: "新桥镇")
        #expect(town.variant == "town")
        let otherStreet = try #require(try await store.node(code: "990001002"))
        let streets = [t.street, otherStreet, town].sorted { $0.path < $1.path }
        #expect(try await store.nodes(under: t.city.path, kinds: [.street], limit: nil, offset: 0) == streets, "ordered by path")
        #expect(try await store.nodes(under: t.city.path, kinds: [.street], limit: 1, offset: 1) == [streets[1]])
        #expect(try await store.children(of: nil).map(\.id) == [t.city.id])
        #expect(try await store.children(of: t.grid.id).isEmpty)

        // Areas: set, replaced, read by node and by kind.
        let small = Area(polygons: [Polygon(rings: [[GeoPoint(lon: 2, lat: 2), GeoPoint(lon: 3, lat: 2), GeoPoint(lon: 3, lat: 3), GeoPoint(lon: 2, lat: 2)]])])
        try await store.setAreas([(node: t.otherGrid.id, area: small), (node: grid.id, area: small)])
        #expect(try await store.area(of: t.otherGrid.id) == small)
        #expect(Set(try await store.areas(kind: .grid).map(\.node)) == [t.grid.id, t.otherGrid.id, grid.id])
        try await store.setAreas([(node: t.grid.id, area: small)])
        #expect(try await store.area(of: t.grid.id) == small, "replaced")
        #expect(try await store.area(of: t.street.id) == nil)
    }

    /// 用户: usernames unique whatever their case, a handler needs a department, users by subtree, sessions that end
    /// by time or when the user is disabled, API keys by hash.
    public static func users(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & AccountStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let user = try await store.createUser(UserDraft(username: "Wang.Li", displayName: "王立", phone: "13800001234", passwordHash: "hash",
                                                        assignments: [AssignmentDraft(role: .departmentHandler, nodeID: t.district.id, departmentID: t.department.id),
                                                                      AssignmentDraft(role: .gridInspector, nodeID: t.committee.id)]))
        #expect(user.assignments.map(\.nodePath) == [t.district.path, t.committee.path])
        #expect(try await store.credentials(username: "wang.li")?.passwordHash == "hash")
        await #expect(throws: DomainError.self) { try await store.createUser(UserDraft(username: "WANG.LI", displayName: "x", phone: nil, passwordHash: "h", assignments: [])) }
        await #expect(throws: DomainError.self) {
            try await store.createUser(UserDraft(username: "nodept", displayName: "x", phone: nil, passwordHash: "h", assignments: [AssignmentDraft(role: .departmentHandler, nodeID: t.district.id)]))
        }
        #expect(try await store.users(under: t.street.path, limit: 10, offset: 0).map(\.id) == [user.id])
        #expect(try await store.users(under: t.otherGrid.path, limit: 10, offset: 0).isEmpty)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try await store.createSession(tokenHash: "abc", userID: user.id, expiresAt: now.addingTimeInterval(60))
        #expect(try await store.session(tokenHash: "abc", now: now)?.user.id == user.id)
        #expect(try await store.session(tokenHash: "abc", now: now.addingTimeInterval(61)) == nil)
        try await store.setUserActive(user.id, active: false)
        #expect(try await store.session(tokenHash: "abc", now: now) == nil)
        let key = try await store.createAPIKey(name: "12345", keyHash: "k", sources: [.hotline], nodeID: t.city.id)
        #expect(try await store.apiKey(keyHash: "k") == key)
        #expect(key.nodePath == t.city.path)
    }

    /// 配置: taxonomy, calendar and dispatch rules round trip; a rule needs a real department; deleting twice fails.
    public static func config(_ fresh: @Sendable () async throws -> any OrganisationStore & ConfigStore & DispatchRuleStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        #expect(try await store.taxonomy() == nil)
        let taxonomy = Taxonomy(version: "t", categories: [])
        try await store.saveTaxonomy(taxonomy)
        #expect(try await store.taxonomy() == taxonomy)
        try await store.saveCalendar(.standard)
        #expect(try await store.calendar() == .standard)
        let rule = try await store.createRule(DispatchRule(id: RuleID(0), name: "r", categoryID: "event:0110", areaNodeID: t.district.id, areaPath: t.district.path,
                                                           window: TimeWindow(weekdays: [1], start: "22:00", end: "06:00"), leadDepartmentID: t.department.id))
        #expect(try await store.rules() == [rule])
        var changed = rule
        changed.name = "r2"
        try await store.updateRule(changed)
        #expect(try await store.rules().first?.name == "r2")
        await #expect(throws: DomainError.self) {
            try await store.createRule(DispatchRule(id: RuleID(0), name: "bad", categoryID: nil, areaNodeID: nil, areaPath: "/", leadDepartmentID: DepartmentID(999)))
        }
        try await store.deleteRule(rule.id)
        #expect(try await store.rules().isEmpty)
        await #expect(throws: DomainError.self) { try await store.deleteRule(rule.id) }
    }

    /// 案件: numbers, versions (a stale save is refused), history, queries by scope and every filter, overdue and
    /// duplicate candidates, attachments with an upload quota no parallel uploads can pass, tickets unique per source.
    public static func cases(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & CaseStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let now = Date(timeIntervalSince1970: 1_795_140_000)
        let resident = try await store.createUser(UserDraft(username: "resident", displayName: "居民", phone: nil, passwordHash: "h", assignments: [AssignmentDraft(role: .resident, nodeID: t.city.id)]))
        let first = try await store.createCase(newCase(t.grid, at: now, reporter: resident.id), events: [
            CaseEvent(caseID: CaseID(0), action: .report, actorID: resident.id, actorName: "resident", at: now, note: nil, fromState: nil, toState: .reported)])
        #expect(first.number == "20261120-000001")
        let second = try await store.createCase(newCase(t.otherGrid, at: now.addingTimeInterval(60), category: "event:0509"), events: [])
        #expect(try await store.caseRecord(first.id) == first)

        var accepted = first
        accepted.state = .dispatched
        accepted.leadDepartmentID = t.department.id
        accepted.deadline = now.addingTimeInterval(3600)
        accepted.version += 1
        let event = CaseEvent(caseID: first.id, action: .dispatch, actorID: nil, actorName: "duty", at: now, note: "派遣", fromState: .reported, toState: .dispatched, departmentIDs: [t.department.id])
        let saved = try await store.saveTransition(accepted, event: event)
        #expect(saved.id != nil)
        await #expect(throws: DomainError.self) { try await store.saveTransition(accepted, event: event) }   // stale version
        #expect(try await store.events(of: first.id).map(\.action) == [.report, .dispatch])
        let history = try await store.events(of: first.id)
        #expect(history.last == saved, "the saved entry reads back whole")
        #expect(saved.departmentIDs == [t.department.id] && saved.note == "派遣" && saved.fromState == .reported && saved.caseID == first.id)
        #expect(history.first?.actorID == resident.id && history.first?.at == now)
        try await store.ping()
        // Read before the change, read after it: the new version, not a kept copy of the old.
        #expect(try await store.caseRecord(first.id)?.state == .dispatched)
        #expect(try await store.caseRecord(first.id)?.leadDepartmentID == t.department.id)

        let all = CaseQuery(scope: .everything)
        #expect(try await store.cases(all).total == 2)
        #expect(try await store.cases(CaseQuery(scope: CaseScope(paths: [t.street.path]))).items.map(\.id) == [first.id])
        #expect(try await store.cases(CaseQuery(scope: CaseScope(paths: [], departments: [.init(department: t.department.id, path: t.district.path)]))).items.map(\.id) == [first.id])
        #expect(try await store.cases(CaseQuery(scope: CaseScope(paths: [], reporter: resident.id))).items.map(\.id) == [first.id])
        #expect(try await store.cases(CaseQuery(scope: CaseScope(paths: []))).total == 0)
        #expect(try await store.cases(CaseQuery(scope: .everything, states: [.reported])).items.map(\.id) == [second.id])
        #expect(try await store.cases(CaseQuery(scope: .everything, categoryID: "event:0509")).items.map(\.id) == [second.id])
        #expect(try await store.cases(CaseQuery(scope: .everything, departmentID: t.department.id)).items.map(\.id) == [first.id])
        #expect(try await store.cases(CaseQuery(scope: .everything, overdueAt: now.addingTimeInterval(7200))).items.map(\.id) == [first.id])
        #expect(try await store.cases(CaseQuery(scope: .everything, overdueAt: now)).total == 0)
        #expect(try await store.cases(CaseQuery(scope: .everything, text: "2号网格")).items.map(\.id) == [second.id])
        #expect(try await store.cases(CaseQuery(scope: .everything, text: "100%")).total == 0)
        #expect(try await store.cases(CaseQuery(scope: .everything, limit: 1, offset: 1)).items.map(\.id) == [first.id])
        #expect(try await store.overdueCases(now: now.addingTimeInterval(7200), limit: 10).map(\.id) == [first.id])
        let box = BoundingBox(minLon: 0.4, minLat: 0.4, maxLon: 0.6, maxLat: 0.6)
        #expect(try await store.openCases(categoryID: "event:0110", in: box, since: now.addingTimeInterval(-60)).map(\.id) == [first.id])
        #expect(try await store.openCases(categoryID: "event:0509", in: box, since: now).map(\.id) == [second.id], "a case reported, not yet accepted")
        #expect(try await store.openCases(categoryID: "event:0509", in: box, since: now.addingTimeInterval(61)).isEmpty, "reported before the window")
        #expect(try await store.openCases(categoryID: "event:0509", in: BoundingBox(minLon: 0.6, minLat: 0.4, maxLon: 0.7, maxLat: 0.6), since: now).isEmpty,
                "outside the box")
        #expect(try await store.openCases(categoryID: "event:0110", in: box, since: now.addingTimeInterval(1)).isEmpty, "an open case reported before the window")

        let photo = Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])
        let attachment = try await store.saveAttachment(caseID: first.id, contentType: "image/jpeg", fileName: "before.jpg", bytes: photo, by: resident.id, at: now)
        #expect(try await store.attachment(attachment.id)?.bytes == photo)
        #expect(try await store.attachments(of: first.id) == [attachment])
        // An upload quota is summed in the insert's transaction: six parallel uploads cannot pass it together.
        let quota = UploadQuota(bytes: photo.count * 3, since: now.addingTimeInterval(-60))
        let stored = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    do {
                        _ = try await store.saveAttachment(caseID: first.id, contentType: "image/jpeg", fileName: "more.jpg", bytes: photo, by: resident.id, at: now, quota: quota)
                        return true
                    } catch let refused as UploadQuotaExceeded {
                        #expect(refused.usedBytes == photo.count * 3 && refused.oldestUpload == now)
                        return false
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(stored == 2)
        #expect(try await store.attachments(of: first.id).count == 3)
        // Uploads before the window do not count; nor do a system's (no uploader).
        _ = try await store.saveAttachment(caseID: first.id, contentType: "image/jpeg", fileName: "later.jpg", bytes: photo, by: resident.id, at: now,
                                           quota: UploadQuota(bytes: photo.count, since: now.addingTimeInterval(1)))
        _ = try await store.saveAttachment(caseID: first.id, contentType: "image/jpeg", fileName: "sensor.jpg", bytes: photo, by: nil, at: now, quota: quota)

        let ticket = newCase(t.grid, at: now)
        var hotline = ticket
        hotline.source = .hotline
        hotline.externalRef = "T-1"
        _ = try await store.createCase(hotline, events: [])
        #expect(try await store.caseRecord(externalRef: "T-1", source: .hotline) != nil)
        await #expect(throws: DomainError.self) { try await store.createCase(hotline, events: []) }
    }

    /// Keyset paging walks every case once in report order; totals are counted up to a limit; text search finds
    /// Chinese substrings of three or more characters through the index and shorter ones too; a chain of steps is
    /// saved whole or not at all.
    public static func pagingSearchAndChains(_ fresh: @Sendable () async throws -> any OrganisationStore & CaseStore & HotspotStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let base = Date(timeIntervalSince1970: 1_795_140_000)
        var made: [CaseRecord] = []
        for i in 0..<23 {
            var r = newCase(t.grid, at: base.addingTimeInterval(Double(i / 2) * 60))
            r.description = i == 7 ? "人行道井盖缺失，行人易绊倒 Manhole" : "暴露垃圾 \(i)"
            made.append(try await store.createCase(r, events: []))
        }
        var seen: [CaseID] = []
        var query = CaseQuery(scope: .everything, limit: 5)
        repeat {
            let page = try await store.cases(query)
            #expect(page.total == 23 && !page.totalCapped)
            seen += page.items.map(\.id)
            query.after = page.next
        } while query.after != nil
        let expected = made.sorted { ($0.reportedAt, $0.id) > ($1.reportedAt, $1.id) }.map(\.id)
        #expect(seen == expected)
        // What hotspot finding reads: every case of the window in scope, with its place; numbers on request.
        let heads = try await store.hotspotCases(CaseQuery(scope: .everything, reportedFrom: base.addingTimeInterval(5 * 60), limit: nil))
        #expect(Set(heads.map(\.id)) == Set(made.filter { $0.reportedAt >= base.addingTimeInterval(5 * 60) }.map(\.id)), "hotspot cases of the window")
        #expect(heads.allSatisfy { $0.nodeID == t.grid.id && $0.location == GeoPoint(lon: 0.5, lat: 0.5) && $0.categoryID == "event:0110" })
        #expect(try await store.hotspotCases(CaseQuery(scope: CaseScope(paths: [t.otherGrid.path]), reportedFrom: base, limit: nil)).isEmpty, "scope")
        #expect(try await store.caseNumbers([made[7].id, made[8].id]) == [made[7].id: made[7].number, made[8].id: made[8].number])
        // The stored run: none yet; then the city's, read whole inside a subtree and by its cases where it crosses one.
        #expect(try await store.storedHotspots(CaseQuery(scope: .everything, limit: nil), limit: 10, casesEach: 1_000) == nil)
        let policy = HotspotPolicy(minCases: 2, days: 30, metres: 50)
        let found = HotspotFinder.areas(heads, policy: policy)
        #expect(found.count == 1 && found[0].areaPath == t.grid.path && found[0].hotspot.gridIDs == [t.grid.id])
        var wide = found[0]
        wide.hotspot.categoryID = "event:0509"
        wide.areaPath = t.committee.path
        try await store.saveHotspotRun(policy: policy, computedAt: base, hotspots: found + [wide])
        let whole = try #require(try await store.storedHotspots(CaseQuery(scope: CaseScope(paths: [t.street.path]), limit: nil), limit: 10, casesEach: 1_000))
        #expect(whole.policy == policy && whole.computedAt == base && whole.crossing.isEmpty)
        #expect(Set(whole.inside.map(\.categoryID)) == ["event:0110", "event:0509"] && whole.inside.allSatisfy { $0.caseIDs == found[0].hotspot.caseIDs && $0.gridIDs == [t.grid.id] })
        let grid = try #require(try await store.storedHotspots(CaseQuery(scope: CaseScope(paths: [t.grid.path]), limit: nil), limit: 10, casesEach: 1_000))
        #expect(grid.inside.map(\.categoryID) == ["event:0110"], "inside the grid")
        #expect(Set(grid.crossing.map(\.id)) == Set(found[0].hotspot.caseIDs) && grid.crossing.allSatisfy { $0.categoryID == "event:0110" && $0.nodePath == t.grid.path },
                "the crossing hotspot's cases inside the grid, as they are now")
        let other = try #require(try await store.storedHotspots(CaseQuery(scope: CaseScope(paths: [t.otherGrid.path]), limit: nil), limit: 10, casesEach: 1_000))
        #expect(other.inside.isEmpty && other.crossing.isEmpty, "a grid with none of their cases")
        #expect(try await store.storedHotspots(CaseQuery(scope: .everything, categoryID: "event:0509", limit: nil), limit: 10, casesEach: 1_000)?.inside.count == 1, "category")
        #expect(try await store.storedHotspots(CaseQuery(scope: .everything, limit: nil), limit: 1, casesEach: 1_000)?.inside.count == 1, "limit")
        let recent = try await store.storedHotspots(CaseQuery(scope: CaseScope(paths: [t.grid.path]), limit: nil), limit: 10, casesEach: 2)?.inside.first
        #expect(recent?.caseIDs == Array(found[0].hotspot.caseIDs.suffix(2)) && recent?.gridIDs == [t.grid.id] && recent?.count == found[0].hotspot.count,
                "the most recent cases listed, the grids and count of all")
        try await store.saveHotspotRun(policy: HotspotPolicy(), computedAt: base.addingTimeInterval(60), hotspots: [])
        let next = try #require(try await store.storedHotspots(CaseQuery(scope: .everything, limit: nil), limit: 10, casesEach: 1_000))
        #expect(next.policy == HotspotPolicy() && next.inside.isEmpty && next.crossing.isEmpty, "a new run replaces the old")
        for (text, count) in [("井盖缺失", 1), ("井盖", 1), ("暴露垃圾", 22), ("盖缺失，行", 1), ("不存在的问题", 0), ("长乐路", 23),
                              ("长乐路 1 号", 23), ("MANHOLE", 1), ("倒 manh", 1), ("manholes", 0)] {
            #expect(try await store.cases(CaseQuery(scope: .everything, text: text, limit: 50)).total == count, "\(text)")
        }
        // A search's pages by cursor: each match once, newest first, every page with the whole total.
        let all = try await store.cases(CaseQuery(scope: .everything, text: "暴露垃圾", limit: nil)).items
        var walked: [CaseRecord] = []
        var page = try await store.cases(CaseQuery(scope: .everything, text: "暴露垃圾", limit: 5))
        while true {
            #expect(page.total == 22 && !page.totalCapped)
            walked += page.items
            guard let next = page.next else { break }
            var query = CaseQuery(scope: .everything, text: "暴露垃圾", limit: 5)
            query.after = next
            page = try await store.cases(query)
        }
        #expect(walked.map(\.id) == all.map(\.id) && Set(walked.map(\.id)).count == 22, "pages of a search")
        // Two steps where the second is stale: neither is saved.
        var first = made[0]
        first.state = .rejected
        first.version += 1
        var stale = first
        stale.version += 5
        let event = CaseEvent(caseID: first.id, action: .reject, actorID: nil, actorName: "duty", at: base, note: "x", fromState: .reported, toState: .rejected)
        await #expect(throws: DomainError.self) {
            _ = try await store.saveTransitions([CaseStep(record: first, event: event), CaseStep(record: stale, event: event)])
        }
        #expect(try await store.caseRecord(first.id)?.state == .reported)
        #expect(try await store.events(of: first.id).isEmpty)
    }

    /// Many concurrent writers: every acknowledged case is stored exactly once.
    public static func concurrentIntake(_ fresh: @Sendable () async throws -> any OrganisationStore & CaseStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let now = Date(timeIntervalSince1970: 1_795_140_000)
        let ids = try await withThrowingTaskGroup(of: CaseID.self) { group in
            for i in 0..<200 {
                group.addTask { try await store.createCase(newCase(i % 2 == 0 ? t.grid : t.otherGrid, at: now), events: []).id }
            }
            return try await group.reduce(into: [CaseID]()) { $0.append($1) }
        }
        #expect(Set(ids).count == 200)
        #expect(try await store.cases(CaseQuery(scope: .everything, limit: nil)).total == 200)
    }
}
