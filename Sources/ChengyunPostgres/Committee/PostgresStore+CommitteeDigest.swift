public import ChengyunCore
import ChengyunStore
public import Foundation
import PostgresNIO

/// 居委简报 — the digest's counts as the SQLite adapter reads them.
extension PostgresStore {
    public func categoryCounts(under path: String, from: Date, to: Date) async throws -> [String: Int] {
        let (low, high) = OrgNode.pathRange(path)
        var out: [String: Int] = [:]
        for row in try await rows("""
            SELECT category_id, count(*)::bigint FROM case_record
            WHERE node_path >= \(low) AND node_path < \(high) AND reported_at >= \(CaseColumns.ms(from)) AND reported_at < \(CaseColumns.ms(to))
              AND state NOT IN ('rejected', 'merged')
            GROUP BY category_id
            """) {
            let (category, n) = try row.decode((String, Int).self)
            out[category] = n
        }
        return out
    }

    public func compoundCategoryCounts(under path: String, from: Date, to: Date, atLeast: Int) async throws -> [CommitteeDigest.SuggestedTopic] {
        let (low, high) = OrgNode.pathRange(path)
        return try await rows("""
            SELECT c.compound_id, p.name, c.category_id, count(*)::bigint AS n FROM case_record c JOIN compound p ON p.id = c.compound_id
            WHERE c.node_path >= \(low) AND c.node_path < \(high) AND c.reported_at >= \(CaseColumns.ms(from)) AND c.reported_at < \(CaseColumns.ms(to))
              AND c.compound_id IS NOT NULL AND c.state NOT IN ('rejected', 'merged')
            GROUP BY c.compound_id, p.name, c.category_id HAVING count(*) >= \(Int64(atLeast)) ORDER BY n DESC, c.compound_id, c.category_id LIMIT 20
            """).map { row in
            let (compound, name, category, n) = try row.decode((Int64, String, String, Int).self)
            return CommitteeDigest.SuggestedTopic(compoundID: CompoundID(compound), compoundName: name, categoryID: category, count: n)
        }
    }

    public func crowdedHouses(under path: String, atLeast: Int, limit: Int) async throws -> [CommitteeDigest.Pattern] {
        let (low, high) = OrgNode.pathRange(path)
        return try await rows("""
            SELECT h.id, p.name, b.number, h.unit, h.number, r.n FROM (
                SELECT house_id, count(*)::bigint AS n FROM resident WHERE node_path >= \(low) AND node_path < \(high) AND house_id IS NOT NULL AND moved_out IS NULL
                GROUP BY house_id HAVING count(*) >= \(Int64(atLeast))) r
            JOIN house h ON h.id = r.house_id JOIN building b ON b.id = h.building_id JOIN compound p ON p.id = b.compound_id
            ORDER BY r.n DESC, h.id LIMIT \(Int64(limit))
            """).map { row in
            let (house, compound, building, unit, number, n) = try row.decode((Int64, String, String, String, String, Int).self)
            return CommitteeDigest.Pattern(kind: .groupRenting, houseID: HouseID(house), compoundName: compound, building: building, unit: unit, house: number, residents: n)
        }
    }

    public func overdueOpenCount(under path: String, now: Date) async throws -> Int {
        let (low, high) = OrgNode.pathRange(path)
        return try await rows("""
            SELECT count(*)::bigint FROM case_record WHERE \(unescaped: Self.runningSQL) AND deadline < \(CaseColumns.ms(now)) AND node_path >= \(low) AND node_path < \(high)
            """).first?.decode(Int.self) ?? 0
    }
}
