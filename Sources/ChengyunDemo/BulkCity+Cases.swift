public import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation

/// What a bulk city's cases hold: how many end in each state, took each action, came from each source, are overdue.
public struct CaseTally: Sendable {
    public var cases = 0
    public var events = 0
    public var photos = 0
    public var overdue = 0
    public var states: [CaseState: Int] = [:]
    public var actions: [CaseAction: Int] = [:]
    public var sources: [CaseSource: Int] = [:]

    mutating func add(_ c: (record: CaseRecord, events: [CaseEvent]), now: Date) {
        cases += 1
        events += c.events.count
        if c.record.isOverdue(at: now) { overdue += 1 }
        states[c.record.state, default: 0] += 1
        sources[c.record.source, default: 0] += 1
        for e in c.events { actions[e.action, default: 0] += 1 }
    }

    mutating func add(_ other: CaseTally) {
        cases += other.cases
        events += other.events
        photos += other.photos
        overdue += other.overdue
        states.merge(other.states, uniquingKeysWith: +)
        actions.merge(other.actions, uniquingKeysWith: +)
        sources.merge(other.sources, uniquingKeysWith: +)
    }
}

/// One batch of cases walked through the case machine, with the photos its histories name (numbered from 1 within
/// the batch) and how long it took.
struct CaseBatch: Sendable {
    var index: Int
    var cases: [(record: CaseRecord, events: [CaseEvent])]
    var photos: [(caseID: CaseID, name: String)]
    var tally: CaseTally
    var seconds: Double
    /// CPU seconds of the thread that made it (the task never suspends), whatever else the machine runs.
    var cpuSeconds: Double
}

/// Makes batch `k` of the cases on its own: a simulator of its own starting at case `k × batch`, seeded by `k`, so
/// batches can be made in any order on any core and the city is the same for the same seed.
struct BatchGenerator: Sendable {
    let options: DemoOptions
    let batch: Int
    let tree: DemoTree
    let users: DemoUsers
    let data: ReferenceData
    let now: Date

    func make(_ k: Int) -> CaseBatch {
        let clock = ContinuousClock()
        let started = clock.now
        let cpu = Self.threadCPUSeconds()
        var simulator = DemoCaseSimulator(options: options, tree: tree, users: users, data: data, now: now)
        simulator.index = k * batch
        simulator.rng = SeededRandom(seed: options.seed ^ 0xCA5E &+ UInt64(k) &* 0x9E37_79B9_7F4A_7C15)
        let n = min(batch, options.cases - k * batch)
        var cases: [(record: CaseRecord, events: [CaseEvent])] = []
        cases.reserveCapacity(n)
        var tally = CaseTally()
        for _ in 0..<n {
            let c = simulator.nextCase()
            tally.add(c, now: now)
            cases.append(c)
        }
        tally.photos = simulator.photos.count
        return CaseBatch(index: k, cases: cases, photos: simulator.photos, tally: tally, seconds: (clock.now - started).inSeconds,
                          cpuSeconds: Self.threadCPUSeconds() - cpu)
    }

    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

extension BulkCity {
    /// Generates the batches `plan.workers` at a time and stores them in order (case ids are assigned in import order
    /// and merges name earlier cases by id); at most `workers + 2` batches are held at once.
    static func storeCases(_ generator: BatchGenerator, batches: Int, plan: Plan, store: any ChengyunStore, into report: inout Report,
                           progress: @Sendable (Int) -> Void) async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let window = plan.workers + 2
        var photosStored: Int64 = 0
        try await withThrowingTaskGroup(of: CaseBatch.self) { group in
            var launched = 0
            var waiting: [Int: CaseBatch] = [:]
            var next = 0
            repeat {
                while true {
                    // Keep `workers` tasks generating, batches held (generating, waiting or being stored) within the window.
                    while launched < batches, launched - next < window, launched - next - waiting.count < plan.workers {
                        let k = launched
                        group.addTask { generator.make(k) }
                        launched += 1
                    }
                    guard var batch = waiting[next] else { break }
                    report.generationSeconds += batch.seconds
                    report.generationCPUSeconds += batch.cpuSeconds
                    report.tally.add(batch.tally)
                    if !plan.generateOnly {
                        try await storeBatch(&batch, photosBefore: photosStored, store: store, report: &report)
                        photosStored += Int64(batch.photos.count)
                    }
                    waiting[next] = nil
                    next += 1
                    progress(next)
                }
                guard let made = try await group.next() else { break }
                waiting[made.index] = made
            } while true
        }
        report.casesSeconds = (clock.now - started).inSeconds
    }

    /// Stores one batch: its cases with `importCases`, then the photos their histories name, renumbered to follow
    /// the photos already stored (attachment ids 1, 2, 3 … of an empty attachment table, as the demo does).
    static func storeBatch(_ batch: inout CaseBatch, photosBefore base: Int64, store: any ChengyunStore, report: inout Report) async throws {
        let clock = ContinuousClock()
        if base > 0, !batch.photos.isEmpty {
            for i in batch.cases.indices {
                for j in batch.cases[i].events.indices where !batch.cases[i].events[j].attachmentIDs.isEmpty {
                    batch.cases[i].events[j].attachmentIDs = batch.cases[i].events[j].attachmentIDs.map { AttachmentID($0.rawValue + base) }
                }
            }
        }
        let importing = clock.now
        try await store.importCases(batch.cases)
        report.importSeconds += (clock.now - importing).inSeconds
        let photos = clock.now
        let at = batch.cases.last?.record.reportedAt ?? Date()
        for (i, photo) in batch.photos.enumerated() {
            let stored = try await store.saveAttachment(caseID: photo.caseID, contentType: "image/png", fileName: photo.name, bytes: DemoPhoto.png, by: nil, at: at)
            guard stored.id.rawValue == base + Int64(i + 1) else {
                throw DemoError.photoIDs(for: "bulk city", expected: base + Int64(i + 1), stored: stored.id)
            }
        }
        report.photoSeconds += (clock.now - photos).inSeconds
    }
}
