public import ChengyunCore
public import Foundation

/// 台账汇总 — what the ledgers' report reads, the same in every store: one row per node (city down to committee),
/// month (`yyyymm` in the city's time) and ledger, with how many lines and participants it holds. Every write of
/// what a ledger counts — an entry stored, a 三会 held (or its participants changed), a house visited in a sweep, a
/// volunteer's place confirmed done (its minutes of service in the participants column) —
/// adds its share to its committee and each node above it in the same transaction, so a city's month is a few rows
/// whatever its size (docs/LEDGERS.md). They are counted again from the data when the local time offset changes.
public enum LedgerRollups {
    /// The rows' ledger for 三会 held and for door visits (the baseline's generated ledgers).
    public static let consultations = LedgerItem.baseline.first { $0.source == .consultations }!.id
    public static let visits = LedgerItem.baseline.first { $0.source == .sweeps }!.id
    /// … and for volunteers' places confirmed done.
    public static let volunteerServices = LedgerItem.baseline.first { $0.source == .volunteers }!.id
    /// The setting naming the offset the rollups were counted with.
    public static let offsetSetting = "ledger.rollup.offset"

    /// `yyyymm` of a day.
    public static func month(_ day: LocalDate) -> Int { day.year * 100 + day.month }
    /// `yyyymm` of an instant in the city's time.
    public static func month(of date: Date, utcOffsetSeconds: Int) -> Int {
        month(LocalDate(daysSince1970: Int(((date.timeIntervalSince1970 + Double(utcOffsetSeconds)) / 86_400).rounded(.down))))
    }

    /// The nodes a line under `path` counts for: its ancestors from the city down to the committee.
    public static func nodes(_ path: String) -> [Int64] { OrgNode.ids(inPath: path).prefix(4).map(\.rawValue) }

    /// A row's key and what it adds.
    public struct Key: Hashable, Sendable {
        public var node: Int64
        public var month: Int
        public var item: Int64
    }

    /// Adds a contribution (`lines` and `participants`, negative to take one out) at `path` to `into`.
    public static func add(_ into: inout [Key: (lines: Int, participants: Int)], path: String, month: Int, item: LedgerItemID, lines: Int, participants: Int) {
        for node in nodes(path) {
            let key = Key(node: node, month: month, item: item.rawValue)
            let old = into[key] ?? (0, 0)
            into[key] = (old.lines + lines, old.participants + participants)
        }
    }

    /// An entry corrected or withdrawn in the rollups: the old share out (its month and ledger), the new one in.
    public static func revision(before: LedgerEntry, after: LedgerEntry) -> [Key: (lines: Int, participants: Int)] {
        var out: [Key: (lines: Int, participants: Int)] = [:]
        let (old, new) = (before.share, after.share)
        add(&out, path: before.nodePath, month: month(before.day), item: before.itemID, lines: -old.lines, participants: -old.participants)
        add(&out, path: after.nodePath, month: month(after.day), item: after.itemID, lines: new.lines, participants: new.participants)
        return out
    }

    /// A sweep result's door visit in the rollups: the old result's share out, the new one's in.
    public static func visitDelta(before: SweepResult?, after: SweepResult, utcOffsetSeconds: Int) -> [Key: (lines: Int, participants: Int)] {
        var out: [Key: (lines: Int, participants: Int)] = [:]
        if let before, before.method == .visit {
            add(&out, path: before.nodePath, month: month(of: before.takenAt, utcOffsetSeconds: utcOffsetSeconds), item: visits, lines: -1, participants: 0)
        }
        if after.method == .visit {
            add(&out, path: after.nodePath, month: month(of: after.takenAt, utcOffsetSeconds: utcOffsetSeconds), item: visits, lines: 1, participants: 0)
        }
        return out
    }

    /// The tallies of rows read back: `(node, item, lines, participants)`.
    public static func tallies(_ rows: [(node: Int64, item: Int64, lines: Int, participants: Int)]) -> [NodeID: LedgerTally] {
        var out: [NodeID: LedgerTally] = [:]
        for row in rows {
            var t = out[NodeID(row.node)] ?? LedgerTally()
            switch LedgerItemID(row.item) {
            case consultations: (t.consultations, t.consultationParticipants) = (row.lines, row.participants)
            case visits: t.visits = row.lines
            case volunteerServices: (t.volunteerServices, t.volunteerMinutes) = (row.lines, row.participants)
            default:
                t.entries[LedgerItemID(row.item)] = row.lines
                t.entryParticipants[LedgerItemID(row.item)] = row.participants
            }
            out[NodeID(row.node)] = t
        }
        return out
    }
}
