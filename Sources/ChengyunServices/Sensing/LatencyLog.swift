import Synchronization

/// 告警→立案时延 — how long from a reading's arrival to the commit of the case its alarm opened, for the last
/// readings (a ring of `capacity`): the figure `chengyun bench ingest` reports.
public final class LatencyLog: Sendable {
    private struct Ring {
        var values: [Double] = []
        var next = 0
    }

    private let ring = Mutex(Ring())
    private let capacity: Int

    public init(capacity: Int = 100_000) { self.capacity = capacity }

    func record(_ elapsed: Duration) {
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        ring.withLock { r in
            if r.values.count < capacity { r.values.append(ms) } else { r.values[r.next] = ms }
            r.next = (r.next + 1) % capacity
        }
    }

    /// The number recorded (up to the capacity) and the p50 and p99 in milliseconds.
    public func summary() -> (count: Int, p50: Double, p99: Double) {
        let sorted = ring.withLock { $0.values }.sorted()
        guard !sorted.isEmpty else { return (0, .nan, .nan) }
        func at(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }
        return (sorted.count, at(0.5), at(0.99))
    }

    public func reset() { ring.withLock { $0 = Ring() } }
}
