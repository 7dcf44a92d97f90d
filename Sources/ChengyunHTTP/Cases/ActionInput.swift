import ChengyunCore
import Foundation

/// The body of `POST /api/v1/cases/{id}/actions/{action}`: each action reads the fields it needs.
struct ActionInput: Codable {
    var note: String?
    var reason: String?
    var into: CaseID?
    var lead: DepartmentID?
    var coHandlers: [DepartmentID]?
    var passed: Bool?
    var score: Int?
    var hours: Double?
    var to: NodeID?
    var departments: [DepartmentID]?
    var attachmentIDs: [AttachmentID]?
    var location: GeoPoint?
    /// verify: `onSite` (default) or `video`, with the camera.
    var method: VerificationMethod?
    var cameraID: CameraID?
    /// consult: when it was held, who was there, what was decided, who does what by when.
    var heldAt: Date?
    var attendees: [String]?
    var decision: String?
    var tasks: [TaskDraft]?
    /// completeTask: the task's id.
    var task: Int?
    /// park: the review date (`YYYY-MM-DD`, a local day).
    var reviewOn: LocalDate?

    /// Builds the command for `action`, naming a missing field; `camera` is the camera `cameraId` names, looked up.
    func command(for action: CaseAction, camera: Camera? = nil) throws -> CaseCommand {
        func need<T>(_ value: T?, _ field: String) throws -> T {
            guard let value else {
                throw CaseError.missingField(field, for: action)
            }
            return value
        }
        func code<T: RawRepresentable & CaseIterable>(_ type: T.Type) throws -> T where T.RawValue == String {
            let raw = try need(reason, "reason")
            guard let value = T(rawValue: raw) else {
                throw CaseError.invalidReason(raw, of: T.self, for: action)
            }
            return value
        }
        switch action {
        case .report, .redo:
            throw CaseError.notAnAction(action)
        case .accept: return .accept(note: note)
        case .reject: return .reject(reason: try need(reason, "reason"))
        case .merge: return .merge(into: try need(into, "into"), note: note)
        case .dispatch: return .dispatch(lead: try need(lead, "lead"), coHandlers: coHandlers ?? [], note: note)
        case .return: return .returnDispatch(reason: try code(ReturnReason.self), note: note)
        case .start: return .start(note: note)
        case .reportBack: return .reportBack(note: try need(note, "note"))
        case .verify: return .verify(passed: try need(passed, "passed"), note: note, method: method ?? .onSite, camera: camera)
        case .close: return .close(note: note)
        case .rate: return .rate(score: try need(score, "score"), note: note)
        case .requestExtension: return .requestExtension(hours: try need(hours, "hours"), reason: try need(reason, "reason"))
        case .approveExtension: return .approveExtension(note: note)
        case .refuseExtension: return .refuseExtension(note: note)
        case .suspend: return .suspend(reason: try need(reason, "reason"))
        case .resume: return .resume(note: note)
        case .supervise: return .supervise(note: note)
        case .urge: return .urge(note: try need(note, "note"))
        case .park: return .park(reason: try need(reason, "reason"), reviewOn: try need(reviewOn, "reviewOn"))
        case .escalate: return .escalate(to: try need(to, "to"), toPath: "", reason: try need(reason, "reason"))
        case .callIn: return .callIn(departments: try need(departments, "departments"), reason: try need(reason, "reason"), hours: try need(hours, "hours"))
        case .feedback: return .feedback(note: try need(note, "note"))
        case .release: return .release(departments: departments ?? [], note: note)
        case .selfClose: return .selfClose(note: try need(note, "note"))
        case .askLinkage: return .askLinkage(reason: try code(LinkageReason.self), note: try need(note, "note"))
        case .consult:
            return .consult(heldAt: try need(heldAt, "heldAt"), attendees: try need(attendees, "attendees"), decision: try need(decision, "decision"), tasks: tasks ?? [])
        case .completeTask: return .completeTask(id: try need(task, "task"), note: try need(note, "note"))
        case .arbitrate: return .arbitrate(lead: try need(lead, "lead"), coHandlers: coHandlers ?? [], note: try need(note, "note"))
        case .returnToPolice: return .returnToPolice(reason: try need(reason, "reason"))
        }
    }
}
