import ChengyunCore
import ChengyunStore
import Foundation

/// 志愿者 in the demo: in each committee, the residents registered as `jm.<code>.3` to `.6` volunteer (the first two are
/// left to join on their own), two in the committee's 护楼队 (护村队 in a village) and one in its 先锋队; the committee
/// posts a stairwell clean-up for this weekend with places left, last week's fire-safety campaign confirmed for two
/// volunteers (points credited), and a micro-wish of a resident living alone; the first volunteer is paired with them.
/// Three items are offered for points (毛巾, 洗衣液, 理发券); the first volunteer exchanged a towel and has yet to collect it.
enum DemoVolunteers {
    static func build(tree: DemoTree, store: any ChengyunStore, now: Date) async throws -> Int {
        let today = Int(((now.timeIntervalSince1970 + 8 * 3600) / 86_400).rounded(.down))
        var made = 0
        for committee in tree.committees {
            var volunteers: [Volunteer] = []
            for n in 3...6 {
                guard let user = try await store.credentials(username: "jm.\(committee.code).\(n)")?.user,
                      let registration = try await store.registration(user: user.id), registration.status == .verified, let resident = registration.residentID else { continue }
                volunteers.append(try await store.addVolunteer(Volunteer(id: VolunteerID(0), userID: user.id, residentID: resident, nodeID: committee.id, nodePath: committee.path,
                                                                         name: user.displayName, skills: ["理发", "家电维修", "陪聊", ""][n % 4], joinedAt: now - 40 * 86_400)))
            }
            guard volunteers.count >= 3 else { continue }
            made += volunteers.count
            let village = committee.variant == "village"
            let guardTeam = try await store.createVolunteerTeam(VolunteerTeam(id: VolunteerTeamID(0), nodeID: committee.id, nodePath: committee.path,
                                                                              kind: village ? .villageGuard : .buildingGuard, name: village ? "护村队" : "1号楼护楼队"))
            let vanguard = try await store.createVolunteerTeam(VolunteerTeam(id: VolunteerTeamID(0), nodeID: committee.id, nodePath: committee.path, kind: .vanguard, name: "党员先锋队"))
            _ = try await store.setVolunteerTeam(volunteers[0].id, team: guardTeam.id)
            _ = try await store.setVolunteerTeam(volunteers[1].id, team: guardTeam.id)
            _ = try await store.setVolunteerTeam(volunteers[2].id, team: vanguard.id)
            let worker = try await store.credentials(username: "cw.\(committee.code)")?.user.displayName ?? "社工"
            func task(_ key: String, _ kind: VolunteerTask.Kind, _ title: String, _ place: String, day: Int, slots: Int, points: Int, minutes: Int = 0,
                      for person: ResidentID? = nil) async throws -> VolunteerTask {
                try await store.createVolunteerTask(VolunteerTask(id: VolunteerTaskID(0), nodeID: committee.id, nodePath: committee.path, kind: kind, title: title, detail: "",
                                                                  place: place, day: LocalDate(daysSince1970: day), slots: slots, points: points, beneficiaryID: person,
                                                                  createdBy: worker, createdAt: now - 3 * 86_400, clientKey: "demo-\(key)", minutes: minutes)).task
            }
            let campaign = try await task("campaign", .task, "消防安全宣传进楼组", "小区广场", day: today - 6, slots: 3, points: 5, minutes: 120)
            for v in volunteers.prefix(2) {
                _ = try await store.grabVolunteerTask(campaign.id, volunteer: v, at: now - 5 * 86_400)
                _ = try await store.confirmTaskClaim(campaign.id, volunteer: v.id, by: worker, at: now - 4 * 86_400)
            }
            _ = try await store.closeVolunteerTask(campaign.id)
            // 积分兑换: three items on offer; the first volunteer exchanged a towel two days ago and has yet to collect it.
            var offered: [RewardItem] = []
            for (key, name, cost, stock) in [("towel", "毛巾", 3, 30), ("detergent", "洗衣液", 5, 20), ("haircut", "理发券", 4, 10)] {
                offered.append(try await store.createRewardItem(RewardItem(id: RewardItemID(0), nodeID: committee.id, nodePath: committee.path, name: name, cost: cost,
                                                                           stock: stock, createdAt: now - 20 * 86_400, clientKey: "demo-\(key)")).item)
            }
            if let first = try await store.volunteer(volunteers[0].id) {
                _ = try await store.redeem(offered[0].id, volunteer: first, clientKey: "demo-towel-1", at: now - 2 * 86_400)
            }
            let cleaning = try await task("cleaning", .task, "楼道堆物清理", "1号楼", day: today + 2, slots: 4, points: 3, minutes: 90)
            _ = try await store.grabVolunteerTask(cleaning.id, volunteer: volunteers[2], at: now - 86_400)
            if let elder = try await store.residents(under: committee.path, kind: nil, tag: "elderlyAlone", after: nil, limit: 1).first {
                _ = try await task("wish", .microWish, "想要一台收音机", "居民家中", day: today + 5, slots: 1, points: 10, minutes: 60, for: elder.id)
                _ = try await store.createPairing(Pairing(id: PairingID(0), volunteerID: volunteers[0].id, residentID: elder.id, nodePath: committee.path,
                                                          since: LocalDate(daysSince1970: today - 30), note: "每周二上门探望"))
            }
        }
        return made
    }
}
