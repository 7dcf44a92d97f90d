import ChengyunCore
public import ChengyunStore
import Foundation
import PostgresNIO

/// 地图 — the big screen's counts and markers as aggregate queries over typed columns. The map's cases are the open
/// ones whatever their age and the others (never merged ones) reported since a day, with a location.
extension PostgresStore {
    /// The condition of the map's cases: scope, node path, a location, the box, open or reported since.
    static func mapWhere(_ query: CaseMapQuery, _ q: inout SQLBuilder) -> String {
        var sql = whereClause(CaseQuery(scope: query.query.scope, nodePath: query.query.nodePath, limit: nil), &q)
        sql += " AND lon IS NOT NULL AND lat IS NOT NULL"
        if let box = query.box {
            sql += " AND lon BETWEEN \(q.bind(box.minLon)) AND \(q.bind(box.maxLon)) AND lat BETWEEN \(q.bind(box.minLat)) AND \(q.bind(box.maxLat))"
        }
        let open = CaseMapQuery.openStates.map(\.rawValue)
        sql += " AND (state = ANY(\(q.bind(open))) OR (state <> 'merged' AND reported_at >= \(q.bind(CaseColumns.ms(query.since)!))))"
        return sql
    }

    /// Overdue at the instant bound (as `CaseRecord.isOverdue`): open, running, past the deadline.
    static func mapOverdue(_ query: CaseMapQuery, _ q: inout SQLBuilder) -> String {
        "(deadline IS NOT NULL AND deadline < \(q.bind(CaseColumns.ms(query.now)!)) AND suspended_at IS NULL AND state IN ('accepted','dispatched','inProgress'))"
    }

    /// Each case is counted in its ancestor at `depth` (the id at that place of its path), or in its own node when it
    /// is filed higher up.
    public func mapCounts(_ query: CaseMapQuery, depth: Int) async throws -> [AreaCaseCount] {
        var q = SQLBuilder()
        let overdue = Self.mapOverdue(query, &q)
        let filter = Self.mapWhere(query, &q)
        let part = q.bind(String(depth + 2))
        q.append("""
            SELECT a.area, n.path, n.name, a.n, a.overdue, a.urgent, a.lon, a.lat FROM (
                SELECT coalesce(NULLIF(split_part(node_path, '/', \(part)::int), '')::bigint, node_id) AS area, count(*) AS n,
                       count(*) FILTER (WHERE \(overdue)) AS overdue, count(*) FILTER (WHERE urgency <> 'normal') AS urgent,
                       sum(lon) / count(*) AS lon, sum(lat) / count(*) AS lat
                FROM case_record WHERE \(filter) GROUP BY 1
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

extension PostgresStore: CaseMapStore {}
