import ChengyunCore
import ChengyunStore
import Foundation

/// 神经元 — the demo city's sensor network: devices of the kinds the papers name in every grid (two a grid, kinds in
/// turn), a water-level gauge at each committee's underpass (beside its camera, so a waterlogging case can be verified
/// by video), door guards and in-home gas detectors in homes; the alarm rules a centre would set, by kind over the
/// city (the underpass rule opens 道路积水 cases; gas opens 燃气管道破裂), the coincidence of rain, tide and wind (三碰头),
/// lifts grouped under a power cut (a cascade), and gauges gone quiet.
enum DemoSensors {
    struct Network: Sendable {
        var devices: Int
        var rules: Int
        /// The underpass gauges' datastreams, by committee index (the replay floods the first street's).
        var underpass: [DatastreamID]
        var streams: [DeviceKind: [Datastream]]
    }

    static let gridKinds: [DeviceKind] = [.rainfall, .manholeCover, .smoke, .power, .elevator, .gasMains, .wind, .tide, .bridgeStrain, .fallingObject,
                                          .utilityTunnel, .undergroundSpace, .telecom]

    static func build(tree: DemoTree, cameras: [Camera], store: any ChengyunStore) async throws -> Network {
        let sensor = try await store.createSensor(SensorModel(id: SensorID(0), name: "城市物联感知终端", description: "演示城市的感知终端",
                                                              encodingType: "application/pdf", metadata: "https://chengyun.city/def/sensor/demo"))
        var properties: [DeviceKind: ObservedProperty] = [:]
        for kind in DeviceKind.allCases {
            let m = kind.measure
            properties[kind] = try await store.createObservedProperty(ObservedProperty(id: ObservedPropertyID(0), code: m.property, name: m.name, definition: m.definition,
                                                                                       description: "\(kind.chineseName)的\(m.name)"))
        }
        var streams: [DeviceKind: [Datastream]] = [:]
        var count = 0
        func add(_ kind: DeviceKind, code: String, name: String, grid g: Int, at point: GeoPoint, placement: Device.Placement = .point, placeRef: String? = nil,
                 owner: String) async throws -> Datastream {
            let device = try await store.createDevice(DeviceDraft(code: code, name: name, kind: kind, location: point, placement: placement, placeRef: placeRef,
                                                                  owner: owner, operator: owner, maintainer: Self.maintainer(kind)),
                                                      nodeID: tree.grids[g].id, nodePath: tree.grids[g].path)
            let m = kind.measure
            let stream = try await store.createDatastream(Datastream(id: DatastreamID(0), deviceID: device.id, name: m.name, sensorID: sensor.id,
                                                                     propertyID: properties[kind]!.id, property: m.property, unitName: m.unitName,
                                                                     unitSymbol: m.unitSymbol, unitDefinition: m.definition, kind: kind, nodePath: device.nodePath))
            streams[kind, default: []].append(stream)
            count += 1
            return stream
        }
        for g in tree.grids.indices {
            var rng = SeededRandom(seed: UInt64(10_000 + g))
            for k in 0..<2 {
                let kind = gridKinds[(2 * g + k) % gridKinds.count]
                _ = try await add(kind, code: "IOT-\(tree.grids[g].code)-\(k + 1)", name: "\(tree.grids[g].name)\(kind.chineseName)", grid: g,
                                  at: tree.point(inGrid: g, using: &rng), owner: Self.owner(kind))
            }
        }
        var underpass: [DatastreamID] = []
        var firstGrid: [Int: Int] = [:]
        for (g, c) in tree.gridCommittee.enumerated() where firstGrid[c] == nil { firstGrid[c] = g }
        for (c, committee) in tree.committees.enumerated() {
            guard let g = firstGrid[c], let camera = cameras.first(where: { $0.nodeID == tree.grids[g].id }) else { continue }
            underpass.append(try await add(.waterLevel, code: "WL-\(committee.code)", name: "\(committee.name)下立交水位计", grid: g, at: camera.location, owner: "城投水务").id)
            if c % 4 == 0 {
                var rng = SeededRandom(seed: UInt64(20_000 + c))
                let home = tree.point(inGrid: g, using: &rng)
                _ = try await add(.doorGuard, code: "DG-\(committee.code)", name: "\(committee.name)居家隔离门磁", grid: g, at: home, placement: .house, placeRef: "1-101", owner: "居委会")
                _ = try await add(.gasHome, code: "GH-\(committee.code)", name: "\(committee.name)户内燃气报警器", grid: g, at: home, placement: .house, placeRef: "2-302", owner: "住户")
            }
        }
        let rules = try await self.rules(city: tree.city, store: store)
        return Network(devices: count, rules: rules, underpass: underpass, streams: streams)
    }

    static func owner(_ kind: DeviceKind) -> String {
        switch kind {
        case .rainfall, .wind, .tide: "市气象局"
        case .waterLevel, .manholeCover: "城投水务"
        case .gasMains, .gasHome: "燃气集团"
        case .power, .elevator: "国网电力"
        case .bridgeStrain, .utilityTunnel, .undergroundSpace: "城投公路"
        case .smoke, .fallingObject, .doorGuard: "物业公司"
        case .telecom: "电信运营商"
        }
    }

    static func maintainer(_ kind: DeviceKind) -> String { kind.household ? "居委会" : owner(kind) + "运维" }

    /// The rules a centre would set over the whole city.
    static func rules(city: OrgNode, store: any ChengyunStore) async throws -> Int {
        func rule(_ name: String, _ level: AlarmLevel, _ kind: DeviceKind, _ trigger: AlarmRule.Trigger, category: String? = nil, groupUnder: AlarmRuleID? = nil) async throws -> AlarmRule {
            try await store.createAlarmRule(AlarmRule(id: AlarmRuleID(0), name: name, level: level, nodeID: city.id, nodePath: city.path,
                                                      target: AlarmRule.Target(kind: kind), trigger: trigger, categoryID: category, groupUnder: groupUnder))
        }
        _ = try await rule("下立交积水", .orange, .waterLevel, .threshold(raise: 0.25, clear: 0.05), category: "event:0405")
        _ = try await rule("短时强降水", .blue, .rainfall, .threshold(raise: 30, clear: 20))
        let rain = try await rule("暴雨", .yellow, .rainfall, .threshold(raise: 50, clear: 30))
        let tide = try await rule("高潮位", .orange, .tide, .threshold(raise: 4.8, clear: 4.5))
        let wind = try await rule("大风", .yellow, .wind, .threshold(raise: 17.2, clear: 13.9))
        _ = try await store.createAlarmRule(AlarmRule(id: AlarmRuleID(0), name: "风雨潮三碰头", level: .red, nodeID: city.id, nodePath: city.path,
                                                      target: AlarmRule.Target(), trigger: .coincidence([rain.id, tide.id, wind.id])))
        _ = try await rule("燃气泄漏", .red, .gasMains, .threshold(raise: 20, clear: 10), category: "event:0403")
        _ = try await rule("户内燃气泄漏", .red, .gasHome, .threshold(raise: 10, clear: 5))
        _ = try await rule("井盖倾斜", .yellow, .manholeCover, .threshold(raise: 15, clear: 5, sustainSeconds: 60), category: "component:0103")
        let power = try await rule("停电", .orange, .power, .threshold(above: false, raise: 180, clear: 200))
        _ = try await rule("电梯困人", .orange, .elevator, .threshold(raise: 1, clear: 0.5), groupUnder: power.id)
        _ = try await rule("居家隔离门磁开启", .blue, .doorGuard, .threshold(raise: 1, clear: 0.5))
        _ = try await rule("烟感报警", .red, .smoke, .threshold(raise: 0.5, clear: 0.2))
        _ = try await rule("下立交水位计失联", .blue, .waterLevel, .silence(seconds: 1800))
        return 14
    }
}
