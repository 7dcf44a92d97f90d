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

    /// Builds the command for `action`, naming a missing field.
    func command(for action: CaseAction) throws -> CaseCommand {
        func need<T>(_ value: T?, _ field: String) throws -> T {
            guard let value else {
                throw DomainError.invalid("action.missing_field", "The action '\(action.rawValue)' needs the field '\(field)'.", field: field)
            }
            return value
        }
        switch action {
        case .report:
            throw DomainError.invalid("action.not_an_action", "Report a case with POST /api/v1/cases.", field: "action")
        case .accept: return .accept(note: note)
        case .reject: return .reject(reason: try need(reason, "reason"))
        case .merge: return .merge(into: try need(into, "into"), note: note)
        case .dispatch: return .dispatch(lead: try need(lead, "lead"), coHandlers: coHandlers ?? [], note: note)
        case .return: return .returnDispatch(reason: try need(reason, "reason"))
        case .start: return .start(note: note)
        case .reportBack: return .reportBack(note: try need(note, "note"))
        case .verify: return .verify(passed: try need(passed, "passed"), note: note)
        case .close: return .close(note: note)
        case .rate: return .rate(score: try need(score, "score"), note: note)
        case .requestExtension: return .requestExtension(hours: try need(hours, "hours"), reason: try need(reason, "reason"))
        case .approveExtension: return .approveExtension(note: note)
        case .refuseExtension: return .refuseExtension(note: note)
        case .suspend: return .suspend(reason: try need(reason, "reason"))
        case .resume: return .resume(note: note)
        case .supervise: return .supervise(note: note)
        case .escalate: return .escalate(to: try need(to, "to"), toPath: "", reason: try need(reason, "reason"))
        case .callIn: return .callIn(departments: try need(departments, "departments"), reason: try need(reason, "reason"))
        case .feedback: return .feedback(note: try need(note, "note"))
        }
    }
}
