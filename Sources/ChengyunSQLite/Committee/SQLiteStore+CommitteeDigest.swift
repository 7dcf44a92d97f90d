public import ChengyunCore
import ChengyunStore
public import Foundation
import GRDB

/// 居委简报 — a committee's digest counted by the database from its cases (by path and report time), their compounds,
/// and its residents per house.
extension SQLiteStore {
    public func categoryCounts(under path: String, from: Date, to: Date) async throws -> [String: Int] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            var out: [String: Int] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT category_id, COUNT(*) FROM case_record INDEXED BY case_path
                WHERE node_path >= ? AND node_path < ? AND reported_at >= ? AND reported_at < ? AND state NOT IN ('rejected', 'merged')
                GROUP BY category_id
                """, arguments: [low, high, CaseColumns.ms(from), CaseColumns.ms(to)]) {
                out[r[0]] = r[1]
            }
            return out
        }
    }

    public func compoundCategoryCounts(under path: String, from: Date, to: Date, atLeast: Int) async throws -> [CommitteeDigest.SuggestedTopic] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.compound_id, p.name, c.category_id, COUNT(*) AS n FROM case_record c INDEXED BY case_path JOIN compound p ON p.id = c.compound_id
                WHERE c.node_path >= ? AND c.node_path < ? AND c.reported_at >= ? AND c.reported_at < ? AND c.compound_id IS NOT NULL
                  AND c.state NOT IN ('rejected', 'merged')
                GROUP BY c.compound_id, c.category_id HAVING COUNT(*) >= ? ORDER BY n DESC, c.compound_id, c.category_id LIMIT 20
                """, arguments: [low, high, CaseColumns.ms(from), CaseColumns.ms(to), atLeast]).map {
                CommitteeDigest.SuggestedTopic(compoundID: CompoundID($0[0] as Int64), compoundName: $0[1], categoryID: $0[2], count: $0[3])
            }
        }
    }

    public func crowdedHouses(under path: String, atLeast: Int, limit: Int) async throws -> [CommitteeDigest.Pattern] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT h.id, p.name, b.number, h.unit, h.number, n FROM (
                    SELECT house_id, COUNT(*) AS n FROM resident WHERE node_path >= ? AND node_path < ? AND house_id IS NOT NULL AND moved_out IS NULL
                    GROUP BY house_id HAVING COUNT(*) >= ?) r
                JOIN house h ON h.id = r.house_id JOIN building b ON b.id = h.building_id JOIN compound p ON p.id = b.compound_id
                ORDER BY n DESC, h.id LIMIT ?
                """, arguments: [low, high, atLeast, limit]).map {
                CommitteeDigest.Pattern(kind: .groupRenting, houseID: HouseID($0[0] as Int64), compoundName: $0[1], building: $0[2], unit: $0[3], house: $0[4], residents: $0[5])
            }
        }
    }

    public func overdueOpenCount(under path: String, now: Date) async throws -> Int {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_record WHERE \(Self.runningSQL) AND deadline < ? AND node_path >= ? AND node_path < ?",
                             arguments: [CaseColumns.ms(now), low, high]) ?? 0
        }
    }
}
