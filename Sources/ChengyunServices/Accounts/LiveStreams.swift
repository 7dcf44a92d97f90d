public import ChengyunCore
public import Foundation
import Synchronization

/// 实时连接 — the live streams open now: bounded per identity and in all, and ended at once when their session
/// ends (sign-out, a disabled user, changed roles, a new password, a revoked key).
public final class LiveStreams: Sendable {
    /// How many streams may be open.
    public struct Limits: Sendable, Hashable, Codable {
        /// Per user or system: a console in a few tabs and a wall display.
        public var perIdentity: Int
        /// In all, well under the process's open-file limit.
        public var total: Int
        public init(perIdentity: Int = 6, total: Int = 2_000) {
            self.perIdentity = perIdentity
            self.total = total
        }
    }

    /// One open stream: it ends when `ended` finishes.
    public struct Lease: Sendable {
        public let id: UUID
        public let ended: AsyncStream<Void>
    }

    struct Entry {
        var owner: String
        var userID: UserID?
        var tokenHash: String?
        var end: AsyncStream<Void>.Continuation
    }

    public let limits: Limits
    private let entries = Mutex([UUID: Entry]())

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The key streams are counted by: the user, or the system's key name.
    static func owner(_ identity: Identity) -> String {
        identity.userID.map { "user:\($0)" } ?? "system:\(identity.name)"
    }

    /// Opens a stream for the identity, or refuses: 429 past the identity's limit, 503 past the total.
    public func open(for identity: Identity, tokenHash: String?) throws(DomainError) -> Lease {
        let owner = Self.owner(identity)
        let (ended, end) = AsyncStream.makeStream(of: Void.self)
        let id = UUID()
        let refusal: DomainError? = entries.withLock { entries in
            if entries.count >= limits.total {
                return AccountError.streamCapacity
            }
            if entries.values.count(where: { $0.owner == owner }) >= limits.perIdentity {
                return AccountError.tooManyStreams(limits.perIdentity)
            }
            entries[id] = Entry(owner: owner, userID: identity.userID, tokenHash: tokenHash, end: end)
            return nil
        }
        if let refusal { throw refusal }
        return Lease(id: id, ended: ended)
    }

    /// Forgets a stream that has finished.
    public func close(_ lease: Lease) {
        let entry = entries.withLock { $0.removeValue(forKey: lease.id) }
        entry?.end.finish()
    }

    /// Ends the streams opened with a session token (sign-out, an ended session).
    public func end(tokenHashes: Set<String>) {
        end { $0.tokenHash.map(tokenHashes.contains) ?? false }
    }

    /// Ends every stream of a user (disabled, roles changed).
    public func end(user: UserID) {
        end { $0.userID == user }
    }

    /// Ends every stream of a system (its key revoked or rotated).
    public func end(system name: String) {
        end { $0.userID == nil && $0.owner == "system:\(name)" }
    }

    private func end(where matches: (Entry) -> Bool) {
        let ending = entries.withLock { entries in
            let ids = entries.filter { matches($0.value) }.map(\.key)
            return ids.compactMap { entries.removeValue(forKey: $0) }
        }
        for e in ending { e.end.finish() }
    }

    /// Streams open now.
    public var count: Int { entries.withLock { $0.count } }
}

/// 限流 — counts events per key in fixed windows (sign-in failures per address, requests per caller); bounded
/// in memory: past `maxKeys` the oldest windows are dropped first.
public final class RateWindows: Sendable {
    public let limit: Int
    public let windowSeconds: Double
    let maxKeys: Int
    private let windows = Mutex([String: (count: Int, start: Date)]())

    public init(limit: Int, windowSeconds: Double, maxKeys: Int = 100_000) {
        self.limit = limit
        self.windowSeconds = windowSeconds
        self.maxKeys = maxKeys
    }

    /// Counts one event for `key` at `now`; returns the seconds to wait when the key is over its limit, else nil.
    @discardableResult
    public func hit(_ key: String, now: Date) -> Int? {
        windows.withLock { windows in
            var w = windows[key] ?? (0, now)
            if now.timeIntervalSince(w.start) >= windowSeconds { w = (0, now) }
            w.count += 1
            if windows.count >= maxKeys, windows[key] == nil { Self.prune(&windows, now: now, window: windowSeconds, maxKeys: maxKeys) }
            windows[key] = w
            return w.count > limit ? max(1, Int((w.start.addingTimeInterval(windowSeconds).timeIntervalSince(now)).rounded(.up))) : nil
        }
    }

    /// The seconds to wait when `key` is over its limit now (without counting), else nil.
    public func blocked(_ key: String, now: Date) -> Int? {
        windows.withLock { windows in
            guard let w = windows[key], now.timeIntervalSince(w.start) < windowSeconds, w.count >= limit else { return nil }
            return max(1, Int((w.start.addingTimeInterval(windowSeconds).timeIntervalSince(now)).rounded(.up)))
        }
    }

    private static func prune(_ windows: inout [String: (count: Int, start: Date)], now: Date, window: Double, maxKeys: Int) {
        windows = windows.filter { now.timeIntervalSince($0.value.start) < window }
        if windows.count >= maxKeys { windows.removeAll() }
    }
}
