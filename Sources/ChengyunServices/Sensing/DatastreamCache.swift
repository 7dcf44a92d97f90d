import ChengyunCore
import Synchronization

/// The datastreams ingest has met, by id: what a reading needs (path, kind, property) without a read per batch.
/// Bounded: when full it starts again (a datastream is re-read from the store on its next reading).
final class DatastreamCache: Sendable {
    private let table = Mutex([DatastreamID: Datastream]())
    private let capacity: Int

    init(capacity: Int = 1_000_000) { self.capacity = capacity }

    func get(_ ids: some Sequence<DatastreamID>) -> (found: [DatastreamID: Datastream], missing: [DatastreamID]) {
        table.withLock { t in
            var found: [DatastreamID: Datastream] = [:]
            var missing: Set<DatastreamID> = []
            for id in ids {
                if let s = t[id] { found[id] = s } else { missing.insert(id) }
            }
            return (found, missing.sorted())
        }
    }

    func put(_ stream: Datastream) { put([stream.id: stream]) }

    func put(_ streams: [DatastreamID: Datastream]) {
        table.withLock { t in
            if t.count + streams.count > capacity { t.removeAll(keepingCapacity: true) }
            t.merge(streams) { _, new in new }
        }
    }
}
