import ChengyunCore
import Foundation

extension UseCaseContext {
    /// Dispatches an accepted case by the most specific matching rule; nil leaves it in the duty officer's queue.
    /// A diverted 110 call goes by the handling-power table instead (see `dispatchByPower`).
    func dispatchByRule(_ record: CaseRecord, data: ReferenceData, now: Date) throws -> CaseTransition? {
        guard record.state == .accepted, !record.arbitrationPending else { return nil }
        if record.source == .police110 { return try dispatchByPower(record, data: data, now: now) }
        // 三级应急维修: an emergency repair goes to the compound's company first (or the first level there is).
        if data.isRepair(record.categoryID), let first = data.repairTarget(record, after: nil) {
            let context = caseContext(.platform, data: data, now: now)
            let note = "三级应急维修：\(first.level.chineseName)接报，\(settings.repairArrivalMinutes) 分钟内到场"
            var transition = try CaseMachine.decide(record, .dispatch(lead: first.department, coHandlers: [], note: note), context)
            transition.event.detail["repairLevel"] = String(first.level.rawValue)
            return transition
        }
        guard let rule = Dispatcher.match(data.rulesForCases, categoryID: record.categoryID, nodePath: record.nodePath, at: now, utcOffsetSeconds: data.calendar.utcOffsetSeconds)
        else { return nil }
        let context = caseContext(.platform, data: data, now: now)
        var transition = try CaseMachine.decide(record, .dispatch(lead: rule.leadDepartmentID, coHandlers: rule.coHandlerIDs, note: "按规则派遣: \(rule.name)"), context)
        transition.event.detail["ruleId"] = rule.id.description
        return transition
    }
}
