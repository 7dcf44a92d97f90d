import ChengyunCore
import ChengyunStore
import Foundation

/// 知事项 in the demo: the positive lists of the three station types (seed 002: community centres 20 matters of
/// compound management, special areas 20 of street order, villages 21 of the rural environment) on the city's list,
/// and a responsibility list in each district giving its stations their daily tasks; each item mapped to the shipped
/// taxonomy's categories. Seed 002's 打架斗殴 and 违规种养 have no category in the shipped taxonomy (public order is
/// 110's; farming is not a city-management event), so they are not on the demo's lists.
enum DemoMatters {
    typealias Line = (code: String, name: String, categories: [String])

    static let communityCentre: [Line] = [
        ("ZM-01", "小区地桩锁", ["event:0507"]), ("ZM-02", "群租管理", ["event:0602"]), ("ZM-03", "消防车道占用", ["event:0509", "component:0113"]),
        ("ZM-04", "违法搭建", ["event:0101"]), ("ZM-05", "楼道堆物", ["event:0507"]), ("ZM-06", "非机动车乱停放", ["event:0510"]),
        ("ZM-07", "垃圾投放点满溢", ["event:0142"]), ("ZM-08", "暴露垃圾", ["event:0110"]), ("ZM-09", "积存垃圾渣土", ["event:0111"]),
        ("ZM-10", "废弃车辆", ["event:0102"]), ("ZM-11", "废弃家具", ["event:0103"]), ("ZM-12", "违规养犬", ["event:0604"]),
        ("ZM-13", "社会生活噪声", ["event:0511"]), ("ZM-14", "沿街晾挂", ["event:0502"]), ("ZM-15", "油烟污染", ["event:0106"]),
        ("ZM-16", "绿地脏乱", ["event:0117"]), ("ZM-17", "病媒生物孳生", ["event:0607"]), ("ZM-18", "下水道堵塞", ["event:0404"]),
        ("ZM-19", "公房地下室", ["component:0503"]), ("ZM-20", "公共设施损坏", ["event:0606"]),
    ]
    static let specialArea: [Line] = [
        ("ZM-41", "车辆乱停放", ["event:0509"]), ("ZM-42", "非机动车乱停放", ["event:0510"]), ("ZM-43", "非法小广告", ["event:0201"]),
        ("ZM-44", "散发小广告", ["event:0206"]), ("ZM-45", "无照经营游商", ["event:0501"]), ("ZM-46", "占道经营", ["event:0506"]),
        ("ZM-47", "店外经营", ["event:0505"]), ("ZM-48", "露天烧烤", ["event:0503"]), ("ZM-49", "占道废品收购", ["event:0504"]),
        ("ZM-50", "违规户外广告", ["event:0203"]), ("ZM-51", "违规牌匾标识", ["event:0204"]), ("ZM-52", "悬挂横幅标语", ["event:0205"]),
        ("ZM-53", "涂写刻画", ["event:0202"]), ("ZM-54", "道路不洁", ["event:0112"]), ("ZM-55", "垃圾满溢", ["event:0142"]),
        ("ZM-56", "流浪乞讨人员", ["event:0601"]), ("ZM-57", "无证照食品经营", ["event:0603"]), ("ZM-58", "施工占道", ["event:0303"]),
        ("ZM-59", "交通护栏损坏", ["component:0211"]), ("ZM-60", "道路遗撒", ["event:0304"]),
    ]
    static let village: [Line] = [
        ("ZM-21", "露天焚烧", ["event:0105"]), ("ZM-22", "损坏农田水利设施", ["component:0603"]), ("ZM-23", "违法搭建", ["event:0101"]),
        ("ZM-24", "暴露垃圾", ["event:0110"]), ("ZM-25", "积存垃圾渣土", ["event:0111"]), ("ZM-26", "河道不洁", ["event:0113"]),
        ("ZM-27", "河道护栏损坏", ["component:0308"]), ("ZM-28", "乱堆物堆料", ["event:0507"]), ("ZM-29", "废弃车辆", ["event:0102"]),
        ("ZM-30", "施工废弃料", ["event:0306"]), ("ZM-31", "渣土车未密闭运输", ["event:0311"]), ("ZM-32", "道路遗撒", ["event:0304"]),
        ("ZM-33", "工地扬尘", ["event:0302"]), ("ZM-34", "无证掘路", ["event:0305"]), ("ZM-35", "动物尸体", ["event:0108"]),
        ("ZM-36", "群租", ["event:0602"]), ("ZM-37", "病媒生物孳生", ["event:0607"]), ("ZM-38", "医疗废物违规丢弃", ["event:0605"]),
        ("ZM-39", "树木倒伏", ["event:0409"]), ("ZM-40", "道路积水", ["event:0405"]), ("ZM-61", "古树名木损坏", ["component:0401"]),
    ]
    /// A district's responsibility list (责任要素清单): what each station looks at every day.
    static let responsibility: [(code: String, name: String, types: [StationType], categories: [String], guide: String)] = [
        ("ZR-01", "消防车道巡查", [.communityCentre, .village], ["event:0509", "component:0113"], "每日巡查小区消防车道与消防设施，占用的当场劝离，劝离不了的上报"),
        ("ZR-02", "垃圾投放点检查", [.communityCentre, .village], ["event:0142", "event:0110"], "每日检查垃圾分类投放点：满溢、暴露垃圾当日清运"),
        ("ZR-03", "群租排查", [.communityCentre], ["event:0602"], "对照房屋底数与排摸结果，核查疑似群租的房屋"),
        ("ZR-04", "违法搭建巡查", [.communityCentre, .village, .specialArea], ["event:0101"], "巡查新增搭建，发现在建的当日上报"),
        ("ZR-05", "街面秩序巡查", [.specialArea], ["event:0506", "event:0501", "event:0509"], "早晚高峰巡查占道经营、游商与车辆乱停放"),
        ("ZR-06", "河道巡查", [.village], ["event:0113", "component:0308"], "巡查河道水面与护栏，发现漂浮物与损坏的上报"),
        ("ZR-07", "小广告清除", [.specialArea, .communityCentre], ["event:0201", "event:0206"], "清除张贴小广告，制止街头散发"),
    ]

    /// Puts the lists in place; returns the number of items.
    static func build(tree: DemoTree, store: any ChengyunStore) async throws -> Int {
        var made = 0
        for (type, lines) in [(StationType.communityCentre, communityCentre), (.specialArea, specialArea), (.village, village)] {
            for line in lines {
                _ = try await store.createMatterItem(MatterItem(id: MatterItemID(0), list: .positive, code: line.code, name: line.name, nodeID: tree.city.id,
                                                                nodePath: tree.city.path, stationTypes: [type], categoryIDs: line.categories, guide: ""))
                made += 1
            }
        }
        for (i, district) in tree.districts.enumerated() {
            for line in responsibility {
                _ = try await store.createMatterItem(MatterItem(id: MatterItemID(0), list: .responsibility, code: "\(line.code)-\(i + 1)", name: line.name, nodeID: district.id,
                                                                nodePath: district.path, stationTypes: line.types, categoryIDs: line.categories, guide: line.guide))
                made += 1
            }
        }
        return made
    }
}
