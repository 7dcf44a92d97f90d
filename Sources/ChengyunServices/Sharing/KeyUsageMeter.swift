import ChengyunCore
import ChengyunStore
import Foundation
import Logging
public import ServiceLifecycle
import Synchronization

/// 共享计量 — counts each API key's requests per local day, enforces its sharing terms (the end, the daily limit) and
/// writes the counts to the store every few seconds (they feed the sharing report).
public final class KeyUsageMeter: Sendable {
    struct Key: Hashable { var keyID: Int64; var day: String }
    private struct State {
        /// Counted since the last flush.
        var pending: [Key: (requests: Int, refused: Int)] = [:]
        /// What the store held for the day when the key was first seen that day, plus what was flushed since.
        var stored: [Key: Int] = [:]
    }
    private let state = Mutex(State())
    let store: any SharingStore

    init(store: any SharingStore) {
        self.store = store
    }

    /// Counts one request of a system; refuses it when its terms have ended (403) or its day's limit is reached (429).
    func admit(_ identity: Identity, at now: Date) async throws {
        guard let keyID = identity.systemKeyID else { return }
        let terms = identity.systemTerms
        if let until = terms?.until, until <= now {
            throw SharingError.termsEnded
        }
        let key = Key(keyID: keyID, day: SharingTerms.day(of: now))
        var base = state.withLock { $0.stored[key] }
        if base == nil, terms?.dailyLimit != nil {
            let recorded = try await store.usage(keyIDs: [keyID], from: key.day, to: key.day).first?.requests ?? 0
            base = state.withLock { s in
                if s.stored[key] == nil { s.stored[key] = recorded }
                return s.stored[key]
            }
        }
        let admitted: Bool = state.withLock { s in
            var counts = s.pending[key] ?? (0, 0)
            if let limit = terms?.dailyLimit, (base ?? 0) + counts.requests >= limit {
                counts.refused += 1
                s.pending[key] = counts
                return false
            }
            counts.requests += 1
            s.pending[key] = counts
            return true
        }
        guard admitted else {
            throw SharingError.dailyLimit(terms?.dailyLimit ?? 0, retryAfterSeconds: SharingTerms.secondsToNextDay(from: now))
        }
    }

    /// Writes the counts since the last flush to the store.
    public func flush() async throws {
        let pending = state.withLock { s -> [Key: (requests: Int, refused: Int)] in
            let p = s.pending
            s.pending = [:]
            for (key, counts) in p where s.stored[key] != nil { s.stored[key]! += counts.requests }
            // Only today's bases are kept.
            if s.stored.count > 10_000 { s.stored.removeAll() }
            return p
        }
        do {
            try await store.addUsage(pending.map { KeyUsage(keyID: $0.key.keyID, day: $0.key.day, requests: $0.value.requests, refused: $0.value.refused) })
        } catch {
            // Put them back, so a failed write loses nothing.
            state.withLock { s in
                for (key, counts) in pending {
                    var c = s.pending[key] ?? (0, 0)
                    c.requests += counts.requests
                    c.refused += counts.refused
                    s.pending[key] = c
                    if s.stored[key] != nil { s.stored[key]! -= counts.requests }
                }
            }
            throw error
        }
    }
}

/// Flushes the key usage counts every `interval`, and once more on shutdown.
public struct KeyUsageFlusher: Service {
    let platform: Platform
    let interval: Duration

    public init(platform: Platform, interval: Duration = .seconds(10)) {
        self.platform = platform
        self.interval = interval
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do { try await platform.keyUsage.flush() } catch {
                    platform.logger.error("key usage flush failed", metadata: ["error": "\(error)"])
                }
            }
        }
        try? await platform.keyUsage.flush()
    }
}
