/// 权限 — which role may take which step of the loop, within its data scope.
public enum CasePolicy {
    /// Who may take an action, in words used in error messages and docs.
    public static func whoMay(_ action: CaseAction) -> String {
        switch action {
        case .report: "anyone with a reporting role in scope"
        case .redo: "the platform alone, after an unsatisfied rating"
        case .accept, .reject, .merge, .dispatch, .close, .suspend, .resume, .park: "a duty officer over the case's area"
        case .return, .start, .reportBack, .requestExtension: "a handler of the case's lead department"
        case .callIn, .release: "the station chief, a handler of the lead department or a duty officer over the case's area"
        case .feedback: "a handler of a department taking part in the case"
        case .verify: "a grid inspector over the case's area (on site), or a duty officer (video review)"
        case .selfClose: "the station chief or a community worker of the committee"
        case .askLinkage: "the level now holding the case: the station (level 1), the street centre's duty officer (2), the street's leader (3), the district centre (4)"
        case .consult: "the level now holding the case: the street centre's duty officer or leader (2), the street's leader (3), the district or city centre (4, 5)"
        case .completeTask: "a handler of the task's department, or the centre that convened the consultation"
        case .arbitrate: "a duty officer or leader over the case's area"
        case .returnToPolice: "a duty officer over the case's area"
        case .rate: "the reporter, or a duty officer recording the return visit (a self-handled case: a duty officer only)"
        case .approveExtension, .refuseExtension, .supervise: "a leader over the case's area"
        case .urge: "a duty officer or leader over the case's area"
        case .escalate: "a duty officer or leader over the case's area, or the platform"
        }
    }

    /// Throws `forbidden` unless `identity` may take `action` on `record`.
    public static func authorize(_ action: CaseAction, on record: CaseRecord, by identity: Identity) throws(DomainError) {
        guard isAllowed(action, on: record, by: identity) else {
            throw CaseError.notAllowed(action, on: record, who: whoMay(action))
        }
    }

    /// Whether `identity` may take `action` on `record`.
    public static func isAllowed(_ action: CaseAction, on record: CaseRecord, by identity: Identity) -> Bool {
        let path = record.nodePath
        func area(_ role: Role) -> Bool { identity.has(role, at: path) }
        func handles(_ department: DepartmentID?) -> Bool {
            guard let department else { return false }
            return identity.handlerDepartments.contains { $0.department == department && path.hasPrefix($0.path) }
        }
        if identity == .platform { return [.accept, .dispatch, .escalate, .supervise, .redo].contains(action) }
        switch action {
        case .report:
            return identity.sees(path: path)
        case .redo:
            return false
        case .accept, .reject, .merge, .dispatch, .close, .suspend, .resume, .park:
            return area(.dutyOfficer)
        case .return, .start, .reportBack, .requestExtension:
            return handles(record.leadDepartmentID)
        case .callIn, .release:
            return handles(record.leadDepartmentID) || area(.dutyOfficer) || area(.stationChief)
        case .feedback:
            return record.involvedDepartments.contains { handles($0) }
        case .verify:
            return area(.gridInspector) || area(.dutyOfficer)
        case .selfClose:
            return area(.stationChief) || area(.communityWorker)
        case .askLinkage:
            return mayAskLinkage(record, identity)
        case .consult:
            return mayConsult(record, identity)
        case .completeTask:
            let owners = record.linkage?.openTasks.map(\.departmentID) ?? []
            return owners.contains { handles($0) } || mayConsult(record, identity)
        case .arbitrate:
            return area(.dutyOfficer) || area(.leader)
        case .returnToPolice:
            return area(.dutyOfficer)
        case .rate:
            // A self-handled case is not rated by the station that handled it: the evaluation would be its own.
            guard !record.selfHandled else { return area(.dutyOfficer) && identity.userID != record.handlerID }
            return (identity.userID != nil && identity.userID == record.reporterID) || area(.dutyOfficer)
        case .urge:
            return area(.dutyOfficer) || area(.leader)
        case .approveExtension, .refuseExtension, .supervise:
            return area(.leader)
        case .escalate:
            return area(.dutyOfficer) || area(.leader)
        }
    }

    /// 三级联动 — who asks to take a case up: the level now holding it.
    public static func mayAskLinkage(_ record: CaseRecord, _ identity: Identity) -> Bool {
        let level = record.linkage?.level ?? 1
        guard let node = OrgNode.ancestor(of: record.nodePath, depth: Linkage.depth(of: level)) else { return false }
        let roles: Set<Role> = switch level {
        case 1: [.stationChief, .communityWorker]
        case 2: [.dutyOfficer]
        case 3: [.leader]
        default: [.dutyOfficer, .leader]
        }
        return roles.contains { identity.has($0, at: node.path) }
    }

    /// 联席会商 — who records the consultation or decision of the level now holding the case.
    public static func mayConsult(_ record: CaseRecord, _ identity: Identity) -> Bool {
        // Before the level below has asked, the street centre is who would convene: its people pass the role check
        // and the state check then says the case has not been taken up yet.
        let level = max(record.linkage?.level ?? 2, 2)
        guard let node = OrgNode.ancestor(of: record.nodePath, depth: Linkage.depth(of: level)) else { return false }
        let roles: Set<Role> = level == 3 ? [.leader] : [.dutyOfficer, .leader]
        return roles.contains { identity.has($0, at: node.path) }
    }

    /// The actions `identity` could take on `record` now: role, scope and state all allow them.
    public static func availableActions(on record: CaseRecord, by identity: Identity) -> [CaseAction] {
        CaseAction.allCases.filter { $0 != .report && isAllowed($0, on: record, by: identity) && CaseMachine.stateAllows($0, record) }
    }

    /// Which sources each role may report as; an external system reports as its API key allows.
    public static func mayReport(source: CaseSource, identity: Identity, at path: String) -> Bool {
        if identity.isSystem { return identity.systemSources.contains(source) && identity.sees(path: path) }
        let roles = identity.roles(at: path)
        switch source {
        case .resident: return roles.contains(.resident)
        case .inspector: return roles.contains(.gridInspector)
        case .hotline, .police110: return roles.contains(.dutyOfficer)
        case .station: return roles.contains(.stationChief) || roles.contains(.communityWorker)
        case .department: return roles.contains(.departmentHandler)
        case .sensor, .video: return roles.contains(.dutyOfficer)
        // Made by the platform when a report's designated handler confirms it, never by hand.
        case .whistleblower: return false
        }
    }
}
