import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation

/// 吹哨人 — the demo city's designated handlers (the city's and each district's duty officer) and, in a city with
/// residents, three reports to find on their page: a named one waiting, an anonymous one confirmed and rewarded (no case
/// made, so the demo's case counts stay as generated), and a doctor's urgent one sent past the district to the city.
enum DemoWhistleblowing {
    static func build(tree: DemoTree, users: DemoUsers, platform: Platform, store: any ChengyunStore, now: Date, reports: Bool) async throws {
        let byName = Dictionary(uniqueKeysWithValues: users.all.map { ($0.username, $0) })
        var handlers: [(OrgNode, User)] = [(tree.city, users.cityDuty)]
        for (i, d) in tree.districts.enumerated() { if let u = byName["duty.d\(i + 1)"] { handlers.append((d, u)) } }
        for (node, user) in handlers {
            try await store.designateWhistleblowerHandler(node: node.id, WhistleblowerHandler(nodeID: node.id, nodePath: node.path, userID: user.id,
                                                                                               designatedBy: "系统管理员", designatedAt: now))
        }
        guard reports, let street = tree.streets.first, let districtHandler = handlers.dropFirst().first?.1 else { return }
        let caller = Caller(address: "demo")
        func input(_ kind: HazardKind, _ text: String, unit: String, address: String, role: WhistleblowerReport.ReporterRole, urgent: Bool = false, name: String?,
                   key: String) -> WhistleblowerReportInput {
            WhistleblowerReportInput(kind: kind, description: text, unitName: unit, nodeID: street.id.rawValue, address: address, lon: nil, lat: nil, reporterRole: role,
                                     urgent: urgent, anonymous: name == nil, name: name, phone: name == nil ? nil : "13800001234", clientKey: key)
        }
        _ = try await platform.whistleblowing.report(input(.flyingWireCharging, "楼道里有人从三楼窗口拉电线给电动自行车充电，晚上一直充着，电线挂在晾衣架上。",
                                                           unit: "", address: "某小区12号楼", role: .citizen, name: "王先生", key: UUID().uuidString),
                                                     from: caller)
        let shop = try await platform.whistleblowing.report(input(.threeInOne, "沿街一间服装加工作坊晚上有人住在里面，楼上堆着布料，只有一个出口。",
                                                                  unit: "某服装加工作坊", address: "某路88号", role: .internalInformant, name: nil,
                                                                  key: UUID().uuidString), from: caller)
        _ = try await platform.whistleblowing.report(input(.publicHealth, "本院今日接诊三例同一工地工人，均高热伴皮疹，疑似聚集性传染病，请疾控尽快介入。",
                                                           unit: "某建设工地", address: "某建设工地东门", role: .medicalStaff, urgent: true, name: "李医生",
                                                           key: UUID().uuidString), from: caller)
        // The district's handler confirmed the workshop and rewarded the report.
        let identity = Identity(userID: districtHandler.id, name: districtHandler.displayName, assignments: districtHandler.assignments)
        let found = try await store.whistleblowerReports(routedTo: [handlers[1].0.path], status: nil, before: nil, limit: 10)
        guard let id = found.first(where: { $0.kind == shop.receipt.followUp.kind })?.id else { return }
        let confirmed = try await platform.whistleblowing.move(id, WhistleblowerStep(action: .confirm, reply: "经现场核查属实，已责令作坊清人、清物，街道将跟踪整治。感谢您的举报。",
                                                                                      categoryID: nil, caseDescription: nil, version: 1), by: identity)
        _ = try await platform.whistleblowing.reward(id, WhistleblowerRewardInput(yuan: 500, note: "凭回执码到区应急管理局领取。", version: confirmed.report.version), by: identity)
    }
}
