import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation

/// 隐患排查销项 — the demo city's first street inspected: a third party's unannounced round in each of its first three
/// committees a month ago, a week ago and today, with hazards closed out, rectified and waiting for the recheck, open,
/// and open past their day; and the district's oversight of the street's first committee.
enum DemoHazards {
    static func build(tree: DemoTree, users: DemoUsers, platform: Platform, now: Date) async throws {
        let byName = Dictionary(uniqueKeysWithValues: users.all.map { ($0.username, $0) })
        func identity(_ name: String) -> Identity? {
            byName[name].map { Identity(userID: $0.id, name: $0.displayName, assignments: $0.assignments) }
        }
        guard let street = tree.streets.first else { return }
        let today = platform.data.calendar.localDate(of: now)
        func day(_ d: Int) -> LocalDate { LocalDate(daysSince1970: today.daysSince1970 + d) }
        let committees = tree.committees.filter { $0.path.hasPrefix(street.path) }.prefix(3)
        let rounds: [(ago: Int, hazards: [HazardInput])] = [
            (30, [HazardInput(kind: .fireSafety, severity: .general, description: "3号楼消防通道堆放纸箱杂物", responsibleUnit: "小区物业服务中心", rectifyBy: day(2)),
                  HazardInput(kind: .flyingWireCharging, severity: .major, description: "5号楼2单元从窗口拉线给电动自行车充电", responsibleUnit: "5号楼502室住户", rectifyBy: day(-5)),
                  HazardInput(kind: .outdoorUnit, severity: .general, description: "沿街商铺空调外机支架锈蚀", responsibleUnit: "沿街商铺业主")]),
            (7, [HazardInput(kind: .gasWaterMains, severity: .general, description: "燃气立管锈蚀、管卡脱落", responsibleUnit: "燃气公司"),
                 HazardInput(kind: .threeInOne, severity: .major, description: "沿街作坊楼上住人，仅一个出口", responsibleUnit: "作坊经营者")]),
            (0, [HazardInput(kind: .oldBuilding, severity: .general, description: "老公房外墙空鼓、局部剥落", responsibleUnit: "房管所")]),
        ]
        var made: [[HazardView]] = []
        for (committee, round) in zip(committees, rounds) {
            guard let worker = identity("cw.\(committee.code)") else { continue }
            let input = InspectionInput(kind: .thirdPartyRound, method: round.ago == 30 ? .unannounced : .instrument, nodeID: committee.id.rawValue,
                                        inspector: "某安全技术服务有限公司", note: "季度第三方隐患排查", inspectedOn: day(-round.ago), hazards: round.hazards,
                                        clientKey: "demo-inspection-\(committee.code)")
            made.append(try await platform.hazards.record(input, by: worker).view.hazards ?? [])
        }
        // The first committee's: the fire passage cleared and closed out by the chief; the air conditioner's bracket
        // replaced and waiting for the recheck; the flying wire still there past its day.
        if let first = made.first, let committee = committees.first, let worker = identity("cw.\(committee.code)"), let chief = identity("chief.\(committee.code)") {
            let fire = try await platform.hazards.move(first[0].hazard.id, HazardMove(action: .rectify, note: "物业已清理杂物并设置禁止堆放标识", version: 1), by: worker)
            _ = try await platform.hazards.move(fire.hazard.id, HazardMove(action: .pass, note: "现场复查通道畅通", version: fire.hazard.version), by: chief)
            _ = try await platform.hazards.move(first[2].hazard.id, HazardMove(action: .rectify, note: "已更换不锈钢支架", version: 1), by: worker)
        }
        if let district = tree.districts.first, let committee = committees.first, let overseer = identity("duty.d1") {
            let input = InspectionInput(kind: .oversight, method: .onSite, nodeID: district.id.rawValue, inspector: "\(district.name)安全生产督察组", inspectedOn: day(-3),
                                        hazards: [HazardInput(kind: .specialEquipment, severity: .general, description: "小区电梯年检标志过期", nodeID: committee.id.rawValue,
                                                              responsibleUnit: "电梯维保单位")], clientKey: "demo-oversight-\(district.code)")
            _ = try await platform.hazards.record(input, by: overseer)
        }
    }
}
