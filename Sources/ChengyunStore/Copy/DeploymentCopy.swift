/// 迁移 — copying a whole deployment from one store into another (`chengyun migrate --from … --to …`): every table the
/// target keeps, in the order its references need, in batches that each commit with the position reached, so that a
/// copy stopped anywhere (a crash, `kill -9`, a full disk) goes on from there when run again; checked by counting every
/// table on both sides at the end.
///
/// The stores agree on the layout of the facts (the same tables and columns); what one keeps only for itself (SQLite's
/// rollups and search index, PostgreSQL's migration list) is not copied but rebuilt by the target.

/// One value of a row on its way between stores, as the source keeps it.
public enum CopyValue: Sendable, Hashable, Codable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A table as the source keeps it: its columns, and the columns of its key (what the batches are ordered and resumed
/// by).
public struct CopySourceTable: Sendable, Hashable {
    public let name: String
    public let columns: [String]
    public let key: [String]

    public init(name: String, columns: [String], key: [String]) {
        self.name = name
        self.columns = columns
        self.key = key
    }
}

/// One batch read from the source: the rows (values in the order of the columns asked for) and the key of the last.
public struct CopyBatch: Sendable {
    public let rows: [[CopyValue]]
    public let lastKey: [CopyValue]

    public init(rows: [[CopyValue]], lastKey: [CopyValue]) {
        self.rows = rows
        self.lastKey = lastKey
    }
}

/// A column of a target table and the kind of value it takes.
public struct CopyTargetColumn: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case integer, real, boolean, text, instant, bytes
    }
    public let name: String
    public let kind: Kind
    /// Whether a row may leave it out (it has a default, an identity or accepts null).
    public let optional: Bool

    public init(name: String, kind: Kind, optional: Bool) {
        self.name = name
        self.kind = kind
        self.optional = optional
    }
}

/// A table of the target, in the order the copy fills them (a table after every table it refers to).
public struct CopyTargetTable: Sendable, Hashable {
    public let name: String
    public let columns: [CopyTargetColumn]

    public init(name: String, columns: [CopyTargetColumn]) {
        self.name = name
        self.columns = columns
    }
}

/// How far an earlier run of the copy got with one table.
public struct CopyPosition: Sendable, Hashable {
    public let lastKey: [CopyValue]
    public let rows: Int

    public init(lastKey: [CopyValue], rows: Int) {
        self.lastKey = lastKey
        self.rows = rows
    }
}

/// The store a deployment is copied from.
public protocol CopySource: Sendable {
    /// What names the deployment (its city), so that a resumed copy is known to come from the same one.
    func copyIdentity() async throws -> String
    /// The table as the source keeps it, or nil when it keeps none of that name.
    func copyTable(_ name: String) async throws -> CopySourceTable?
    /// The number of rows of the table.
    func copyCount(_ table: CopySourceTable) async throws -> Int
    /// Up to `limit` rows of the table after the key `after` (from the first when nil), in key order, with the
    /// values of `columns`.
    func copyRows(_ table: CopySourceTable, columns: [String], after: [CopyValue]?, limit: Int) async throws -> CopyBatch
    /// The tables the source made as data came (a day's readings, a month's hour rollups: `ReadingTables`), which the
    /// target makes the same way before the copy; the source first settles what it holds elsewhere (readings still in
    /// its inbox are moved into them).
    func copyPartitions() async throws -> [String]
}

/// The store a deployment is copied into: migrated, and empty or holding an earlier run's copy of the same source.
public protocol CopyTarget: Sendable {
    /// The tables to fill, in order.
    func copyTables() async throws -> [CopyTargetTable]
    /// The identity of the source an earlier run copied from and the position it reached in each table; nil when no
    /// copy was started.
    func copyStarted() async throws -> (source: String, positions: [String: CopyPosition])?
    /// The number of rows in a table.
    func copyCount(_ table: String) async throws -> Int
    /// Readies the target for the batches (after the checks, before the first batch of a run): it may set aside what
    /// slows them (secondary indexes), to be put back by `copyFinish`.
    func copyPrepare() async throws
    /// Writes the rows into `table` and records `position`, in one transaction.
    func copyWrite(_ table: CopyTargetTable, columns: [CopyTargetColumn], rows: [[CopyValue]], position: CopyPosition, source: String) async throws
    /// Brings what the target derives from the rows up to date (what `copyPrepare` set aside, sequences, statistics)
    /// after the last batch.
    func copyFinish() async throws
    /// Makes the tables a source made as data came (`CopySource.copyPartitions`), empty, if they are not there.
    func copyCreatePartitions(_ names: [String]) async throws
}

/// Why a copy cannot start or did not match.
public struct CopyError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// What a finished copy found: each table's rows in the source and in the target.
public struct CopyReport: Sendable {
    public struct Table: Sendable {
        public let name: String
        public let source: Int
        public let target: Int
    }
    public let tables: [Table]
    public let resumed: Bool

    public var mismatched: [Table] { tables.filter { $0.source != $0.target } }
    public var rows: Int { tables.reduce(0) { $0 + $1.target } }
}

/// The copy itself, run by `chengyun migrate --from … --to …`.
public struct DeploymentCopy: Sendable {
    public let source: any CopySource
    public let target: any CopyTarget
    public let batchSize: Int

    public init(source: any CopySource, target: any CopyTarget, batchSize: Int = 5_000) {
        self.source = source
        self.target = target
        self.batchSize = max(1, batchSize)
    }

    /// Copies every table, reporting progress as (rows copied, rows in all, table), then counts both sides.
    /// - Throws: `CopyError` for a target that holds other data, columns the stores disagree on, or a copy started
    ///   from another deployment; whatever a store throws, with every batch before it kept.
    public func run(progress: @Sendable (Int, Int, String) -> Void = { _, _, _ in }) async throws -> CopyReport {
        let identity = try await source.copyIdentity()
        // Readings live in tables made day by day: the target makes the source's before it lists its own.
        try await target.copyCreatePartitions(try await source.copyPartitions())
        let tables = try await target.copyTables()
        let started = try await target.copyStarted()
        if let started {
            guard started.source == identity else {
                throw CopyError("the target holds a copy of another deployment (\(started.source)), not of \(identity): copy into an empty database")
            }
        } else {
            for table in tables where try await target.copyCount(table.name) > 0 {
                throw CopyError("the target's table \(table.name) holds rows already: copy into an empty database")
            }
        }
        var plans: [Plan] = []
        for table in tables { plans.append(try await plan(table)) }
        var total = 0
        for plan in plans { if let from = plan.from { total += try await source.copyCount(from) } }
        var done = plans.reduce(0) { $0 + (started?.positions[$1.table.name]?.rows ?? 0) }
        // A run with nothing left to copy (the last one stopped while finishing, or a check) sets nothing aside.
        if done < total { try await target.copyPrepare() }
        for plan in plans {
            guard let from = plan.from else { continue }
            var position = started?.positions[plan.table.name]
            progress(done, total, plan.table.name)
            while true {
                let batch = try await source.copyRows(from, columns: plan.columns.map(\.name), after: position?.lastKey, limit: batchSize)
                if batch.rows.isEmpty { break }
                let next = CopyPosition(lastKey: batch.lastKey, rows: (position?.rows ?? 0) + batch.rows.count)
                try await target.copyWrite(plan.table, columns: plan.columns, rows: batch.rows, position: next, source: identity)
                position = next
                done += batch.rows.count
                progress(done, total, plan.table.name)
                if batch.rows.count < batchSize { break }
            }
        }
        try await target.copyFinish()
        var counted: [CopyReport.Table] = []
        for plan in plans {
            var inSource = 0
            if let from = plan.from { inSource = try await source.copyCount(from) }
            counted.append(.init(name: plan.table.name, source: inSource, target: try await target.copyCount(plan.table.name)))
        }
        progress(total, total, "done")
        return CopyReport(tables: counted, resumed: started != nil)
    }

    /// A target table with the source table it is filled from (none: the source keeps nothing of it) and the columns
    /// copied.
    struct Plan: Sendable {
        let table: CopyTargetTable
        let from: CopySourceTable?
        let columns: [CopyTargetColumn]
    }

    func plan(_ table: CopyTargetTable) async throws -> Plan {
        guard let from = try await source.copyTable(table.name) else { return Plan(table: table, from: nil, columns: []) }
        let kept = Set(table.columns.map(\.name))
        let lost = from.columns.filter { !kept.contains($0) }
        guard lost.isEmpty else {
            throw CopyError("the target's table \(table.name) has no column \(lost.joined(separator: ", ")): the target is of another build")
        }
        let offered = Set(from.columns)
        let lacking = table.columns.filter { !offered.contains($0.name) && !$0.optional }.map(\.name)
        guard lacking.isEmpty else {
            throw CopyError("the source's table \(table.name) has no column \(lacking.joined(separator: ", ")): the source is of another build")
        }
        return Plan(table: table, from: from, columns: table.columns.filter { offered.contains($0.name) })
    }
}
