public import ChengyunCore
public import ChengyunStore
import Foundation
import GRDB

/// 类案治理 — what hotspot finding reads: a handful of columns of the window's cases, from the map's two covering
/// indexes (recent finished cases by report time; open cases, which are few, with their report time), so no case row
/// is read; the numbers only of the cases that make a hotspot.
extension SQLiteStore {
    /// `v5-hotspot-open`: the open cases' map index also holds the report time, so hotspots read open cases from it.
    static func registerHotspotMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v5-hotspot-open") { db in
            try db.execute(sql: """
                DROP INDEX case_map_open;
                CREATE INDEX case_map_open ON case_record(state, lon, lat, node_path, urgency, deadline, suspended_at, category_id, reported_at)
                    WHERE state IN ('accepted','dispatched','inProgress','handled','verified');
                """)
        }
    }

    public func hotspotCases(_ query: CaseQuery) async throws -> [HotspotCase] {
        try await read { db in
            let tight = try Self.tightened(query, db)
            let (scope, scopeArgs) = Self.whereClause(CaseQuery(scope: tight.scope, categoryID: tight.categoryID, nodePath: tight.nodePath, limit: nil))
            let since = CaseRows.ms(query.reportedFrom ?? .distantPast)
            let columns = "id, category_id, node_path, lon, lat, state, reported_at"
            // Each half names its index's state list exactly (SQLite uses a partial index only then).
            let sql = """
                SELECT \(columns) FROM case_record WHERE \(Self.mapRecentSQL) AND \(scope)
                UNION ALL
                SELECT \(columns) FROM case_record WHERE \(Self.mapOpenSQL) AND reported_at >= ? AND \(scope)
                """
            var arguments: StatementArguments = [since]
            arguments += scopeArgs
            arguments += [since]
            arguments += scopeArgs
            var cases: [HotspotCase] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                guard let state = CaseState(rawValue: row[5]), state != .rejected, state != .merged else { continue }
                let path: String = row[2]
                let lon: Double? = row[3], lat: Double? = row[4]
                cases.append(HotspotCase(
                    id: CaseID(row[0] as Int64), categoryID: row[1], nodeID: OrgNode.lastID(inPath: path) ?? NodeID(0), nodePath: path,
                    location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } }, state: state, reportedAt: CaseRows.date(row[6])!))
            }
            return cases
        }
    }

    public func caseNumbers(_ ids: [CaseID]) async throws -> [CaseID: String] {
        guard !ids.isEmpty else { return [:] }
        return try await read { db in
            var numbers: [CaseID: String] = [:]
            numbers.reserveCapacity(ids.count)
            let statement = try db.cachedStatement(sql: "SELECT id, number FROM case_record WHERE id IN (SELECT value FROM json_each(?))")
            let rows = try Row.fetchCursor(statement, arguments: [jsonIDs(ids.map(\.rawValue))])
            while let row = try rows.next() { numbers[CaseID(row[0] as Int64)] = row[1] }
            return numbers
        }
    }
}
