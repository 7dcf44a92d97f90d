import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 台账: ledgers added to the catalogue (a code once; stored ids after the baseline's), found over a path and under
    /// it, withdrawn and restored; entries stored once per committee and client key (a retry returns the stored one),
    /// paged by day and id; the ledger rollups kept by every write — entries, 三会 held (and corrected), door visits
    /// of sweeps (and a house visited again otherwise) — at the committee and each node above it by month, and the same
    /// when counted again from the data; an entry corrected (into another month) and one withdrawn (kept, out of the
    /// lists), the rollups following, on the version read; cases reported and closed on days from the KPI rollups.
    public static func ledgers(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & CaseStore & LedgerStore & CommunityConsultationStore
        & BaseDataStore & SweepStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let other = try #require(try await store.node(code: "990001002001"))
        let at = Date(timeIntervalSince1970: 1_781_000_000)   // 2026-06-09 in the city
        let dayOf = { (d: Date) in Int(((d.timeIntervalSince1970 + 28_800) / 86_400).rounded(.down)) }
        func code(_ body: () async throws -> Void) async -> String? {
            do { try await body(); return nil } catch let error as DomainError { return error.code } catch { return "\(error)" }
        }
        func item(_ code: String, _ node: OrgNode) -> LedgerItem {
            LedgerItem(id: LedgerItemID(0), code: code, name: "台账\(code)", kind: .activity, source: .entries, nodeID: node.id, nodePath: node.path, guide: "")
        }
        let volunteers = try await store.createLedgerItem(item("volunteer", t.district))
        #expect(volunteers.id.rawValue >= LedgerItem.firstStoredID && volunteers.version == 1)
        #expect(try await store.ledgerItem(volunteers.id) == volunteers)
        let cityWide = try await store.createLedgerItem(item("safety", t.city))
        #expect(await code { _ = try await store.createLedgerItem(item("volunteer", t.city)) } == "ledger.duplicate_code")
        #expect(try await store.ledgerItems(over: t.committee.path, under: false).map(\.id) == [cityWide.id, volunteers.id])
        #expect(try await store.ledgerItems(over: t.city.path, under: false).map(\.id) == [cityWide.id], "the city's own, without under")
        #expect(try await store.ledgerItems(over: t.city.path, under: true).map(\.id) == [cityWide.id, volunteers.id])
        let withdrawn = try #require(try await store.setLedgerItemActive(volunteers.id, false))
        #expect(!withdrawn.active && withdrawn.version == 2)
        #expect(try await store.setLedgerItemActive(volunteers.id, true)?.version == 3)
        #expect(try await store.setLedgerItemActive(LedgerItemID(987_654), true) == nil)

        let june = LocalDate(year: 2026, month: 6, day: 1)!
        func entry(_ node: OrgNode, _ item: LedgerItemID, _ day: Int, _ key: String, people: Int?) -> LedgerEntry {
            LedgerEntry(id: LedgerEntryID(0), itemID: item, nodeID: node.id, nodePath: node.path, day: LocalDate(daysSince1970: june.daysSince1970 + day),
                        title: "记录\(key)", place: "居委活动室", participants: people, content: "内容", recordedByID: nil, recordedBy: "张社工", recordedAt: at,
                        clientKey: key, origin: .typed)
        }
        let activity = LedgerItem.baseline.first { $0.code == "activity" }!.id
        let stored = try await store.addLedgerEntries([entry(t.committee, activity, 0, "a", people: 12), entry(t.committee, activity, 3, "b", people: nil),
                                                       entry(t.committee, volunteers.id, 3, "c", people: 5), entry(other, activity, 2, "a", people: 30)])
        #expect(stored.allSatisfy(\.created) && Set(stored.map(\.entry.id)).count == 4)
        #expect(stored[0].entry.day == june && stored[0].entry.participants == 12 && stored[1].entry.participants == nil && stored[0].entry.recordedAt == at)
        let retried = try await store.addLedgerEntries([entry(t.committee, activity, 9, "a", people: 99), entry(t.committee, activity, 4, "d", people: 1)])
        #expect(!retried[0].created && retried[0].entry == stored[0].entry, "the same key at the same committee is the stored entry")
        #expect(retried[1].created)
        let all = june.daysSince1970..<(june.daysSince1970 + 30)
        let page1 = try await store.ledgerEntries(under: t.street.path, item: nil, days: all, after: nil, limit: 2)
        #expect(page1.map(\.clientKey) == ["d", "c"], "the latest day first, then the latest entered")
        let page2 = try await store.ledgerEntries(under: t.street.path, item: nil, days: all, after: page1.last?.cursor, limit: 2)
        #expect(page2.map(\.clientKey) == ["b", "a"])
        #expect(try await store.ledgerEntries(under: t.street.path, item: nil, days: all, after: page2.last?.cursor, limit: 2).isEmpty)
        #expect(try await store.ledgerEntries(under: t.district.path, item: volunteers.id, days: all, after: nil, limit: 10).map(\.clientKey) == ["c"])
        #expect(try await store.ledgerEntries(under: t.street.path, item: nil, days: (june.daysSince1970 + 1)..<(june.daysSince1970 + 4), after: nil, limit: 10)
            .map(\.clientKey) == ["c", "b"])

        // 三会 held in the period (a planned one is not), and door visits of a sweep (a phone call is not).
        var heldHere: CommunityConsultation?
        for (node, held, people) in [(t.committee, at, 23), (t.committee, nil, 0), (other, at - 40 * 86_400, 9)] as [(OrgNode, Date?, Int)] {
            var c = try await store.createConsultation(CommunityConsultation(id: CommunityConsultationID(0), nodeID: node.id, nodePath: node.path, kind: .coordination,
                                                                             title: "协调会", host: "李书记", scheduledAt: at, place: "居委", topicIDs: [], createdBy: "张社工"))
            if let held {
                c.status = .held
                c.heldAt = held
                c.participantCount = people
                let stored = try #require(try await store.updateConsultation(c, expecting: c.version))
                if node.id == t.committee.id { heldHere = stored }
            }
        }
        let compound = try await store.createCompound(Compound(id: CompoundID(0), code: "XQ-LG", name: "台账新村", nodeID: t.committee.id, nodePath: t.committee.path,
                                                               type: .oldEstate, managementMode: .selfManaged))
        let (building, houses) = try await store.createBuilding(
            Building(id: BuildingID(0), compoundID: compound.id, nodeID: t.committee.id, nodePath: t.committee.path, number: "1号楼", floors: 1, units: 1),
            houses: (1...3).map { House(id: HouseID(0), buildingID: BuildingID(0), unit: "1", floor: 1, number: "10\($0)", use: .ownerOccupied) })
        let sweep = try await store.createSweep(Sweep(id: SweepID(0), code: "PM-LG", title: "四查四清", subject: .house, areaID: t.street.id, areaPath: t.street.path,
                                                      form: [], guide: "", startsOn: june, dueOn: june, launchedBy: "duty", launchedAt: at - 86_400))
        for (i, method) in [SweepMethod.visit, .visit, .phone].enumerated() {
            _ = try await store.recordSweepResult(SweepResult(sweepID: sweep.id, subjectID: houses[i].id.rawValue, buildingID: building.id, nodeID: t.committee.id,
                                                              nodePath: t.committee.path, groupID: nil, method: method, answers: [:], takenAt: at, receivedAt: at,
                                                              byUserID: nil, by: "楼组长", clientKey: "lg-\(i)"))
        }
        // The rollups: June at the committee and every node above it; the other committee's 三会 was in April.
        let june26 = 202606
        func rollups() async throws -> [NodeID: LedgerTally] {
            try await store.ledgerRollups(nodes: [t.city.id, t.district.id, t.street.id, t.committee.id, other.id], month: june26)
        }
        var got = try await rollups()
        let mine = try #require(got[t.committee.id])
        #expect(mine.consultations == 1 && mine.consultationParticipants == 23 && mine.visits == 2, "\(mine)")
        #expect(mine.entries == [activity: 3, volunteers.id: 1] && mine.entryParticipants == [activity: 13, volunteers.id: 5])
        #expect(got[t.street.id] == mine, "the street holds only this committee's")
        let theirs = try #require(got[other.id])
        #expect(theirs.consultations == 0 && theirs.visits == 0 && theirs.entries == [activity: 1] && theirs.entryParticipants == [activity: 30])
        let district = try #require(got[t.district.id])
        #expect(district.entries == [activity: 4, volunteers.id: 1] && district.entryParticipants[activity] == 43 && district.visits == 2 && got[t.city.id] == district)
        #expect(try await store.ledgerRollups(nodes: [other.id], month: 202604)[other.id]?.consultations == 1)
        #expect(try await store.ledgerRollups(nodes: [t.committee.id], month: 202607).isEmpty, "nothing in July yet")
        // A 三会's participants corrected, a house visited again by phone: the rollups follow, nothing counted twice.
        var corrected = try #require(heldHere)
        corrected.participantCount = 25
        _ = try #require(try await store.updateConsultation(corrected, expecting: corrected.version))
        _ = try await store.recordSweepResult(SweepResult(sweepID: sweep.id, subjectID: houses[1].id.rawValue, buildingID: building.id, nodeID: t.committee.id,
                                                          nodePath: t.committee.path, groupID: nil, method: .phone, answers: [:], takenAt: at + 60, receivedAt: at + 60,
                                                          byUserID: nil, by: "楼组长", clientKey: "lg-again"))
        got = try await rollups()
        #expect(got[t.committee.id]?.consultations == 1 && got[t.committee.id]?.consultationParticipants == 25 && got[t.committee.id]?.visits == 1,
                "\(String(describing: got[t.committee.id]))")
        // Counted again from the data (a fresh store has never counted them): the same rows.
        try await store.countLedgerRollups()
        #expect(try await rollups() == got)
        try await store.countLedgerRollups()
        #expect(try await rollups() == got, "counted once")

        // 更正 and 撤回: an entry corrected into July with its participants, another withdrawn; the rollups follow in the
        // same transaction, a stale version changes nothing, a withdrawn entry is kept but leaves the lists.
        let b = stored[1].entry, d = retried[1].entry
        var intoJuly = b
        (intoJuly.day, intoJuly.participants, intoJuly.correctedAt, intoJuly.correctedBy) = (LocalDate(year: 2026, month: 7, day: 2)!, 7, at + 5, "李社工")
        let moved = try #require(try await store.reviseLedgerEntry(b.id, version: 1, to: intoJuly))
        #expect(moved.version == 2 && moved.day == intoJuly.day && moved.participants == 7 && moved.correctedBy == "李社工" && moved.correctedAt == at + 5)
        #expect(try await store.reviseLedgerEntry(b.id, version: 1, to: intoJuly) == nil, "a stale version")
        // 更正前的版本: what it said before, by whom and when; a second correction keeps the first's version too.
        let kept = try await store.ledgerEntryVersions(b.id)
        #expect(kept == [b.asVersion], "\(kept)")
        #expect(b.asVersion.madeBy == b.recordedBy && b.asVersion.madeAt == b.recordedAt && b.asVersion.version == 1)
        var again = moved
        (again.title, again.correctedAt, again.correctedBy) = (moved.title + "（更正）", at + 6, "王社工")
        let twice = try #require(try await store.reviseLedgerEntry(b.id, version: 2, to: again))
        #expect(try await store.ledgerEntryVersions(b.id).map(\.version) == [2, 1])
        #expect(try await store.ledgerEntryVersions(b.id).first == moved.asVersion && moved.asVersion.madeBy == "李社工" && moved.asVersion.madeAt == at + 5)
        #expect(twice.version == 3)
        var gone = d
        (gone.withdrawnAt, gone.withdrawnBy, gone.withdrawReason) = (at + 9, "李社工", "重复录入")
        let withdrawnEntry = try #require(try await store.reviseLedgerEntry(d.id, version: 1, to: gone))
        #expect(withdrawnEntry.withdrawReason == "重复录入" && withdrawnEntry.withdrawnAt == at + 9)
        #expect(try await store.reviseLedgerEntry(d.id, version: 2, to: gone) == nil, "a withdrawn entry is not changed again")
        #expect(try await store.ledgerEntry(d.id)?.withdrawnBy == "李社工", "kept")
        #expect(try await store.ledgerEntryVersions(d.id).isEmpty, "a withdrawal changes nothing it says")
        #expect(try await store.ledgerEntries(under: t.street.path, item: nil, days: all, after: nil, limit: 10).map(\.clientKey) == ["c", "a"])
        got = try await rollups()
        #expect(got[t.committee.id]?.entries[activity] == 1 && got[t.committee.id]?.entryParticipants[activity] == 12, "\(String(describing: got[t.committee.id]))")
        #expect(got[t.city.id]?.entries[activity] == 2 && got[t.city.id]?.entryParticipants[activity] == 42)
        let july = try await store.ledgerRollups(nodes: [t.committee.id, t.city.id], month: 202607)
        #expect(july[t.committee.id]?.entries == [activity: 1] && july[t.committee.id]?.entryParticipants == [activity: 7] && july[t.city.id] == july[t.committee.id])

        // Cases from the rollups: reported on its day, closed on the day it closed, at every level down to the committee.
        var open = newCase(t.grid, at: at)
        open.state = .dispatched
        _ = try await store.createCase(open, events: [])
        var closed = newCase(t.grid, at: at - 2 * 86_400)
        closed.state = .closed
        closed.closedAt = at
        _ = try await store.createCase(closed, events: [])
        var late = newCase(t.otherGrid, at: at - 90 * 86_400)
        late.state = .closed
        late.closedAt = at - 80 * 86_400
        _ = try await store.createCase(late, events: [])
        let days = dayOf(at - 10 * 86_400)..<(dayOf(at) + 1)
        let counts = try await store.caseDayCounts(nodes: [t.district.id, t.street.id, t.committee.id, other.id], days: days)
        for node in [t.district.id, t.street.id, t.committee.id] {
            #expect(counts[node]?.reported == 2 && counts[node]?.closed == 1, "node \(node)")
        }
        #expect(counts[other.id] == nil || counts[other.id]! == (0, 0))
        #expect(try await store.caseDayCounts(nodes: [t.committee.id], days: dayOf(at)..<(dayOf(at) + 1))[t.committee.id]! == (1, 1))
    }
}
