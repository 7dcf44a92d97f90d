public import Foundation

/// 派遣说明 — why a case went to its department: the rule that chose it and what matched, or who dispatched it by
/// hand, and every rule the platform tried with why it did or did not apply. Built by `Dispatcher.explain`.
public struct DispatchExplanation: Sendable, Hashable, Codable {
    /// What decided the current lead department.
    public enum Basis: String, Sendable, Hashable, Codable, CaseIterable {
        /// 按规则派遣 — a dispatch rule, applied by the platform when the case was accepted.
        case rule
        /// 人工派遣 — a duty officer chose (a first dispatch or a 改派).
        case manual
        /// 仲裁派遣 — the centre's binding decision after repeated returns.
        case arbitration
        /// 按处置权派遣 — a diverted 110 call, by the handling-power table.
        case handlingPower
        /// 自处置 — a committee or station handles it itself; no department was dispatched.
        case selfHandled
        /// 未派遣 — not (or no longer) dispatched: waiting for acceptance or in the duty officer's queue.
        case notDispatched
    }

    public var basis: Basis
    public var leadDepartmentID: DepartmentID?
    public var coHandlerIDs: [DepartmentID]
    /// When the deciding step happened, and who took it (the platform for a rule).
    public var at: Date?
    public var byUserID: UserID?
    public var byName: String?
    public var note: String?
    /// The rule that chose the department (basis `rule`).
    public var ruleID: RuleID?
    public var ruleName: String?
    /// Whether the rule's id is in the history (false: an old record whose rule is inferred from the current rules).
    public var ruleRecorded: Bool
    /// What matched: the rule's category, area and time window against the case.
    public var matched: RuleMatch?
    /// When the platform tried the rules (the case's acceptance); nil when it never did (self-handled, 110, not accepted).
    public var rulesTriedAt: Date?
    /// The rules for the case's category (or any category), in the order the platform tries them.
    public var considered: [RuleVerdict]
    /// Rules for other categories, not listed in `considered` (unless asked for).
    public var otherCategoryRules: Int
    /// The rule today's rules would choose at `rulesTriedAt`; nil when none applies.
    public var currentRuleID: RuleID?
    /// The rules changed since: today's rules would choose another rule (or none) than the one recorded.
    public var rulesChangedSince: Bool
    /// Every dispatch, return and arbitration of the case, oldest first.
    public var steps: [DispatchStep]
}

/// What a rule matched on a case.
public struct RuleMatch: Sendable, Hashable, Codable {
    /// The rule's category; nil for a rule of every category.
    public var categoryID: String?
    public var caseCategoryID: String
    public var areaNodeID: NodeID?
    public var areaPath: String
    public var caseNodePath: String
    public var window: TimeWindow?
    /// The local weekday (1 = Monday) and time (HH:MM) the rule was applied at.
    public var localWeekday: Int
    public var localTime: String
}

/// One rule as the platform tried it on a case.
public struct RuleVerdict: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// The first rule that applied: it chose the department.
        case chosen
        /// It applied, but a more specific rule (or, equally specific, one with a lower id) came first.
        case outranked
        /// It did not apply; `reasons` say why.
        case notApplicable
    }

    /// Why a rule did not apply, in the order `DispatchRule.matches` checks.
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        case inactive
        case otherCategory
        case outsideArea
        case outsideWindow
    }

    public var ruleID: RuleID
    public var name: String
    public var categoryID: String?
    public var areaNodeID: NodeID?
    public var areaPath: String
    public var window: TimeWindow?
    public var leadDepartmentID: DepartmentID
    public var active: Bool
    /// `DispatchRule.specificity`: category named, area depth, time window.
    public var specificity: [Int]
    public var outcome: Outcome
    public var reasons: [Reason]
}

/// A dispatch, return or arbitration in the case's history.
public struct DispatchStep: Sendable, Hashable, Codable {
    public var action: CaseAction
    public var at: Date
    public var byUserID: UserID?
    public var byName: String
    public var departmentIDs: [DepartmentID]
    public var ruleID: RuleID?
    public var note: String?
    /// A return's reason code.
    public var reason: String?
}

extension Dispatcher {
    /// The rules in the order the platform tries them: the most specific first, equally specific by lowest id — so the
    /// first that matches is the one `match` returns.
    public static func ordered(_ rules: [DispatchRule]) -> [DispatchRule] {
        rules.sorted { a, b in
            if a.specificity != b.specificity { return b.specificity.lexicographicallyPrecedes(a.specificity) }
            return a.id < b.id
        }
    }

    /// Why `rule` does not apply to a case of `categoryID` at `nodePath` at `at` (empty: it applies), checked as
    /// `DispatchRule.matches` does.
    public static func reasons(_ rule: DispatchRule, categoryID: String, nodePath: String, at: Date, utcOffsetSeconds: Int) -> [RuleVerdict.Reason] {
        var reasons: [RuleVerdict.Reason] = []
        if !rule.active { reasons.append(.inactive) }
        if let own = rule.categoryID, own != categoryID { reasons.append(.otherCategory) }
        if !nodePath.hasPrefix(rule.areaPath) { reasons.append(.outsideArea) }
        if let window = rule.window, !window.contains(at, utcOffsetSeconds: utcOffsetSeconds) { reasons.append(.outsideWindow) }
        return reasons
    }

    /// Each rule as the platform tries it for a case, in order: the first that applies is chosen (the same rule as
    /// `match`), later ones that apply are outranked, the rest say why not.
    public static func verdicts(_ rules: [DispatchRule], categoryID: String, nodePath: String, at: Date, utcOffsetSeconds: Int) -> [RuleVerdict] {
        var chosen = false
        return ordered(rules).map { rule in
            let reasons = reasons(rule, categoryID: categoryID, nodePath: nodePath, at: at, utcOffsetSeconds: utcOffsetSeconds)
            let outcome: RuleVerdict.Outcome = !reasons.isEmpty ? .notApplicable : chosen ? .outranked : .chosen
            if outcome == .chosen { chosen = true }
            return RuleVerdict(ruleID: rule.id, name: rule.name, categoryID: rule.categoryID, areaNodeID: rule.areaNodeID, areaPath: rule.areaPath,
                               window: rule.window, leadDepartmentID: rule.leadDepartmentID, active: rule.active, specificity: rule.specificity,
                               outcome: outcome, reasons: reasons)
        }
    }

    /// 派遣说明 — explains a case's current dispatch from its history and the rules: what decided the lead department,
    /// and how each rule fared when the platform tried them (at acceptance, for the case's category and place).
    /// Rules for other categories are only counted unless `includeOtherCategories`.
    public static func explain(_ record: CaseRecord, history: [CaseEvent], rules: [DispatchRule], utcOffsetSeconds: Int,
                               includeOtherCategories: Bool = false) -> DispatchExplanation {
        let steps = history.filter { [.dispatch, .return, .arbitrate].contains($0.action) }.map { e in
            DispatchStep(action: e.action, at: e.at, byUserID: e.actorID, byName: e.actorName, departmentIDs: e.departmentIDs,
                         ruleID: e.detail["ruleId"].flatMap { Int64($0) }.map { RuleID($0) }, note: e.note, reason: e.detail["reason"])
        }
        // The platform tries the rules when it accepts a case, except a diverted 110 call (handling powers) and a
        // self-handled one (no dispatch at all).
        let accepted = history.last { $0.action == .accept }
        let triedAt = record.selfHandled || record.source == .police110 ? nil : accepted?.at
        let relevant = includeOtherCategories ? rules : rules.filter { $0.categoryID == nil || $0.categoryID == record.categoryID }
        let considered = triedAt.map { verdicts(relevant, categoryID: record.categoryID, nodePath: record.nodePath, at: $0, utcOffsetSeconds: utcOffsetSeconds) } ?? []
        let current = triedAt.flatMap { match(rules, categoryID: record.categoryID, nodePath: record.nodePath, at: $0, utcOffsetSeconds: utcOffsetSeconds) }

        var e = DispatchExplanation(
            basis: .notDispatched, leadDepartmentID: record.leadDepartmentID, coHandlerIDs: record.coHandlerIDs, ruleRecorded: false,
            rulesTriedAt: triedAt, considered: considered, otherCategoryRules: rules.count - relevant.count, currentRuleID: current?.id,
            rulesChangedSince: false, steps: steps)
        if record.selfHandled {
            e.basis = .selfHandled
            let opened = history.first { $0.detail["selfHandled"] == "true" } ?? accepted
            (e.at, e.byUserID, e.byName, e.note) = (opened?.at, opened?.actorID, opened?.actorName, opened?.note)
            return e
        }
        guard record.leadDepartmentID != nil, let decided = history.last(where: { $0.action == .dispatch || $0.action == .arbitrate }) else {
            return e
        }
        (e.at, e.byUserID, e.byName, e.note) = (decided.at, decided.actorID, decided.actorName, decided.note)
        if decided.action == .arbitrate {
            e.basis = .arbitration
        } else if decided.detail["handlingPower"] == "true" {
            e.basis = .handlingPower
        } else if let recorded = decided.detail["ruleId"].flatMap({ Int64($0) }).map({ RuleID($0) }) {
            e.basis = .rule
            e.ruleID = recorded
            e.ruleRecorded = true
            e.rulesChangedSince = current?.id != recorded
        } else if decided.actorID == nil, decided.actorName == Identity.platform.name, let current {
            // Dispatched by the platform before the rule's id was recorded: today's rules name the rule.
            e.basis = .rule
            e.ruleID = current.id
        } else {
            e.basis = .manual
        }
        if e.basis == .rule, let id = e.ruleID {
            let rule = rules.first { $0.id == id }
            e.ruleName = rule?.name
            e.matched = rule.map { match(of: $0, record, at: decided.at, utcOffsetSeconds: utcOffsetSeconds) }
        }
        return e
    }

    /// What `rule` matched on the case at `at`.
    static func match(of rule: DispatchRule, _ record: CaseRecord, at: Date, utcOffsetSeconds: Int) -> RuleMatch {
        let local = Int(floor(at.timeIntervalSince1970)) + utcOffsetSeconds
        let day = Int(floor(Double(local) / 86_400))
        let minute = (local - day * 86_400) / 60
        return RuleMatch(categoryID: rule.categoryID, caseCategoryID: record.categoryID, areaNodeID: rule.areaNodeID, areaPath: rule.areaPath,
                         caseNodePath: record.nodePath, window: rule.window, localWeekday: LocalDate.isoWeekday(daysSince1970: day),
                         localTime: String(format: "%02d:%02d", minute / 60, minute % 60))
    }
}
