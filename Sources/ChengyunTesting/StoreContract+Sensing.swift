import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 感知: devices with their readers and scope, datastreams, lists by filter/order/page/count, readings stored once
    /// per (datastream, time) across days with their minute and hour rollups, old days dropped whole, alarm rules
    /// with members, alarms through their lifecycle, re-fires and their case's loop.
    public static func sensing(_ fresh: @Sendable () async throws -> any OrganisationStore & SensingStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let gauge = try await store.createDevice(DeviceDraft(code: "WL-001", name: "长乐路下立交水位计", kind: .waterLevel, location: GeoPoint(lon: 0.5, lat: 0.5),
                                                             owner: "城投水务", operator: "水务运维", maintainer: "水务运维", readers: [t.department.id]),
                                                 nodeID: t.grid.id, nodePath: t.grid.path)
        let other = try await store.createDevice(DeviceDraft(code: "GAS-9", name: "北苑 3 号楼户内燃气", kind: .gasHome, location: nil, placement: .house,
                                                             placeRef: "3-502", owner: "居民"), nodeID: t.otherGrid.id, nodePath: t.otherGrid.path)
        await #expect(throws: DomainError.self) {
            try await store.createDevice(DeviceDraft(code: "WL-001", name: "重复", kind: .waterLevel, location: nil, owner: "x"), nodeID: t.grid.id, nodePath: t.grid.path)
        }
        #expect(try await store.device(gauge.id) == gauge)
        #expect(gauge.readers == [t.department.id])
        let street = SensingScope(paths: [t.street.path])
        #expect(try await store.devices(SensingQuery(count: true, scope: street)).items.map(\.id) == [gauge.id])
        #expect(try await store.devices(SensingQuery(scope: SensingScope(paths: [], departments: [t.department.id]))).items.map(\.id) == [gauge.id], "shared by its terms")
        let city = SensingScope(paths: [t.city.path])
        let filtered = try await store.devices(SensingQuery(filter: .or(.compare(.kind, .eq, .text("gasHome")), .contains(.name, "下立交")),
                                                            orderBy: [SensingOrder(.code, descending: true)], top: 1, skip: 0, count: true, scope: city))
        #expect(filtered.total == 2 && filtered.items.map(\.code) == ["WL-001"])
        #expect(try await store.devices(SensingQuery(top: 5, skip: 1, scope: city)).items.map(\.id) == [other.id])

        let sensor = try await store.createSensor(SensorModel(id: SensorID(0), name: "雷达水位计", description: "", encodingType: "application/pdf", metadata: "https://example.org/wl.pdf"))
        let level = try await store.createObservedProperty(ObservedProperty(id: ObservedPropertyID(0), code: "waterLevel", name: "水位", definition: DeviceKind.waterLevel.measure.definition, description: ""))
        #expect(try await store.createObservedProperty(level).id == level.id, "one property per code")
        let stream = try await store.createDatastream(Datastream(id: DatastreamID(0), deviceID: gauge.id, name: "水位", sensorID: sensor.id, propertyID: level.id,
                                                                 property: "waterLevel", unitName: "metre", unitSymbol: "m", kind: .waterLevel, nodePath: gauge.nodePath))
        #expect(try await store.datastream(stream.id) == stream)
        #expect(try await store.datastreams([stream.id, DatastreamID(999)]).keys.sorted() == [stream.id])
        #expect(try await store.datastreams(SensingQuery(filter: .compare(.deviceID, .eq, .number(Double(gauge.id.rawValue))), scope: street)).items == [stream])
        #expect(try await store.datastreams(SensingQuery(scope: SensingScope(paths: [t.otherGrid.path]))).items.isEmpty)
        #expect(try await store.sensors(SensingQuery(filter: .compare(.name, .eq, .text("雷达水位计")))).items == [sensor])

        // Readings over two days: a resent reading is stored once and counted once in the rollups.
        let day: Int64 = 1_796_083_200_000 // 2026-12-01T00:00:00Z
        let first = [0.1, 0.2, 0.4].enumerated().map { Observation(datastreamID: stream.id, time: day + Int64($0.offset) * 20_000, result: $0.element) }
        #expect(try await store.appendObservations(first) == first)
        let next = Observation(datastreamID: stream.id, time: day + ReadingTables.dayMillis + 5_000, result: 0.3)
        #expect(try await store.appendObservations([first[1], next]) == [next], "the resent reading is not new")
        #expect(try await store.observation(of: stream.id, at: next.time) == next, "readable at once")
        _ = try await store.compactReadings(before: Int64.max / 2)
        _ = try await store.appendObservations([first[0]])
        _ = try await store.compactReadings(before: Int64.max / 2)
        #expect(try await store.observations(of: stream.id, from: 0, to: Int64.max / 2, ascending: false, limit: 3, offset: 0).map(\.result) == [0.3, 0.4, 0.2])
        #expect(try await store.observations(of: stream.id, from: day, to: day + 30_000, ascending: true, limit: 10, offset: 1).map(\.result) == [0.2])
        #expect(try await store.observations(of: stream.id, from: 0, to: Int64.max / 2, ascending: false, limit: 2, offset: 3).map(\.result) == [0.1])
        #expect(try await store.observation(of: stream.id, at: next.time) == next)
        let minutes = try await store.rollups(of: stream.id, period: .minute, from: day, to: day + 2 * ReadingTables.dayMillis)
        #expect(minutes.map(\.count) == [3, 1])
        #expect(minutes.first.map { abs($0.sum - 0.7) < 1e-9 && $0.min == 0.1 && $0.max == 0.4 } == true)
        #expect(try await store.rollups(of: stream.id, period: .hour, from: day, to: day + 2 * ReadingTables.dayMillis).map(\.count) == [3, 1])
        #expect(try await store.dropReadings(rawBefore: day + ReadingTables.dayMillis, minuteBefore: 0) == 1, "the first day's raw table")
        #expect(try await store.observations(of: stream.id, from: 0, to: Int64.max / 2, ascending: true, limit: 10, offset: 0) == [next])
        #expect(try await store.rollups(of: stream.id, period: .minute, from: day, to: day + ReadingTables.dayMillis).count == 1, "minute rollups kept longer")

        // Rules and alarms.
        let high = try await store.createAlarmRule(AlarmRule(id: AlarmRuleID(0), name: "下立交积水", level: .orange, nodeID: t.grid.id, nodePath: t.grid.path,
                                                             target: AlarmRule.Target(datastreamID: stream.id), trigger: .threshold(raise: 0.3, clear: 0.2, sustainSeconds: 60),
                                                             categoryID: "event:0405"))
        let rain = try await store.createAlarmRule(AlarmRule(id: AlarmRuleID(0), name: "暴雨", level: .yellow, nodeID: t.district.id, nodePath: t.district.path,
                                                             target: AlarmRule.Target(kind: .rainfall), trigger: .threshold(raise: 50)))
        let both = try await store.createAlarmRule(AlarmRule(id: AlarmRuleID(0), name: "雨涝两碰头", level: .red, nodeID: t.district.id, nodePath: t.district.path,
                                                             target: AlarmRule.Target(), trigger: .coincidence([high.id, rain.id])))
        await #expect(throws: DomainError.self) {
            try await store.createAlarmRule(AlarmRule(id: AlarmRuleID(0), name: "坏", level: .red, nodeID: t.city.id, nodePath: t.city.path,
                                                      target: AlarmRule.Target(), trigger: .coincidence([high.id, AlarmRuleID(999)])))
        }
        #expect(try await store.alarmRules() == [high, rain, both])
        try await store.setAlarmRuleActive(rain.id, active: false)
        #expect(try await store.alarmRule(rain.id)?.active == false)
        await #expect(throws: DomainError.self) { try await store.setAlarmRuleActive(AlarmRuleID(999), active: true) }

        let at = Date(timeIntervalSince1970: 1_796_090_000)
        var firstAlarm = Alarm(id: AlarmID(0), ruleID: high.id, ruleName: high.name, level: .orange, datastreamID: stream.id, deviceID: gauge.id,
                          kind: .waterLevel, nodePath: gauge.nodePath, location: gauge.location, value: 0.42, raisedAt: at)
        firstAlarm.deviceName = gauge.name
        let raised = try await store.createAlarm(firstAlarm)
        #expect(try await store.alarm(raised.id) == raised)
        #expect(try await store.alarm(raised.id)?.deviceName == "长乐路下立交水位计")
        #expect(try await store.alarmsOn().map(\.id) == [raised.id])
        #expect(try await store.alarmWithOpenCase(rule: high.id, datastream: stream.id) == nil)
        try await store.linkAlarm(raised.id, toCase: CaseID(41))
        #expect(try await store.alarmWithOpenCase(rule: high.id, datastream: stream.id)?.id == raised.id)
        let acknowledged = try await store.acknowledgeAlarm(raised.id, by: "duty", at: at.addingTimeInterval(30))
        #expect(acknowledged.state == .acknowledged && acknowledged.acknowledgedBy == "duty" && acknowledged.acknowledgedAt == at.addingTimeInterval(30))
        let cleared = try await store.clearAlarm(raised.id, by: "platform", at: at.addingTimeInterval(600))
        #expect(cleared.state == .cleared && cleared.clearedBy == "platform")
        await #expect(throws: DomainError.self) { try await store.clearAlarm(raised.id, by: "duty", at: at) }
        await #expect(throws: DomainError.self) { try await store.acknowledgeAlarm(AlarmID(999), by: "duty", at: at) }
        try await store.noteRefire(raised.id)
        let again = try await store.createAlarm(Alarm(id: AlarmID(0), ruleID: high.id, ruleName: high.name, level: .orange, datastreamID: stream.id, deviceID: gauge.id,
                                                      kind: .waterLevel, nodePath: gauge.nodePath, location: nil, value: 0.5, raisedAt: at.addingTimeInterval(900),
                                                      caseID: CaseID(41)))
        #expect(try await store.alarm(raised.id)?.refires == 1)
        #expect(try await store.alarms(in: street, onOnly: false, before: nil, limit: 10).map(\.id) == [again.id, raised.id])
        #expect(try await store.alarms(in: street, onOnly: true, before: nil, limit: 10).map(\.id) == [again.id])
        #expect(try await store.alarmCounts(in: street) == [.orange: 1])
        #expect(try await store.alarmCounts(in: SensingScope(paths: [t.otherGrid.path])).isEmpty)
        let shared = SensingScope(paths: [t.otherGrid.path], departments: [t.department.id])
        #expect(try await store.alarms(in: shared, onOnly: true, before: nil, limit: 10).map(\.id) == [again.id], "the gauge is shared with the department")
        #expect(try await store.alarmCounts(in: shared) == [.orange: 1])
        #expect(try await store.alarms(in: street, onOnly: false, before: again.id, limit: 10).map(\.id) == [raised.id])
        #expect(try await store.alarms(in: SensingScope(paths: [t.otherGrid.path]), onOnly: false, before: nil, limit: 10).isEmpty)
        #expect(try await store.closeAlarmLoop(case: CaseID(41), at: at.addingTimeInterval(7200)).sorted() == [raised.id, again.id])
        #expect(try await store.alarm(again.id)?.loopClosedAt == at.addingTimeInterval(7200))
        #expect(try await store.closeAlarmLoop(case: CaseID(41), at: at).isEmpty, "closed once")
        #expect(try await store.alarmWithOpenCase(rule: high.id, datastream: stream.id) == nil)
    }
}
