import ChengyunCore
import ChengyunStore
import Foundation

/// 历史 — two quiet days of readings for the demo's devices, one an hour each up to a minute ago (the city's vital signs and the devices'
/// charts have a past to show): rain showers in the afternoon, two tides a day, voltage and strain wandering within
/// their normal ranges. Stored as the ingest stores them (inbox, then moved into the day tables with their rollups);
/// none raises an alarm.
extension DemoSensors {
    static let historyHours = 48

    static func history(_ network: Network, now: Date, store: any ChengyunStore) async throws -> Int {
        var random = SeededRandom(seed: 31631)
        let hour: Int64 = 3_600_000
        // The last reading a minute before now, one an hour before it.
        let last = Int64(now.timeIntervalSince1970 * 1000) - 60_000
        var batch: [Observation] = []
        var stored = 0
        func flush() async throws {
            guard !batch.isEmpty else { return }
            stored += try await store.appendObservations(batch).count
            batch.removeAll(keepingCapacity: true)
        }
        for (kind, streams) in network.streams.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !kind.household {
            for stream in streams {
                for k in 0..<historyHours {
                    let t = last - Int64(historyHours - 1 - k) * hour
                    batch.append(Observation(datastreamID: stream.id, time: t, result: quiet(kind, at: t, &random)))
                }
                if batch.count >= 10_000 { try await flush() }
            }
        }
        try await flush()
        while try await store.compactReadings(before: last + 1) > 0 {}
        return stored
    }

    /// A quiet reading of `kind` at `t` (ms), rounded as a device would send it.
    static func quiet(_ kind: DeviceKind, at t: Int64, _ random: inout SeededRandom) -> Double {
        let hourOfDay = Double((t / 3_600_000 + 8) % 24)
        func round(_ x: Double, _ places: Double) -> Double { (x * places).rounded() / places }
        switch kind {
        case .rainfall: return hourOfDay >= 14 && hourOfDay <= 17 && random.chance(0.3) ? round(random.double(0.5...5), 10) : 0
        case .waterLevel: return round(random.double(0...0.04), 100)
        case .tide: return round(3.15 + 0.6 * sin(Double(t) / 3_600_000 / 12.42 * 2 * .pi) + random.double(-0.05...0.05), 100)
        case .wind: return round(random.double(2...8), 10)
        case .gasMains, .gasHome: return round(random.double(0...3), 10)
        case .manholeCover: return round(random.double(0...2), 10)
        case .bridgeStrain: return round(random.double(100...400), 1)
        case .smoke: return round(random.double(0...0.05), 1000)
        case .elevator, .fallingObject, .doorGuard: return 0
        case .power: return round(random.double(215...230), 10)
        case .utilityTunnel: return round(random.double(0...20), 10)
        case .undergroundSpace: return round(random.double(0...3), 10)
        case .telecom: return round(random.double(0...2), 10)
        }
    }
}
