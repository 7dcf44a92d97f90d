public import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB

/// 汛情 — direct reports (typed columns, times in milliseconds, a caller's request key kept with its report) and the
/// counts of the flood-season history.
extension SQLiteStore {
    static func registerFloodMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v15-direct-reports") { db in
            try db.execute(sql: """
                CREATE TABLE direct_report (
                    id INTEGER PRIMARY KEY,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    node_name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    lon REAL,
                    lat REAL,
                    address TEXT NOT NULL,
                    description TEXT NOT NULL,
                    reported_by TEXT NOT NULL,
                    reporter_name TEXT NOT NULL,
                    reported_at INTEGER NOT NULL,
                    request_key TEXT
                );
                CREATE INDEX direct_report_path ON direct_report(node_path, reported_at);
                CREATE UNIQUE INDEX direct_report_request ON direct_report(reported_by, request_key) WHERE request_key IS NOT NULL;
                CREATE INDEX sensing_alarm_raised ON sensing_alarm(raised_at);
                """)
        }
    }

    static func directReport(_ r: Row) -> DirectReport {
        let lon: Double? = r["lon"], lat: Double? = r["lat"], kind: String = r["kind"], at: Int64 = r["reported_at"]
        return DirectReport(id: DirectReportID(r["id"] as Int64), nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"], nodeName: r["node_name"],
                            kind: DirectReport.Kind(rawValue: kind) ?? .other, count: r["count"],
                            location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } }, address: r["address"], description: r["description"],
                            reportedBy: r["reported_by"], reporterName: r["reporter_name"], reportedAt: Date(timeIntervalSince1970: Double(at) / 1000))
    }

    public func createDirectReport(_ report: DirectReport, requestKey: String?) async throws -> (report: DirectReport, created: Bool) {
        try await writer.write { db in
            if let requestKey, let known = try Row.fetchOne(db, sql: "SELECT * FROM direct_report WHERE reported_by = ? AND request_key = ?",
                                                            arguments: [report.reportedBy, requestKey]) {
                return (Self.directReport(known), false)
            }
            try db.execute(sql: """
                INSERT INTO direct_report (node_id, node_path, node_name, kind, count, lon, lat, address, description, reported_by, reporter_name, reported_at,
                                           request_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [report.nodeID.rawValue, report.nodePath, report.nodeName, report.kind.rawValue, report.count, report.location?.lon,
                                 report.location?.lat, report.address, report.description, report.reportedBy, report.reporterName,
                                 CaseRows.ms(report.reportedAt), requestKey])
            var stored = report
            stored.id = DirectReportID(db.lastInsertedRowID)
            return (stored, true)
        }
    }

    public func directReports(under path: String, before: DirectReportID?, limit: Int) async throws -> [DirectReport] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM direct_report WHERE node_path >= ? AND node_path < ? AND id < ? ORDER BY id DESC LIMIT ?
                """, arguments: [low, high, before?.rawValue ?? Int64.max, limit]).map(Self.directReport)
        }
    }

    public func directReportCounts(under path: String, from: Date, to: Date) async throws -> [FloodSeasonSummary.Reports] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT kind, COUNT(*) AS reports, SUM(count) AS total FROM direct_report
                WHERE node_path >= ? AND node_path < ? AND reported_at >= ? AND reported_at < ? GROUP BY kind ORDER BY kind
                """, arguments: [low, high, CaseRows.ms(from), CaseRows.ms(to)]).compactMap { r in
                DirectReport.Kind(rawValue: r["kind"]).map { FloodSeasonSummary.Reports(kind: $0, reports: r["reports"], count: r["total"]) }
            }
        }
    }

    public func alarmTally(under path: String, from: Date, to: Date) async throws -> [AlarmTally] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT level, kind, COUNT(*) AS n, COUNT(DISTINCT datastream_id) AS streams FROM sensing_alarm
                WHERE raised_at >= ? AND raised_at < ? AND node_path >= ? AND node_path < ? GROUP BY level, kind
                """, arguments: [Int64(from.timeIntervalSince1970), Int64(to.timeIntervalSince1970), low, high]).compactMap { r in
                let kind: String? = r["kind"]
                return AlarmLevel(rawValue: r["level"]).map { AlarmTally(level: $0, kind: kind.flatMap(DeviceKind.init(rawValue:)), alarms: r["n"], datastreams: r["streams"]) }
            }
        }
    }
}
