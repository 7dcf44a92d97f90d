import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 知事项: list items with their station types and categories (a code once per list), found over a path (the city's
    /// and a district's, or under it) and by list; withdrawn and restored with a version; a station's cases counted by
    /// category — open and overdue now, reported and closed in a period, another station's and other categories' not;
    /// a daily task ticked once (the second ticking returns the first; eight at once make one).
    public static func matters(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & StationStore & CaseStore & MatterStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let at = Date(timeIntervalSince1970: 1_781_000_000)
        func item(_ list: MatterItem.List, _ code: String, _ node: OrgNode, _ types: [StationType], _ categories: [String]) -> MatterItem {
            MatterItem(id: MatterItemID(0), list: list, code: code, name: "事项\(code)", nodeID: node.id, nodePath: node.path, stationTypes: types, categoryIDs: categories,
                       guide: "每日巡查")
        }
        let pile = try await store.createMatterItem(item(.positive, "P01", t.city, [.communityCentre, .village], ["event:0110", "event:0507"]))
        #expect(pile.id.rawValue > 0 && pile.version == 1)
        #expect(try await store.matterItem(pile.id) == pile)
        let daily = try await store.createMatterItem(item(.responsibility, "R01", t.district, [.communityCentre], ["event:0509"]))
        let sameCode = try await store.createMatterItem(item(.responsibility, "P01", t.district, [.specialArea], ["event:0201"]))
        #expect(sameCode.id != pile.id, "a code is unique within its list")
        do {
            _ = try await store.createMatterItem(item(.positive, "P01", t.district, [.village], ["event:0110"]))
            Issue.record("a second P01 on the positive list")
        } catch let error as DomainError { #expect(error.code == "matter.duplicate_code") }
        #expect(try await store.matterItems(over: t.committee.path, under: false, list: nil).map(\.code) == ["P01", "P01", "R01"])
        #expect(try await store.matterItems(over: t.committee.path, under: false, list: .positive).map(\.id) == [pile.id])
        #expect(try await store.matterItems(over: t.city.path, under: false, list: nil).map(\.id) == [pile.id], "the city's own, without under")
        #expect(try await store.matterItems(over: t.city.path, under: true, list: .responsibility).map(\.id) == [sameCode.id, daily.id])
        let withdrawn = try #require(try await store.setMatterItemActive(daily.id, false))
        #expect(!withdrawn.active && withdrawn.version == 2 && withdrawn.stationTypes == [.communityCentre] && withdrawn.categoryIDs == ["event:0509"])
        #expect(try await store.setMatterItemActive(daily.id, true)?.version == 3)
        #expect(try await store.setMatterItemActive(MatterItemID(987_654), true) == nil)

        let station = try await store.createStation(Station(id: StationID(0), code: "MS1", name: "长乐站", type: .communityCentre, nodeID: t.street.id, nodePath: t.street.path,
                                                            committeeIDs: [t.committee.id]))
        let other = try await store.createStation(Station(id: StationID(0), code: "MS2", name: "另一站", type: .specialArea, nodeID: t.street.id, nodePath: t.street.path,
                                                          committeeIDs: []))
        func record(_ category: String, _ state: CaseState, reported: Date, deadline: Date? = nil, closed: Date? = nil, station: StationID? = station.id) async throws {
            var r = newCase(t.grid, at: reported, category: category)
            r.stationID = station
            r.state = state
            r.deadline = deadline
            r.closedAt = closed
            _ = try await store.createCase(r, events: [])
        }
        let day: TimeInterval = 86_400
        try await record("event:0110", .dispatched, reported: at - 20 * day, deadline: at - day)   // open, overdue, reported in the period
        try await record("event:0110", .inProgress, reported: at - 2 * day, deadline: at + day)    // open, in the period
        try await record("event:0110", .closed, reported: at - 3 * day, closed: at - day)           // closed in the period
        try await record("event:0110", .rejected, reported: at - 2 * day)                             // not a matter
        try await record("event:0507", .handled, reported: at - 40 * day, closed: nil)               // open, before the period
        try await record("event:0509", .closed, reported: at - 40 * day, closed: at - 35 * day)      // closed before the period
        try await record("event:0110", .dispatched, reported: at - 2 * day, station: other.id)     // another station's
        try await record("event:0201", .dispatched, reported: at - 2 * day)                           // a category not asked
        let counts = try await store.matterCounts(station: station.id, categories: ["event:0110", "event:0507", "event:0509"], from: at - 30 * day, to: at, now: at)
        var garbage = MatterCount()
        garbage.open = 2
        garbage.overdue = 1
        garbage.reported = 3
        garbage.closed = 1
        var piles = MatterCount()
        piles.open = 1
        #expect(counts["event:0110"] == garbage)
        #expect(counts["event:0507"] == piles)
        #expect(counts["event:0509"] == nil || counts["event:0509"] == MatterCount())
        #expect(counts["event:0201"] == nil)
        #expect(try await store.matterCounts(station: station.id, categories: [], from: at - 30 * day, to: at, now: at).isEmpty)

        let users = try await store.createUsers([UserDraft(username: "cw.ms", displayName: "张社工", phone: nil, passwordHash: "x",
                                                           assignments: [AssignmentDraft(role: .communityWorker, nodeID: t.committee.id)])])
        let first = try await store.recordMatterTask(MatterTaskDone(stationID: station.id, day: "2026-06-09", itemID: daily.id, byID: users[0].id, by: "张社工", at: at,
                                                                    note: "消防通道畅通"))
        #expect(first.created && first.done.note == "消防通道畅通" && first.done.at == at)
        let again = try await store.recordMatterTask(MatterTaskDone(stationID: station.id, day: "2026-06-09", itemID: daily.id, byID: users[0].id, by: "张社工", at: at + 60,
                                                                    note: "再次"))
        #expect(!again.created && again.done == first.done, "the first ticking stands")
        _ = try await store.recordMatterTask(MatterTaskDone(stationID: station.id, day: "2026-06-10", itemID: daily.id, byID: users[0].id, by: "张社工", at: at + day, note: ""))
        #expect(try await store.matterTasksDone(station: station.id, day: "2026-06-09") == [first.done])
        // Eight people tick the same task at once: one ticking is made, the others get it.
        let racing = try await withThrowingTaskGroup(of: (MatterTaskDone, Bool).self) { group in
            for i in 0..<8 {
                group.addTask {
                    let r = try await store.recordMatterTask(MatterTaskDone(stationID: station.id, day: "2026-06-11", itemID: daily.id, byID: users[0].id, by: "张社工",
                                                                            at: at + Double(i), note: "第\(i)次"))
                    return (r.done, r.created)
                }
            }
            var all: [(MatterTaskDone, Bool)] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(racing.filter(\.1).count == 1 && Set(racing.map(\.0)).count == 1, "one ticking, the same for all")
        #expect(try await store.matterTasksDone(station: other.id, day: "2026-06-09").isEmpty)
    }
}
