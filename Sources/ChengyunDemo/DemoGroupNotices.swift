import ChengyunCore
import ChengyunStore
import Foundation

/// 楼组通知 in the demo: each committee wrote to every building group three days ago about the weekend's
/// garbage-sorting campaign; the first group's leader relayed it to the group's chat, and a few registered residents
/// read it.
enum DemoGroupNotices {
    static func build(tree: DemoTree, store: any ChengyunStore, now: Date) async throws -> Int {
        var made = 0
        for committee in tree.committees {
            let groups = try await store.buildingGroups(under: committee.path, afterCode: nil, limit: 1)
            guard let first = groups.first else { continue }
            let worker = try await store.credentials(username: "cw.\(committee.code)")?.user.displayName ?? "社工"
            let (notice, created) = try await store.postGroupNotice(GroupNotice(
                id: GroupNoticeID(0), nodeID: committee.id, nodePath: committee.path, title: "垃圾分类宣传周", body: "本周六上午 9 点在小区广场，欢迎居民参加，志愿者请提前半小时到场。",
                groupIDs: [], createdBy: worker, createdAt: now - 3 * 86_400, clientKey: "demo-notice-1"))
            guard created else { continue }
            made += 1
            if let leader = first.leaderUserID, let name = try await store.user(leader)?.displayName {
                _ = try await store.relayGroupNotice(notice.id, relay: GroupNotice.Relay(groupID: first.id, by: name, at: now - 3 * 86_400 + 1_800))
            }
            for n in [4, 5] {
                if let user = try await store.credentials(username: "jm.\(committee.code).\(n)")?.user {
                    _ = try await store.readGroupNotice(notice.id, reader: user.id, at: now - 2 * 86_400)
                }
            }
        }
        return made
    }
}
