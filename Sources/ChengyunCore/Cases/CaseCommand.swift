public import Foundation

/// 案件动作 — every step of the case loop, as recorded in a case's history.
public enum CaseAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// 上报
    case report
    /// 立案
    case accept
    /// 不予立案
    case reject
    /// 并单
    case merge
    /// 派遣 (and 改派 when repeated)
    case dispatch
    /// 退单
    case `return`
    /// 签收 / 开始处置
    case start
    /// 处置反馈
    case reportBack
    /// 核查
    case verify
    /// 结案
    case close
    /// 评价
    case rate
    /// 申请延期
    case requestExtension
    /// 批准延期
    case approveExtension
    /// 不批准延期
    case refuseExtension
    /// 挂起
    case suspend
    /// 恢复
    case resume
    /// 督办
    case supervise
    /// 升级
    case escalate
    /// 吹哨约请
    case callIn
    /// 协办反馈 — a called-in or co-handling department adds its feedback
    case feedback
    /// 解除约请 — the caller releases called-in departments
    case release
    /// 自处置结案 — a committee or station closes what it fixed itself (after photo required)
    case selfClose
    /// 申请升级 (三级联动) — the level below asks the level above to take the case up
    case askLinkage
    /// 联席会商 / 领导小组决策 — the level above records its consultation and the owners' tasks
    case consult
    /// 会商事项办结 — an owner's task from a consultation is done
    case completeTask
    /// 仲裁派遣 — after repeated returns the centre decides who handles it; the decision binds
    case arbitrate
    /// 退回 110 — the centre hands a diverted police call back to the police (兜底)
    case returnToPolice
    /// 不满意重办 — an unsatisfied rating sends the case back to its department to do again, once (the platform's step)
    case redo
    /// 催办 — the centre urges the lead department to get on with a case (its state is unchanged; each urge is counted)
    case urge
    /// 挂账 — the centre parks a case that cannot be solved now, with a reason and a review date: the case is
    /// suspended (its clock stops, it leaves the overdue count) and stays on the books; parking it again sets a new
    /// review date, resuming (`resume`) ends the parking
    case park
}

/// A request to move a case through the loop.
public enum CaseCommand: Sendable, Hashable {
    case accept(note: String?)
    case reject(reason: String)
    case merge(into: CaseID, note: String?)
    case dispatch(lead: DepartmentID, coHandlers: [DepartmentID], note: String?)
    case returnDispatch(reason: ReturnReason, note: String?)
    case start(note: String?)
    case reportBack(note: String)
    case verify(passed: Bool, note: String?, method: VerificationMethod = .onSite, camera: Camera? = nil)
    case close(note: String?)
    case rate(score: Int, note: String?)
    case requestExtension(hours: Double, reason: String)
    case approveExtension(note: String?)
    case refuseExtension(note: String?)
    case suspend(reason: String)
    case resume(note: String?)
    case supervise(note: String?)
    case escalate(to: NodeID, toPath: String, reason: String)
    case callIn(departments: [DepartmentID], reason: String, hours: Double)
    case feedback(note: String)
    case release(departments: [DepartmentID], note: String?)
    case selfClose(note: String)
    case askLinkage(reason: LinkageReason, note: String)
    case consult(heldAt: Date, attendees: [String], decision: String, tasks: [TaskDraft])
    case completeTask(id: Int, note: String)
    case arbitrate(lead: DepartmentID, coHandlers: [DepartmentID], note: String)
    case returnToPolice(reason: String)
    case redo(note: String)
    case urge(note: String)
    case park(reason: String, reviewOn: LocalDate)

    /// The action recorded for this command.
    public var action: CaseAction {
        switch self {
        case .accept: .accept
        case .reject: .reject
        case .merge: .merge
        case .dispatch: .dispatch
        case .returnDispatch: .return
        case .start: .start
        case .reportBack: .reportBack
        case .verify: .verify
        case .close: .close
        case .rate: .rate
        case .requestExtension: .requestExtension
        case .approveExtension: .approveExtension
        case .refuseExtension: .refuseExtension
        case .suspend: .suspend
        case .resume: .resume
        case .supervise: .supervise
        case .escalate: .escalate
        case .callIn: .callIn
        case .feedback: .feedback
        case .release: .release
        case .selfClose: .selfClose
        case .askLinkage: .askLinkage
        case .consult: .consult
        case .completeTask: .completeTask
        case .arbitrate: .arbitrate
        case .returnToPolice: .returnToPolice
        case .redo: .redo
        case .urge: .urge
        case .park: .park
        }
    }

    /// The free-text note or reason the command carries.
    public var note: String? {
        switch self {
        case .accept(let n), .merge(_, let n), .dispatch(_, _, let n), .start(let n), .verify(_, let n, _, _), .close(let n),
            .rate(_, let n), .approveExtension(let n), .refuseExtension(let n), .resume(let n), .supervise(let n), .release(_, let n):
            return n
        case .returnDispatch(let reason, let n):
            return [reason.chinese, n].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "：")
        case .reject(let r), .requestExtension(_, let r), .suspend(let r), .escalate(_, _, let r), .callIn(_, let r, _), .reportBack(let r),
            .feedback(let r), .selfClose(let r), .askLinkage(_, let r), .completeTask(_, let r), .arbitrate(_, _, let r), .returnToPolice(let r), .redo(let r), .urge(let r), .park(let r, _):
            return r
        case .consult(_, _, let decision, _):
            return decision
        }
    }
}

/// 案件历史 — one entry of a case's history: who, when, what, with photos and location.
public struct CaseEvent: Sendable, Hashable, Codable {
    public var id: Int64?
    public var caseID: CaseID
    public var action: CaseAction
    public var actorID: UserID?
    public var actorName: String
    public var at: Date
    public var note: String?
    public var fromState: CaseState?
    public var toState: CaseState
    public var departmentIDs: [DepartmentID]
    public var attachmentIDs: [AttachmentID]
    public var location: GeoPoint?
    /// Action-specific facts, e.g. `score`, `hours`, `passed`, `toNode`.
    public var detail: [String: String]

    public init(
        id: Int64? = nil, caseID: CaseID, action: CaseAction, actorID: UserID?, actorName: String, at: Date, note: String?,
        fromState: CaseState?, toState: CaseState, departmentIDs: [DepartmentID] = [], attachmentIDs: [AttachmentID] = [],
        location: GeoPoint? = nil, detail: [String: String] = [:]
    ) {
        self.id = id
        self.caseID = caseID
        self.action = action
        self.actorID = actorID
        self.actorName = actorName
        self.at = at
        self.note = note
        self.fromState = fromState
        self.toState = toState
        self.departmentIDs = departmentIDs
        self.attachmentIDs = attachmentIDs
        self.location = location
        self.detail = detail
    }
}
