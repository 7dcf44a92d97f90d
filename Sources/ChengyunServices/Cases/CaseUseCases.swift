public import ChengyunCore
public import ChengyunStore
public import Foundation

/// 案件 — the case loop: intake (上报), every step of a case through the state machine, its history, attachments and
/// lists, and the escalation of overdue cases. Accepting a case (立案) and its dispatch by rule are one unit of work.
public struct CaseUseCases: UseCaseGroup {
    let store: any CaseStore & OrganisationStore & UserStore & BaseDataStore
    let shared: UseCaseContext
    let whoIsOnDuty: OnDutyLookup
}

extension CaseUseCases {
    /// Loads a case the identity may see; a case outside the scope is reported as not found.
    public func visibleCase(_ id: CaseID, by identity: Identity) async throws -> CaseRecord {
        try await store.visibleCase(id, by: identity)
    }

    /// Moves a case one step through the loop and records it; an accepted case is dispatched by rule at once.
    public func perform(_ command: CaseCommand, on id: CaseID, by identity: Identity, attachmentIDs: [AttachmentID] = [], location: GeoPoint? = nil) async throws -> (record: CaseRecord, events: [CaseEvent]) {
        let record = try await store.visibleCase(id, by: identity)
        let data = self.data
        let now = clock.now()
        if !attachmentIDs.isEmpty {
            let own = Set(try await store.attachments(of: id).map(\.id))
            for (i, a) in attachmentIDs.enumerated() where !own.contains(a) {
                throw CaseError.foreignAttachment(a, of: record, index: i)
            }
        }
        var resolved = command
        switch command {
        case .merge(let target, _):
            let original = try await store.visibleCase(target, by: identity)
            guard original.state.isOpen || original.state == .reported, original.id != id else {
                throw CaseError.mergeTargetClosed(original)
            }
        case .escalate(let target, _, let reason):
            let node = try await store.requireNode(target, field: "to")
            resolved = .escalate(to: target, toPath: node.path, reason: reason)
        default:
            break
        }
        let context = caseContext(identity, data: data, now: now, attachmentIDs: attachmentIDs, location: location)
        var transition = try CaseMachine.decide(record, resolved, context)
        // 值班值守: an escalation or a request to take a case up goes to whoever is on duty at the receiving level.
        var receiving: String?
        if case .escalate(_, let path, _) = resolved { receiving = path }
        if case .askLinkage = resolved, let level = transition.record.linkage?.level {
            receiving = OrgNode.ancestor(of: record.nodePath, depth: Linkage.depth(of: level))?.path
        }
        if let receiving, let names = await whoIsOnDuty.names(atPath: receiving, at: now) { transition.event.detail["onDuty"] = names }
        var steps = [CaseStep(record: transition.record, event: transition.event, outbox: try shared.outbox(for: transition.record, after: transition.event))]
        // 立案 and its dispatch by rule are one unit of work: both are saved, with their history, or neither.
        if case .accept = command, let dispatched = try shared.dispatchByRule(transition.record, data: data, now: now) {
            steps.append(CaseStep(record: dispatched.record, event: dispatched.event, outbox: try shared.outbox(for: dispatched.record, after: dispatched.event)))
        }
        // 不满意重办: the first unsatisfied rating sends the case back to its department, in the same transaction.
        if case .rate(let score, _) = command, score < settings.kpi.satisfiedScore, !record.selfHandled,
           try await !store.events(of: id).contains(where: { $0.action == .redo }) {
            let again = try CaseMachine.decide(transition.record, .redo(note: "评价不满意（\(score) 分），退回重办"), caseContext(.platform, data: data, now: now))
            steps.append(CaseStep(record: again.record, event: again.event, outbox: try shared.outbox(for: again.record, after: again.event)))
        }
        let events = try await store.saveTransitions(steps)
        let current = steps.last!.record
        feed.publish(current, events)
        return (current, events)
    }

    /// Lists cases in the identity's scope with the given filters.
    public func listCases(_ query: CaseQuery, by identity: Identity) async throws -> CasePage {
        if identity.isCitizenClient {
            throw CaseError.citizenClientList
        }
        var q = query
        q.scope = CaseScope.of(identity)
        return try await store.cases(q)
    }

    /// The history as its reader sees it (处置经过). Staff see who acted by name and role, not by login. A resident
    /// (a reader with no staff role) sees their own steps as theirs and every other step as taken by the department
    /// named in it, or by the city operations centre, without staff notes.
    public func readableHistory(_ id: CaseID, by identity: Identity) async throws -> [HistoryEntry] {
        let record = try await store.visibleCase(id, by: identity)
        let events = try await store.events(of: id)
        let staff = identity.isSystem || identity.roles.contains { $0 != .resident }
        guard staff else {
            let departments = data.departments
            // A department's own steps name no department: they are the lead department's at that step — the one the
            // last dispatch or arbitration before it named (a case returned by one department and sent to another
            // tells each step by the department that took it).
            let departmentSteps: Set<CaseAction> = [.start, .reportBack, .return, .requestExtension]
            var leadThen: DepartmentID?
            return events.map { event in
                var e = event
                let own = event.actorID != nil && event.actorID == identity.userID
                e.note = own ? event.note : nil
                e.detail = [:]
                if [.dispatch, .arbitrate].contains(event.action), let lead = event.departmentIDs.first { leadThen = lead }
                let named = event.departmentIDs.first ?? (departmentSteps.contains(event.action) ? leadThen ?? record.leadDepartmentID : nil)
                let department = named.flatMap { departments[$0]?.name }
                e.actorName = own ? "" : department ?? "城市运行中心"
                e.actorID = own ? event.actorID : nil
                return HistoryEntry(event: e, actorRole: own ? .resident : nil, own: own)
            }
        }
        // The people who acted, each read once (a case's history names a handful).
        var people: [UserID: User] = [:]
        for actor in Set(events.compactMap(\.actorID)) {
            people[actor] = try await store.user(actor)
        }
        return events.map { event in
            var e = event
            let person = event.actorID.flatMap { people[$0] }
            if let person { e.actorName = person.displayName }
            if event.actorID == nil, event.actorName == Identity.platform.name { e.actorName = "系统" }
            return HistoryEntry(event: e, actorRole: person.flatMap { Self.role(of: $0, for: event) }, own: event.actorID != nil && event.actorID == identity.userID)
        }
    }

    /// 处置人 as the reader sees it: staff the handler's name (not their login), a resident nobody (the case names the
    /// department that handles it).
    public func handlerName(of record: CaseRecord, for identity: Identity) async throws -> String? {
        guard identity.isSystem || identity.roles.contains(where: { $0 != .resident }) else { return nil }
        guard let id = record.handlerID else { return record.handlerName }
        return try await store.user(id)?.displayName ?? record.handlerName
    }

    /// Where a case lies, by name: its district, street, committee and grid (the city left out), in one read.
    public func place(of record: CaseRecord) async throws -> [OrgNode] {
        let ids = OrgNode.ids(inPath: record.nodePath).dropFirst()
        let nodes = try await store.nodes(Array(ids))
        return ids.compactMap { nodes[$0] }
    }

    /// The role a person acted in: the one that takes such a step (a department's handler for its department's work),
    /// else their first.
    static func role(of person: User, for event: CaseEvent) -> Role? {
        let roles = person.assignments.map(\.role)
        if !event.departmentIDs.isEmpty, roles.contains(.departmentHandler), [.start, .reportBack, .feedback, .return, .requestExtension, .completeTask].contains(event.action) {
            return .departmentHandler
        }
        return roles.first
    }

    /// Stores a photo or document for a visible, unfinished case: its bytes must be of the declared type, and the
    /// uploader must stay within `settings.attachments` (per file, and per person over any 24 hours).
    public func attach(to id: CaseID, contentType: String, fileName: String, bytes: Data, by identity: Identity) async throws -> Attachment {
        let record = try await store.visibleCase(id, by: identity)
        guard !record.state.isTerminal || record.state == .closed else {
            throw CaseError.finished(record)
        }
        return try await upload(contentType: contentType, fileName: fileName, bytes: bytes, by: identity) { name, now, quota in
            try await store.saveAttachment(caseID: id, contentType: contentType, fileName: name, bytes: bytes, by: identity.userID, at: now, quota: quota)
        }
    }

    /// The attachments of a case the identity sees.
    public func attachments(of caseID: CaseID, by identity: Identity) async throws -> [Attachment] {
        _ = try await store.visibleCase(caseID, by: identity)
        return try await store.attachments(of: caseID)
    }

    /// The bytes of an attachment of a visible case.
    public func attachment(_ id: AttachmentID, by identity: Identity) async throws -> (meta: Attachment, bytes: Data) {
        guard let found = try await store.attachment(id) else {
            throw CaseError.attachmentNotFound(id)
        }
        _ = try await store.visibleCase(found.meta.caseID, by: identity)
        return found
    }

    /// 超期升级 — escalates every overdue case that is due for its next level; returns how many moved.
    @discardableResult
    public func escalateOverdue(limit: Int = 500) async throws -> Int {
        let now = clock.now()
        let data = self.data
        var moved = 0
        for record in try await store.overdueCases(now: now, limit: limit) {
            guard let target = settings.escalation.nextTarget(record, now: now, calendar: data.calendar) else { continue }
            let context = caseContext(.platform, data: data, now: now)
            // The note says where the case went, so a second and third automatic escalation read apart in its history.
            let node = try? await store.requireNode(target.node)
            let level = node.map { "\($0.name)（\($0.kind.levelName)）" } ?? "上一级"
            var transition = try CaseMachine.decide(record, .escalate(to: target.node, toPath: target.path, reason: "超期自动升级督办：已超过处置时限，升至\(level)"), context)
            if let names = await whoIsOnDuty.names(atPath: target.path, at: now) { transition.event.detail["onDuty"] = names }
            do {
                let saved = try await store.saveTransition(transition.record, event: transition.event)
                feed.publish(transition.record, [saved])
                moved += 1
            } catch let error as DomainError where error.code == "case.concurrent_change" {
                continue
            }
        }
        return moved
    }
}

/// One step of a case's history as its reader sees it: the actor by name (or department) and the role they acted in.
public struct HistoryEntry: Sendable {
    public var event: CaseEvent
    public var actorRole: Role?
    /// The reader took this step themselves.
    public var own: Bool
}
