public import ChengyunCore
public import Foundation

/// Counts the database makes for the public (open data) — aggregates over typed columns, never decoded case bodies.
public protocol OpenDataStore: Sendable {
    /// Cases reported in [`from`, `to`), per local day × district × major class: how many, and how many of them are
    /// closed now (state `closed` or `rated`). Cases placed above a district (at the city) are not counted. Ordered by
    /// day, district path and major class.
    func caseCounts(from: Date, to: Date, utcOffsetSeconds: Int) async throws -> [CaseCountRow]
}

/// One row of the open case counts.
public struct CaseCountRow: Sendable, Hashable {
    /// The local date of the reports.
    public var day: LocalDate
    public var districtID: NodeID
    /// The category's kind and major code, e.g. `event:05`.
    public var majorClass: String
    public var reported: Int
    /// Of those reported, how many are closed now.
    public var closed: Int

    public init(day: LocalDate, districtID: NodeID, majorClass: String, reported: Int, closed: Int) {
        self.day = day
        self.districtID = districtID
        self.majorClass = majorClass
        self.reported = reported
        self.closed = closed
    }
}
