public import Foundation

/// 考核计数 — the counts of a set of cases that do not change with the passing of time, from which the KPIs are
/// computed (docs/KPI.md). The database keeps them per node (and lead department) and local day (rollups), each
/// state change updating them in its own transaction: a KPI for a year sums a few hundred rows instead of reading
/// every case. What does change with time — unhandled cases whose deadline has passed — is counted separately
/// over the open cases (`KPICalculator.report(_:openOverdue:policy:)`).
public struct KPITally: Sendable, Hashable {
    /// One count. Fields up to `hotlineSatisfied` belong to the day the case was reported; `closedOn` to the day it
    /// was closed and `lateOn` to the day its deadline passed (the big screen's trend).
    ///
    /// `overdueOpen` (on the day of report) and `overdueOpenOn` (on the day of the deadline) count the open,
    /// unhandled cases whose deadline passed before a mark the store moves forward as time passes; `of` leaves them
    /// zero (they change with time, not with the case): the store adds them, and counts the cases whose deadline lies
    /// between its mark and the time asked from the open cases.
    public enum Field: Int, CaseIterable, Sendable {
        case reported, rejected, accepted, dispatched, msToDispatch, closed, msToClose, handled, dispatches, wrongDispatches
        case selfHandled, reworked, dueHandled, handledOnTime
        case hotlineTickets, hotlineAccepted, hotlineDispatched, hotlineResponded, hotlineResolved, hotlineRated, hotlineSatisfied
        case closedOn, lateOn
        case overdueOpen, overdueOpenOn
        /// 催办: the urges of the cases reported that day (the lead department's rollup counts them against it).
        case urges

        /// The column that holds it in a rollup table.
        public var column: String { Self.columns[self]! }

        /// Each field's column, worked out once (statements name them on every write).
        private static let columns: [Field: String] = Dictionary(uniqueKeysWithValues: allCases.map { field in
            (field, String(describing: field).unicodeScalars.reduce(into: "") { out, c in
                if CharacterSet.uppercaseLetters.contains(c) { out += "_" + String(c).lowercased() } else { out.unicodeScalars.append(c) }
            })
        })
    }

    public private(set) var values: [Int64]

    public init() { values = Array(repeating: 0, count: Field.allCases.count) }

    /// A tally from stored counts in `Field` order.
    public init(values: [Int64]) {
        precondition(values.count == Field.allCases.count, "a KPI tally has \(Field.allCases.count) counts")
        self.values = values
    }

    public subscript(_ field: Field) -> Int64 {
        get { values[field.rawValue] }
        set { values[field.rawValue] = newValue }
    }

    public var isZero: Bool { values.allSatisfy { $0 == 0 } }

    public static func + (a: KPITally, b: KPITally) -> KPITally { KPITally(values: zip(a.values, b.values).map { $0 + $1 }) }
    public static func - (a: KPITally, b: KPITally) -> KPITally { KPITally(values: zip(a.values, b.values).map { $0 - $1 }) }
    public static func += (a: inout KPITally, b: KPITally) { a = a + b }

    /// What one case adds, by the local day each part belongs to (`day` maps an instant to its local day number).
    /// A merged case adds nothing: it counts on its original.
    public static func of(_ c: CaseRecord, policy: KPIPolicy, day: (Date) -> Int) -> [(day: Int, tally: KPITally)] {
        guard c.state != .merged else { return [] }
        var t = KPITally()
        t[.reported] = 1
        if c.state == .rejected { t[.rejected] = 1 }
        if c.acceptedAt != nil { t[.accepted] = 1 }
        if let d = c.firstDispatchedAt {
            t[.dispatched] = 1
            t[.msToDispatch] = milliseconds(d) - milliseconds(c.reportedAt)
        }
        if let closed = c.closedAt {
            t[.closed] = 1
            t[.msToClose] = milliseconds(closed) - milliseconds(c.reportedAt)
        }
        if c.firstHandledAt != nil { t[.handled] = 1 }
        t[.dispatches] = Int64(c.dispatchCount)
        t[.wrongDispatches] = Int64(c.wrongDispatchCount)
        if c.selfHandled { t[.selfHandled] = 1 }
        if c.reworkCount > 0 { t[.reworked] = 1 }
        t[.urges] = Int64(c.urgeCount)
        var late: Date?
        if let deadline = c.deadline, c.acceptedAt != nil, let h = c.firstHandledAt {
            t[.dueHandled] = 1
            if h <= deadline { t[.handledOnTime] = 1 } else { late = deadline }
        }
        if c.source == .hotline {
            t[.hotlineTickets] = 1
            if c.acceptedAt != nil { t[.hotlineAccepted] = 1 }
            if let d = c.firstDispatchedAt {
                t[.hotlineDispatched] = 1
                if let s = c.startedAt, s.timeIntervalSince(d) <= policy.responseHours * 3600 { t[.hotlineResponded] = 1 }
            }
            if c.closedAt != nil { t[.hotlineResolved] = 1 }
            if let score = c.rating {
                t[.hotlineRated] = 1
                if score >= policy.satisfiedScore { t[.hotlineSatisfied] = 1 }
            }
        }
        var parts = [(day: day(c.reportedAt), tally: t)]
        if let closed = c.closedAt {
            var on = KPITally()
            on[.closedOn] = 1
            parts.append((day(closed), on))
        }
        if let late {
            var on = KPITally()
            on[.lateOn] = 1
            parts.append((day(late), on))
        }
        return parts
    }

    /// Whether the case counts as overdue now once its deadline has passed: accepted, not handled, not suspended,
    /// not finished (docs/KPI.md, as `KPICalculator.report(_:now:policy:)`).
    public static func countsOverdue(_ c: CaseRecord) -> Bool {
        c.deadline != nil && c.acceptedAt != nil && c.firstHandledAt == nil && c.suspendedAt == nil && !c.state.isTerminal
    }

    /// Whole milliseconds since 1970, as the database keeps instants.
    public static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}

extension KPICalculator {
    /// The KPIs from a tally of the cases (summed over their report days) and the number of them still open,
    /// unhandled and unsuspended past their deadline at the time asked (`openOverdue`): the same figures as
    /// `report(_:now:policy:)` over the cases themselves.
    public static func report(_ t: KPITally, openOverdue: Int) -> KPIReport {
        var r = KPIReport()
        r.reported = Int(t[.reported])
        r.rejected = Int(t[.rejected])
        r.accepted = Int(t[.accepted])
        r.dispatched = Int(t[.dispatched])
        r.closed = Int(t[.closed])
        r.handled = Int(t[.handled])
        r.dispatches = Int(t[.dispatches])
        r.wrongDispatches = Int(t[.wrongDispatches])
        r.selfHandled = Int(t[.selfHandled])
        r.reworked = Int(t[.reworked])
        r.urges = Int(t[.urges])
        r.due = Int(t[.dueHandled]) + openOverdue
        r.handledOnTime = Int(t[.handledOnTime])
        r.overdue = Int(t[.dueHandled] - t[.handledOnTime]) + openOverdue
        r.meanHoursToDispatch = r.dispatched == 0 ? nil : Double(t[.msToDispatch]) / 3_600_000 / Double(r.dispatched)
        r.meanHoursToClose = r.closed == 0 ? nil : Double(t[.msToClose]) / 3_600_000 / Double(r.closed)
        var h = HotlineKPI()
        h.tickets = Int(t[.hotlineTickets])
        h.accepted = Int(t[.hotlineAccepted])
        h.dispatched = Int(t[.hotlineDispatched])
        h.responded = Int(t[.hotlineResponded])
        h.resolved = Int(t[.hotlineResolved])
        h.rated = Int(t[.hotlineRated])
        h.satisfied = Int(t[.hotlineSatisfied])
        r.hotline = h
        return withRates(r)
    }
}
