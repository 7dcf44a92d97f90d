public import ChengyunCore
public import Foundation

/// One hour of the readings of one observed property in an area (a node down to its committee): the area rollup
/// the readings' move keeps in the same commit as the per-datastream rollups.
public struct AreaReadingHour: Sendable, Hashable {
    /// The hour's start (ms).
    public var start: Int64
    public var count: Int
    public var sum: Double
    public var min: Double
    public var max: Double
    public init(start: Int64, count: Int, sum: Double, min: Double, max: Double) {
        self.start = start
        self.count = count
        self.sum = sum
        self.min = min
        self.max = max
    }
}

/// Cases reported in one bucket of time, by channel and category.
public struct CaseVolume: Sendable, Hashable {
    public var source: CaseSource
    public var categoryID: String
    /// Which bucket: 0 is the one starting at `from`.
    public var bucket: Int
    public var count: Int
    public init(source: CaseSource, categoryID: String, bucket: Int, count: Int) {
        self.source = source
        self.categoryID = categoryID
        self.bucket = bucket
        self.count = count
    }
}

/// 研判 — an analyst's situation note on an area's day.
public struct VitalSignNote: Sendable, Hashable, Codable {
    public var nodeID: NodeID
    /// The local day, `2026-07-21`.
    public var day: String
    public var text: String
    public var author: String
    public var authorName: String
    public var writtenAt: Date
    public init(nodeID: NodeID, day: String, text: String, author: String, authorName: String, writtenAt: Date) {
        self.nodeID = nodeID
        self.day = day
        self.text = text
        self.author = author
        self.authorName = authorName
        self.writtenAt = writtenAt
    }
}

/// 城市体征 — the catalogue (as data), the area rollups of readings, case volumes counted by the database, and the
/// analysts' notes.
public protocol VitalSignStore: Sendable {
    /// The catalogue kept, nil before one is loaded.
    func vitalSignCatalogue() async throws -> VitalSignCatalogue?
    /// Replaces the whole catalogue in one transaction (checked by the caller).
    func replaceVitalSignCatalogue(_ catalogue: VitalSignCatalogue) async throws
    /// The hours of `[from, to)` (ms) with readings of `property` under `node` (a node down to the committee level;
    /// deeper nodes have none), oldest first.
    func areaReadings(node: NodeID, property: String, from: Int64, to: Int64) async throws -> [AreaReadingHour]
    /// The cases under `path` reported in `[from, from + buckets × bucketSeconds)`, counted per bucket, channel and
    /// category.
    func caseVolumes(under path: String, from: Date, bucketSeconds: Int, buckets: Int) async throws -> [CaseVolume]
    /// Writes (or rewrites) an area's note for a day.
    func putVitalSignNote(_ note: VitalSignNote) async throws
    /// The notes of an area for the days in `[from, to]` (`YYYY-MM-DD`), newest first.
    func vitalSignNotes(node: NodeID, from: String, to: String) async throws -> [VitalSignNote]
}

/// Which nodes an area rollup of readings is kept for: every node of the device's path down to its committee.
public enum AreaRollup {
    public static let depth = 3

    public static func nodes(of path: String) -> [Int64] { Array(OrgNode.ids(inPath: path).prefix(depth + 1).map(\.rawValue)) }

    public struct Key: Hashable, Comparable, Sendable {
        public var node: Int64
        public var property: String
        public var start: Int64
        public static func < (a: Key, b: Key) -> Bool { (a.start, a.property, a.node) < (b.start, b.property, b.node) }
    }

    /// The hourly area rollups of `rollups` (hourly per datastream), given each datastream's property and path.
    public static func of(_ rollups: [ObservationRollup], streams: [DatastreamID: (property: String, path: String)]) -> [(Key, AreaReadingHour)] {
        var out: [Key: AreaReadingHour] = [:]
        for r in rollups {
            guard let s = streams[r.datastreamID] else { continue }
            for node in nodes(of: s.path) {
                let key = Key(node: node, property: s.property, start: r.start)
                if var a = out[key] {
                    a.count += r.count
                    a.sum += r.sum
                    a.min = Swift.min(a.min, r.min)
                    a.max = Swift.max(a.max, r.max)
                    out[key] = a
                } else {
                    out[key] = AreaReadingHour(start: r.start, count: r.count, sum: r.sum, min: r.min, max: r.max)
                }
            }
        }
        return out.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
