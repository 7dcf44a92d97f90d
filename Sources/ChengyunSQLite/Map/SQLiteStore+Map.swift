import ChengyunCore
public import ChengyunStore
import Foundation
import GRDB

/// 地图 — the big screen's counts and markers as aggregate queries over typed columns. The map's cases are two
/// disjoint sets, each read from a partial index that holds every column the map needs, so no case row is read: the
/// open cases (`case_map_open`, by state and position, for a view's box) and the others but merged ones reported since
/// a day (`case_map_recent`, by state and report time). Both lead with the state, which the queries name with the same
/// `IN` list as the index (SQLite uses a partial index only then, and prefers an index it can seek by equality).
extension SQLiteStore {
    /// `v5-case-map`: the two covering indexes of the map.
    static func registerMapMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v5-case-map") { db in
            try db.execute(sql: """
                CREATE INDEX case_map_open ON case_record(state, lon, lat, node_path, urgency, deadline, suspended_at, category_id)
                    WHERE state IN ('accepted','dispatched','inProgress','handled','verified');
                CREATE INDEX case_map_recent ON case_record(state, reported_at, lon, lat, node_path, urgency, category_id)
                    WHERE state IN ('reported','rejected','closed','rated','returnedToPolice');
                """)
        }
    }

    /// The states as an SQL list in the order of `CaseState.allCases`, e.g. `'accepted','dispatched'`.
    static func stateList(_ states: [CaseState]) -> String {
        CaseState.allCases.filter(states.contains).map { "'\($0.rawValue)'" }.joined(separator: ",")
    }
    /// The open states: the terms of `case_map_open` while the states are those of today (a new state would make the
    /// list differ, and the query slower but still right).
    static let mapOpenSQL = "state IN (\(stateList(CaseMapQuery.openStates)))"
    /// Neither open nor merged, reported since the time bound first: the terms of `case_map_recent`.
    static let mapRecentSQL = "state IN (\(stateList(CaseState.allCases.filter { !CaseMapQuery.openStates.contains($0) && $0 != .merged }))) AND reported_at >= ?"
    /// 1 when an open case is overdue at the instant bound first, else 0 (as `CaseRecord.isOverdue`); the others never are.
    static let mapOverdueSQL = "(deadline IS NOT NULL AND deadline < ? AND suspended_at IS NULL AND state IN ('accepted','dispatched','inProgress'))"

    /// The condition shared by both parts: scope, node path, a location, and the box.
    static func mapWhere(_ q: CaseMapQuery) -> (String, StatementArguments) {
        let (scope, args) = whereClause(CaseQuery(scope: q.query.scope, nodePath: q.query.nodePath, limit: nil))
        var sql = scope + " AND lon IS NOT NULL AND lat IS NOT NULL"
        var arguments = args
        if let box = q.box {
            sql += " AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?"
            arguments += [box.minLon, box.maxLon, box.minLat, box.maxLat]
        }
        return (sql, arguments)
    }

    /// The index of the recent part: the subtree's (`case_path`, by path and report time) where the subtree is the
    /// narrower of the two (a street's week: ~1,000 of its ~50,000 cases at 10M), else the map's own, by report time
    /// (which would read the whole city's week, ~100,000, to keep a street's).
    /// (A street or below only: `mapWhere` names a city's or a district's path so that no index serves it.)
    static func mapRecentIndex(_ q: CaseMapQuery) -> String {
        let n = narrowed(CaseQuery(scope: q.query.scope, nodePath: q.query.nodePath, reportedFrom: q.since, limit: nil))
        guard let path = onePath(n), OrgNode.ids(inPath: path).count > 2, pathIsNarrower(n) else { return "" }
        return " INDEXED BY case_path"
    }

    public func mapCounts(_ query: CaseMapQuery, depth: Int) async throws -> [AreaCaseCount] {
        // Per street over whole days: from the rollup (SQLiteStore+MapRollup.swift).
        if let counts = try await read({ [self] db in try mapCountsFromRollup(db, query, depth: depth) }) { return counts }
        let (base, args) = Self.mapWhere(query)
        let now = CaseRows.ms(query.now), since = CaseRows.ms(query.since)
        let select = "SELECT node_path, COUNT(*) AS n, SUM(urgency <> 'normal') AS urgent, SUM(lon) AS lon, SUM(lat) AS lat"
        let parts: [(String, StatementArguments)] = [
            ("\(select), SUM(\(Self.mapOverdueSQL)) AS overdue FROM case_record WHERE \(Self.mapOpenSQL) AND \(base) GROUP BY node_path", [now] + args),
            ("\(select), 0 AS overdue FROM case_record\(Self.mapRecentIndex(query)) WHERE \(Self.mapRecentSQL) AND \(base) GROUP BY node_path", [since] + args),
        ]
        struct Sum { var path: String; var name = ""; var count = 0, overdue = 0, urgent = 0; var lon = 0.0, lat = 0.0 }
        let sums = try await read { db in
            var sums: [Int64: Sum] = [:]
            for (sql, arguments) in parts {
                for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                    let path: String = row["node_path"]
                    // The area at the depth asked for, or the case's own node when it is filed higher up.
                    guard let area = OrgNode.ancestor(of: path, depth: depth) ?? OrgNode.ids(inPath: path).last.map({ ($0, path) }) else { continue }
                    var s = sums[area.id.rawValue] ?? Sum(path: area.path)
                    s.count += row["n"] as Int
                    s.overdue += row["overdue"] as Int? ?? 0
                    s.urgent += row["urgent"] as Int? ?? 0
                    s.lon += row["lon"] as Double? ?? 0
                    s.lat += row["lat"] as Double? ?? 0
                    sums[area.id.rawValue] = s
                }
            }
            // The areas' names, a few hundred at most in a view.
            let ids = Array(sums.keys)
            try inChunks(ids) { chunk, list in
                for row in try Row.fetchAll(db, sql: "SELECT id, name FROM org_node WHERE id IN (\(list))", arguments: StatementArguments(chunk)) {
                    sums[row["id"] as Int64]?.name = row["name"]
                }
            }
            return sums
        }
        return sums.map { id, s in
            AreaCaseCount(nodeID: NodeID(id), path: s.path, name: s.name, count: s.count, overdue: s.overdue, urgent: s.urgent,
                          centre: GeoPoint(lon: s.lon / Double(s.count), lat: s.lat / Double(s.count)))
        }.sorted { $0.path < $1.path }
    }

    public func mapMarkers(_ query: CaseMapQuery, limit: Int) async throws -> CaseMarkerPage {
        let (base, args) = Self.mapWhere(query)
        let now = CaseRows.ms(query.now), since = CaseRows.ms(query.since)
        let select = "SELECT id, lon, lat, state, urgency, category_id"
        return try await read { db in
            var markers: [CaseMarker] = []
            func fetch(_ sql: String, _ arguments: StatementArguments) throws {
                for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                    guard let state = CaseState(rawValue: row["state"]), let urgency = Urgency(rawValue: row["urgency"]) else {
                        throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "case_record holds an unknown state or urgency")
                    }
                    markers.append(CaseMarker(id: row["id"], lon: row["lon"], lat: row["lat"], state: state, urgency: urgency,
                                              overdue: row["overdue"], categoryID: row["category_id"]))
                }
            }
            // Open cases first (overdue, then the newest), then the others, newest first; one more than asked shows a cap.
            try fetch("\(select), \(Self.mapOverdueSQL) AS overdue FROM case_record WHERE \(Self.mapOpenSQL) AND \(base) ORDER BY overdue DESC, id DESC LIMIT ?",
                      [now] + args + [limit + 1])
            if markers.count <= limit {
                try fetch("\(select), 0 AS overdue FROM case_record\(Self.mapRecentIndex(query)) WHERE \(Self.mapRecentSQL) AND \(base) ORDER BY reported_at DESC, id DESC LIMIT ?",
                          [since] + args + [limit + 1 - markers.count])
            }
            let capped = markers.count > limit
            return CaseMarkerPage(markers: Array(markers.prefix(limit)), capped: capped)
        }
    }
}
