public import ChengyunCore
import ChengyunStore
import Foundation

/// 防汛 — the flood season's own work beside the warnings, alarms and waterlogging cases it shares with the rest of
/// the platform: direct reports from streets, committees and grids (灾情直报), and the history of past seasons of an
/// area browsed and compared (历史汛情回溯) from what the platform kept.
public struct FloodUseCases: UseCaseGroup {
    let store: any FloodStore & OrganisationStore & VitalSignStore & CaseAnalyticsStore & UserStore
    let shared: UseCaseContext

    /// Who reports: everyone who works an area of the tree.
    static let reporters: Set<Role> = [.dutyOfficer, .leader, .stationChief, .communityWorker, .gridInspector, .admin]
}

/// A direct report as a street sends it.
public struct DirectReportInput: Sendable, Hashable, Codable {
    public var nodeID: Int64?
    public var kind: DirectReport.Kind
    public var count: Int
    public var location: GeoPoint?
    public var address: String?
    public var description: String
    public init(nodeID: Int64? = nil, kind: DirectReport.Kind, count: Int, location: GeoPoint? = nil, address: String? = nil, description: String) {
        self.nodeID = nodeID
        self.kind = kind
        self.count = count
        self.location = location
        self.address = address
        self.description = description
    }
}

extension FloodUseCases {
    /// 灾情直报 — stored at the reporter's node (or one it serves), seen at once by every level above; safe to retry
    /// with the same request key.
    public func report(_ input: DirectReportInput, requestKey: String?, by identity: Identity) async throws -> (report: DirectReport, created: Bool) {
        let paths = identity.paths(for: Self.reporters)
        guard !paths.isEmpty else { throw AccessError.roleRequired(Self.reporters, to: "send direct reports") }
        let node: OrgNode
        if let id = input.nodeID {
            node = try await store.requireNode(NodeID(id))
            guard paths.contains(where: { node.path.hasPrefix($0) }) else { throw OrganisationError.outOfScope }
        } else {
            guard let own = identity.assignments.filter({ Self.reporters.contains($0.role) }).max(by: { $0.nodePath.count < $1.nodePath.count }) else {
                throw OrganisationError.outOfScope
            }
            node = try await store.requireNode(own.nodeID)
        }
        guard (0...1_000_000).contains(input.count) else { throw FloodError.count }
        let description = input.description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !description.isEmpty else { throw FloodError.description }
        try InputLimits.check(description, field: "description", max: InputLimits.description, multiline: true)
        try InputLimits.check(input.address, field: "address", max: InputLimits.address)
        if let key = requestKey { try InputLimits.check(key, field: "Idempotency-Key", max: InputLimits.label) }
        let report = DirectReport(id: DirectReportID(0), nodeID: node.id, nodePath: node.path, nodeName: node.name, kind: input.kind, count: input.count,
                                  location: input.location, address: input.address ?? "", description: description, reportedBy: identity.name,
                                  reporterName: try await store.displayName(of: identity), reportedAt: clock.now())
        return try await store.createDirectReport(report, requestKey: requestKey)
    }

    /// The direct reports under an area (the caller's widest when not given), newest first.
    public func reports(node nodeID: NodeID?, before: DirectReportID?, limit: Int, by identity: Identity) async throws -> [DirectReport] {
        try await store.directReports(under: try await area(nodeID, by: identity).path, before: before, limit: limit)
    }

    func area(_ nodeID: NodeID?, by identity: Identity) async throws -> OrgNode {
        try await store.areaNode(nodeID, of: identity, roles: Self.reporters, to: "see the flood season's reports")
    }

    /// 历史汛情回溯 — the area's flood seasons, this year's (to now) and the `years − 1` before it, newest first.
    public func seasons(node nodeID: NodeID?, years: Int, by identity: Identity) async throws -> [FloodSeasonSummary] {
        guard (1...20).contains(years) else { throw FloodError.years }
        let node = try await area(nodeID, by: identity)
        let now = clock.now()
        let offset = Double(data.calendar.utcOffsetSeconds)
        let localDay = Int64(((now.timeIntervalSince1970 + offset) / 86_400).rounded(.down))
        let thisYear = ReadingTables.civil(localDay).0
        func instant(_ y: Int64, _ m: Int64, _ d: Int64) -> Date { Date(timeIntervalSince1970: Double(ReadingTables.days(y, m, d)) * 86_400 - offset) }
        var out: [FloodSeasonSummary] = []
        for k in 0..<Int64(years) {
            let year = thisYear - k
            let from = instant(year, FloodSeason.startMonth, FloodSeason.startDay)
            let end = instant(year, FloodSeason.endMonth, FloodSeason.endDay).addingTimeInterval(86_400)
            guard from < now else { continue }
            // This season's runs to now, what came in this very second included.
            out.append(try await season(node, year: Int(year), from: from, to: min(end, now.addingTimeInterval(1)), current: end > now))
        }
        return out
    }

    func season(_ node: OrgNode, year: Int, from: Date, to: Date, current: Bool) async throws -> FloodSeasonSummary {
        let ms = { (d: Date) in Int64((d.timeIntervalSince1970 * 1000).rounded(.down)) }
        // Rain: the area's mean intensity each hour, summed (mm), and the strongest hour of any gauge.
        let hours = try await store.areaReadings(node: node.id, property: DeviceKind.rainfall.measure.property, from: ms(from), to: ms(to))
        let means = hours.filter { $0.count > 0 }.map { $0.sum / Double($0.count) }
        let alarms = try await store.alarmTally(under: node.path, from: from, to: to)
        var byLevel: [String: Int] = [:]
        for a in alarms { byLevel[a.level.rawValue, default: 0] += a.alarms }
        let query = CaseQuery(scope: .everything, categoryID: FloodSeason.waterloggingCategory, nodePath: node.path, reportedFrom: from, reportedTo: to, limit: nil)
        let cases = try await store.kpiCount(query, leadDepartment: nil, now: clock.now()).report
        return FloodSeasonSummary(
            year: year, from: from, to: to, current: current, rainfall: (means.reduce(0, +) * 10).rounded() / 10, maxIntensity: hours.map(\.max).max(),
            rainHours: means.filter { $0 >= 0.1 }.count, alarms: byLevel,
            waterloggingPoints: alarms.filter { $0.kind == .waterLevel }.reduce(0) { $0 + $1.datastreams },
            waterloggingCases: cases.reported, waterloggingClosed: cases.closed, meanHoursToClose: cases.meanHoursToClose.map { ($0 * 10).rounded() / 10 },
            reports: try await store.directReportCounts(under: node.path, from: from, to: to))
    }
}
