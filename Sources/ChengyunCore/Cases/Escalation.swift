public import Foundation

/// 升级 — automatic escalation of overdue cases one level up the tree (committee → street → district → city).
public struct Escalation: Sendable, Hashable, Codable {
    /// The highest level automatic escalation may reach; a deployment setting.
    public var highestKind: OrgNode.Kind

    public init(highestKind: OrgNode.Kind = .city) {
        self.highestKind = highestKind
    }

    /// Depth of the node now responsible: the committee (depth 3) until escalated.
    public static func responsibleDepth(_ record: CaseRecord) -> Int {
        let ids = OrgNode.ids(inPath: record.nodePath)
        if let escalated = record.escalatedToNodeID, let i = ids.firstIndex(of: escalated) { return i }
        return min(OrgNode.Kind.committee.depth, max(ids.count - 1, 0))
    }

    /// The level an overdue case should have reached: one level when overdue, one more per further
    /// full deadline span overdue, never above `highestKind`.
    public func dueLevel(_ record: CaseRecord, now: Date, calendar: WorkingCalendar) -> Int {
        guard record.isOverdue(at: now), let deadline = record.deadline else { return 0 }
        let overdueHours = calendar.hours(from: deadline, to: now, kind: record.hoursKind)
        let spans = record.deadlineHours > 0 ? Int(overdueHours / record.deadlineHours) : 0
        let maxLevel = OrgNode.Kind.committee.depth - highestKind.depth
        return min(1 + spans, maxLevel)
    }

    /// The next node to escalate to, if the case is overdue beyond its current level.
    public func nextTarget(_ record: CaseRecord, now: Date, calendar: WorkingCalendar) -> (node: NodeID, path: String)? {
        guard dueLevel(record, now: now, calendar: calendar) > record.escalationLevel else { return nil }
        let ids = OrgNode.ids(inPath: record.nodePath)
        let targetDepth = Escalation.responsibleDepth(record) - 1
        guard targetDepth >= highestKind.depth, targetDepth >= 0, targetDepth < ids.count else { return nil }
        let path = "/" + ids[0...targetDepth].map(\.description).joined(separator: "/") + "/"
        return (ids[targetDepth], path)
    }
}
