import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 居委简报: a committee's cases by category in a period (rejected ones not, another committee's not); by compound and
    /// category from a threshold, the most first; houses with many residents living there now (moved-out ones not);
    /// open cases past their deadline (suspended and handled ones not).
    public static func committeeDigest(_ fresh: @Sendable () async throws -> any OrganisationStore & CaseStore & BaseDataStore & CommitteeDigestStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let at = Date(timeIntervalSince1970: 1_781_000_000)
        let day: TimeInterval = 86_400
        let compound = try await store.createCompound(Compound(id: CompoundID(0), code: "XQD1", name: "长乐新村", nodeID: t.committee.id, nodePath: t.committee.path,
                                                               type: .oldEstate, managementMode: .selfManaged))
        let (_, houses) = try await store.createBuilding(Building(id: BuildingID(0), compoundID: compound.id, nodeID: t.committee.id, nodePath: t.committee.path,
                                                                  number: "3号楼", floors: 2, units: 1),
                                                         houses: (1...2).map { House(id: HouseID(0), buildingID: BuildingID(0), unit: "1", floor: $0, number: "\($0)02", use: .rented) })
        func place(_ category: String, _ state: CaseState = .closed, reported: Date, compound placed: CompoundID? = compound.id, node: OrgNode? = nil,
                   deadline: Date? = nil) async throws {
            var r = newCase(node ?? t.grid, at: reported, category: category)
            r.state = state
            r.compoundID = placed
            r.deadline = deadline
            _ = try await store.createCase(r, events: [])
        }
        for i in 0..<3 { try await place("event:0509", reported: at - Double(i + 1) * day) }
        try await place("event:0509", .rejected, reported: at - day)
        try await place("event:0110", reported: at - 2 * day)
        try await place("event:0110", reported: at - 40 * day)                                  // before the period
        try await place("event:0509", reported: at - day, compound: nil, node: t.otherGrid)      // the other committee's
        try await place("event:0201", .dispatched, reported: at - 3 * day, compound: nil, deadline: at - day)   // open, overdue
        try await place("event:0201", .handled, reported: at - 3 * day, compound: nil, deadline: at - day)      // handled: not overdue
        let counts = try await store.categoryCounts(under: t.committee.path, from: at - 30 * day, to: at)
        #expect(counts == ["event:0509": 3, "event:0110": 1, "event:0201": 2], "\(counts)")
        #expect(try await store.categoryCounts(under: t.city.path, from: at - 30 * day, to: at)["event:0509"] == 4, "the city holds both committees")
        let topics = try await store.compoundCategoryCounts(under: t.committee.path, from: at - 30 * day, to: at, atLeast: 3)
        #expect(topics == [CommitteeDigest.SuggestedTopic(compoundID: compound.id, compoundName: "长乐新村", categoryID: "event:0509", count: 3)])
        #expect(try await store.compoundCategoryCounts(under: t.committee.path, from: at - 30 * day, to: at, atLeast: 4).isEmpty)
        #expect(try await store.overdueOpenCount(under: t.committee.path, now: at) == 1)
        #expect(try await store.overdueOpenCount(under: t.otherGrid.path, now: at) == 0)

        let crowded = (0..<7).map { i in
            Resident(id: ResidentID(0), nodeID: t.committee.id, nodePath: t.committee.path, houseID: houses[0].id, name: "租客\(i)", kind: .floating, source: "test")
        }
        let family = (0..<3).map { i in
            Resident(id: ResidentID(0), nodeID: t.committee.id, nodePath: t.committee.path, houseID: houses[1].id, name: "住户\(i)", kind: .registered, source: "test")
        }
        let stored = try await store.addResidents(crowded + family)
        let found = try await store.crowdedHouses(under: t.committee.path, atLeast: 6, limit: 10)
        #expect(found == [CommitteeDigest.Pattern(kind: .groupRenting, houseID: houses[0].id, compoundName: "长乐新村", building: "3号楼", unit: "1", house: "102", residents: 7)])
        _ = try await store.moveResident(stored[0].id, to: nil, on: LocalDate(year: 2026, month: 11, day: 1)!)
        _ = try await store.moveResident(stored[1].id, to: nil, on: LocalDate(year: 2026, month: 11, day: 1)!)
        #expect(try await store.crowdedHouses(under: t.committee.path, atLeast: 6, limit: 10).isEmpty, "two moved out: five live there now")
        #expect(try await store.crowdedHouses(under: t.committee.path, atLeast: 3, limit: 1).map(\.residents) == [5], "the most first, at most the limit")
    }
}
