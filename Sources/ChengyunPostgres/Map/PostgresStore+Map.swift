import ChengyunCore
public import ChengyunStore
import Foundation
import PostgresNIO

/// 地图 — the big screen's counts and markers as aggregate queries over typed columns. The map's cases are the open
/// ones whatever their age and the others (never merged ones) reported since a day, with a location.
extension PostgresStore {
    /// The condition of the map's cases: scope, node path, a location, the box, open or reported since.
    static func mapWhere(_ query: CaseMapQuery, _ q: inout SQLBuilder) -> String {
        let open = CaseMapQuery.openStates.map(\.rawValue)
        return mapPlace(query, &q) + " AND (state = ANY(\(q.bind(open))) OR (state <> 'merged' AND reported_at >= \(q.bind(CaseColumns.ms(query.since)!))))"
    }

    /// Scope, node path, a location and the box: what both halves of the map's cases share.
    static func mapPlace(_ query: CaseMapQuery, _ q: inout SQLBuilder) -> String {
        var sql = whereClause(CaseQuery(scope: query.query.scope, nodePath: query.query.nodePath, limit: nil), &q)
        sql += " AND lon IS NOT NULL AND lat IS NOT NULL"
        if let box = query.box {
            sql += " AND lon BETWEEN \(q.bind(box.minLon)) AND \(q.bind(box.maxLon)) AND lat BETWEEN \(q.bind(box.minLat)) AND \(q.bind(box.maxLat))"
        }
        return sql
    }

    /// The open states and the finished ones the map shows, written out (not bound): the partial indexes
    /// `case_map_open` and `case_map_recent` apply only where the planner can read their condition in the query's.
    static let mapOpenSQL = "state IN (\(CaseMapQuery.openStates.map { "'\($0.rawValue)'" }.joined(separator: ",")))"
    static let mapFinishedSQL = "state NOT IN (\((CaseMapQuery.openStates + [.merged]).map { "'\($0.rawValue)'" }.joined(separator: ",")))"

    /// `v4-map-covering`: the map's counts below a street read the open cases and the finished ones reported since a
    /// day from two partial indexes that hold every column they count (index-only scans), not each case's row of the
    /// whole year (a street of the 10M city: 30,584 rows read to count 654, 2.0 s cold).
    static let mapMigrations = [
        PostgresMigration(name: "v4-map-covering", statements: [
            """
            CREATE INDEX IF NOT EXISTS case_map_open ON case_record (node_path) INCLUDE (state, node_id, lon, lat, urgency, deadline, suspended_at)
            WHERE lon IS NOT NULL AND lat IS NOT NULL AND \(mapOpenSQL)
            """,
            """
            CREATE INDEX IF NOT EXISTS case_map_recent ON case_record (node_path, reported_at) INCLUDE (state, node_id, lon, lat, urgency, deadline, suspended_at)
            WHERE lon IS NOT NULL AND lat IS NOT NULL AND \(mapFinishedSQL)
            """,
        ]),
    ]

    /// Overdue at the instant bound (as `CaseRecord.isOverdue`): open, running, past the deadline.
    static func mapOverdue(_ query: CaseMapQuery, _ q: inout SQLBuilder) -> String {
        "(deadline IS NOT NULL AND deadline < \(q.bind(CaseColumns.ms(query.now)!)) AND suspended_at IS NULL AND state IN ('accepted','dispatched','inProgress'))"
    }

    /// Each case is counted in its ancestor at `depth` (the id at that place of its path), or in its own node when it
    /// is filed higher up: streets from the map rollup where it answers, otherwise from the cases.
    public func mapCounts(_ query: CaseMapQuery, depth: Int) async throws -> [AreaCaseCount] {
        if let sinceDay = CaseMapRollup.sinceDay(query, depth: depth, utcOffsetSeconds: utcOffsetSeconds),
           let counts = try await mapCountsFromRollup(query, sinceDay: sinceDay) {
            return counts
        }
        var q = SQLBuilder()
        let overdue = Self.mapOverdue(query, &q)
        // The open cases and the finished ones reported since: two halves, each from its covering index.
        let open = Self.mapPlace(query, &q) + " AND \(Self.mapOpenSQL)"
        let recent = Self.mapPlace(query, &q) + " AND \(Self.mapFinishedSQL) AND reported_at >= \(q.bind(CaseColumns.ms(query.since)!))"
        let columns = "node_path, node_id, state, lon, lat, urgency, deadline, suspended_at"
        let part = q.bind(String(depth + 2))
        q.append("""
            SELECT a.area, n.path, n.name, a.n, a.overdue, a.urgent, a.lon, a.lat FROM (
                SELECT coalesce(NULLIF(split_part(node_path, '/', \(part)::int), '')::bigint, node_id) AS area, count(*) AS n,
                       count(*) FILTER (WHERE \(overdue)) AS overdue, count(*) FILTER (WHERE urgency <> 'normal') AS urgent,
                       sum(lon) / count(*) AS lon, sum(lat) / count(*) AS lat
                FROM (SELECT \(columns) FROM case_record WHERE \(open) UNION ALL SELECT \(columns) FROM case_record WHERE \(recent)) AS c
                GROUP BY 1
            ) a JOIN org_node n ON n.id = a.area
            ORDER BY n.path
            """)
        return try await rows(q.query).map { row in
            let (area, path, name, n, overdue, urgent, lon, lat) = try row.decode((Int64, String, String, Int64, Int64, Int64, Double, Double).self)
            return AreaCaseCount(nodeID: NodeID(area), path: path, name: name, count: Int(n), overdue: Int(overdue), urgent: Int(urgent),
                                 centre: GeoPoint(lon: lon, lat: lat))
        }
    }

    /// Open cases first (overdue, then the newest), then the others, newest first; one more than asked shows a cap.
    public func mapMarkers(_ query: CaseMapQuery, limit: Int) async throws -> CaseMarkerPage {
        var q = SQLBuilder()
        let overdue = Self.mapOverdue(query, &q)
        let filter = Self.mapWhere(query, &q)
        let open = q.bind(CaseMapQuery.openStates.map(\.rawValue))
        q.append("""
            SELECT id, lon, lat, state, urgency, category_id, \(overdue) FROM case_record WHERE \(filter)
            ORDER BY state = ANY(\(open)) DESC, \(overdue) DESC, CASE WHEN state = ANY(\(open)) THEN id END DESC, reported_at DESC, id DESC
            LIMIT \(q.bind(Int64(limit + 1)))
            """)
        let markers = try await rows(q.query).map { row in
            let (id, lon, lat, state, urgency, category, overdue) = try row.decode((Int64, Double, Double, String, String, String, Bool).self)
            guard let state = CaseState(rawValue: state), let urgency = Urgency(rawValue: urgency) else {
                throw PostgresStoreError(description: "case_record \(id) holds an unknown state or urgency")
            }
            return CaseMarker(id: id, lon: lon, lat: lat, state: state, urgency: urgency, overdue: overdue, categoryID: category)
        }
        return CaseMarkerPage(markers: Array(markers.prefix(limit)), capped: markers.count > limit)
    }
}

extension PostgresStore {
    /// The counts per street from the map rollup (`CaseMapRollup`), with the running cases whose deadline lies between
    /// the overdue mark and now and the caller's own reports outside its subtrees from the cases, in one snapshot; nil
    /// when a subtree lies below a street.
    func mapCountsFromRollup(_ query: CaseMapQuery, sinceDay: Int) async throws -> [AreaCaseCount]? {
        guard var paths = KPIRollupPlan.rollupPaths(query.query) else { return nil }
        let logger = logger, offset = utcOffsetSeconds, now = CaseColumns.ms(query.now)!
        return try await snapshot { c -> [AreaCaseCount]? in
            paths = try await expandRoot(c, paths)
            guard CaseMapRollup.answers(paths) else { return nil }
            let mark = try await overdueMark(c)
            var areas: [Int64: CaseMapRollup.Area] = [:]
            for path in paths {
                let (low, high) = OrgNode.pathRange(path)
                for row in try await c.rows("""
                    SELECT o.id, o.path, o.name, sum(r.n)::bigint, sum(r.urgent)::bigint, sum(r.lon)::bigint, sum(r.lat)::bigint, sum(r.overdue)::bigint
                    FROM case_map_rollup r JOIN org_node o ON o.id = r.node_id
                    WHERE (r.day = \(Int32(CaseMapRollup.openDay)) OR r.day >= \(Int64(sinceDay))) AND o.path >= \(low) AND o.path < \(high)
                    GROUP BY o.id
                    """, logger: logger) {
                    let (id, path, name, n, urgent, lon, lat, overdue) = try row.decode((Int64, String, String, Int64, Int64, Int64, Int64, Int64).self)
                    guard n > 0 else { continue }
                    areas[id] = CaseMapRollup.Area(path: path, name: name, tally: CaseMapRollup.Tally(count: n, urgent: urgent, lon: lon, lat: lat), overdue: Int(overdue))
                }
                // Overdue between the overdue mark and now (or, with the mark ahead, taken away).
                guard let (from, to, sign) = CaseRollups.overdueBetween(mark: mark, now: now) else { continue }
                for row in try await c.rows("""
                    SELECT node_path, count(*) FROM case_record
                    WHERE \(unescaped: Self.runningSQL) AND lon IS NOT NULL AND lat IS NOT NULL AND deadline >= \(from) AND deadline < \(to)
                      AND node_path >= \(low) AND node_path < \(high)
                    GROUP BY 1
                    """, logger: logger) {
                    let (path, n) = try row.decode((String, Int64).self)
                    if let area = CaseMapRollup.area(path) { areas[area.rawValue]?.overdue += sign * Int(n) }
                }
            }
            if let reporter = query.query.scope.reporter {
                // The caller's own reports outside those subtrees (under the node path, when the query has one), a
                // case at a time: a person reports few.
                var q = SQLBuilder()
                var filter = "reporter_id = \(q.bind(reporter.rawValue)) AND lon IS NOT NULL AND lat IS NOT NULL AND state <> 'merged'"
                for path in paths {
                    let (low, high) = OrgNode.pathRange(path)
                    filter += " AND NOT (node_path >= \(q.bind(low)) AND node_path < \(q.bind(high)))"
                }
                if let path = query.query.nodePath {
                    let (low, high) = OrgNode.pathRange(path)
                    filter += " AND node_path >= \(q.bind(low)) AND node_path < \(q.bind(high))"
                }
                q.append("SELECT node_path, state, reported_at, urgency <> 'normal', lon, lat, deadline, suspended_at FROM case_record WHERE \(filter)")
                for row in try await c.rows(q.query, logger: logger) {
                    let (path, stateName, reportedMS, urgent, lon, lat, deadline, suspended) = try row.decode((String, String, Int64, Bool, Double, Double, Int64?, Int64?).self)
                    guard let state = CaseState(rawValue: stateName), let reported = CaseColumns.date(reportedMS),
                          CaseMapQuery.openStates.contains(state) || reported >= query.since,
                          let (key, tally) = CaseMapRollup.part(path: path, state: state, reportedAt: reported, urgent: urgent, lon: lon, lat: lat,
                                                                utcOffsetSeconds: offset) else { continue }
                    if areas[key.node] == nil {
                        guard let node = try await c.rows("SELECT path, name FROM org_node WHERE id = \(key.node)", logger: logger).first else { continue }
                        let (nodePath, name) = try node.decode((String, String).self)
                        areas[key.node] = CaseMapRollup.Area(path: nodePath, name: name)
                    }
                    CaseMapRollup.addOwn(&areas, key: key, tally: tally, state: state, deadline: deadline, suspended: suspended, now: now)
                }
            }
            return CaseMapRollup.counts(areas, box: query.box)
        }
    }
}

extension PostgresStore: CaseMapStore {}
