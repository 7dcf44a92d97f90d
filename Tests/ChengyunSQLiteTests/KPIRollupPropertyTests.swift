import ChengyunCore
@testable import ChengyunSQLite
import ChengyunStore
import ChengyunTesting
import Foundation
import Testing

/// Issue 15, point 2, on SQLite: every figure the database counts equals the formula over the raw cases
/// (ChengyunTesting's `KPIProperty`), and the month rows of the rollups.
@Suite("统计 counting in the database equals the formula over the raw cases")
struct KPIRollupPropertyTests {
    @Test("随机城市、随机周期与范围：指标、排名、趋势、居委视图、分状态计数与原始案件逐项相等", arguments: KPIProperty.seeds)
    func figuresEqualTheFormula(seed: UInt64) async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        try await KPIProperty.figuresEqualTheFormula(seed: seed, store: try SQLiteStore(path: db.path))
    }

    @Test("月份行：本地日与月份互算与公历一致，整月之外的日子由日行补足")
    func monthsOfLocalDays() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        for day in stride(from: 0, to: 40_000, by: 7) {
            let parts = calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: Double(day) * 86_400))
            let month = (parts.year! - 1970) * 12 + parts.month! - 1
            #expect(RollupMonths.month(ofDay: day) == month, "day \(day)")
            let first = calendar.date(from: DateComponents(year: parts.year, month: parts.month, day: 1))!
            #expect(RollupMonths.firstDay(ofMonth: month) == Int(first.timeIntervalSince1970 / 86_400), "month \(month)")
        }
        // 2026-10-21 … 2026-12-02: November from its month row, the rest from day rows.
        #expect(RollupMonths.ranges(20_747..<20_789) == [20_747..<20_758, -683..<(-682), 20_788..<20_789])
        #expect(RollupMonths.ranges(20_747..<20_760) == [20_747..<20_760])
    }

}
