public import ChengyunCore
import ChengyunStore
import Foundation

extension SensingUseCases {
    /// 接入 — readings in, from devices and gateways: each checked on its own (a known datastream in the caller's
    /// area, a finite result, a time within the retention and at most five minutes ahead); the good ones stored in
    /// one commit with their rollups, then evaluated by the alarm rules. Returns each reading's outcome in order: the
    /// reading stored (or stored before: a resent reading is stored once) or why it was refused.
    /// - Throws: `observation.batch_too_large` 413 past `maxBatch`.
    public func ingest(_ batch: [Result<Observation, DomainError>], by identity: Identity) async throws -> [Result<Observation, DomainError>] {
        guard batch.count <= Self.maxBatch else { throw SensingError.batchTooLarge(Self.maxBatch) }
        let arrival = ContinuousClock.now
        let now = Int64(clock.now().timeIntervalSince1970 * 1000)
        let earliest = now - Int64(settings.sensing.rawRetentionDays) * ReadingTables.dayMillis
        var known = streams.get(batch.compactMap { try? $0.get().datastreamID })
        if !known.missing.isEmpty {
            let loaded = try await store.datastreams(known.missing)
            streams.put(loaded)
            known.found.merge(loaded) { a, _ in a }
        }
        var outcome = batch
        var good: [Observation] = []
        good.reserveCapacity(batch.count)
        for (i, item) in batch.enumerated() {
            guard case .success(let o) = item else { continue }
            guard let stream = known.found[o.datastreamID] else {
                outcome[i] = .failure(SensingError.datastreamNotFound(o.datastreamID.rawValue))
                continue
            }
            guard Self.mayFeed(identity, at: stream.nodePath) else {
                outcome[i] = .failure(SensingError.notYours(o.datastreamID.rawValue))
                continue
            }
            guard o.result.isFinite else {
                outcome[i] = .failure(SensingError.result)
                continue
            }
            guard o.time >= earliest, o.time <= now + 300_000 else {
                outcome[i] = .failure(SensingError.time)
                continue
            }
            good.append(o)
        }
        // The rules see the readings as they arrive (a reading older than its datastream's last is not evaluated, so a
        // resent one raises nothing), while the readings are stored: an alarm's case does not wait for the batch's commit.
        async let stored = store.appendObservations(good)
        try await evaluate(good, streams: known.found, arrival: arrival)
        _ = try await stored
        return outcome
    }
}
