import Foundation

/// The practices of the Shanghai papers on top of the textbook loop: call-in (吹哨约请), self-handling (微单元自治),
/// three-level linkage (三级联动), arbitration after returns (首问负责), 110 hand-back (兜底) and video review (视频复查).
extension CaseMachine {
    /// Longest time limit a call-in may set.
    public static let maxCallInHours = 720.0

    /// 微单元自治 — a committee or station takes in a problem it handles itself: accepted and started at its own
    /// level at once, owned by its station (the committee where no station serves it), with no dispatch from the centre.
    /// It closes with `selfClose`.
    public static func openSelfHandled(_ record: CaseRecord, _ context: CaseContext) throws(DomainError) -> [CaseTransition] {
        guard record.state == .reported, context.actor.has(.stationChief, at: record.nodePath) || context.actor.has(.communityWorker, at: record.nodePath),
              let committee = OrgNode.ancestor(of: record.nodePath, depth: OrgNode.Kind.committee.depth)
        else {
            throw CaseError.selfHandleNotAllowed
        }
        let now = context.now
        var next = record
        next.selfHandled = true
        next.owner = record.stationID.map(CaseOwner.station) ?? .node(committee.id)
        next.state = .accepted
        next.acceptedAt = now
        next.deadline = context.calendar.deadline(from: now, hours: record.deadlineHours, kind: record.hoursKind)
        next.version += 1
        func event(_ action: CaseAction, from: CaseState, to: CaseState) -> CaseEvent {
            CaseEvent(caseID: record.id, action: action, actorID: context.actor.userID, actorName: context.actor.name, at: now, note: "微单元自治：本级自行处置",
                      fromState: from, toState: to, detail: ["selfHandled": "true"])
        }
        let accepted = CaseTransition(record: next, event: event(.accept, from: .reported, to: .accepted))
        next.state = .inProgress
        next.startedAt = now
        next.version += 1
        return [accepted, CaseTransition(record: next, event: event(.start, from: .accepted, to: .inProgress))]
    }

    static func decideJoint(
        _ command: CaseCommand, _ record: CaseRecord, _ context: CaseContext,
        next: inout CaseRecord, departments: inout [DepartmentID], detail: inout [String: String]
    ) throws(DomainError) {
        let now = context.now
        let action = command.action
        switch command {
        case .callIn(let called, let reason, let hours):
            try requireText(reason, "reason", action)
            guard !called.isEmpty else {
                throw CaseError.callInEmpty
            }
            guard hours > 0, hours <= maxCallInHours, hours.isFinite else {
                throw CaseError.invalidTimeLimit(maxHours: maxCallInHours)
            }
            for (i, d) in called.enumerated() {
                try requireServes(d, record, context, field: "departments[\(i)]")
                guard !record.involvedDepartments.contains(d) || record.callIns.contains(where: { $0.departmentID == d && $0.status != .open }) else {
                    throw CaseError.alreadyInvolved(d, index: i)
                }
            }
            let due = context.calendar.deadline(from: now, hours: hours, kind: record.hoursKind)
            for d in Array(Set(called)).sorted() {
                next.callIns.removeAll { $0.departmentID == d }
                next.callIns.append(CallIn(departmentID: d, reason: reason, calledBy: context.actor.name, calledAt: now, dueAt: due))
            }
            departments = called
            detail["hours"] = format(hours)
            detail["dueAt"] = due.ISO8601Format()
        case .feedback(let note):
            try requireText(note, "note", action)
            departments = record.involvedDepartments.filter { d in
                context.actor.handlerDepartments.contains { $0.department == d }
            }.sorted()
            for i in next.callIns.indices where next.callIns[i].status == .open && departments.contains(next.callIns[i].departmentID) {
                next.callIns[i].status = .answered
                next.callIns[i].answeredAt = now
                next.callIns[i].feedback = note
                detail["answered"] = "true"
            }
        case .release(let released, _):
            let open = Set(record.openCallIns.map(\.departmentID))
            let chosen = released.isEmpty ? Array(open) : released
            for (i, d) in chosen.enumerated() where !open.contains(d) {
                throw CaseError.notCalledIn(d, of: record, index: i)
            }
            for i in next.callIns.indices where chosen.contains(next.callIns[i].departmentID) {
                next.callIns[i].status = .released
            }
            departments = chosen.sorted()
        case .selfClose(let note):
            try requireText(note, "note", action)
            guard !context.attachmentIDs.isEmpty else {
                throw CaseError.afterPhotoRequired(record)
            }
            next.state = .closed
            next.answer = note
            next.handlerID = context.actor.userID
            next.handlerName = context.actor.name
            next.handledAt = now
            next.firstHandledAt = record.firstHandledAt ?? now
            next.closedAt = now
        case .askLinkage(let reason, let note):
            try requireText(note, "note", action)
            let from = record.linkage?.level ?? 1
            guard from < context.policy.linkageTopLevel else {
                throw CaseError.linkageTop(record, level: from)
            }
            var linkage = record.linkage ?? Linkage()
            linkage.level = from + 1
            linkage.requests.append(LinkageRequest(fromLevel: from, toLevel: from + 1, reason: reason, note: note, by: context.actor.name, at: now))
            next.linkage = linkage
            next.supervised = true
            detail["fromLevel"] = String(from)
            detail["toLevel"] = String(from + 1)
            detail["reason"] = reason.rawValue
        case .consult(let heldAt, let attendees, let decision, let tasks):
            try requireText(decision, "decision", action)
            guard var linkage = record.linkage else { throw stateConflict(action, record) }
            guard heldAt <= now.addingTimeInterval(3600) else {
                throw CaseError.consultationInFuture
            }
            guard !attendees.isEmpty, attendees.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                throw CaseError.attendeesRequired
            }
            var nextID = (linkage.consultations.flatMap(\.tasks).map(\.id).max() ?? 0) + 1
            var made: [ConsultationTask] = []
            for (i, t) in tasks.enumerated() {
                try requireServes(t.departmentID, record, context, field: "tasks[\(i)].departmentId")
                guard !t.task.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw CaseError.taskRequired(index: i)
                }
                guard t.dueAt > now else {
                    throw CaseError.taskDuePast(index: i)
                }
                made.append(ConsultationTask(id: nextID, departmentID: t.departmentID, task: t.task, dueAt: t.dueAt))
                nextID += 1
            }
            linkage.consultations.append(Consultation(
                level: linkage.level, heldAt: heldAt, attendees: attendees, decision: decision, tasks: made,
                recordedBy: context.actor.name, recordedAt: now))
            next.linkage = linkage
            if record.owner.kind == .node || record.owner.kind == .station {
                if linkage.level == 1, let station = record.stationID {
                    next.owner = .station(station)
                } else if let node = OrgNode.ancestor(of: record.nodePath, depth: Linkage.depth(of: linkage.level)) {
                    next.owner = .node(node.id)
                }
            }
            departments = made.map(\.departmentID)
            detail["level"] = String(linkage.level)
            detail["tasks"] = String(made.count)
        case .completeTask(let id, let note):
            try requireText(note, "note", action)
            guard var linkage = record.linkage,
                  let c = linkage.consultations.firstIndex(where: { $0.tasks.contains { $0.id == id } }),
                  let t = linkage.consultations[c].tasks.firstIndex(where: { $0.id == id })
            else {
                throw CaseError.taskNotFound(id, of: record)
            }
            let task = linkage.consultations[c].tasks[t]
            guard task.doneAt == nil else { throw CaseError.taskDone(id, of: record) }
            let ownsTask = context.actor.handlerDepartments.contains { $0.department == task.departmentID && record.nodePath.hasPrefix($0.path) }
            guard ownsTask || CasePolicy.mayConsult(record, context.actor) else {
                throw CaseError.notTaskOwner(id, department: task.departmentID)
            }
            linkage.consultations[c].tasks[t].doneAt = now
            linkage.consultations[c].tasks[t].doneNote = note
            next.linkage = linkage
            departments = [task.departmentID]
            detail["task"] = String(id)
        case .arbitrate(let lead, let coHandlers, let note):
            try requireText(note, "note", action)
            try requireServes(lead, record, context, field: "lead")
            for (i, co) in coHandlers.enumerated() { try requireServes(co, record, context, field: "coHandlers[\(i)]") }
            try requirePower(lead, record, context)
            applyDispatch(&next, lead: lead, coHandlers: coHandlers.filter { $0 != lead }, now: now)
            next.arbitrationPending = false
            next.dispatchBinding = true
            next.owner = .department(lead)
            departments = [lead] + next.coHandlerIDs
            detail["binding"] = "true"
        case .returnToPolice(let reason):
            try requireText(reason, "reason", action)
            next.state = .returnedToPolice
            next.owner = .external("police110")
            next.closedAt = nil
            next.leadDepartmentID = nil
            next.coHandlerIDs = []
        default:
            break
        }
    }

    /// 视频复查 — video review needs a camera near the place and a snapshot; on-site verification needs an inspector.
    static func checkVerification(_ record: CaseRecord, method: VerificationMethod, camera: Camera?, _ context: CaseContext, detail: inout [String: String]) throws(DomainError) {
        detail["method"] = method.rawValue
        switch method {
        case .onSite:
            guard context.actor.has(.gridInspector, at: record.nodePath) else {
                throw CaseError.onSiteNeedsInspector
            }
        case .video:
            guard let camera else {
                throw CaseError.cameraRequired
            }
            guard camera.active else {
                throw CaseError.cameraInactive(camera)
            }
            let covers: Bool
            if let place = record.location {
                covers = DuplicatePolicy.metres(place, camera.location) <= context.policy.videoReviewMetres
            } else {
                covers = camera.nodePath == record.nodePath
            }
            guard covers else {
                throw CaseError.cameraOutOfRange(camera, of: record, metres: context.policy.videoReviewMetres)
            }
            guard !context.attachmentIDs.isEmpty else {
                throw CaseError.snapshotRequired
            }
            detail["cameraId"] = camera.id.description
            detail["camera"] = camera.name
        }
    }

    /// Conflicts specific to the joint practices, with messages that say what is missing.
    static func jointConflict(_ action: CaseAction, _ record: CaseRecord) -> DomainError? {
        guard states(for: action).contains(record.state) else { return nil }
        switch action {
        case .close, .selfClose:
            if !record.openCallIns.isEmpty {
                let names = record.openCallIns.map(\.departmentID.description).joined(separator: ", ")
                return CaseError.callInsOpen(record, names: names)
            }
            if let open = record.linkage?.openTasks, !open.isEmpty {
                return CaseError.tasksOpen(record, tasks: open.map { String($0.id) }.joined(separator: ", "))
            }
            if action == .selfClose, !record.selfHandled {
                return CaseError.notSelfHandled(record)
            }
        case .dispatch where record.arbitrationPending:
            return CaseError.arbitrationPending(record)
        case .arbitrate where !record.arbitrationPending:
            return CaseError.noArbitration(record)
        case .return where record.dispatchBinding:
            return CaseError.dispatchBinding(record)
        case .release where record.openCallIns.isEmpty:
            return CaseError.noCallIns(record)
        case .consult where (record.linkage?.level ?? 1) < 2:
            return CaseError.notLinked(record)
        case .completeTask where (record.linkage?.openTasks ?? []).isEmpty:
            return CaseError.noOpenTasks(record)
        case .returnToPolice where record.source != .police110:
            return CaseError.notPoliceCall(record)
        case .askLinkage where (record.linkage?.level ?? 1) >= LoopPolicy.maxLinkageLevel:
            return CaseError.linkageAtCity(record)
        default:
            break
        }
        return nil
    }
}
