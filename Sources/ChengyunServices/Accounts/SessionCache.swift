import ChengyunCore
import Foundation
import Synchronization

/// The signed-in state held in memory: identities resolved from tokens (briefly cached), the live streams open now,
/// and failed sign-ins per network address. Shared by the account, user and sharing use cases, which must forget an
/// identity at once when its roles, password, key or terms change.
final class SessionCache: Sendable {
    let identities = Mutex([String: (identity: Identity, expires: Date, sessionEnd: Date?)]())
    /// The live streams open now (limits, revocation).
    let streams: LiveStreams
    /// Failed sign-ins per network address.
    let signInAddresses: RateWindows

    init(settings: SecuritySettings) {
        streams = LiveStreams(limits: settings.streams)
        signInAddresses = RateWindows(limit: settings.signIn.maxFailuresPerAddress, windowSeconds: settings.signIn.windowSeconds)
    }

    /// Forgets every resolved identity: the next request of each reads its session or key again.
    func forgetIdentities() {
        identities.withLock { $0.removeAll() }
    }

    /// Forgets every resolved identity and ends the live streams of sessions that no longer exist.
    func endSessions(_ hashes: [String], user: UserID?) {
        forgetIdentities()
        if let user { streams.end(user: user) } else { streams.end(tokenHashes: Set(hashes)) }
    }
}
