import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation

/// 扫码注册 in the demo: in each committee, about one resident in six of the grouped buildings has registered by the
/// building group's QR code (at most 30 a committee) — most verified at once by their ID number (实名核验), some by the
/// committee's worker — with a last day of use spread over the past two months, and two newcomers in the first group
/// waiting to be verified. Their accounts (`jm.<committee code>.<n>`) sign in with the demo password.
enum DemoRegistrations {
    static func build(tree: DemoTree, store: any ChengyunStore, now: Date, seed: UInt64) async throws -> Int {
        let hash = tree.passwordHash
        var random = SeededRandom(seed: seed ^ 0x6a6f_696e)
        let today = Int(((now.timeIntervalSince1970 + 8 * 3600) / 86_400).rounded(.down))
        var made = 0
        for committee in tree.committees {
            let groups = try await store.buildingGroups(under: committee.path, afterCode: nil, limit: 500).filter { $0.kind == .building && !$0.buildingIDs.isEmpty }
            guard !groups.isEmpty else { continue }
            let worker = try await store.credentials(username: "cw.\(committee.code)")?.user.displayName ?? "社工"
            var n = 0
            func register(_ group: BuildingGroup, building: BuildingID, name: String, phone: String?, resident: Resident?, byWorker: Bool) async throws {
                n += 1
                let at = now - Double(Int.random(in: 1...60, using: &random)) * 86_400
                let active: Int? = Int.random(in: 0..<10, using: &random) < 7 ? today - Int.random(in: 0..<29, using: &random) : (Int.random(in: 0..<3, using: &random) == 0 ? nil : today - Int.random(in: 30..<60, using: &random))
                let registration = ResidentRegistration(
                    id: RegistrationID(0), groupID: group.id, nodeID: committee.id, nodePath: committee.path, userID: UserID(0), name: name,
                    phone: phone ?? "139\(String(format: "%08d", Int.random(in: 0..<100_000_000, using: &random)))", buildingID: building,
                    room: "\(1 + Int.random(in: 0..<3, using: &random))单元\(1 + Int.random(in: 0..<6, using: &random))0\(1 + Int.random(in: 0..<4, using: &random))", residentID: resident?.id,
                    status: resident == nil ? .pending : .verified, createdAt: at, decidedAt: resident == nil ? nil : at + (byWorker ? 86_400 : 0),
                    decidedBy: resident == nil ? nil : byWorker ? worker : "实名核验", lastActiveDay: resident == nil ? nil : active.map { LocalDate(daysSince1970: $0) },
                    clientKey: "demo-\(committee.code)-\(n)")
                let account = UserDraft(username: "jm.\(committee.code).\(n)", displayName: Masking.name(name) ?? name, phone: registration.phone, passwordHash: hash,
                                        assignments: [AssignmentDraft(role: .resident, nodeID: committee.id)], demoPassword: true)
                if try await store.register(registration, account: account).created { made += 1 }
            }
            outer: for group in groups {
                for building in group.buildingIDs {
                    for person in try await store.residents(inBuilding: building) where person.movedOutOn == nil && Int.random(in: 0..<6, using: &random) == 0 {
                        guard n < 30 else { break outer }
                        try await register(group, building: building, name: person.name, phone: person.phone, resident: person, byWorker: Int.random(in: 0..<4, using: &random) == 0)
                    }
                }
            }
            for name in ["周新", "吴晓晴"] { try await register(groups[0], building: groups[0].buildingIDs[0], name: name, phone: nil, resident: nil, byWorker: false) }
        }
        return made
    }
}
