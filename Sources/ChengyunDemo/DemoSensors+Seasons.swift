import ChengyunCore
import ChengyunStore
import Foundation

/// 往年汛期 — the demo's two flood seasons before this year's, so that the flood-season history has something to
/// compare: five storms a season over the city's rain gauges (the tide gauges high with them), the underpasses flooding
/// in the heavier ones with their waterlogging alarms raised and cleared. Stored as the ingest stores readings (their
/// day tables go with the retention; the hour and area rollups stay); no case is made for them.
extension DemoSensors {
    static func pastSeasons(_ network: Network, now: Date, store: any ChengyunStore) async throws -> Int {
        var random = SeededRandom(seed: 2_020_0601)
        let hour: Int64 = 3_600_000
        let rain = network.streams[.rainfall] ?? [], tide = network.streams[.tide] ?? []
        guard !rain.isEmpty, let rule = try await store.alarmRules().first(where: { $0.name == "下立交积水" }) else { return 0 }
        let offset: Int64 = 8 * 3_600_000
        let localDay = (Int64(now.timeIntervalSince1970 * 1000) + offset) / 86_400_000
        let thisYear = ReadingTables.civil(localDay).0
        let gauges = try await store.datastreams(network.underpass)
        var stored = 0
        for back in [1, 2] as [Int64] {
            let year = thisYear - back
            // The season's storms: a day in June to September at 14:00 local time, their peaks (mm/h) heavier in the later year.
            var days: Set<Int64> = []
            while days.count < 5 { days.insert(ReadingTables.days(year, 6, 1) + Int64(random.double(0...121).rounded(.down))) }
            for day in days.sorted() {
                let peak = random.double(25...(back == 1 ? 90 : 60))
                let start = day * 86_400_000 - offset + 14 * hour
                var batch: [Observation] = []
                for k in 0..<8 {
                    let t = start + Int64(k) * hour
                    let x = sin(Double(k + 1) / 9 * .pi)
                    for s in rain { batch.append(Observation(datastreamID: s.id, time: t, result: ((peak * x + random.double(-3...3)).rounded()).clamped(0, 200))) }
                    for s in tide { batch.append(Observation(datastreamID: s.id, time: t, result: ((3.6 + 1.1 * x * peak / 90) * 100).rounded() / 100)) }
                    for s in network.underpass {
                        let depth = max(0, (peak * x - 35) / 100)
                        batch.append(Observation(datastreamID: s, time: t, result: (depth * 100).rounded() / 100))
                    }
                }
                stored += try await store.appendObservations(batch).count
                // The underpasses that flooded past the rule's line: their alarm raised at the peak, cleared when it went down.
                guard peak * sin(5 / 9 * .pi) - 35 >= 25 else { continue }
                for id in network.underpass.prefix(max(1, Int(peak / 10))) {
                    guard let g = gauges[id] else { continue }
                    let raised = Date(timeIntervalSince1970: Double(start + 3 * hour) / 1000)
                    let alarm = try await store.createAlarm(Alarm(id: AlarmID(0), ruleID: rule.id, ruleName: rule.name, level: rule.level, datastreamID: id,
                                                                  deviceID: g.deviceID, kind: .waterLevel, nodePath: g.nodePath, location: nil,
                                                                  value: ((peak - 35) / 100 * 100).rounded() / 100, raisedAt: raised))
                    _ = try await store.clearAlarm(alarm.id, by: "demo", at: raised.addingTimeInterval(3 * 3600))
                }
            }
        }
        while try await store.compactReadings(before: Int64(now.timeIntervalSince1970 * 1000)) > 0 {}
        return stored
    }
}

extension Double {
    func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(Swift.max(self, low), high) }
}
