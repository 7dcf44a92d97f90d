import ChengyunCore
public import ChengyunStore
public import Foundation
import PostgresNIO

/// 开放数据 — case counts per local day, district and major class, counted by the database.
extension PostgresStore {
    /// The district of a case is the third part of its path (`/1/4/17/` → 4).
    public func caseCounts(from: Date, to: Date, utcOffsetSeconds: Int) async throws -> [CaseCountRow] {
        try await rows("""
            SELECT g.day, d.id, g.major, g.reported, g.closed FROM (
                SELECT (reported_at / 1000 + \(Int64(utcOffsetSeconds))) / 86400 AS day, split_part(node_path, '/', 3) AS district,
                       substr(category_id, 1, length(category_id) - 2) AS major,
                       count(*) AS reported, count(*) FILTER (WHERE state IN ('closed', 'rated')) AS closed
                FROM case_record WHERE reported_at >= \(CaseColumns.ms(from)!) AND reported_at < \(CaseColumns.ms(to)!)
                GROUP BY 1, 2, 3
            ) g JOIN org_node d ON d.kind = 'district' AND d.id::text = g.district
            ORDER BY g.day, d.path, g.major
            """).map { row in
            let (day, district, major, reported, closed) = try row.decode((Int64, Int64, String, Int64, Int64).self)
            return CaseCountRow(day: LocalDate(daysSince1970: Int(day)), districtID: NodeID(district), majorClass: major, reported: Int(reported), closed: Int(closed))
        }
    }
}

extension PostgresStore: OpenDataStore {}
