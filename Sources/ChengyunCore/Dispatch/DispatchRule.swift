public import Foundation

/// 派遣规则 — category × area × time window → lead department and co-handlers.
public struct DispatchRule: Sendable, Hashable, Codable, Identifiable {
    public var id: RuleID
    public var name: String
    /// A category id such as `event:0501`; nil matches every category.
    public var categoryID: String?
    /// The area: any node of the tree; its path is `/` for the whole city.
    public var areaNodeID: NodeID?
    public var areaPath: String
    public var window: TimeWindow?
    public var leadDepartmentID: DepartmentID
    public var coHandlerIDs: [DepartmentID]
    public var active: Bool

    public init(id: RuleID, name: String, categoryID: String?, areaNodeID: NodeID?, areaPath: String, window: TimeWindow? = nil, leadDepartmentID: DepartmentID, coHandlerIDs: [DepartmentID] = [], active: Bool = true) {
        self.id = id
        self.name = name
        self.categoryID = categoryID
        self.areaNodeID = areaNodeID
        self.areaPath = areaPath
        self.window = window
        self.leadDepartmentID = leadDepartmentID
        self.coHandlerIDs = coHandlerIDs
        self.active = active
    }

    /// Specificity, compared lexicographically: a named category beats any category, then a deeper
    /// area beats a wider one, then a rule with a time window beats one without.
    public var specificity: [Int] {
        [categoryID == nil ? 0 : 1, OrgNode.ids(inPath: areaPath).count, window == nil ? 0 : 1]
    }

    /// Whether the rule applies to a case of `categoryID` at `nodePath` at instant `at`.
    public func matches(categoryID: String, nodePath: String, at: Date, utcOffsetSeconds: Int) -> Bool {
        guard active else { return false }
        if let own = self.categoryID, own != categoryID { return false }
        guard nodePath.hasPrefix(areaPath) else { return false }
        if let window, !window.contains(at, utcOffsetSeconds: utcOffsetSeconds) { return false }
        return true
    }
}

/// A weekly time window in local time, e.g. weekdays 18:00–08:00 (an end before the start runs overnight).
public struct TimeWindow: Sendable, Hashable, Codable {
    /// ISO weekdays 1 = Monday … 7 = Sunday on which the window starts.
    public var weekdays: [Int]
    public var start: String
    public var end: String

    public init(weekdays: [Int], start: String, end: String) {
        self.weekdays = weekdays
        self.start = start
        self.end = end
    }

    /// Checks the weekdays and the HH:MM times.
    public func validate(field: String) throws(DomainError) {
        guard !weekdays.isEmpty, weekdays.allSatisfy({ (1...7).contains($0) }) else {
            throw DispatchError.invalidWeekdays(field: field)
        }
        guard TimeWindow.minutes(start) != nil else {
            throw DispatchError.invalidStart(field: field)
        }
        guard let e = TimeWindow.minutes(end), e != TimeWindow.minutes(start) else {
            throw DispatchError.invalidEnd(field: field)
        }
    }

    /// Whether the instant falls in the window.
    public func contains(_ instant: Date, utcOffsetSeconds: Int) -> Bool {
        guard let s = TimeWindow.minutes(start), let e = TimeWindow.minutes(end) else { return false }
        let local = Int(floor(instant.timeIntervalSince1970)) + utcOffsetSeconds
        let day = Int(floor(Double(local) / 86_400))
        let minute = (local - day * 86_400) / 60
        // 1970-01-01 was a Thursday (ISO 4).
        let weekday = ((day % 7) + 7 + 3) % 7 + 1
        let previous = weekday == 1 ? 7 : weekday - 1
        if s < e { return weekdays.contains(weekday) && minute >= s && minute < e }
        return (weekdays.contains(weekday) && minute >= s) || (weekdays.contains(previous) && minute < e)
    }

    static func minutes(_ hhmm: String) -> Int? {
        let parts = hhmm.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...23).contains(h), (0...59).contains(m) else { return nil }
        return h * 60 + m
    }
}

/// 派遣 — picks the rule that decides a case's lead department.
public enum Dispatcher {
    /// The most specific active rule that matches; ties go to the lowest id. Nil sends the case to the duty officer's queue.
    public static func match(_ rules: [DispatchRule], categoryID: String, nodePath: String, at: Date, utcOffsetSeconds: Int) -> DispatchRule? {
        rules.filter { $0.matches(categoryID: categoryID, nodePath: nodePath, at: at, utcOffsetSeconds: utcOffsetSeconds) }
            .min { a, b in
                if a.specificity != b.specificity { return a.specificity.lexicographicallyPrecedes(b.specificity) == false }
                return a.id < b.id
            }
    }
}
