import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// A handful of cases in every phase of the loop, stored as the platform stores them — created, then moved by
    /// transitions (one of them a chain of two steps), two imported as finished histories — with the records as
    /// stored, from which each figure is computed in Swift and compared with what the store counts.
    struct AnalyticsWorld {
        var tree: Tree
        var water: Department
        var cases: [CaseRecord]
        var t0: Date
        var now: Date
    }

    static func analyticsWorld(_ store: any OrganisationStore & UserStore & CaseStore) async throws -> AnalyticsWorld {
        let t = try await tree(store)
        let water = try await store.createDepartment(nodeID: t.district.id, kind: "shuiwu", code: "D002", name: "东湖区水务")
        let handler = try await store.createUser(UserDraft(username: "h.d001", displayName: "处置员", phone: nil, passwordHash: "h",
                                                           assignments: [AssignmentDraft(role: .departmentHandler, nodeID: t.district.id, departmentID: t.department.id)]))
        let t0 = Date(timeIntervalSince1970: 1_795_140_000)
        let hour = 3600.0
        func at(_ hours: Double) -> Date { t0.addingTimeInterval(hours * hour) }
        func base(_ node: OrgNode, _ hours: Double, category: String = "event:0110", location: GeoPoint) -> CaseRecord {
            newCase(node, at: at(hours), category: category, location: location)
        }
        /// Stores `record` as reported, then saves its final shape as one transition (or two, through `via`).
        func stored(_ record: CaseRecord, via middle: ((inout CaseRecord) -> Void)? = nil, then finish: (inout CaseRecord) -> Void) async throws -> CaseRecord {
            var current = try await store.createCase(record, events: [])
            let id = current.id
            var steps: [CaseStep] = []
            if let middle {
                var next = current
                middle(&next)
                next.version += 1
                steps.append(CaseStep(record: next, event: CaseEvent(caseID: current.id, action: .accept, actorID: nil, actorName: "duty",
                                                                       at: next.acceptedAt ?? next.reportedAt, note: nil, fromState: current.state, toState: next.state)))
                current = next
            }
            var last = current
            finish(&last)
            last.version += 1
            steps.append(CaseStep(record: last, event: CaseEvent(caseID: current.id, action: .dispatch, actorID: nil, actorName: "duty",
                                                                   at: last.firstDispatchedAt ?? last.reportedAt, note: nil, fromState: current.state, toState: last.state)))
            _ = try await store.saveTransitions(steps)
            return try #require(try await store.caseRecord(id))
        }
        var cases: [CaseRecord] = []
        // Reported only.
        cases.append(try await store.createCase(base(t.grid, 0, location: GeoPoint(lon: 0.5, lat: 0.5)), events: []))
        // Rejected.
        cases.append(try await stored(base(t.grid, 1, category: "event:0509", location: GeoPoint(lon: 0.4, lat: 0.4))) { r in
            r.state = .rejected
        })
        // Accepted and dispatched (a chain of two steps), overdue at `now`, urgent.
        var urgent = base(t.otherGrid, 2, location: GeoPoint(lon: 2, lat: 2))
        urgent.urgency = .urgent
        cases.append(try await stored(urgent, via: { r in
            r.state = .accepted
            r.acceptedAt = at(2.2)
        }) { r in
            r.state = .dispatched
            r.firstDispatchedAt = at(2.5)
            r.dispatchedAt = at(2.5)
            r.deadline = at(10)
            r.leadDepartmentID = t.department.id
            r.dispatchCount = 1
        })
        // A 12345 ticket handled on time, closed and rated 4.
        var ticket = base(t.grid, 24, location: GeoPoint(lon: 0.6, lat: 0.6))
        ticket.source = .hotline
        ticket.externalRef = "T-9"
        cases.append(try await stored(ticket) { r in
            r.state = .rated
            r.acceptedAt = at(24.1)
            r.firstDispatchedAt = at(24.2)
            r.dispatchedAt = at(24.2)
            r.startedAt = at(25.2)
            r.firstHandledAt = at(26)
            r.handledAt = at(26)
            r.closedAt = at(27)
            r.deadline = at(32)
            r.leadDepartmentID = t.department.id
            r.handlerID = handler.id
            r.handlerName = handler.displayName
            r.dispatchCount = 1
            r.rating = 4
        })
        // Handled late after a wrong dispatch and rework, led by another department.
        cases.append(try await stored(base(t.grid, 29, category: "component:0101", location: GeoPoint(lon: 0.7, lat: 0.7))) { r in
            r.state = .handled
            r.acceptedAt = at(29.5)
            r.firstDispatchedAt = at(30)
            r.dispatchedAt = at(31)
            r.startedAt = at(31.5)
            r.firstHandledAt = at(40)
            r.handledAt = at(44)
            r.deadline = at(38)
            r.leadDepartmentID = water.id
            r.handlerID = handler.id
            r.dispatchCount = 2
            r.wrongDispatchCount = 1
            r.reworkCount = 1
        })
        // Suspended past its deadline: not overdue.
        cases.append(try await stored(base(t.otherGrid, 30, location: GeoPoint(lon: 2.1, lat: 2.1))) { r in
            r.state = .inProgress
            r.acceptedAt = at(30.5)
            r.firstDispatchedAt = at(31)
            r.dispatchedAt = at(31)
            r.startedAt = at(32)
            r.deadline = at(40)
            r.suspendedAt = at(33)
            r.leadDepartmentID = water.id
            r.dispatchCount = 1
        })
        // Two finished histories imported in bulk: one self-handled and closed two days before, one dispatched and due
        // after `now`.
        var selfHandled = base(t.grid, -48, location: GeoPoint(lon: 0.3, lat: 0.3))
        selfHandled.state = .closed
        selfHandled.acceptedAt = at(-47)
        selfHandled.firstHandledAt = at(-46)
        selfHandled.handledAt = at(-46)
        selfHandled.closedAt = at(-45)
        selfHandled.deadline = at(-40)
        selfHandled.selfHandled = true
        var waiting = base(t.grid, 50, location: GeoPoint(lon: 0.8, lat: 0.8))
        waiting.state = .dispatched
        waiting.acceptedAt = at(50.5)
        waiting.firstDispatchedAt = at(51)
        waiting.dispatchedAt = at(51)
        waiting.deadline = at(96)
        waiting.leadDepartmentID = t.department.id
        waiting.dispatchCount = 1
        try await store.importCases([(selfHandled, []), (waiting, [])])
        let imported = try await store.cases(CaseQuery(scope: .everything, limit: nil)).items.filter { c in !cases.contains { $0.id == c.id } }
        #expect(imported.count == 2, "imported cases are stored")
        cases += imported
        return AnalyticsWorld(tree: t, water: water, cases: cases.sorted { $0.id < $1.id }, t0: t0, now: at(72))
    }

    /// The figures the store counts equal the formula over the raw cases (docs/KPI.md).
    static func expectSameReport(_ counted: KPIReport, _ expected: KPIReport, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let counts = [\KPIReport.reported, \.accepted, \.rejected, \.dispatched, \.due, \.handledOnTime, \.overdue, \.handled, \.reworked, \.closed,
                      \.dispatches, \.wrongDispatches, \.selfHandled]
        for k in counts { #expect(counted[keyPath: k] == expected[keyPath: k], "\(label): \(k)", sourceLocation: sourceLocation) }
        let rates = [\KPIReport.acceptanceRate, \.dispatchAccuracy, \.onTimeHandlingRate, \.closureRate, \.reworkRate, \.overdueRate,
                     \.meanHoursToDispatch, \.meanHoursToClose]
        for k in rates {
            switch (counted[keyPath: k], expected[keyPath: k]) {
            case (nil, nil): break
            case let (x?, y?): #expect(abs(x - y) < 1e-6, "\(label): \(k) \(x) ≠ \(y)", sourceLocation: sourceLocation)
            default: Issue.record("\(label): \(k) \(String(describing: counted[keyPath: k])) ≠ \(String(describing: expected[keyPath: k]))", sourceLocation: sourceLocation)
            }
        }
        #expect(counted.hotline == expected.hotline, "\(label): hotline", sourceLocation: sourceLocation)
    }

    /// 统计: KPI counts over the whole store, a period cutting days in two, a subtree and a lead department; rankings by
    /// lead department and street; counts by state; a committee's view; the trend; recounting under other KPI
    /// settings — each equal to the formula over the cases as stored.
    public static func analytics(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & CaseStore & CaseAnalyticsStore & CommitteeStore) async throws {
        let store = try await fresh()
        let w = try await analyticsWorld(store)
        let t = w.tree
        let cases = w.cases
        #expect(cases.count == 8)
        #expect(cases.filter { $0.isOverdue(at: w.now) }.count == 1, "the world has one overdue case")

        // A period of whole local days with partial days at both ends (whatever the adapter's local offset): an adapter
        // may count whole days from rollups and the edges from the cases, as SQLite does.
        var all = CaseQuery(scope: .everything, limit: nil)
        all.reportedFrom = w.t0.addingTimeInterval(-3 * 86_400)
        all.reportedTo = w.now
        #expect(cases.allSatisfy { $0.reportedAt >= all.reportedFrom! && $0.reportedAt < all.reportedTo! })
        let everything = try await store.kpiCount(all, leadDepartment: nil, now: w.now)
        #expect(everything.openOverdue == 1)
        #expect(everything.tally[.reported] == 8 && everything.tally[.selfHandled] == 1 && everything.tally[.hotlineTickets] == 1)
        expectSameReport(everything.report, KPICalculator.report(cases, now: w.now), "all")
        expectSameReport(try await store.kpiCount(CaseQuery(scope: .everything, limit: nil), leadDepartment: nil, now: w.now).report,
                         KPICalculator.report(cases, now: w.now), "no period")
        // Before the deadline of the dispatched case nothing is overdue.
        #expect(try await store.kpiCount(all, leadDepartment: nil, now: w.t0.addingTimeInterval(9 * 3600)).openOverdue == 0)

        var period = all
        period.reportedFrom = w.t0.addingTimeInterval(1800)
        period.reportedTo = w.t0.addingTimeInterval(29.5 * 3600)
        let inPeriod = cases.filter { $0.reportedAt >= period.reportedFrom! && $0.reportedAt < period.reportedTo! }
        #expect(inPeriod.count == 4)
        expectSameReport(try await store.kpiCount(period, leadDepartment: nil, now: w.now).report, KPICalculator.report(inPeriod, now: w.now), "period")

        var street = all
        street.scope = CaseScope(paths: [t.street.path])
        let onStreet = cases.filter { $0.nodePath.hasPrefix(t.street.path) }
        expectSameReport(try await store.kpiCount(street, leadDepartment: nil, now: w.now).report, KPICalculator.report(onStreet, now: w.now), "street")
        expectSameReport(try await store.kpiCount(all, leadDepartment: w.water.id, now: w.now).report,
                         KPICalculator.report(cases.filter { $0.leadDepartmentID == w.water.id }, now: w.now), "lead department")
        var nothing = all
        nothing.scope = CaseScope(paths: [])
        #expect(try await store.kpiCount(nothing, leadDepartment: nil, now: w.now).tally.isZero)

        let byLead = try await store.kpiCounts(all, by: .leadDepartment, now: w.now)
        #expect(Set(byLead.filter { $0.value.tally[.reported] > 0 }.keys) == [t.department.id.rawValue, w.water.id.rawValue])
        for lead in [t.department.id, w.water.id] {
            expectSameReport(byLead[lead.rawValue]?.report ?? KPIReport(), KPICalculator.report(cases.filter { $0.leadDepartmentID == lead }, now: w.now),
                             "ranking by lead \(lead)")
        }
        let byStreet = try await store.kpiCounts(all, by: .street, now: w.now)
        #expect(byStreet[t.street.id.rawValue]?.tally[.reported] == Int64(onStreet.count))
        let otherStreet = try #require(OrgNode.ancestor(of: t.otherGrid.path, depth: OrgNode.Kind.street.depth)?.id.rawValue)
        #expect(byStreet[otherStreet]?.tally[.reported] == Int64(cases.count - onStreet.count))
        let byHandler = try await store.kpiCounts(all, by: .handler, now: w.now)
        #expect(byHandler.filter { $0.value.tally[.reported] > 0 }.mapValues { $0.tally[.reported] } == [cases.compactMap(\.handlerID).first!.rawValue: 2])

        let states = Dictionary(grouping: cases) { StateCount(state: $0.state, hasLead: $0.leadDepartmentID != nil, dispatched: $0.firstDispatchedAt != nil, count: 0) }
            .map { key, group in StateCount(state: key.state, hasLead: key.hasLead, dispatched: key.dispatched, count: group.count) }
        #expect(Set(try await store.stateCounts(all)) == Set(states))

        var committee = CaseQuery(scope: .everything, limit: nil)
        committee.nodePath = t.committee.path
        var expected = CommitteeCounts()
        for c in cases where c.nodePath.hasPrefix(t.committee.path) && c.state != .merged {
            expected.workload.cases += 1
            if c.state.isTerminal { expected.workload.closed += c.closedAt != nil ? 1 : 0 } else { expected.workload.open += 1 }
            if c.selfHandled {
                expected.workload.selfHandled += 1
                if c.closedAt != nil { expected.workload.selfHandledClosed += 1 }
            }
            if c.firstDispatchedAt != nil {
                expected.help.dispatched += 1
                if c.closedAt != nil { expected.help.dispatchedClosed += 1 }
                if let lead = c.leadDepartmentID { expected.helpingDepartments[lead, default: 0] += 1 }
            }
        }
        #expect(expected.workload.cases == 6)
        #expect(try await store.committeeCounts(committee) == expected)

        let firstDay = Int((w.t0.timeIntervalSince1970 / 86_400).rounded(.down))
        let trend = try await store.trend(all, days: (firstDay - 5)...(firstDay + 5), now: w.now)
        #expect(trend.values.map(\.reported).reduce(0, +) == cases.count)
        #expect(trend.values.map(\.closed).reduce(0, +) == cases.filter { $0.closedAt != nil }.count)
        #expect(trend.values.filter { $0.reported > 0 }.count == 4, "counted by the day of the report")

        // Other KPI settings: the 12345 ticket answered an hour after dispatch and rated 4 is neither responded nor
        // satisfied under them; the counts follow.
        let strict = KPIPolicy(responseHours: 0.5, satisfiedScore: 5)
        try await store.useKPIPolicy(strict)
        let recounted = try await store.kpiCount(all, leadDepartment: nil, now: w.now).report
        expectSameReport(recounted, KPICalculator.report(cases, now: w.now, policy: strict), "strict policy")
        #expect(recounted.hotline != everything.report.hotline, "the policy changes the 12345 figures")
        try await store.useKPIPolicy(KPIPolicy())
        expectSameReport(try await store.kpiCount(all, leadDepartment: nil, now: w.now).report, KPICalculator.report(cases, now: w.now), "policy back")
    }
}
