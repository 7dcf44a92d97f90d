import ChengyunCore
import Foundation

extension UseCaseContext {
    /// 处置权派遣 — a diverted call goes to the most local department that serves the place and holds the handling
    /// power for its category; none leaves it with the centre, which dispatches or returns it to the police.
    func dispatchByPower(_ record: CaseRecord, data: ReferenceData, now: Date) throws -> CaseTransition? {
        let candidates = data.handlingPowers.filter { $0.categoryID == record.categoryID }.compactMap { power -> (DepartmentID, String)? in
            guard let path = data.departmentPaths[power.departmentID], record.nodePath.hasPrefix(path), !data.notForCases.contains(power.departmentID) else { return nil }
            return (power.departmentID, path)
        }
        guard let chosen = candidates.max(by: { ($0.1.count, $1.0) < ($1.1.count, $0.0) }) else { return nil }
        var transition = try CaseMachine.decide(record, .dispatch(lead: chosen.0, coHandlers: [], note: "按处置权派遣 (110 非警务警情分流)"), caseContext(.platform, data: data, now: now))
        transition.event.detail["handlingPower"] = "true"
        return transition
    }
}
