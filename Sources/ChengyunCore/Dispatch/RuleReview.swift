/// Two active rules that can both apply to the same case: the same category, one area within the other, time windows
/// that share some minute of the week. Where both apply the dispatcher picks `winnerID`.
public struct RuleOverlap: Sendable, Hashable, Codable {
    public enum Relation: String, Sendable, Hashable, Codable {
        /// The same area.
        case sameArea
        /// One area lies within the other (e.g. a district's rule inside a city-wide one).
        case nested
    }

    /// The two rules, lower id first.
    public var ruleIDs: [RuleID]
    public var categoryID: String?
    public var relation: Relation
    /// The rule the dispatcher chooses where both apply.
    public var winnerID: RuleID
    /// The other rule can never be chosen: wherever and whenever it applies, the winner applies too.
    public var shadowed: Bool
}

/// 合法性、公正性和伦理性审查 — what a reviewer of the dispatch rules looks at; the judgement is theirs.
public enum RuleReview {
    /// Every pair of active rules that can both apply to one case, in rule-id order.
    public static func overlaps(_ rules: [DispatchRule]) -> [RuleOverlap] {
        let active = rules.filter(\.active).sorted { $0.id < $1.id }
        var result: [RuleOverlap] = []
        for group in Dictionary(grouping: active, by: { $0.categoryID ?? "" }).values where group.count > 1 {
            for i in group.indices {
                for j in group.indices where j > i {
                    let (a, b) = (group[i], group[j])
                    guard a.areaPath.hasPrefix(b.areaPath) || b.areaPath.hasPrefix(a.areaPath), windowsMeet(a.window, b.window) else { continue }
                    let winner = Dispatcher.ordered([a, b])[0]
                    let loser = winner.id == a.id ? b : a
                    result.append(RuleOverlap(
                        ruleIDs: [a.id, b.id], categoryID: a.categoryID, relation: a.areaPath == b.areaPath ? .sameArea : .nested,
                        winnerID: winner.id, shadowed: loser.areaPath.hasPrefix(winner.areaPath) && covers(winner.window, loser.window)))
                }
            }
        }
        return result.sorted { ($0.ruleIDs[0], $0.ruleIDs[1]) < ($1.ruleIDs[0], $1.ruleIDs[1]) }
    }

    /// Whether two windows (nil: always) share some minute of the week.
    static func windowsMeet(_ a: TimeWindow?, _ b: TimeWindow?) -> Bool {
        guard let a, let b else { return true }
        return !minutes(a).isDisjoint(with: minutes(b))
    }

    /// Whether every minute of `inner` (nil: always) lies in `outer` (nil: always).
    static func covers(_ outer: TimeWindow?, _ inner: TimeWindow?) -> Bool {
        guard let outer else { return true }
        guard let inner else { return false }
        return minutes(inner).isSubset(of: minutes(outer))
    }

    /// The minutes of the week (0 = Monday 00:00 … 10,079) in the window, as `TimeWindow.contains` counts them.
    static func minutes(_ w: TimeWindow) -> Set<Int> {
        guard let s = TimeWindow.minutes(w.start), let e = TimeWindow.minutes(w.end) else { return [] }
        var set: Set<Int> = []
        for day in Set(w.weekdays) where (1...7).contains(day) {
            let base = (day - 1) * 1440
            if s < e {
                set.formUnion((base + s)..<(base + e))
            } else {
                set.formUnion((base + s)..<(base + 1440))
                let next = (day % 7) * 1440
                set.formUnion(next..<(next + e))
            }
        }
        return set
    }
}
