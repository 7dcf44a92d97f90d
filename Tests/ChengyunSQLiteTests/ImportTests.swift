import ChengyunCore
import ChengyunDemo
import ChengyunServices
import ChengyunSQLite
import ChengyunStore
import ChengyunTesting
import Foundation
import GRDB
import Testing

/// Bulk import sets the secondary indexes, the search index and the imported cases' rollups aside and builds them
/// once at the end; a process stopped half-way leaves them written down, and the next open builds them.
@Suite("批量导入 bulk import: indexes, search and rollups built at the end, or at the next open after a crash")
struct ImportTests {
    /// The indexes, every rollup row and the search index's rows, as the file holds them.
    struct Snapshot: Equatable {
        var indexes: [String]
        var rollups: [String]
        var searchRows: Int
        var deferred: Int
    }

    static func snapshot(_ path: String) throws -> Snapshot {
        // The store that wrote the file may still be closing it (its last connection checkpoints the WAL): wait.
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { db in
            Snapshot(
                indexes: try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"),
                rollups: try Row.fetchAll(db, sql: "SELECT * FROM case_rollup_node ORDER BY node_id, day").map(\.description)
                    + Row.fetchAll(db, sql: "SELECT * FROM case_rollup_department ORDER BY department_id, node_id, day").map(\.description)
                    + Row.fetchAll(db, sql: "SELECT * FROM case_rollup_handler ORDER BY handler_id, node_id, day").map(\.description)
                    + Row.fetchAll(db, sql: "SELECT * FROM case_map_rollup WHERE n <> 0 ORDER BY day, node_id").map(\.description),
                searchRows: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_search") ?? -1,
                deferred: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM deferred_work") ?? -1)
        }
    }

    /// A small demo city (itself imported between `beginImport` and `finishImport`), then copies of its cases with
    /// their histories imported again inside `beginImport` — and the process "stops" before `finishImport`.
    static func cityWithUnfinishedImport(_ db: TemporaryDatabase) async throws -> (expectedCases: Int, copies: [CaseRecord]) {
        let store = try SQLiteStore(path: db.path)
        var options = DemoOptions()
        options.districts = 1
        options.streets = 2
        options.committees = 4
        options.grids = 16
        options.departments = 6
        options.cases = 300
        options.days = 20
        options.stepwiseEvery = 4
        _ = try await DemoCity.generate(options, store: store, platform: Platform(store: store), now: Date())
        let cases = try await store.cases(CaseQuery(scope: .everything, limit: nil)).items
        #expect(cases.count == 300)
        var copies: [(record: CaseRecord, events: [CaseEvent])] = []
        for c in cases.prefix(120) {
            var record = c
            record.id = CaseID(0)
            record.number = ""
            record.externalRef = nil
            record.description = "导入副本 " + c.description
            copies.append((record, try await store.events(of: c.id).map { e in var e = e; e.id = nil; return e }))
        }
        try await store.beginImport()
        try await store.importCases(copies)
        return (300 + copies.count, copies.map(\.record))
    }

    @Test("导入完成后与逐条写入一致") func finishedImportMatchesARecount() async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        let before: Snapshot
        do {
            let store = try SQLiteStore(path: db.path)
            _ = try await DemoCity.generate({ var o = DemoOptions(); o.districts = 1; o.streets = 2; o.committees = 4; o.grids = 16; o.departments = 6; o.cases = 200; o.days = 20; o.stepwiseEvery = 3; return o }(),
                                            store: store, platform: Platform(store: store), now: Date())
            before = try Self.snapshot(db.path)
            #expect(before.deferred == 0)
            #expect(before.searchRows == 200)
            #expect(before.indexes.contains { $0.contains("case_map_open") })
            // The same file with every rollup recounted from the cases (another KPI setting, then the usual one).
            try await store.useKPIPolicy(KPIPolicy(responseHours: 3))
            try await store.useKPIPolicy(KPIPolicy())
        }
        #expect(try Self.snapshot(db.path) == before)
    }

    @Test("中途停止的导入在下次打开时补完") func unfinishedImportIsFinishedAtTheNextOpen() async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        let (expected, copies) = try await Self.cityWithUnfinishedImport(db)
        let stopped = try Self.snapshot(db.path)
        #expect(stopped.deferred > 0)
        #expect(!stopped.indexes.contains { $0.contains("case_map_open") })
        #expect(stopped.searchRows == 300)

        // The next open builds what was set aside, counts the copies' rollups and fills the search index.
        let store = try SQLiteStore(path: db.path)
        let reopened = try Self.snapshot(db.path)
        #expect(reopened.deferred == 0)
        #expect(reopened.searchRows == expected)
        #expect(reopened.indexes.contains { $0.contains("case_map_open") })
        let found = try await store.cases(CaseQuery(scope: .everything, text: "导入副本", limit: nil))
        #expect(found.items.count == copies.count)

        try await store.useKPIPolicy(KPIPolicy(responseHours: 3))
        try await store.useKPIPolicy(KPIPolicy())
        #expect(try Self.snapshot(db.path) == reopened)
    }
}
