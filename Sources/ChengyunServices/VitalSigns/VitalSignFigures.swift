public import ChengyunCore
import ChengyunStore
public import Foundation
import Synchronization

/// An indicator where it stands in an area: its value over its window, the value of the window before, the mean of
/// the seven windows before (the baseline a relative level compares with), and its state.
public struct VitalSignFigure: Sendable, Hashable, Codable {
    public var sign: VitalSign
    public var value: Double?
    public var previous: Double?
    public var baseline: Double?
    public var state: VitalSignState
    /// The window the value covers (the current hour included).
    public var from: Date?
    public var to: Date?
}

/// A point of an indicator's trend: the value over the window ending at `to`.
public struct VitalSignPoint: Sendable, Hashable, Codable {
    public var from: Date
    public var to: Date
    public var value: Double?
}

/// 计算 — an indicator's value over windows of time, from the area rollups of readings, the case volumes and the
/// KPI counts the database keeps; no reading or case is read one by one.
struct VitalSignFigures {
    static let hourMillis: Int64 = 3_600_000
    /// A relative level compares with at least this baseline: a committee's 2 cases after a week of none is no surge.
    static let minimumBaseline = 3.0

    let store: any VitalSignStore & CaseAnalyticsStore & SensingStore
    let node: OrgNode
    let now: Date
    /// The case volumes read for this area and instant, by window length and count: one query serves every volume
    /// indicator of a board (or of a report).
    let volumes = VolumeMemo()

    final class VolumeMemo: Sendable {
        let table = Mutex<[String: [CaseVolume]]>([:])
    }

    /// The volumes of the `count` windows of `hours` ending now (bucket 0 the oldest).
    func volumes(hours: Int, count: Int) async throws -> [CaseVolume] {
        let key = "\(hours)x\(count)"
        if let known = volumes.table.withLock({ $0[key] }) { return known }
        let first = windows(hours: hours, count: count)[0]
        let read = try await store.caseVolumes(under: node.path, from: Self.date(first.from), bucketSeconds: hours * 3600, buckets: count)
        volumes.table.withLock { $0[key] = read }
        return read
    }

    /// The end (ms) of the current hour: windows end there and take whole hours back.
    var end: Int64 { (Int64((now.timeIntervalSince1970 * 1000).rounded(.down)) / Self.hourMillis + 1) * Self.hourMillis }

    /// Windows of `hours` ending at `end`, oldest first: `count` of them, each `hours` long.
    func windows(hours: Int, count: Int) -> [(from: Int64, to: Int64)] {
        let width = Int64(hours) * Self.hourMillis
        return (0..<count).reversed().map { k in (end - width * Int64(k + 1), end - width * Int64(k)) }
    }

    /// The values of `sign` over `count` windows of its own length ending now, oldest first.
    func values(_ sign: VitalSign, count: Int, hours: Int? = nil) async throws -> [Double?] {
        guard let formula = sign.formula else { return Array(repeating: nil, count: count) }
        let spans = windows(hours: hours ?? sign.windowHours, count: count)
        switch formula.source {
        case .readings:
            let hoursRead = try await store.areaReadings(node: node.id, property: formula.property ?? "", from: spans[0].from - Self.hourMillis,
                                                         to: spans[count - 1].to)
            let aggregate = formula.aggregate ?? .mean
            var out = spans.map { span in Self.aggregate(hoursRead.filter { $0.start >= span.from && $0.start < span.to }, aggregate) }
            // The window ending now holds the current hour so far: just after the hour turns it holds nothing yet, so it
            // reaches back to the hour before rather than showing no data.
            let last = spans[count - 1]
            if hoursRead.filter({ $0.start >= last.from && $0.start < last.to }).allSatisfy({ $0.count == 0 }) {
                out[count - 1] = Self.aggregate(hoursRead.filter { $0.start >= last.from - Self.hourMillis && $0.start < last.to }, aggregate)
            }
            return out
        case .cases:
            let figure = formula.figure ?? .reported
            if figure == .reported {
                // A board reads eight windows of each length once (the baseline of a relative level needs seven); a
                // report its two periods once.
                let read = hours == nil ? max(count, 8) : count
                let volumes = try await volumes(hours: hours ?? sign.windowHours, count: read)
                var counts = Array(repeating: 0.0, count: count)
                for v in volumes where (formula.caseSource == nil || v.source == formula.caseSource)
                    && (formula.categoryID == nil || v.categoryID == formula.categoryID) && v.bucket - (read - count) >= 0 && v.bucket - (read - count) < count {
                    counts[v.bucket - (read - count)] += Double(v.count)
                }
                return counts
            }
            var out: [Double?] = []
            for span in spans {
                let query = CaseQuery(scope: .everything, categoryID: formula.categoryID, nodePath: node.path, source: formula.caseSource,
                                      reportedFrom: Self.date(span.from), reportedTo: Self.date(span.to), limit: nil)
                let report = try await store.kpiCount(query, leadDepartment: nil, now: now).report
                out.append(Self.figure(report, figure))
            }
            return out
        case .alarms:
            // Alarms on now: a present state, with no past windows.
            let counts = try await store.alarmCounts(in: SensingScope(paths: [node.path]))
            let on = counts.filter { formula.minLevel == nil || $0.key >= formula.minLevel! }.values.reduce(0, +)
            return Array(repeating: nil, count: count - 1) + [Double(on)]
        }
    }

    /// Where `sign` stands now.
    func figure(_ sign: VitalSign) async throws -> VitalSignFigure {
        let span = windows(hours: sign.windowHours, count: 1)[0]
        var figure = VitalSignFigure(sign: sign, value: nil, previous: nil, baseline: nil, state: .noSource,
                                     from: Self.date(span.from), to: now)
        guard sign.formula != nil else { return figure }
        // Eight windows when a relative level needs the seven before; two (the trend's arrow) otherwise.
        let relative = sign.levels?.mode == .relative
        let values = try await values(sign, count: relative ? 8 : 2)
        figure.value = values.last ?? nil
        figure.previous = values.count > 1 ? values[values.count - 2] : nil
        if relative {
            let before = values.dropLast().compactMap { $0 }
            figure.baseline = before.isEmpty ? nil : before.reduce(0, +) / Double(before.count)
        }
        figure.state = Self.state(sign, value: figure.value, baseline: figure.baseline)
        return figure
    }

    static func state(_ sign: VitalSign, value: Double?, baseline: Double?) -> VitalSignState {
        guard sign.formula != nil else { return .noSource }
        guard let value else { return .noData }
        guard let levels = sign.levels else { return .normal }
        switch levels.mode {
        case .absolute:
            return VitalSignState(levels.level(of: value))
        case .relative:
            let base = max(baseline ?? 0, minimumBaseline)
            return VitalSignState(levels.level(of: (value - base) / base * 100))
        }
    }

    static func aggregate(_ hours: [AreaReadingHour], _ aggregate: VitalSignFormula.Aggregate) -> Double? {
        let n = hours.reduce(0) { $0 + $1.count }
        if aggregate == .count { return Double(n) }
        guard n > 0 else { return nil }
        switch aggregate {
        case .mean: return hours.reduce(0) { $0 + $1.sum } / Double(n)
        case .sum: return hours.reduce(0) { $0 + $1.sum }
        case .min: return hours.map(\.min).min()
        case .max: return hours.map(\.max).max()
        case .count: return Double(n)
        }
    }

    static func figure(_ report: KPIReport, _ figure: VitalSignFormula.Figure) -> Double? {
        func percent(_ x: Double?) -> Double? { x.map { ($0 * 1000).rounded() / 10 } }
        switch figure {
        case .reported: return Double(report.reported)
        case .closed: return Double(report.closed)
        case .overdue: return Double(report.overdue)
        case .onTimeRate: return percent(report.onTimeHandlingRate)
        case .closureRate: return percent(report.closureRate)
        case .satisfactionRate: return percent(report.hotline.satisfactionRate)
        }
    }

    static func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }
}
