public import ChengyunCore
public import Foundation

/// Alarms raised in a period under a path, by level and device kind, with how many datastreams raised them.
public struct AlarmTally: Sendable, Hashable {
    public var level: AlarmLevel
    public var kind: DeviceKind?
    public var alarms: Int
    public var datastreams: Int
    public init(level: AlarmLevel, kind: DeviceKind?, alarms: Int, datastreams: Int) {
        self.level = level
        self.kind = kind
        self.alarms = alarms
        self.datastreams = datastreams
    }
}

/// 汛情 — direct reports (灾情直报) and the counts the flood-season history is made of.
public protocol FloodStore: Sendable {
    /// Stores a direct report; with a request key its caller already used, the report stored then (`created` false).
    func createDirectReport(_ report: DirectReport, requestKey: String?) async throws -> (report: DirectReport, created: Bool)
    /// Direct reports on or under `path`, newest first, before a cursor.
    func directReports(under path: String, before: DirectReportID?, limit: Int) async throws -> [DirectReport]
    /// Direct reports on or under `path` in `[from, to)`, counted by kind (reports and the sum of their counts).
    func directReportCounts(under path: String, from: Date, to: Date) async throws -> [FloodSeasonSummary.Reports]
    /// Alarms raised on or under `path` in `[from, to)`, by level and kind.
    func alarmTally(under path: String, from: Date, to: Date) async throws -> [AlarmTally]
}
