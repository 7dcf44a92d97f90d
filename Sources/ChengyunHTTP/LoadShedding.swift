import ChengyunCore
public import ChengyunServices
import Foundation
public import Hummingbird
import Synchronization

/// 过载保护 — a gate that lets `capacity` requests run at once and `maxWaiting` wait, each at most `maxWait`;
/// the rest are refused at once, so memory and latency stay bounded however many clients push.
final class AdmissionGate: Sendable {
    let capacity: Int
    let maxWaiting: Int
    let maxWait: Duration
    private struct State {
        var running = 0
        var waiting: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
        var nextID: UInt64 = 0
    }
    private let state = Mutex(State())

    init(capacity: Int, maxWaiting: Int, maxWait: Duration) {
        self.capacity = capacity
        self.maxWaiting = maxWaiting
        self.maxWait = maxWait
    }

    /// Waits for a place; false when the queue is full, the wait timed out or the caller went away.
    func enter() async -> Bool {
        // A free place is taken at once; only a waiter needs an id and a timer.
        let waiter: UInt64? = state.withLock { s in
            if s.running < capacity, s.waiting.isEmpty { s.running += 1; return nil }
            s.nextID += 1
            return s.nextID
        }
        guard let id = waiter else { return true }
        let timer = Task { [maxWait] in
            try? await Task.sleep(for: maxWait)
            self.giveUp(id)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                enum Decision { case run, refuse, wait }
                let decision: Decision = state.withLock { s in
                    if s.running < capacity, s.waiting.isEmpty { s.running += 1; return .run }
                    if s.waiting.count >= maxWaiting || Task.isCancelled { return .refuse }
                    s.waiting.append((id, continuation))
                    return .wait
                }
                switch decision {
                case .run: continuation.resume(returning: true)
                case .refuse: continuation.resume(returning: false)
                case .wait: break
                }
            }
        } onCancel: {
            self.giveUp(id)
        }
    }

    /// Hands the place to the next waiter, or frees it.
    func leave() {
        let next: CheckedContinuation<Bool, Never>? = state.withLock { s in
            if s.waiting.isEmpty { s.running -= 1; return nil }
            return s.waiting.removeFirst().continuation
        }
        next?.resume(returning: true)
    }

    private func giveUp(_ id: UInt64) {
        let gone: CheckedContinuation<Bool, Never>? = state.withLock { s in
            guard let i = s.waiting.firstIndex(where: { $0.id == id }) else { return nil }
            return s.waiting.remove(at: i).continuation
        }
        gone?.resume(returning: false)
    }

    var load: (running: Int, waiting: Int) { state.withLock { ($0.running, $0.waiting.count) } }
}

/// How much work the server takes on before it answers 503 with Retry-After.
public struct LoadLimits: Sendable, Hashable {
    /// Requests of any kind being handled at once (most are cheap; the gates bound the dear ones).
    public var inFlight = 4_096
    /// Dear reads (KPIs, rankings, trend, hotspots, map, exports, committee views, 110 diversion counts) by signed-in
    /// staff at once, and waiting. At once: one per core. Their work runs on threads of lower priority (`BackgroundExecutor`), so the kernel still gives
    /// the cores to everyone's ordinary requests first (`bench overload`, 2 cores: the duty officer's p99 34 ms with
    /// two at once, 35 ms with one; 16 leaders' dear reads at 10M cases wait half as long).
    public var dearConcurrent = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var dearWaiting = 64
    /// Dear reads one identity may have running or waiting at once: one caller with many connections cannot fill
    /// the queue in front of everyone else.
    public var dearPerIdentity = 2
    /// Requests of anonymous callers and Open311 clients at once, and waiting: kept apart so a flood of them never
    /// delays the staff.
    public var publicConcurrent = 1
    public var publicWaiting = 16
    /// The longest a request waits for a place.
    public var maxWait: Duration = .seconds(5)
    /// Sign-ins at once, and waiting, each at most `signInMaxWait`: checking a password (bcrypt, cost 10) takes a core
    /// for tens of milliseconds, so when every committee signs in after a task is pushed the sign-ins queue here — not
    /// in front of anonymous callers and Open311 clients, nor in front of signed-in staff, whose requests the kernel
    /// serves first (sign-ins run on the low-priority threads).
    public var signInConcurrent = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var signInWaiting = 2_048
    public var signInMaxWait: Duration = .seconds(30)
    /// Requests per identity (or per address, when anonymous) in `rateWindowSeconds`; past it, 429.
    public var requestsPerWindow = 600
    public var publicRequestsPerWindow = 120
    public var rateWindowSeconds = 10.0
    /// A caller over its limit waits this long for its 429: a flood slows itself down instead of taking the cores.
    public var tarpit: Duration = .seconds(1)
    public init() {}
}

/// Sheds load before it hurts: rate limits per identity and per address, a bounded number of dear requests with
/// a bounded queue, anonymous and Open311 traffic in a gate of its own, and work whose client has gone cancelled.
public struct LoadSheddingMiddleware: RouterMiddleware {
    public typealias Context = AppContext
    let limits: LoadLimits
    let dear: AdmissionGate
    let publicGate: AdmissionGate
    let signInGate: AdmissionGate
    let inFlight: InFlight
    let perCaller: RateWindows
    let perAddress: RateWindows
    let dearByIdentity: ConcurrencyCounts
    let background: BackgroundExecutor
    let clock: any WallClock

    public init(limits: LoadLimits = LoadLimits(), clock: any WallClock = SystemWallClock()) {
        self.limits = limits
        self.clock = clock
        dear = AdmissionGate(capacity: limits.dearConcurrent, maxWaiting: limits.dearWaiting, maxWait: limits.maxWait)
        publicGate = AdmissionGate(capacity: limits.publicConcurrent, maxWaiting: limits.publicWaiting, maxWait: limits.maxWait)
        signInGate = AdmissionGate(capacity: limits.signInConcurrent, maxWaiting: limits.signInWaiting, maxWait: limits.signInMaxWait)
        inFlight = InFlight()
        perCaller = RateWindows(limit: limits.requestsPerWindow, windowSeconds: limits.rateWindowSeconds)
        perAddress = RateWindows(limit: limits.publicRequestsPerWindow, windowSeconds: limits.rateWindowSeconds)
        dearByIdentity = ConcurrencyCounts(limit: limits.dearPerIdentity)
        background = BackgroundExecutor(threads: limits.dearConcurrent + limits.publicConcurrent + limits.signInConcurrent, nice: 10)
    }

    /// Reads whose cost grows with the city: counted, decoded or drawn over many cases.
    /// The console reads this list (`/console/config.json`) to queue its own dear reads.
    static let dearPrefixes = ["/api/v1/kpis", "/api/v1/rankings", "/api/v1/hotspots", "/api/v1/map/", "/api/v1/export", "/api/v1/committees",
                               "/api/v1/diversion/stats"]

    static func isDear(_ path: Substring) -> Bool {
        dearPrefixes.contains { path.hasPrefix($0) }
    }

    /// The console's own files — its page, scripts, styles and strings and the libraries we serve — read from the
    /// build's resources: one page load asks for some sixty of them, so they are not counted against a signed-in
    /// caller's requests (a few reloads would otherwise spend a user's budget for the API); anonymous callers' never were.
    static func isConsoleFile(_ method: HTTPRequest.Method, _ path: Substring) -> Bool {
        method == .get && (path == "/" || path == "/console" || path.hasPrefix("/console/") || path.hasPrefix("/assets/"))
    }

    public func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let path = Substring(request.uri.path)
        // Health checks and metrics always answer: the load balancer must see the node alive while it sheds.
        if path == "/healthz" || path == "/ping" || path == "/metrics" { return try await next(request, context) }
        // A sign-in waits in a gate of its own, bounded by it: a storm of them (every committee after a task is pushed)
        // must not fill the places of signed-in staff's requests.
        if request.method == .post, path == "/api/v1/auth/login" {
            if let wait = perAddress.hit(context.clientAddress ?? "unknown", now: clock.now()) {
                try await Task.sleep(for: limits.tarpit)
                throw LoadSheddingError.limitedAddress(retryAfterSeconds: wait)
            }
            return try await gated(signInGate, request, context, next)
        }
        let running = inFlight.count.wrappingAdd(1, ordering: .relaxed).newValue
        defer { inFlight.count.wrappingSubtract(1, ordering: .relaxed) }
        guard running <= limits.inFlight else { throw LoadSheddingError.overloaded }
        let now = clock.now()
        let identity = context.identity
        let isPublic = identity == nil || path.hasPrefix("/open311")
        if let identity, !Self.isConsoleFile(request.method, path) {
            if let wait = perCaller.hit(identity.userID.map { "u\($0)" } ?? "k\(identity.name)", now: now) {
                try await Task.sleep(for: limits.tarpit)
                throw LoadSheddingError.limited(retryAfterSeconds: wait)
            }
        } else if request.method != .get || path.hasPrefix("/open311") || path.hasPrefix("/api/") {
            // Anonymous calls to the API (sign-in, Open311), counted per address; the console's own files are not.
            if let wait = perAddress.hit(context.clientAddress ?? "unknown", now: now) {
                try await Task.sleep(for: limits.tarpit)
                throw LoadSheddingError.limitedAddress(retryAfterSeconds: wait)
            }
        }
        let gate: AdmissionGate? = isPublic && (path.hasPrefix("/open311") || path.hasPrefix("/api/")) ? publicGate : (Self.isDear(path) ? dear : nil)
        guard let gate else { return try await next(request, context) }
        if gate === dear, let identity {
            let key = identity.userID.map { "u\($0)" } ?? "k\(identity.name)"
            guard dearByIdentity.enter(key) else {
                try await Task.sleep(for: limits.tarpit)
                throw LoadSheddingError.concurrent(limits.dearPerIdentity)
            }
            defer { dearByIdentity.leave(key) }
            return try await gated(gate, request, context, next)
        }
        return try await gated(gate, request, context, next)
    }

    /// Runs the request through the gate; a client that hangs up meanwhile has its request cancelled, waiting or
    /// running (the connection is checked every 200 ms).
    private func gated(_ gate: AdmissionGate, _ request: Request, _ context: AppContext,
                       _ next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let channel = context.channel
        // A connection that is not open now (a test's router with no network) has nobody to watch for.
        guard channel.isActive else { return try await admitted(gate, request, context, next) }
        return try await withoutActuallyEscaping(next) { next in
            let work = UnsafeSendable(next)
            return try await withThrowingTaskGroup(of: Response?.self) { group in
                group.addTask {
                    while channel.isActive { try await Task.sleep(for: .milliseconds(200)) }
                    return nil
                }
                group.addTask { try await self.admitted(gate, request, context, work.value) }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else { throw CancellationError() }
                return response
            }
        }
    }

    private func admitted(_ gate: AdmissionGate, _ request: Request, _ context: AppContext,
                          _ next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard await gate.enter() else { throw LoadSheddingError.overloaded }
        defer { gate.leave() }
        try Task.checkCancellation()
        return try await withTaskExecutorPreference(background) { try await next(request, context) }
    }
}

/// The requests being handled now, shared by every copy of the middleware.
final class InFlight: Sendable {
    let count = Atomic(0)
}

/// How many of something each key holds now (requests under way per identity, connections per address), bounded.
final class ConcurrencyCounts: Sendable {
    let limit: Int
    private let counts = Mutex([String: Int]())
    init(limit: Int) { self.limit = limit }

    func enter(_ key: String) -> Bool {
        counts.withLock { counts in
            let n = counts[key, default: 0]
            guard n < limit else { return false }
            counts[key] = n + 1
            return true
        }
    }

    func leave(_ key: String) {
        counts.withLock { counts in
            let n = counts[key, default: 1] - 1
            counts[key] = n > 0 ? n : nil
        }
    }
}

/// Carries a non-Sendable value into a child task that ends before the value's scope does.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
