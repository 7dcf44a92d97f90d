public import Foundation

/// What a decision needs besides the case: the instant, the calendar, who acts, and facts the use case looked up.
public struct CaseContext: Sendable {
    public var now: Date
    public var calendar: WorkingCalendar
    public var actor: Identity
    /// The node paths of departments named by the command (lead, co-handlers, called-in).
    public var departmentPaths: [DepartmentID: String]
    public var attachmentIDs: [AttachmentID]
    public var location: GeoPoint?
    public var policy: LoopPolicy
    /// 处置权 — which departments may take which categories (checked for 110 calls).
    public var handlingPowers: Set<HandlingPower>
    /// The categories whose report back needs an after photo (`Category.afterPhotoRequired`).
    public var afterPhotoCategories: Set<String>
    /// 物业 — the property companies' handling units and their companies: such a unit takes only the cases of the
    /// compounds its company serves.
    public var companyUnits: [DepartmentID: PropertyCompanyID]
    /// Departments that take no cases (a street's 社区事务受理服务中心): never a lead, co-handler or called-in.
    public var notForCases: Set<DepartmentID>

    public init(now: Date, calendar: WorkingCalendar, actor: Identity, departmentPaths: [DepartmentID: String] = [:], attachmentIDs: [AttachmentID] = [],
                location: GeoPoint? = nil, policy: LoopPolicy = LoopPolicy(), handlingPowers: Set<HandlingPower> = [], afterPhotoCategories: Set<String> = [],
                companyUnits: [DepartmentID: PropertyCompanyID] = [:], notForCases: Set<DepartmentID> = []) {
        self.now = now
        self.calendar = calendar
        self.actor = actor
        self.departmentPaths = departmentPaths
        self.attachmentIDs = attachmentIDs
        self.location = location
        self.policy = policy
        self.handlingPowers = handlingPowers
        self.afterPhotoCategories = afterPhotoCategories
        self.companyUnits = companyUnits
        self.notForCases = notForCases
    }
}

/// The outcome of a decision: the case as it now is and the history entry that records the step.
public struct CaseTransition: Sendable, Hashable {
    public var record: CaseRecord
    public var event: CaseEvent
}

/// 案件状态机 — the case loop as a pure function: a case and a command in, the new case and its history entry out.
public enum CaseMachine {
    /// Longest extension one request may ask for.
    public static let maxExtensionHours = 720.0

    /// The states from which each action may start (suspension is checked separately).
    public static func states(for action: CaseAction) -> Set<CaseState> {
        switch action {
        case .report: []
        case .redo: [.rated]
        case .urge: [.dispatched, .inProgress]
        case .accept, .reject, .merge: [.reported]
        case .dispatch, .arbitrate: [.accepted, .dispatched]
        case .return, .start: [.dispatched]
        case .reportBack, .selfClose: [.inProgress]
        case .verify: [.handled]
        case .close: [.verified]
        case .rate: [.closed]
        case .requestExtension, .approveExtension, .refuseExtension: [.dispatched, .inProgress]
        case .suspend, .resume, .park: [.accepted, .dispatched, .inProgress]
        case .supervise, .escalate: [.reported, .accepted, .dispatched, .inProgress, .handled, .verified]
        case .callIn, .askLinkage, .consult: [.accepted, .dispatched, .inProgress, .handled]
        case .feedback, .release, .completeTask: [.accepted, .dispatched, .inProgress, .handled, .verified]
        case .returnToPolice: [.reported, .accepted, .dispatched]
        }
    }

    /// Whether the case's state (and suspension, and pending requests) lets `action` happen now.
    public static func stateAllows(_ action: CaseAction, _ record: CaseRecord) -> Bool {
        guard states(for: action).contains(record.state) else { return false }
        if record.suspendedAt != nil {
            guard [.resume, .supervise, .escalate, .feedback, .release, .completeTask, .park].contains(action) else { return false }
            // A parked case is parked again to change its review date; the others keep their own conditions below.
            if action == .resume { return true }
            if action == .park { return record.parkedUntil != nil }
        }
        switch action {
        case .resume: return false
        case .requestExtension: return record.pendingExtensionHours == nil
        case .approveExtension, .refuseExtension: return record.pendingExtensionHours != nil
        case .escalate: return record.escalationLevel < 3
        case .dispatch: return !record.arbitrationPending
        case .arbitrate: return record.arbitrationPending
        case .return: return !record.dispatchBinding
        case .close: return record.openCallIns.isEmpty && (record.linkage?.openTasks ?? []).isEmpty
        case .selfClose: return record.selfHandled && record.openCallIns.isEmpty && (record.linkage?.openTasks ?? []).isEmpty
        case .release: return !record.openCallIns.isEmpty
        case .askLinkage: return (record.linkage?.level ?? 1) < LoopPolicy.maxLinkageLevel
        case .consult: return (record.linkage?.level ?? 1) >= 2
        case .completeTask: return !(record.linkage?.openTasks ?? []).isEmpty
        case .returnToPolice: return record.source == .police110
        default: return true
        }
    }

    /// Decides a command: checks role and scope, state, and the command's own rules.
    /// - Throws: `DomainError` — forbidden (role/scope), conflict (state), invalid or unprocessable (input).
    public static func decide(_ record: CaseRecord, _ command: CaseCommand, _ context: CaseContext) throws(DomainError) -> CaseTransition {
        let action = command.action
        try CasePolicy.authorize(action, on: record, by: context.actor)
        guard stateAllows(action, record) else { throw stateConflict(action, record) }
        try command.checkInput()

        var next = record
        var departments: [DepartmentID] = []
        var detail: [String: String] = [:]
        let now = context.now

        switch command {
        case .accept:
            next.state = .accepted
            next.acceptedAt = now
            next.deadline = context.calendar.deadline(from: now, hours: record.deadlineHours, kind: record.hoursKind)
        case .reject(let reason):
            try requireText(reason, "reason", action)
            next.state = .rejected
        case .merge(let target, _):
            guard target != record.id else {
                throw CaseError.mergeIntoSelf
            }
            next.state = .merged
            next.mergedIntoID = target
            detail["into"] = target.description
        case .dispatch(let lead, let coHandlers, _):
            try requireServes(lead, record, context, field: "lead")
            for (i, co) in coHandlers.enumerated() { try requireServes(co, record, context, field: "coHandlers[\(i)]") }
            guard !coHandlers.contains(lead) else {
                throw CaseError.leadIsCoHandler
            }
            try requirePower(lead, record, context)
            if record.state == .dispatched { detail["redispatch"] = "true" }
            applyDispatch(&next, lead: lead, coHandlers: coHandlers, now: now)
            departments = [lead] + next.coHandlerIDs
        case .returnDispatch(let reason, let note):
            if reason == .other { try requireText(note ?? "", "note", action) }
            departments = record.leadDepartmentID.map { [$0] } ?? []
            next.state = .accepted
            next.leadDepartmentID = nil
            next.coHandlerIDs = []
            next.returnCount += 1
            if reason.isWrongDispatch { next.wrongDispatchCount += 1 }
            detail["reason"] = reason.rawValue
            if next.returnCount >= context.policy.returnsBeforeArbitration {
                next.arbitrationPending = true
                detail["arbitration"] = "pending"
            }
        case .start:
            next.state = .inProgress
            next.startedAt = record.startedAt ?? now
            if let lead = record.leadDepartmentID { next.owner = .department(lead) }
        case .reportBack(let note):
            try requireText(note, "note", action)
            guard context.attachmentIDs.isEmpty == false || !context.afterPhotoCategories.contains(record.categoryID) else {
                throw CaseError.afterPhotoNeeded(record)
            }
            next.state = .handled
            next.answer = note
            next.handlerID = context.actor.userID
            next.handlerName = context.actor.name
            next.handledAt = now
            next.firstHandledAt = record.firstHandledAt ?? now
            next.pendingExtensionHours = nil
        case .verify(let passed, let note, let method, let camera):
            detail["passed"] = String(passed)
            try checkVerification(record, method: method, camera: camera, context, detail: &detail)
            if passed {
                next.state = .verified
            } else {
                try requireText(note ?? "", "note", action)
                next.state = .inProgress
                next.reworkCount += 1
            }
        case .close:
            next.state = .closed
            next.closedAt = now
        case .rate(let score, _):
            guard (1...5).contains(score) else {
                throw CaseError.invalidScore
            }
            next.state = .rated
            next.rating = score
            detail["score"] = String(score)
        case .redo:
            // Back to the department that handled it, with a fresh time limit; counted as rework. The rating stays
            // until the case is rated again.
            next.state = .inProgress
            next.reworkCount += 1
            next.closedAt = nil
            next.deadline = context.calendar.deadline(from: now, hours: record.deadlineHours, kind: record.hoursKind)
        case .requestExtension(let hours, let reason):
            try requireText(reason, "reason", action)
            guard hours > 0, hours <= maxExtensionHours, hours.isFinite else {
                throw CaseError.invalidExtension(maxHours: maxExtensionHours)
            }
            next.pendingExtensionHours = hours
            detail["hours"] = format(hours)
        case .approveExtension:
            let hours = record.pendingExtensionHours ?? 0
            let base = max(record.deadline ?? now, now)
            next.deadline = context.calendar.deadline(from: base, hours: hours, kind: record.hoursKind)
            next.pendingExtensionHours = nil
            next.extensionCount += 1
            detail["hours"] = format(hours)
        case .refuseExtension:
            detail["hours"] = format(record.pendingExtensionHours ?? 0)
            next.pendingExtensionHours = nil
        case .suspend(let reason):
            try requireText(reason, "reason", action)
            stopClock(&next, at: now, calendar: context.calendar)
        case .park(let reason, let reviewOn):
            try requireText(reason, "reason", action)
            let today = context.calendar.localDate(of: now)
            guard reviewOn > today, reviewOn.daysSince1970 - today.daysSince1970 <= LoopPolicy.maxParkingDays else {
                throw CaseError.reviewDate(reviewOn, today: today)
            }
            if record.suspendedAt == nil { stopClock(&next, at: now, calendar: context.calendar) }
            next.parkedUntil = context.calendar.startOfDay(reviewOn)
            detail["reviewOn"] = reviewOn.description
        case .resume:
            if let remaining = record.remainingHours {
                next.deadline = context.calendar.deadline(from: now, hours: remaining, kind: record.hoursKind)
            }
            next.suspendedAt = nil
            next.remainingHours = nil
            next.parkedUntil = nil
        case .supervise:
            next.supervised = true
        case .urge(let note):
            // 催办: the lead department is told (the step names it); the case's state and time limit stay.
            try requireText(note, "note", action)
            departments = record.leadDepartmentID.map { [$0] } ?? []
            next.urgeCount += 1
        case .escalate(let target, let targetPath, let reason):
            try requireText(reason, "reason", action)
            let currentDepth = Escalation.responsibleDepth(record)
            let targetIDs = OrgNode.ids(inPath: targetPath)
            guard targetIDs.last == target, record.nodePath.hasPrefix(targetPath), targetIDs.count - 1 < currentDepth else {
                throw CaseError.invalidEscalation
            }
            next.escalatedToNodeID = target
            next.escalationLevel += 1
            next.supervised = true
            detail["toNode"] = target.description
        case .callIn, .feedback, .release, .selfClose, .askLinkage, .consult, .completeTask, .arbitrate, .returnToPolice:
            try decideJoint(command, record, context, next: &next, departments: &departments, detail: &detail)
        }

        next.version += 1
        let event = CaseEvent(
            caseID: record.id, action: action, actorID: context.actor.userID, actorName: context.actor.name, at: now,
            note: command.note.flatMap { $0.isEmpty ? nil : $0 }, fromState: record.state, toState: next.state,
            departmentIDs: departments, attachmentIDs: context.attachmentIDs, location: context.location, detail: detail
        )
        return CaseTransition(record: next, event: event)
    }

    static func stateConflict(_ action: CaseAction, _ record: CaseRecord) -> DomainError {
        if record.suspendedAt != nil, action != .resume {
            return CaseError.suspended(record, action: action)
        }
        if let joint = jointConflict(action, record) { return joint }
        switch action {
        case .requestExtension where record.pendingExtensionHours != nil:
            return CaseError.extensionPending(record)
        case .approveExtension, .refuseExtension:
            if states(for: action).contains(record.state) {
                return CaseError.noExtensionPending(record)
            }
        case .resume where record.suspendedAt == nil && states(for: action).contains(record.state):
            return CaseError.notSuspended(record)
        case .escalate where record.escalationLevel >= 3:
            return CaseError.escalatedToTop(record)
        default:
            break
        }
        let allowed = states(for: action).map(\.rawValue).sorted().joined(separator: ", ")
        return CaseError.invalidTransition(action, record, allowed: allowed)
    }

    /// 挂起 / 挂账: the clock stops now, keeping the working hours left before the deadline (none when it has passed).
    static func stopClock(_ next: inout CaseRecord, at now: Date, calendar: WorkingCalendar) {
        next.suspendedAt = now
        if let deadline = next.deadline {
            next.remainingHours = deadline > now ? calendar.hours(from: now, to: deadline, kind: next.hoursKind) : 0
        }
    }

    static func requireText(_ text: String, _ field: String, _ action: CaseAction) throws(DomainError) {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CaseError.textRequired(field, for: action)
        }
    }

    /// A department may act on a case only if it serves the case's area (its node is an ancestor of the case's).
    static func requireServes(_ department: DepartmentID, _ record: CaseRecord, _ context: CaseContext, field: String) throws(DomainError) {
        guard let path = context.departmentPaths[department] else {
            throw CaseError.departmentNotFound(department, field: field)
        }
        guard record.nodePath.hasPrefix(path) else {
            throw CaseError.departmentOutOfArea(department, of: record, field: field)
        }
        guard !context.notForCases.contains(department) else {
            throw CaseError.departmentNotForCases(department, field: field)
        }
        // A property company's unit answers for its own compounds: a district files many.
        if let company = context.companyUnits[department], company != record.propertyCompanyID {
            throw CaseError.notTheCompany(department, of: record, field: field)
        }
    }

    static func applyDispatch(_ next: inout CaseRecord, lead: DepartmentID, coHandlers: [DepartmentID], now: Date) {
        next.state = .dispatched
        next.leadDepartmentID = lead
        next.coHandlerIDs = Array(Set(coHandlers)).sorted()
        next.dispatchedAt = now
        next.firstDispatchedAt = next.firstDispatchedAt ?? now
        next.dispatchCount += 1
    }

    /// 处置权 — a diverted 110 call may go only to a department holding the power for its category.
    static func requirePower(_ department: DepartmentID, _ record: CaseRecord, _ context: CaseContext) throws(DomainError) {
        guard record.source == .police110 else { return }
        guard context.handlingPowers.contains(HandlingPower(departmentID: department, categoryID: record.categoryID)) else {
            throw CaseError.noHandlingPower(department, of: record)
        }
    }

    static func format(_ hours: Double) -> String {
        hours == hours.rounded() ? String(Int(hours)) : String(hours)
    }
}
