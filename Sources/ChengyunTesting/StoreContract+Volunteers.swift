import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 志愿者: one volunteer per account; teams with their member counts; a task stored once per committee and key, listed
    /// the latest day first; places grabbed never past the task's (the last grab of a full task told so, a retry the same
    /// place, a closed task refused) — also under concurrent grabs; a place confirmed credits its points once; pairings
    /// once per volunteer and resident; items exchanged for points never past their stock or the volunteer's balance.
    public static func volunteers(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & BaseDataStore & VolunteerStore & LedgerStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let at = Date(timeIntervalSince1970: 1_781_000_000)
        func code(_ body: () async throws -> Void) async -> String? {
            do { try await body(); return nil } catch let error as DomainError { return error.code } catch { return "\(error)" }
        }
        let people = try await store.addResidents((1...6).map { n in
            Resident(id: ResidentID(0), nodeID: t.committee.id, nodePath: t.committee.path, name: "居民\(n)", kind: .registered, tags: n == 6 ? ["elderlyAlone"] : [], source: "test")
        })
        let users = try await store.createUsers((1...5).map { n in
            UserDraft(username: "vol.\(n)", displayName: "志愿者\(n)", phone: nil, passwordHash: "x", assignments: [AssignmentDraft(role: .resident, nodeID: t.committee.id)])
        })
        let team = try await store.createVolunteerTeam(VolunteerTeam(id: VolunteerTeamID(0), nodeID: t.committee.id, nodePath: t.committee.path, kind: .buildingGuard, name: "1号楼护楼队"))
        var volunteers: [Volunteer] = []
        for (i, user) in users.enumerated() {
            volunteers.append(try await store.addVolunteer(Volunteer(id: VolunteerID(0), userID: user.id, residentID: people[i].id, nodeID: t.committee.id,
                                                                     nodePath: t.committee.path, name: "志**", teamID: i < 2 ? team.id : nil, skills: i == 0 ? "理发" : "", joinedAt: at)))
        }
        #expect(volunteers[0].points == 0 && volunteers[0].teamID == team.id && volunteers[0].skills == "理发")
        #expect(await code { _ = try await store.addVolunteer(volunteers[0]) } == "volunteer.already")
        #expect(try await store.volunteer(user: users[1].id)?.id == volunteers[1].id)
        #expect(try await store.volunteers(under: t.committee.path, after: nil, limit: 10).map(\.id) == volunteers.map(\.id))
        #expect(try await store.volunteers(under: t.committee.path, after: volunteers[2].id, limit: 1).map(\.id) == [volunteers[3].id])
        #expect(try await store.volunteerTeams(under: t.city.path).map(\.members) == [2])
        #expect(try await store.setVolunteerTeam(volunteers[2].id, team: team.id)?.teamID == team.id)
        #expect(try await store.volunteerTeam(team.id)?.members == 3)

        // A task once per key; listed the latest day first.
        func task(_ key: String, day: Int, slots: Int, kind: VolunteerTask.Kind = .task) -> VolunteerTask {
            VolunteerTask(id: VolunteerTaskID(0), nodeID: t.committee.id, nodePath: t.committee.path, kind: kind, title: "楼道清洁", detail: "", place: "1号楼",
                          day: LocalDate(daysSince1970: day), slots: slots, points: 5, beneficiaryID: kind == .microWish ? people[5].id : nil, createdBy: "陈社工", createdAt: at,
                          clientKey: key, minutes: kind == .task ? 90 : 0)
        }
        let (cleaning, made) = try await store.createVolunteerTask(task("k-clean", day: 20_600, slots: 2))
        #expect(made && cleaning.taken == 0 && cleaning.state == .open && cleaning.minutes == 90)
        let (again, madeAgain) = try await store.createVolunteerTask(task("k-clean", day: 20_601, slots: 9))
        #expect(!madeAgain && again == cleaning)
        let (wish, _) = try await store.createVolunteerTask(task("k-wish", day: 20_605, slots: 1, kind: .microWish))
        #expect(wish.beneficiaryID == people[5].id && wish.kind == .microWish)
        #expect(try await store.volunteerTasks(under: t.street.path, state: nil, before: nil, limit: 10).map(\.id) == [wish.id, cleaning.id])
        #expect(try await store.volunteerTasks(under: t.street.path, state: .open, before: (20_605, wish.id), limit: 10).map(\.id) == [cleaning.id])

        // 抢单: two places; a third volunteer is told it is full; a retry is the same place.
        guard case .grabbed(let first) = try await store.grabVolunteerTask(cleaning.id, volunteer: volunteers[0], at: at) else { Issue.record("first grab"); return }
        #expect(first.volunteerID == volunteers[0].id && first.confirmedAt == nil)
        #expect(try await store.grabVolunteerTask(cleaning.id, volunteer: volunteers[0], at: at) == .already(first))
        guard case .grabbed = try await store.grabVolunteerTask(cleaning.id, volunteer: volunteers[1], at: at.addingTimeInterval(1)) else { Issue.record("second grab"); return }
        #expect(try await store.grabVolunteerTask(cleaning.id, volunteer: volunteers[2], at: at) == .full)
        #expect(try await store.volunteerTask(cleaning.id)?.taken == 2)
        #expect(try await store.taskClaims([cleaning.id, wish.id])[cleaning.id]?.map(\.volunteerID) == [volunteers[0].id, volunteers[1].id], "in the order grabbed")
        #expect(try await store.taskClaims([wish.id]).isEmpty, "a task nobody grabbed has no places")
        #expect(try await store.grabVolunteerTask(VolunteerTaskID(999_999), volunteer: volunteers[0], at: at) == .closed)

        // Concurrent grabs of a one-place wish: exactly one gets it.
        let outcomes = try await withThrowingTaskGroup(of: GrabOutcome.self) { group in
            for v in volunteers { group.addTask { try await store.grabVolunteerTask(wish.id, volunteer: v, at: at) } }
            return try await group.reduce(into: [GrabOutcome]()) { $0.append($1) }
        }
        #expect(outcomes.filter { if case .grabbed = $0 { true } else { false } }.count == 1 && outcomes.filter { $0 == .full }.count == volunteers.count - 1)
        #expect(try await store.volunteerTask(wish.id)?.taken == 1)
        #expect(Set(try await store.volunteerTasks([cleaning.id, wish.id, VolunteerTaskID(999_999)]).map(\.id)) == [cleaning.id, wish.id], "in one read, unknown ids left out")
        #expect(try await store.volunteerTasks([]).isEmpty)

        // Confirmed: the points and the minutes of service credited once.
        let confirmed = try await store.confirmTaskClaim(cleaning.id, volunteer: volunteers[0].id, by: "陈社工", at: at)
        #expect(confirmed?.points == 5 && confirmed?.minutes == 90 && confirmed?.confirmedBy == "陈社工" && confirmed?.confirmedAt == at)
        #expect(try await store.confirmTaskClaim(cleaning.id, volunteer: volunteers[0].id, by: "陈社工", at: at.addingTimeInterval(60))?.confirmedAt == at, "once")
        let credited = try await store.volunteer(volunteers[0].id)
        #expect(credited?.points == 5 && credited?.minutes == 90)
        // 志愿服务记录: the place counted in the ledger rollups at its committee and above, once; the same when counted again.
        let month = LedgerRollups.month(of: at, utcOffsetSeconds: 8 * 3600)
        let served = try await store.ledgerRollups(nodes: [t.committee.id, t.city.id], month: month)
        #expect(served[t.committee.id]?.volunteerServices == 1 && served[t.city.id]?.volunteerServices == 1, "\(served)")
        #expect(served[t.committee.id]?.volunteerMinutes == 90 && served[t.city.id]?.volunteerMinutes == 90, "the minutes of service")
        try await store.countLedgerRollups()
        #expect(try await store.ledgerRollups(nodes: [t.committee.id, t.city.id], month: month) == served)
        #expect(try await store.confirmTaskClaim(cleaning.id, volunteer: volunteers[3].id, by: "陈社工", at: at) == nil, "no place held")
        #expect(try await store.taskClaims(volunteer: volunteers[0].id, limit: 10).map(\.taskID).contains(cleaning.id))
        #expect(try await store.taskClaims(volunteer: volunteers[4].id, limit: 10).allSatisfy { $0.taskID == wish.id })

        // Closed: no more grabbing.
        let (open, _) = try await store.createVolunteerTask(task("k-open", day: 20_602, slots: 5))
        #expect(try await store.closeVolunteerTask(open.id)?.state == .closed)
        #expect(try await store.grabVolunteerTask(open.id, volunteer: volunteers[3], at: at) == .closed)

        // Pairings once per volunteer and resident.
        let pair = try await store.createPairing(Pairing(id: PairingID(0), volunteerID: volunteers[0].id, residentID: people[5].id, nodePath: t.committee.path,
                                                         since: LocalDate(daysSince1970: 20_600), note: "每周探望"))
        #expect(pair.id.rawValue > 0)
        #expect(await code { _ = try await store.createPairing(pair) } == "pairing.duplicate")
        #expect(try await store.pairings(under: t.district.path, limit: 10) == [pair])
        #expect(try await store.pairings(volunteer: volunteers[0].id) == [pair])

        // 积分兑换: never past the stock, never past the balance (also at once), a retry the same exchange, a cancel gives back.
        func item(_ key: String, cost: Int, stock: Int) async throws -> RewardItem {
            try await store.createRewardItem(RewardItem(id: RewardItemID(0), nodeID: t.committee.id, nodePath: t.committee.path, name: "毛巾", cost: cost, stock: stock,
                                                        createdAt: at, clientKey: key)).item
        }
        let towel = try await item("k-towel", cost: 3, stock: 1)
        #expect(towel.active && towel.stock == 1)
        #expect(try await store.createRewardItem(towel).created == false)
        let rich = try #require(try await store.volunteer(volunteers[0].id))
        #expect(rich.points == 5 && rich.spent == 0)
        guard case .redeemed(let first) = try await store.redeem(towel.id, volunteer: rich, clientKey: "r-0001", at: at) else { Issue.record("first exchange"); return }
        #expect(first.points == 3 && first.state == .requested && first.itemName == "毛巾")
        #expect(try await store.redeem(towel.id, volunteer: rich, clientKey: "r-0001", at: at) == .already(first))
        #expect(try await store.redeem(towel.id, volunteer: rich, clientKey: "r-0002", at: at) == .outOfStock)
        #expect(try await store.volunteer(rich.id)?.spent == 3)
        #expect(try await store.rewardItem(towel.id)?.stock == 0)
        #expect(try await store.changeRewardItem(towel.id, addStock: 2, active: nil)?.stock == 2)
        #expect(try await store.changeRewardItem(towel.id, addStock: -3, active: nil) == nil, "never below none")
        #expect(try await store.redeem(towel.id, volunteer: rich, clientKey: "r-0003", at: at) == .notEnoughPoints)
        #expect(try await store.redeem(towel.id, volunteer: volunteers[1], clientKey: "r-0004", at: at) == .notEnoughPoints)
        // Five exchanges at once of a one-point item with two points left: exactly two.
        let soap = try await item("k-soap", cost: 1, stock: 10)
        let burst = try await withThrowingTaskGroup(of: RedeemOutcome.self) { group in
            for n in 0..<5 { group.addTask { try await store.redeem(soap.id, volunteer: rich, clientKey: "burst-\(n)-key", at: at) } }
            return try await group.reduce(into: [RedeemOutcome]()) { $0.append($1) }
        }
        #expect(burst.filter { if case .redeemed = $0 { true } else { false } }.count == 2 && burst.filter { $0 == .notEnoughPoints }.count == 3)
        let spentAll = try await store.volunteer(rich.id)
        #expect(spentAll?.points == 5 && spentAll?.spent == 5)
        #expect(try await store.rewardItem(soap.id)?.stock == 8)
        // Cancelled: the points and the item given back, once; handed over: closed.
        let cancelled = try await store.closeRedemption(first.id, as: .cancelled, by: "陈社工", at: at.addingTimeInterval(60))
        #expect(cancelled?.state == .cancelled && cancelled?.closedBy == "陈社工")
        #expect(try await store.closeRedemption(first.id, as: .cancelled, by: "陈社工", at: at) == nil, "once")
        #expect(try await store.volunteer(rich.id)?.spent == 2)
        #expect(try await store.rewardItem(towel.id)?.stock == 3)
        let mine = try await store.redemptions(volunteer: rich.id, limit: 10)
        #expect(mine.count == 3 && mine.last?.id == first.id, "the latest first")
        #expect(try await store.closeRedemption(mine[0].id, as: .handedOver, by: "陈社工", at: at)?.state == .handedOver)
        #expect(try await store.redemptions(under: t.street.path, state: .requested, before: nil, limit: 10).map(\.id) == [mine[1].id])
        #expect(try await store.redemptions(under: t.street.path, state: nil, before: mine[0].id, limit: 1).map(\.id) == [mine[1].id])
        // Withdrawn: offered no more.
        #expect(try await store.changeRewardItem(towel.id, addStock: 0, active: false)?.active == false)
        #expect(try await store.redeem(towel.id, volunteer: rich, clientKey: "r-0005", at: at) == .withdrawn)
        #expect(try await store.rewardItems(under: t.committee.path, activeOnly: true).map(\.id) == [soap.id])
        #expect(try await store.rewardItems(under: t.district.path, activeOnly: false).map(\.id) == [towel.id, soap.id])
    }
}
