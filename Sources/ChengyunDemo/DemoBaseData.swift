import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation

/// 盘家底 — the demo city's base data: the shipped tag dictionary; two compounds a committee (an old estate of low
/// buildings without lifts, and a commercial estate or, in a village, a village estate), buildings with houses, and
/// synthetic residents (no real person: names drawn from common characters, ID numbers made with a valid check
/// character) of every kind, with party members and the special groups committees look after.
enum DemoBaseData {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    static let given = Array("伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅琴云建国志海波宇浩然子涵欣怡雨轩思远佳琪梓萱俊杰")

    /// The shipped tag dictionary.
    static func shippedTags() throws -> [Tag] {
        try JSONDecoder().decode([Tag].self, from: try DemoCity.resource("tags"))
    }

    /// Stores the dictionary, compounds, buildings, houses and about `residents` residents; returns how many residents.
    static func build(tree: DemoTree, store: any ChengyunStore, residents target: Int, seed: UInt64) async throws -> Int {
        try await store.replaceTags(try shippedTags())
        guard target > 0, !tree.committees.isEmpty else { return 0 }
        var rng = SeededRandom(seed: seed ^ 0xBA5E_DA7A)
        var gridsOf: [Int: [Int]] = [:]
        for (g, c) in tree.gridCommittee.enumerated() { gridsOf[c, default: []].append(g) }
        // Houses a committee needs for its share of residents (2.3 a lived-in house, one in twelve empty).
        let housesEach = max(8, Int((Double(target) / 2.3 * 1.08 / Double(tree.committees.count)).rounded(.up)))
        var pending: [Resident] = []
        var made = 0
        // Each building (with its compound's name and committee) and who was stored living in each house, for the groups.
        var built: [(building: Building, compound: String, committee: OrgNode, houses: [HouseID])] = []
        var livingIn: [HouseID: [Resident]] = [:]
        func flush() async throws {
            let stored = try await store.addResidents(pending)
            for r in stored { if let h = r.houseID { livingIn[h, default: []].append(r) } }
            made += stored.count
            pending = []
        }
        var sequence = 0
        var numbers = Set<String>()
        let today = LocalDate(year: 2026, month: 12, day: 1)!
        for (ci, committee) in tree.committees.enumerated() {
            guard made < target else { break }
            let village = committee.variant == "village"
            let grids = gridsOf[ci] ?? []
            for k in 0..<2 {
                let type: CompoundType = k == 0 ? .oldEstate : (village ? .other : .commercial)
                let at = grids.isEmpty ? nil : tree.point(inGrid: grids[(k * 7) % grids.count], using: &rng)
                // An old estate: six-storey blocks, two units, two houses a floor; the other: taller buildings — four to a
                // row, the south gate below the first row, the north gate above the last.
                let floors = type == .oldEstate ? 6 : village ? 3 : max(6, min(30, housesEach / 2 / 8))
                let perBuilding = floors * 2 * 2
                let buildings = max(1, (housesEach / 2 + perBuilding - 1) / perBuilding)
                let rows = (buildings + 3) / 4
                let compound = try await store.createCompound(Compound(
                    id: CompoundID(0), code: "XQ\(committee.code)\(k + 1)", name: committee.name.replacingOccurrences(of: "居委", with: "").replacingOccurrences(of: "村", with: "")
                        + (k == 0 ? "新村" : village ? "宅基" : "花苑"),
                    nodeID: committee.id, nodePath: committee.path, type: type, managementMode: k == 0 && ci % 3 == 0 ? .selfManaged : .propertyCompany,
                    propertyCompany: k == 0 && ci % 3 == 0 ? nil : ["长乐物业", "安居物业", "永和物业", "明珠物业"][(ci + k) % 4],
                    ownersCommittee: k == 1 ? "业委会" : nil, address: "\(committee.name)\(k + 1)弄", location: at,
                    entrances: at.map { Self.gates($0, rows: rows) } ?? []))
                for b in 0..<buildings {
                    let (building, houses) = try await store.createBuilding(
                        Building(id: BuildingID(0), compoundID: compound.id, nodeID: committee.id, nodePath: committee.path, number: "\(b + 1)号楼", floors: floors, units: 2,
                                 location: at.map { GeoPoint(lon: $0.lon + Double(b % 4) * 0.0002, lat: $0.lat + Double(b / 4) * 0.0002) },
                                 tags: floors <= 6 ? ["noLift"] + (type == .oldEstate ? ["agedStructure"] : []) : floors >= 12 ? ["highRise"] : []),
                        houses: (1...2).flatMap { unit in (1...floors).flatMap { floor in (1...2).map { n in
                            let use: HouseUse = rng.chance(0.08) ? .vacant : rng.chance(0.16) ? .rented : .ownerOccupied
                            return House(id: HouseID(0), buildingID: BuildingID(0), unit: String(unit), floor: floor, number: String(floor * 100 + n), use: use,
                                         tags: use == .rented ? (rng.chance(0.06) ? ["groupRental"] : ["rentedRegistered"]) : [])
                        } } })
                    built.append((building, compound.name, committee, houses.map(\.id)))
                    for house in houses where house.use != .vacant && made + pending.count < target {
                        let count = house.tags.contains("groupRental") ? 6 : rng.weighted([(1, 0.2), (2, 0.35), (3, 0.3), (4, 0.15)])
                        for p in 0..<count {
                            sequence += 1
                            func unique(_ area: String, _ birth: LocalDate) -> String {
                                var n = sequence
                                while true {
                                    let number = IDNumber.make(area: area, birth: birth, sequence: n)
                                    if numbers.insert(number).inserted { return number }
                                    n += 1
                                }
                            }
                            let year = p == 0 ? Int(rng.double(1938...1995)) : Int(rng.double(1940...2022))
                            let birth = LocalDate(year: year, month: Int(rng.next() % 12) + 1, day: Int(rng.next() % 28) + 1)!
                            let age = today.year - year
                            var tags: [String] = []
                            if age >= 80 { tags.append("elderly80") }
                            if count == 1, age >= 70, rng.chance(0.6) { tags.append("elderlyAlone") }
                            if rng.chance(0.02) { tags.append("disabled") }
                            if rng.chance(0.01) { tags.append("lowIncome") }
                            if age >= 18, rng.chance(0.03) { tags.append("volunteer") }
                            if age >= 30, rng.chance(0.01) { tags.append("veteran") }
                            // A few people the committee watches (重点人群), from the sequence so the demo's other draws stay as they were.
                            if age >= 18, sequence % 457 == 7 { tags.append("mentalDisorder") }
                            if age >= 18, sequence % 701 == 11 { tags.append("communityCorrection") }
                            if sequence % 911 == 5 { tags.append("homeIsolation") }
                            let kind: ResidentKind = house.use == .rented ? .floating : rng.chance(0.82) ? .registered : .resident
                            let name = String(surnames[Int(rng.next() % UInt64(surnames.count))]) + String(given[Int(rng.next() % UInt64(given.count))])
                                + (rng.chance(0.6) ? String(given[Int(rng.next() % UInt64(given.count))]) : "")
                            pending.append(Resident(
                                id: ResidentID(0), nodeID: committee.id, nodePath: committee.path, houseID: house.id, name: name,
                                idNumber: unique(String(committee.code.prefix(6)), birth),
                                phone: age >= 12 ? String(13_900_000_000 + sequence * 7 % 99_999_999) : nil, kind: kind, partyMember: age >= 18 && rng.chance(0.08),
                                tags: tags, movedInOn: LocalDate(daysSince1970: today.daysSince1970 - Int(rng.next() % 9000)), source: "demo"))
                        }
                    }
                    if pending.count >= 5_000 { try await flush() }
                }
            }
        }
        if !pending.isEmpty { try await flush() }
        // One hash for all: bcrypt takes tens of milliseconds, and a Shanghai-sized demo has 6,077 leaders.
        try await groups(built, livingIn: livingIn, passwordHash: tree.passwordHash, store: store, rng: &rng)
        return made
    }

    /// 动线 — a compound's two gates: the south gate for vehicles and people, both ways, where people are registered and
    /// their temperature taken; the north gate for people coming in only, with the contactless delivery shelf outside it.
    static func gates(_ at: GeoPoint, rows: Int) -> [Entrance] {
        let north = GeoPoint(lon: at.lon + 0.0003, lat: at.lat + Double(rows - 1) * 0.0002 + 0.00015)
        return [Entrance(name: "南门", location: GeoPoint(lon: at.lon + 0.0003, lat: at.lat - 0.00015), vehicles: true,
                         checkpoints: [Checkpoint(kind: .registration, note: "门卫值守，外来人员扫码登记"), Checkpoint(kind: .temperature, note: "志愿者轮值")]),
                Entrance(name: "北门", location: north, direction: .entry,
                         checkpoints: [Checkpoint(kind: .returnees, note: "报居委，当日上门"),
                                       Checkpoint(kind: .deliveries, note: "快递外卖放货架，居民自取", location: GeoPoint(lon: north.lon, lat: north.lat + 0.00008))])]
    }

    /// 楼组包干 — a building group for each building (in a village, a village group for each of its estate's blocks), led
    /// by its first resident; where that leader is not a party member, a party member living there is its second leader.
    /// The first building group of each committee has its leader's account, `lz.<committee code>`, to work sweeps on a phone.
    static func groups(_ built: [(building: Building, compound: String, committee: OrgNode, houses: [HouseID])], livingIn: [HouseID: [Resident]],
                       passwordHash hash: String, store: any ChengyunStore, rng: inout SeededRandom) async throws {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var villageGroups: [NodeID: Int] = [:]
        var drafts: [UserDraft] = []
        var seen = Set<NodeID>()
        for item in built where item.committee.variant != "village" && seen.insert(item.committee.id).inserted {
            drafts.append(UserDraft(username: "lz.\(item.committee.code)", displayName: "\(item.compound)\(item.building.number)楼组长", phone: nil,
                                    passwordHash: hash, assignments: [AssignmentDraft(role: .resident, nodeID: item.committee.id)]))
        }
        let accounts = Dictionary(uniqueKeysWithValues: try await store.createUsers(drafts).map { ($0.username, $0.id) })
        var led = Set<NodeID>()
        // 包干: the committee's first station chief (its party secretary) and its social worker answer for each of its groups.
        var chain: [NodeID: [BuildingGroupCadre]] = [:]
        let since = Date(timeIntervalSince1970: 1_767_225_600)
        for item in built where chain[item.committee.id] == nil {
            var cadres: [BuildingGroupCadre] = []
            if let chief = try await store.credentials(username: "chief.\(item.committee.code)")?.user {
                cadres.append(BuildingGroupCadre(userID: chief.id, userName: chief.displayName, duty: .secretary, since: since))
            }
            if let worker = try await store.credentials(username: "cw.\(item.committee.code)")?.user {
                cadres.append(BuildingGroupCadre(userID: worker.id, userName: worker.displayName, duty: .socialWorker, since: since))
            }
            chain[item.committee.id] = cadres
        }
        for item in built {
            let people = item.houses.flatMap { livingIn[$0] ?? [] }
            let leader = people.first
            let second = leader?.partyMember == false ? people.first { $0.partyMember } : nil
            let village = item.committee.variant == "village"
            if village { villageGroups[item.committee.id, default: 0] += 1 }
            let name = village ? "第\(villageGroups[item.committee.id]!)村民小组" : "\(item.compound)\(item.building.number)楼组"
            let account = !village && led.insert(item.committee.id).inserted ? accounts["lz.\(item.committee.code)"] : nil
            _ = try await store.createBuildingGroup(BuildingGroup(
                id: BuildingGroupID(0), code: "LZ\(item.building.id)", name: name, kind: village ? .village : .building, nodeID: item.committee.id,
                nodePath: item.committee.path, buildingIDs: village ? [] : [item.building.id], leaderID: leader?.id, leaderUserID: account, secondLeaderID: second?.id,
                partyGroup: leader?.partyMember == true ? name.replacingOccurrences(of: "楼组", with: "楼组党小组") : nil, chatGroup: name + "家园群",
                registrationCode: String((0..<16).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }), cadres: chain[item.committee.id] ?? []))
        }
    }

    /// 拉网式排摸 — a 四查四清 sweep over the first street, launched two days ago by its duty officer: about half of each
    /// building's houses done by its leader (by chat roll-call, door intercom or a visit), one in twenty differing from
    /// the base data.
    static func sweep(tree: DemoTree, store: any ChengyunStore, now: Date, seed: UInt64) async throws {
        guard let street = tree.streets.first else { return }
        // 准入清单 — the city's baseline of what may be pushed down to committees.
        let guide = "楼组长逐户核对：房屋使用状态、实住人数、近期旅居地点、重点人员管控措施和本楼管控漏洞；不在家的户可群内接龙或电话核实。"
        let admitted = try await store.createAdmissionItem(AdmissionItem(
            id: AdmissionItemID(0), code: "PM-RK", name: "人口信息排摸（四查四清）", kind: .sweep, nodeID: tree.city.id, nodePath: tree.city.path, guide: guide,
            form: SweepField.fourChecks, staggerMinutes: 30))
        _ = try await store.createAdmissionItem(AdmissionItem(
            id: AdmissionItemID(0), code: "PC-LJ", name: "老旧住房安全隐患排查", kind: .sweep, nodeID: tree.city.id, nodePath: tree.city.path,
            guide: "逐栋查看墙体裂缝、外墙脱落、阳台栏杆和楼道电线，发现隐患拍照说明。",
            form: [SweepField(code: "hazard", label: "发现隐患", kind: .yesNo, required: true), SweepField(code: "note", label: "情况说明", kind: .text)], staggerMinutes: 60))
        _ = try await store.createAdmissionItem(AdmissionItem(
            id: AdmissionItemID(0), code: "TZ-HY", name: "居民区会议台账", kind: .ledger, nodeID: tree.city.id, nodePath: tree.city.path,
            guide: "三会及居委会议的时间、议题、参加人和决定事项。", form: [], staggerMinutes: 0))
        var rng = SeededRandom(seed: seed ^ 0x5EE9)
        let today = LocalDate(daysSince1970: Int(now.timeIntervalSince1970 / 86_400))
        let sweep = try await store.createSweep(Sweep(
            id: SweepID(0), code: "PM-\(street.code)-1", title: "\(street.name)四查四清排摸", subject: .house, areaID: street.id, areaPath: street.path,
            form: admitted.form, guide: guide,
            startsOn: LocalDate(daysSince1970: today.daysSince1970 - 2), dueOn: LocalDate(daysSince1970: today.daysSince1970 + 5), launchedBy: "街道值班员",
            launchedAt: now.addingTimeInterval(-2 * 86_400), admissionCode: admitted.code))
        for committee in tree.committees where committee.path.hasPrefix(street.path) {
            for compound in try await store.compounds(under: committee.path, afterCode: nil, limit: 10) {
                for building in try await store.buildings(of: compound.id) {
                    let group = try await store.buildingGroup(covering: building.id)
                    for house in try await store.houses(of: building.id) where rng.chance(0.5) {
                        let living = try await store.residents(of: house.id).filter { $0.movedOutOn == nil }.count
                        let differs = rng.chance(0.05)
                        let use = differs && house.use != .vacant ? HouseUse.vacant : house.use
                        let taken = now.addingTimeInterval(-rng.double(3_600...172_800))
                        _ = try await store.recordSweepResult(SweepResult(
                            sweepID: sweep.id, subjectID: house.id.rawValue, buildingID: building.id, nodeID: committee.id, nodePath: committee.path, groupID: group?.id,
                            method: [.chatRollCall, .doorIntercom, .visit, .phone][Int(rng.next() % 4)],
                            answers: ["houseUse": use.rawValue, "residents": String(differs && use == house.use ? living + 1 : living),
                                      "measures": "yes"] .merging(rng.chance(0.1) ? ["gaps": "楼道堆物"] : [:]) { a, _ in a },
                            takenAt: taken, receivedAt: taken, byUserID: group?.leaderUserID, by: group.map { "\($0.name)组长" } ?? "社工",
                            clientKey: "demo-\(sweep.id)-\(house.id)"))
                    }
                }
            }
        }
    }
}
