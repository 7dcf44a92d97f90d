import ChengyunCore
import ChengyunStore
import Foundation

/// 三会 in the demo (seed 002, 市新居民区): in each residential committee of the first street, topics gathered from its
/// building groups; a parking hearing held last week with its decisions (one done, one in hand), published with its
/// satisfaction; a coordination meeting on the shed planned for the next days; one topic still waiting.
enum DemoConsultations {
    static func build(tree: DemoTree, store: any ChengyunStore, now: Date) async throws -> Int {
        guard let street = tree.streets.first else { return 0 }
        var made = 0
        let day: TimeInterval = 86_400
        func iso(_ date: Date) -> String {
            let (y, m, d) = ReadingTables.civil(Int64(((date.timeIntervalSince1970 + 8 * 3600) / day).rounded(.down)))
            return String(format: "%04d-%02d-%02d", y, m, d)
        }
        for committee in tree.committees where committee.path.hasPrefix(street.path) && committee.variant != "village" {
            guard let worker = try await store.credentials(username: "cw.\(committee.code)")?.user else { continue }
            let groups = try await store.buildingGroups(under: committee.path, afterCode: nil, limit: 3)
            func topic(_ text: String, _ group: BuildingGroup?, daysAgo: Double) async throws -> ConsultationTopic {
                try await store.createConsultationTopic(ConsultationTopic(
                    id: ConsultationTopicID(0), nodeID: committee.id, nodePath: committee.path, buildingGroupID: group?.id, text: text, raisedByID: worker.id,
                    raisedBy: worker.displayName, raisedAt: now - daysAgo * day))
            }
            let parking = try await topic("夜间停车难，消防通道常被占用", groups.first, daysAgo: 20)
            let lanes = try await topic("希望约定错峰停车", groups.dropFirst().first, daysAgo: 18)
            let shed = try await topic("非机动车棚改造、增设充电桩", groups.first, daysAgo: 6)
            _ = try await topic("流浪猫治理", groups.last, daysAgo: 2)
            let hearing = try await store.createConsultation(CommunityConsultation(
                id: CommunityConsultationID(0), nodeID: committee.id, nodePath: committee.path, kind: .hearing, title: "小区停车管理听证会", host: "居民区党总支书记",
                scheduledAt: now - 10 * day, place: "\(committee.name)会议室", topicIDs: [parking.id, lanes.id], createdBy: worker.displayName))
            var held = hearing
            held.status = .published
            held.heldAt = now - 10 * day
            held.participants = "居委、物业、业委会、居民代表"
            held.participantCount = 26
            held.decisions = [
                ConsultationDecision(ordinal: 1, text: "修订停车管理办法，约定夜间错峰停车", owner: "业委会", dueOn: iso(now - 3 * day), doneAt: now - 4 * day, doneNote: "新办法已在各楼道张贴"),
                ConsultationDecision(ordinal: 2, text: "拓宽路面、施划车位", owner: "物业", dueOn: iso(now + 20 * day)),
            ]
            held.notice = "经听证，修订停车管理办法并约定错峰停车；物业拓宽路面、施划车位，月底前完成。"
            held.publishedAt = now - 9 * day
            held.surveyed = 60
            held.satisfied = 58
            _ = try await store.updateConsultation(held, expecting: hearing.version)
            _ = try await store.createConsultation(CommunityConsultation(
                id: CommunityConsultationID(0), nodeID: committee.id, nodePath: committee.path, kind: .coordination, title: "非机动车棚改造协调会", host: "居委主任",
                scheduledAt: now + 2 * day, place: "\(committee.name)党群服务站", topicIDs: [shed.id], createdBy: worker.displayName))
            made += 2
        }
        return made
    }
}
