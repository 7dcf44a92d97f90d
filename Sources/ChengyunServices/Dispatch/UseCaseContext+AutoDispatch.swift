import ChengyunCore
import Foundation

extension UseCaseContext {
    /// Dispatches an accepted case by the most specific matching rule; nil leaves it in the duty officer's queue.
    /// A diverted 110 call goes by the handling-power table instead (see `dispatchByPower`).
    func dispatchByRule(_ record: CaseRecord, data: ReferenceData, now: Date) throws -> CaseTransition? {
        guard record.state == .accepted, !record.arbitrationPending else { return nil }
        if record.source == .police110 { return try dispatchByPower(record, data: data, now: now) }
        guard let rule = Dispatcher.match(data.rules, categoryID: record.categoryID, nodePath: record.nodePath, at: now, utcOffsetSeconds: data.calendar.utcOffsetSeconds)
        else { return nil }
        let context = caseContext(.platform, data: data, now: now)
        var transition = try CaseMachine.decide(record, .dispatch(lead: rule.leadDepartmentID, coHandlers: rule.coHandlerIDs, note: "按规则派遣: \(rule.name)"), context)
        transition.event.detail["ruleId"] = rule.id.description
        return transition
    }
}
