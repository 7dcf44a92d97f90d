import ChengyunCore
import ChengyunServices
import Foundation

/// Walks each demo case through the real case machine, as the real roles, with simulated times, stopping
/// where "now" falls — so the city has cases in every state and histories the KPIs can trust.
struct DemoCaseSimulator {
    let options: DemoOptions
    let tree: DemoTree
    let users: DemoUsers
    let data: ReferenceData
    let now: Date
    let start: Date
    var rng: SeededRandom
    var index = 0
    /// Photos the histories refer to, in the order they must be stored (attachment ids 1, 2, 3 … of an empty store).
    var photos: [(caseID: CaseID, name: String)] = []
    let events: [Category]
    let components: [Category]
    let cityDepartments: [String: DepartmentID]
    /// The last case after each of its steps, one record per history entry (for storing it step by step).
    var trail: [CaseRecord] = []
    /// Where the demo's recurring problem (类案) is reported, in the grid a third of the way through the city.
    let hotSpot: GeoPoint
    /// 小区 — each committee's compounds and the company serving each: residents' and hotline reports are placed in
    /// them (two in five), so complaints count against companies.
    var compounds: [NodeID: [(compound: CompoundID, company: PropertyCompanyID?)]] = [:]

    init(options: DemoOptions, tree: DemoTree, users: DemoUsers, data: ReferenceData, now: Date) {
        self.options = options
        self.tree = tree
        self.users = users
        self.data = data
        self.now = now
        start = now.addingTimeInterval(-Double(options.days) * 86_400)
        rng = SeededRandom(seed: options.seed ^ 0xCA5E)
        // Emergency repairs come through the intake in the demo (DemoProperty), not from the simulated year.
        events = data.taxonomy.categories.filter { $0.kind == .event && $0.leadDepartmentKind != PropertyCompany.departmentKind }
        components = data.taxonomy.categories.filter { $0.kind == .component }
        var city: [String: DepartmentID] = [:]
        for d in data.departments.values where d.nodeID == tree.city.id { city[d.kind] = d.id }
        cityDepartments = city
        var spot = SeededRandom(seed: options.seed ^ 0x407)
        hotSpot = tree.point(inGrid: tree.grids.count / 3, using: &spot)
    }

    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"]
    /// The systems that report by API key, named as a deployment names its keys (staff read the name in a history).
    static let systemNames: [CaseSource: String] = [.hotline: "12345热线", .police110: "110联动平台", .sensor: "物联感知平台",
                                                     .video: "视频智能识别平台", .department: "部门业务系统"]

    mutating func nextCase() -> (record: CaseRecord, events: [CaseEvent]) {
        let i = index
        index += 1
        // 类案: one grid keeps reporting the same problem, so the demo has a hotspot to show.
        let hot = i % 150 == 75
        let g = hot ? tree.grids.count / 3 : Int(rng.next() % UInt64(tree.grids.count))
        let grid = tree.grids[g]
        let committee = tree.committees[tree.gridCommittee[g]]
        let streetID = OrgNode.ids(inPath: grid.path)[2]
        // The recurring problem is reported at one corner, give or take twenty metres.
        let location = hot ? tree.near(hotSpot, inGrid: g, using: &rng) : tree.point(inGrid: g, using: &rng)
        let pool = rng.chance(0.7) || components.isEmpty ? events : components
        let drawn = pool[Int(rng.next() % UInt64(pool.count))]
        let drawnSource = rng.weighted([(CaseSource.inspector, 43), (.resident, 15), (.hotline, 24), (.police110, 5), (.sensor, 5), (.video, 3), (.department, 2), (.station, 4)])
        // A diverted 110 call is about an event (noise, street order …), not a broken component.
        let category = hot ? events[0] : drawnSource == .police110 && drawn.kind == .component ? events[i % events.count] : drawn
        let source = hot ? .inspector : drawnSource
        let span = now.timeIntervalSince(start)
        var t = start.addingTimeInterval(span * (Double(i) + rng.unit()) / Double(max(options.cases, 1)))
        let urgency = rng.chance(0.85) ? category.urgency : rng.weighted([(Urgency.normal, 1), (.urgent, 1), (.critical, 0.3)])
        var reporter: User?
        switch source {
        case .inspector: reporter = users.inspectors[committee.id]
        case .resident: reporter = users.residents[Int(rng.next() % UInt64(users.residents.count))]
        case .station: reporter = users.chiefs[committee.id]
        default: reporter = nil
        }
        let caller = source == .hotline || source == .police110
        let callerName: String? = caller ? Self.surnames[i % Self.surnames.count] + (i % 2 == 0 ? "先生" : "女士") : nil
        let callerPhone: String? = caller ? String(13_900_000_000 + i * 13) : nil
        let address = "\(committee.name) \(Int(rng.next() % 200) + 1)号附近"
        let description = "\(category.name)：\(committee.name)附近发现\(category.name)，请处理。"
        let station = data.stations.station(at: location, nodePath: grid.path)
        let receivedBy = source == .station ? station.map(CaseOwner.station) ?? .node(committee.id) : CaseOwner.node(NodeID(streetID.rawValue))
        var record = CaseRecord(
            id: CaseID(Int64(i + 1)), number: "", source: source, externalRef: source == .hotline ? String(format: "12345-%08d", i + 1) : nil,
            categoryID: category.id, urgency: urgency, description: description,
            address: address, location: location, nodeID: grid.id, nodePath: grid.path,
            reporterID: reporter?.id, reporterName: callerName, reporterPhone: callerPhone, reportedAt: t,
            deadlineHours: data.taxonomy.deadlineHours(for: category, urgency: urgency), hoursKind: category.hoursKind, receivedBy: receivedBy)
        record.stationID = station
        // Placed in a compound without drawing from the generator, so the rest of the city stays as it was.
        if source == .hotline || source == .resident, i % 5 < 2, let here = compounds[committee.id], !here.isEmpty {
            let place = here[(i / 5) % here.count]
            record.compoundID = place.compound
            record.propertyCompanyID = place.company
        }
        if source == .police110 {
            record.externalRef = String(format: "110-%08d", i + 1)
            record.classification = ["噪声扰民", "占道经营", "垃圾堆放", "消防通道堵塞"][i % 4]
        }
        trail = [record]
        var history = [CaseEvent(caseID: record.id, action: .report, actorID: reporter?.id, actorName: reporter?.username ?? Self.systemNames[source] ?? source.rawValue,
                                 at: t, note: nil, fromState: nil, toState: .reported, location: location)]
        let duty = Identity.user(users.streetDuty[streetID] ?? users.cityDuty)
        let inspector = users.inspectors[committee.id].map(Identity.user) ?? duty
        let leader = Identity.user(users.cityLeader)

        let chief = Identity.user(users.chiefs[committee.id] ?? users.cityDuty)
        var photoCount = photos.count
        var newPhotos: [(caseID: CaseID, name: String)] = []
        func photo(_ name: String) -> [AttachmentID] {
            photoCount += 1
            newPhotos.append((record.id, name))
            return [AttachmentID(Int64(photoCount))]
        }
        defer { photos += newPhotos }
        func step(_ command: CaseCommand, by identity: Identity, after hours: Double, photos attached: [AttachmentID] = []) -> Bool {
            let at = t.addingTimeInterval(hours * 3600)
            guard at < now else { return false }
            let context = CaseContext(now: at, calendar: data.calendar, actor: identity, departmentPaths: data.departmentPaths, attachmentIDs: attached,
                                      handlingPowers: data.handlingPowers)
            guard let transition = try? CaseMachine.decide(record, command, context) else { return false }
            record = transition.record
            history.append(transition.event)
            trail.append(record)
            t = at
            return true
        }
        func handlingHours(_ fraction: Double) -> Double {
            let due = data.calendar.deadline(from: t, hours: record.deadlineHours * fraction, kind: record.hoursKind)
            return max(due.timeIntervalSince(t) / 3600, 0.1)
        }

        if source == .station {
            // 微单元自治: found and fixed by the station itself; now and then beyond its means, so it blows the whistle.
            let at = t.addingTimeInterval(rng.double(0.1...1) * 3600)
            guard at < now, let opened = try? CaseMachine.openSelfHandled(record, CaseContext(now: at, calendar: data.calendar, actor: chief)) else { return (record, history) }
            record = opened.last!.record
            history += opened.map(\.event)
            trail += opened.map(\.record)
            t = at
            if rng.chance(0.25), let helper = cityDepartments.values.sorted().first {
                guard step(.callIn(departments: [helper], reason: "超出居委处置能力，约请条线力量", hours: 24), by: chief, after: rng.double(0.5...4)) else { return (record, history) }
                let helperHandler = users.handlers[helper].map(Identity.user) ?? duty
                guard step(rng.chance(0.85) ? .feedback(note: "已派员到场协助处置") : .release(departments: [helper], note: "已自行解决"),
                           by: rng.chance(0.85) ? helperHandler : chief, after: rng.double(1...12)) else { return (record, history) }
                if record.openCallIns.isEmpty == false { _ = step(.release(departments: [], note: "已自行解决"), by: chief, after: 1) }
            }
            _ = step(.selfClose(note: "已自行处置完毕"), by: chief, after: rng.double(0.5...6), photos: photo("after-\(i + 1).png"))
            return (record, history)
        }
        // The recurring problem is real every time: never rejected or merged (the draws are made all the same, so the
        // rest of the city does not depend on it), or the demo's one hotspot would come and go with the hour it is made.
        if rng.chance(0.05), !hot {
            _ = step(.reject(reason: "不属于受理范围"), by: duty, after: rng.double(0.2...2))
            return (record, history)
        }
        if i > 10, rng.chance(0.015), !hot {
            _ = step(.merge(into: CaseID(Int64(i - Int(rng.next() % 5))), note: "重复上报"), by: duty, after: rng.double(0.2...2))
            return (record, history)
        }
        guard step(.accept(note: nil), by: duty, after: rng.double(0.1...3)) else { return (record, history) }
        if source == .police110 {
            // 110 分流: the handling-power table decides who may take it; some calls go back to the police.
            if rng.chance(0.12) {
                _ = step(.returnToPolice(reason: "涉及治安纠纷，需公安处置"), by: duty, after: rng.double(0.2...2))
                return (record, history)
            }
        }
        let rule = Dispatcher.match(data.rules, categoryID: record.categoryID, nodePath: record.nodePath, at: t, utcOffsetSeconds: data.calendar.utcOffsetSeconds)
        // Only a 110 call asks the handling-power table (a few percent of the cases; the table is scanned whole).
        let powered = source != .police110 ? nil : data.handlingPowers
            .filter { $0.categoryID == category.id && grid.path.hasPrefix(data.departmentPaths[$0.departmentID] ?? "#") }
            .map(\.departmentID).sorted().first
        guard let lead = source == .police110 ? powered : rule?.leadDepartmentID ?? cityDepartments[category.leadDepartmentKind],
              step(.dispatch(lead: lead, coHandlers: rule?.coHandlerIDs ?? [], note: rule.map { "按规则派遣: \($0.name)" }), by: rule == nil ? duty : .platform, after: rule == nil ? rng.double(0.2...4) : 0.01)
        else { return (record, history) }
        var handler = users.handlers[lead].map(Identity.user) ?? duty
        if rng.chance(0.05) {
            guard step(.returnDispatch(reason: .notOurDuty, note: "非本部门职责"), by: handler, after: rng.double(0.5...4)) else { return (record, history) }
            let other = source == .police110 ? lead : cityDepartments[category.leadDepartmentKind] ?? lead
            guard step(.dispatch(lead: other, coHandlers: [], note: "改派"), by: duty, after: rng.double(0.2...2)) else { return (record, history) }
            handler = users.handlers[other].map(Identity.user) ?? duty
        }
        guard step(.start(note: "已签收"), by: handler, after: rng.double(0.1...3)) else { return (record, history) }
        if source == .inspector || source == .resident, rng.chance(0.02), let owner = cityDepartments.values.sorted().first(where: { $0 != lead }) {
            // 三级联动: the station asks the street centre, which convenes a joint consultation with owners and deadlines.
            guard step(.askLinkage(reason: .crossOwnership, note: "涉及多个产权单位，居委协调不了"), by: chief, after: rng.double(1...12)) else { return (record, history) }
            let task = TaskDraft(departmentID: owner, task: "配合牵头部门整治", dueAt: t.addingTimeInterval(5 * 86_400))
            guard step(.consult(heldAt: t.addingTimeInterval(3600), attendees: ["街道城运中心", "牵头部门", "配合部门", "物业公司"], decision: "牵头部门负责整治，配合部门限期完成", tasks: [task]),
                       by: duty, after: rng.double(2...24)) else { return (record, history) }
            guard step(.completeTask(id: 1, note: "已完成"), by: users.handlers[owner].map(Identity.user) ?? duty, after: rng.double(4...72)) else { return (record, history) }
        } else if rng.chance(0.03), let helper = cityDepartments.values.sorted().first(where: { $0 != lead }) {
            guard step(.callIn(departments: [helper], reason: "需协同处置", hours: 24), by: handler, after: rng.double(0.5...6)) else { return (record, history) }
            guard step(.feedback(note: "已配合处置"), by: users.handlers[helper].map(Identity.user) ?? duty, after: rng.double(1...20)) else { return (record, history) }
        }
        if rng.chance(0.03) { _ = step(.supervise(note: "请加快处置"), by: leader, after: rng.double(0.5...6)) }
        if rng.chance(0.04), step(.requestExtension(hours: 24, reason: "需协调物业配合"), by: handler, after: rng.double(0.5...6)) {
            _ = step(rng.chance(0.7) ? .approveExtension(note: "同意") : .refuseExtension(note: "请按期完成"), by: leader, after: rng.double(0.5...8))
        }
        let late = options.lateShare > 0 && rng.chance(options.lateShare)
        guard step(.reportBack(note: "已处置完毕，附现场照片"), by: handler, after: handlingHours(late ? rng.double(1.1...2.5) : rng.double(0.05...0.95)))
        else { return (record, history) }
        if rng.chance(0.08) {
            guard step(.verify(passed: false, note: "现场仍未整改到位"), by: inspector, after: rng.double(1...24)) else { return (record, history) }
            guard step(.reportBack(note: "已返工处置"), by: handler, after: handlingHours(rng.double(0.1...0.5))) else { return (record, history) }
        }
        guard step(.verify(passed: true, note: "核查通过"), by: inspector, after: rng.double(1...24)) else { return (record, history) }
        guard step(.close(note: nil), by: duty, after: rng.double(0.2...4)) else { return (record, history) }
        if source == .resident || source == .hotline, rng.chance(0.6), let rater = reporter.map(Identity.user) ?? (source == .hotline ? duty : nil) {
            let score = rng.weighted([(5, 50.0), (4, 30), (3, 10), (2, 6), (1, 4)])
            _ = step(.rate(score: score, note: score >= 4 ? "满意" : "不满意"), by: rater, after: rng.double(2...72))
        }
        return (record, history)
    }
}
