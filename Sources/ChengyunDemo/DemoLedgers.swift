import ChengyunCore
import ChengyunStore
import Foundation

/// 台账 in the demo: in each residential committee, the entries a worker keeps over the last six weeks — the weekly
/// committee meeting, residents received and visited, the month's activities — and, in the first committee, three
/// entries imported from the older system the district used before. The generated ledgers need nothing: they read
/// the simulated cases, the 三会 and the sweep. Each committee's first activity keeps its sign-in sheet as a photo and
/// was corrected once from it.
enum DemoLedgers {
    static func build(tree: DemoTree, store: any ChengyunStore, now: Date) async throws -> Int {
        let day: TimeInterval = 86_400
        let meeting = LedgerItem.baseline.first { $0.code == "meeting" }!.id
        let reception = LedgerItem.baseline.first { $0.code == "reception" }!.id
        let activity = LedgerItem.baseline.first { $0.code == "activity" }!.id
        let receptions = [("居民反映楼道堆物", "上门查看，联系物业三日内清理"), ("独居老人家属来访", "登记结对需求，安排志愿者每周探访"),
                          ("租户咨询居住登记", "指导办理居住登记，留存联系方式"), ("居民反映夜间噪声", "约谈商户，调整营业时间")]
        let activities = [("垃圾分类宣传进楼组", "楼道口", 42), ("重阳节敬老慰问", "居委活动室", 36), ("消防安全演练", "小区广场", 58), ("社区读书会", "图书室", 15)]
        var made = 0
        for (index, committee) in tree.committees.enumerated() where committee.variant != "village" {
            guard let worker = try await store.credentials(username: "cw.\(committee.code)")?.user else { continue }
            var entries: [LedgerEntry] = []
            func add(_ item: LedgerItemID, daysAgo: Int, _ title: String, place: String, people: Int?, _ content: String, origin: LedgerEntry.Origin = .typed) {
                let date = now - Double(daysAgo) * day
                entries.append(LedgerEntry(id: LedgerEntryID(0), itemID: item, nodeID: committee.id, nodePath: committee.path,
                                           day: LocalDate(daysSince1970: Int(((date.timeIntervalSince1970 + 8 * 3600) / day).rounded(.down))), title: title, place: place,
                                           participants: people, content: content, recordedByID: worker.id, recordedBy: worker.displayName, recordedAt: date,
                                           clientKey: "demo:\(entries.count)", origin: origin))
            }
            for week in 0..<6 {
                add(meeting, daysAgo: 7 * week + 1, "居委会例会", place: "\(committee.name)会议室", people: 7 + (index + week) % 4,
                    week % 2 == 0 ? "通报上周案件办理，部署本周走访与垃圾分类检查" : "研究三会议题，安排楼组长排摸")
            }
            for (i, (title, content)) in receptions.enumerated() where (index + i) % 4 != 3 {
                add(reception, daysAgo: 3 + 9 * i, title, place: i % 2 == 0 ? "居委接待室" : "居民家中", people: 1 + i % 2, content)
            }
            for (i, (title, place, people)) in activities.enumerated() where (index + i) % 3 != 2 {
                add(activity, daysAgo: 5 + 11 * i, title, place: place, people: people + index % 7, "志愿者\(3 + i)人参与")
            }
            if index == 0 {
                add(meeting, daysAgo: 40, "党总支委员会（旧台账）", place: "党群服务站", people: 5, "自原社区管理系统导入", origin: .imported)
                add(activity, daysAgo: 38, "亲子手工活动（旧台账）", place: "活动室", people: 24, "自原社区管理系统导入", origin: .imported)
                add(reception, daysAgo: 36, "来访登记（旧台账）", place: "接待室", people: 1, "自原社区管理系统导入", origin: .imported)
            }
            let stored = try await store.addLedgerEntries(entries)
            made += stored.filter(\.created).count
            // The first activity's paper sign-in sheet kept as a photo (台账附件), and its head count corrected from the
            // sheet the next day (更正, its first version kept).
            if let first = stored.first(where: { $0.created && $0.entry.itemID == activity })?.entry {
                _ = try await store.saveDocument(Document(id: DocumentID(0), subject: .ledgerEntry, subjectID: first.id.rawValue, contentType: "image/png", byteCount: 0,
                                                          fileName: "签到表.png", uploadedBy: worker.id, uploadedByName: worker.displayName,
                                                          uploadedAt: first.recordedAt + 600),
                                                 bytes: DemoPhoto.png, quota: nil)
                var corrected = first
                (corrected.participants, corrected.correctedAt, corrected.correctedBy) = ((first.participants ?? 0) + 2, first.recordedAt + day, worker.displayName)
                corrected.content = first.content + "（人数按签到表更正）"
                _ = try await store.reviseLedgerEntry(first.id, version: first.version, to: corrected)
            }
        }
        return made
    }
}
