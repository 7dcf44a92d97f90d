import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 地图: the map's cases — open ones whatever their age, the others (never merged ones) reported since a day, with a
    /// location, inside a box when given — counted per street or grid with overdue, urgent and their mean position,
    /// and listed as markers, open and overdue first, capped at a limit.
    public static func map(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & CaseStore & CaseMapStore) async throws {
        let store = try await fresh()
        let w = try await analyticsWorld(store)
        let t = w.tree
        var cases = w.cases
        // One case without a location and one merged into another: never on the map.
        var unplaced = newCase(t.grid, at: w.now.addingTimeInterval(-3600), location: nil)
        unplaced.description = "无坐标"
        cases.append(try await store.createCase(unplaced, events: []))
        let duplicate = try await store.createCase(newCase(t.grid, at: w.now.addingTimeInterval(-1800), location: GeoPoint(lon: 0.55, lat: 0.55)), events: [])
        var merged = duplicate
        merged.state = .merged
        merged.mergedIntoID = cases[0].id
        merged.version += 1
        _ = try await store.saveTransition(merged, event: CaseEvent(caseID: merged.id, action: .merge, actorID: nil, actorName: "duty", at: w.now,
                                                                  note: nil, fromState: .reported, toState: .merged))
        cases.append(try #require(try await store.caseRecord(merged.id)))

        let since = w.t0.addingTimeInterval(20 * 3600)
        func shown(_ c: CaseRecord, box: BoundingBox? = nil) -> Bool {
            guard let p = c.location, c.state != .merged else { return false }
            if let box, !(box.minLon...box.maxLon).contains(p.lon) || !(box.minLat...box.maxLat).contains(p.lat) { return false }
            return CaseMapQuery.openStates.contains(c.state) || c.reportedAt >= since
        }
        let query = CaseMapQuery(query: CaseQuery(scope: .everything), since: since, now: w.now)
        let visible = cases.filter { shown($0) }
        #expect(visible.count == 5, "open cases of any age and the others reported since the day")

        let streets = try await store.mapCounts(query, depth: OrgNode.Kind.street.depth)
        #expect(streets.map(\.count).reduce(0, +) == visible.count)
        for area in streets {
            let inArea = visible.filter { $0.nodePath.hasPrefix(area.path) }
            #expect(area.count == inArea.count, "\(area.name)")
            #expect(area.overdue == inArea.filter { $0.isOverdue(at: w.now) }.count, "\(area.name) overdue")
            #expect(area.urgent == inArea.filter { $0.urgency != .normal }.count, "\(area.name) urgent")
            let lon = inArea.compactMap(\.location?.lon).reduce(0, +) / Double(inArea.count)
            let lat = inArea.compactMap(\.location?.lat).reduce(0, +) / Double(inArea.count)
            #expect(abs(area.centre.lon - lon) < 1e-9 && abs(area.centre.lat - lat) < 1e-9, "\(area.name) centre")
            #expect(OrgNode.ancestor(of: area.path, depth: OrgNode.Kind.street.depth)?.id == area.nodeID && area.path.split(separator: "/").count == 3)
        }
        #expect(streets.first { $0.nodeID == t.street.id }?.name == t.street.name)
        let grids = try await store.mapCounts(query, depth: OrgNode.Kind.grid.depth)
        #expect(Set(grids.map(\.nodeID)) == [t.grid.id, t.otherGrid.id])
        #expect(grids.first { $0.nodeID == t.otherGrid.id }?.overdue == 1)

        let box = BoundingBox(minLon: 1.5, minLat: 1.5, maxLon: 3, maxLat: 3)
        var boxed = query
        boxed.box = box
        #expect(try await store.mapCounts(boxed, depth: OrgNode.Kind.street.depth).map(\.count) == [cases.filter { shown($0, box: box) }.count])
        var scoped = query
        scoped.query = CaseQuery(scope: CaseScope(paths: [t.street.path]))
        #expect(try await store.mapCounts(scoped, depth: OrgNode.Kind.street.depth).map(\.nodeID) == [t.street.id])
        var noneSince = query
        noneSince.since = w.now
        #expect(try await store.mapCounts(noneSince, depth: 2).map(\.count).reduce(0, +) == cases.filter { shown($0) && CaseMapQuery.openStates.contains($0.state) }.count)

        let page = try await store.mapMarkers(query, limit: 100)
        #expect(!page.capped)
        #expect(Set(page.markers.map(\.id)) == Set(visible.map(\.id.rawValue)))
        let open = visible.filter { CaseMapQuery.openStates.contains($0.state) }
        #expect(Set(page.markers.prefix(open.count).map(\.id)) == Set(open.map(\.id.rawValue)), "open cases first")
        #expect(page.markers.first?.overdue == true && page.markers.filter(\.overdue).count == 1, "the overdue case first")
        let marker = try #require(page.markers.first)
        let overdueCase = try #require(cases.first { $0.id.rawValue == marker.id })
        #expect(marker.lon == overdueCase.location?.lon && marker.lat == overdueCase.location?.lat && marker.state == overdueCase.state
                && marker.urgency == overdueCase.urgency && marker.categoryID == overdueCase.categoryID)
        let capped = try await store.mapMarkers(query, limit: 2)
        #expect(capped.capped && capped.markers.map(\.id) == Array(page.markers.prefix(2).map(\.id)))
        #expect(try await store.mapMarkers(boxed, limit: 100).markers.map(\.id).sorted() == cases.filter { shown($0, box: box) }.map(\.id.rawValue).sorted())
    }

    /// 开放数据与派遣规则审查: cases per local day × district × major class with how many are closed (cases filed above a
    /// district left out, the period half open, the day shifted by the offset); per rule, the distinct cases it
    /// dispatched since an instant and in all, and the last time.
    public static func openData(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & CaseStore & DispatchRuleStore & OpenDataStore) async throws {
        let store = try await fresh()
        let w = try await analyticsWorld(store)
        let t = w.tree
        _ = try await store.createCase(newCase(t.city, at: w.t0.addingTimeInterval(3600)), events: [])   // above a district: not counted

        func rows(from: Date, to: Date, offset: Int) -> [CaseCountRow] {
            let counted = w.cases.filter { $0.reportedAt >= from && $0.reportedAt < to }
            let groups = Dictionary(grouping: counted) { c in
                let day = Int((c.reportedAt.timeIntervalSince1970 + Double(offset)) / 86_400)
                return "\(day) \(c.categoryID.dropLast(2))"
            }
            return groups.map { _, group in
                let c = group[0]
                return CaseCountRow(day: LocalDate(daysSince1970: Int((c.reportedAt.timeIntervalSince1970 + Double(offset)) / 86_400)), districtID: t.district.id,
                                    majorClass: String(c.categoryID.dropLast(2)), reported: group.count,
                                    closed: group.filter { $0.state == .closed || $0.state == .rated }.count)
            }.sorted { ($0.day.daysSince1970, $0.majorClass) < ($1.day.daysSince1970, $1.majorClass) }
        }
        let from = w.t0.addingTimeInterval(-3 * 86_400), to = w.now
        for offset in [0, 8 * 3600] {
            let counted = try await store.caseCounts(from: from, to: to, utcOffsetSeconds: offset)
            #expect(counted == rows(from: from, to: to, offset: offset), "offset \(offset)")
            #expect(counted.map(\.reported).reduce(0, +) == w.cases.count)
        }
        let ticket = try #require(w.cases.first { $0.source == .hotline })
        #expect(try await store.caseCounts(from: ticket.reportedAt, to: ticket.reportedAt.addingTimeInterval(1), utcOffsetSeconds: 0)
                == [CaseCountRow(day: LocalDate(daysSince1970: Int(ticket.reportedAt.timeIntervalSince1970 / 86_400)), districtID: t.district.id,
                                 majorClass: "event:01", reported: 1, closed: 1)])
        #expect(try await store.caseCounts(from: ticket.reportedAt.addingTimeInterval(-1), to: ticket.reportedAt, utcOffsetSeconds: 0).isEmpty, "to is excluded")

        // Dispatches by rule: recorded from the dispatch entries that name their rule.
        let rule = try await store.createRule(DispatchRule(id: RuleID(0), name: "垃圾", categoryID: "event:0110", areaNodeID: t.district.id,
                                                           areaPath: t.district.path, leadDepartmentID: t.department.id))
        let other = try await store.createRule(DispatchRule(id: RuleID(0), name: "井盖", categoryID: nil, areaNodeID: nil, areaPath: "/",
                                                            leadDepartmentID: w.water.id))
        #expect(try await store.ruleDispatchCounts(since: w.t0).isEmpty)
        func dispatch(_ hours: Double, rule: RuleID?) async throws -> CaseID {
            let made = try await store.createCase(newCase(t.grid, at: w.t0.addingTimeInterval(hours * 3600)), events: [])
            var next = made
            next.state = .dispatched
            next.leadDepartmentID = t.department.id
            next.version += 1
            let at = w.t0.addingTimeInterval(hours * 3600 + 60)
            _ = try await store.saveTransition(next, event: CaseEvent(caseID: made.id, action: .dispatch, actorID: nil, actorName: "规则", at: at, note: nil,
                                                                      fromState: .reported, toState: .dispatched, departmentIDs: [t.department.id],
                                                                      detail: rule.map { ["ruleId": "\($0.rawValue)"] } ?? [:]))
            return made.id
        }
        _ = try await dispatch(1, rule: rule.id)
        let twice = try await dispatch(5, rule: rule.id)
        _ = try await dispatch(6, rule: other.id)
        _ = try await dispatch(7, rule: nil)
        // The same case dispatched again by the same rule counts once.
        var again = try #require(try await store.caseRecord(twice))
        again.version += 1
        _ = try await store.saveTransition(again, event: CaseEvent(caseID: twice, action: .dispatch, actorID: nil, actorName: "规则",
                                                                   at: w.t0.addingTimeInterval(8 * 3600), note: nil, fromState: .dispatched, toState: .dispatched,
                                                                   detail: ["ruleId": "\(rule.id.rawValue)"]))
        let counts = try await store.ruleDispatchCounts(since: w.t0.addingTimeInterval(3 * 3600))
        #expect(counts == [
            RuleDispatchCount(ruleID: rule.id, recent: 1, total: 2, lastAt: w.t0.addingTimeInterval(8 * 3600)),
            RuleDispatchCount(ruleID: other.id, recent: 1, total: 1, lastAt: w.t0.addingTimeInterval(6 * 3600 + 60)),
        ])
        #expect(try await store.ruleDispatchCounts(since: w.now).map(\.recent) == [0, 0])
    }
}
