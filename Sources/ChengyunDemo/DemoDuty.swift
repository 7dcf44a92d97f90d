import ChengyunCore
import ChengyunStore
import Foundation

/// The demo city's rosters — a day and a night shift at every centre, a day shift at every station, from a week
/// before `now` to a week after — and the last morning's handover at the city and street centres.
enum DemoDuty {
    static func build(tree: DemoTree, users: DemoUsers, calendar: WorkingCalendar, now: Date, store: any ChengyunStore) async throws -> Int {
        let byName = Dictionary(uniqueKeysWithValues: users.all.map { ($0.username, $0) })
        let offset = Double(calendar.utcOffsetSeconds)
        let today = calendar.localDate(of: now).daysSince1970
        func at(_ day: Int, _ minutes: Int) -> Date { Date(timeIntervalSince1970: Double(day * 86_400 + minutes * 60) - offset) }
        var centres: [(OrgNode, User?, User?)] = [(tree.city, byName["duty"], byName["leader"])]
        for (i, d) in tree.districts.enumerated() { centres.append((d, byName["duty.d\(i + 1)"], byName["leader.d\(i + 1)"])) }
        for (i, s) in tree.streets.enumerated() { centres.append((s, byName["duty.s\(i + 1)"], byName["leader.s\(i + 1)"])) }
        var shifts: [Shift] = []
        func add(_ node: OrgNode, _ post: DutyPost, _ user: User?, _ start: Date, _ end: Date) {
            guard let user else { return }
            shifts.append(Shift(id: ShiftID(0), nodeID: node.id, nodePath: node.path, post: post, userID: user.id, userName: user.displayName, start: start, end: end))
        }
        for day in (today - 7)...(today + 7) {
            for (node, duty, leader) in centres {
                add(node, .dutyOfficer, duty, at(day, 510), at(day, 1050))
                add(node, .leaderOnDuty, leader, at(day, 510), at(day, 1050))
                add(node, .dutyOfficer, duty, at(day, 1050), at(day + 1, 510))
            }
            for c in tree.committees {
                add(c, .dutyChief, byName["chief.\(c.code)"], at(day, 510), at(day, 1050))
                add(c, .dutyOfficer, byName["cw.\(c.code)"], at(day, 510), at(day, 1050))
            }
        }
        for chunk in stride(from: 0, to: shifts.count, by: 2000) {
            _ = try await store.createShifts(Array(shifts[chunk..<min(chunk + 2000, shifts.count)]))
        }
        // This morning's handover (or yesterday's, before 08:30) at the city and street centres.
        let handoverDay = now >= at(today, 510) ? today : today - 1
        for (node, duty, _) in centres where node.kind != .district {
            guard let duty else { continue }
            let open = try await store.cases(CaseQuery(scope: .everything, states: [.accepted, .dispatched, .inProgress, .handled, .verified], nodePath: node.path, limit: 2000)).items
            let handoverAt = at(handoverDay, 510)
            let matters = open.filter { ($0.state == .accepted && $0.leadDepartmentID == nil) || $0.isOverdue(at: handoverAt) || $0.supervised }
                .prefix(50).map { OpenMatter($0, now: handoverAt) }
            _ = try await store.createHandover(Handover(
                id: HandoverID(0), nodeID: node.id, fromUserID: duty.id, fromName: duty.displayName, toUserID: duty.id, toName: duty.displayName,
                at: handoverAt, note: "夜班平稳，无重大突发事件；超期与督办案件见清单。", openMatters: Array(matters), items: ["监控室一号大屏信号不稳，已报修"]))
        }
        return shifts.count
    }
}
