public import Foundation

/// One row of an imported roster.
public struct RosterLine: Sendable, Hashable {
    public var line: Int
    public var start: Date
    public var end: Date
    public var post: DutyPost
    public var username: String
}

/// 排班表导入 — a roster as CSV: a header row, then `date,start,end,post,username` per shift, e.g.
/// `2026-11-24,08:30,17:30,dutyOfficer,duty.s1`. Times are local (the working calendar's offset); an end at or
/// before the start is on the next day (a night shift). The post is an identifier or its Chinese name.
public enum RosterCSV {
    public static let header = "date,start,end,post,username"

    public static func parse(_ text: String, utcOffsetSeconds: Int) throws(DomainError) -> [RosterLine] {
        let rows = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = rows.first, first.lowercased().replacingOccurrences(of: " ", with: "").hasPrefix("date,start,end,post,username") else {
            throw DutyError.rosterHeader(header)
        }
        var lines: [RosterLine] = []
        for (i, row) in rows.enumerated().dropFirst() where !row.isEmpty {
            let n = i + 1
            let cells = row.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 5 else {
                throw DutyError.rosterColumns(line: n, count: cells.count, header: header)
            }
            guard let day = LocalDate(cells[0]) else {
                throw DutyError.rosterDate(line: n, cells[0])
            }
            guard let from = minutes(cells[1]) else {
                throw DutyError.rosterTime(line: n, column: "start", cells[1], example: "08:30")
            }
            guard let to = minutes(cells[2]) else {
                throw DutyError.rosterTime(line: n, column: "end", cells[2], example: "17:30")
            }
            guard let post = DutyPost(rawValue: cells[3]) ?? DutyPost.allCases.first(where: { $0.chinese == cells[3] }) else {
                throw DutyError.rosterPost(line: n, cells[3])
            }
            guard !cells[4].isEmpty else {
                throw DutyError.rosterUsername(line: n)
            }
            let midnight = Double(day.daysSince1970 * 86_400 - utcOffsetSeconds)
            let start = Date(timeIntervalSince1970: midnight + Double(from * 60))
            let end = Date(timeIntervalSince1970: midnight + Double((to <= from ? to + 1440 : to) * 60))
            lines.append(RosterLine(line: n, start: start, end: end, post: post, username: cells[4]))
        }
        guard !lines.isEmpty else { throw DutyError.rosterEmpty }
        return lines
    }

    /// `HH:mm` as minutes after midnight; `24:00` is the end of the day.
    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else { return nil }
        return h * 60 + m
    }
}
