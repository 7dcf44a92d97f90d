import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// 低优先级执行 — a few threads of their own, at a lower scheduling priority, for the dear reads the load shedder
/// admits (KPIs, rankings, hotspots, maps, exports, anonymous Open311). Their Swift work runs here instead of on the
/// two threads of the cooperative pool (one per core here), so a long count never holds up a duty officer's ordinary
/// request, and the kernel gives the cores to ordinary requests first.
final class BackgroundExecutor: TaskExecutor, @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0

    /// - Parameters:
    ///   - threads: how many jobs may run at once (the load shedder's gates admit no more than that).
    ///   - nice: the threads' niceness (Linux: 0 normal, 19 lowest).
    init(threads: Int, nice: Int32) {
        for i in 0..<max(1, threads) {
            let thread = Thread { [self] in
                #if canImport(Glibc)
                // Linux keeps the nice value per thread: 0 names the calling thread only.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
                #endif
                run()
            }
            thread.name = "chengyun-background-\(i)"
            thread.start()
        }
    }

    private func run() -> Never {
        while true {
            condition.lock()
            while head == jobs.count { condition.wait() }
            let job = jobs[head]
            head += 1
            if head > 1024, head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        jobs.append(unowned)
        condition.signal()
        condition.unlock()
    }
}
