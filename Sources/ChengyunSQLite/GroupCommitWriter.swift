import Foundation
import GRDB
import Synchronization

/// 组提交 — collects concurrent writes and commits them together in one transaction, each in its own
/// savepoint, so one fsync serves many requests. A caller resumes only after the commit is durable.
final class GroupCommitWriter: Sendable {
    private struct Job: Sendable {
        let run: @Sendable (Database) -> Void
        let finish: @Sendable ((any Error)?) -> Void
    }

    private struct State {
        var pending: [Job] = []
        /// Bulk writes (batches of readings): they wait behind every other write, and a commit takes only a few of
        /// them, so a case, an alarm or an action is never stuck behind a queue of readings.
        var bulk: [Job] = []
        var draining = false
    }

    private let pool: DatabasePool
    private let state = Mutex(State())
    private let maxBatch: Int
    /// The writer runs on its own thread, never on Swift's cooperative pool (2 threads on 2 cores), so a
    /// blocked SQLite call can never starve the tasks that would release it.
    private let queue = DispatchQueue(label: "chengyun.sqlite.writer")

    /// How many bulk writes one commit takes at most.
    private let maxBulk: Int

    init(pool: DatabasePool, maxBatch: Int = 512, maxBulk: Int = 4) {
        self.pool = pool
        self.maxBatch = maxBatch
        self.maxBulk = maxBulk
    }

    /// Runs `operation` inside the next group transaction and returns its result once committed. A `bulk` write
    /// goes after every other write waiting, a few to a commit.
    func write<T: Sendable>(bulk: Bool = false, _ operation: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let result = Mutex<Result<T, any Error>?>(nil)
            let job = Job(
                run: { db in
                    do {
                        try db.inSavepoint {
                            let value = try operation(db)
                            result.withLock { $0 = .success(value) }
                            return .commit
                        }
                    } catch {
                        result.withLock { $0 = .failure(error) }
                    }
                },
                finish: { commitError in
                    if let commitError {
                        continuation.resume(throwing: commitError)
                    } else {
                        let outcome = result.withLock { $0 } ?? .failure(DatabaseError(message: "group commit lost a result"))
                        continuation.resume(with: outcome)
                    }
                }
            )
            let startDrain = state.withLock { s -> Bool in
                if bulk { s.bulk.append(job) } else { s.pending.append(job) }
                if s.draining { return false }
                s.draining = true
                return true
            }
            if startDrain {
                queue.async { self.drain() }
            }
        }
    }

    private func drain() {
        while true {
            let batch = state.withLock { s -> [Job] in
                var take = Array(s.pending.prefix(maxBatch))
                s.pending.removeFirst(take.count)
                let bulk = Array(s.bulk.prefix(maxBulk))
                s.bulk.removeFirst(bulk.count)
                take += bulk
                if take.isEmpty { s.draining = false }
                return take
            }
            if batch.isEmpty { return }
            do {
                try pool.write { db in
                    for job in batch { job.run(db) }
                }
                for job in batch { job.finish(nil) }
            } catch {
                for job in batch { job.finish(error) }
            }
        }
    }
}
