import Foundation
import Logging
public import NIOCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How many connections the server keeps, and for how long an idle or half-sent one may wait.
public struct ConnectionLimits: Sendable, Hashable {
    /// Connections open at once; past it the server stops accepting until one closes (they wait in the backlog).
    public var maxConnections = 8_000
    /// Connections from one address (not loopback: the console's own tests and a local load balancer come from it).
    public var maxPerAddress = 256
    /// An idle connection, or one that is slow to send its request head, is closed after this long.
    public var idleTimeout: TimeAmount = .seconds(30)
    /// A request's body must arrive within this (an upload's within four times it), or 408 `request.timeout`.
    public var bodyTimeout: Int = 30
    /// The load balancers in front (`server.trustedProxies`): exempt from `maxPerAddress`, and the only peers whose
    /// `X-Forwarded-For` names the caller.
    public var trustedProxies: Set<String> = []
    public init() {}

    /// Keeps glibc to two malloc arenas: with a thread per core, per reader and per event loop, the default (eight per
    /// core) leaves hundreds of megabytes of freed memory held in arenas after a burst of large reads.
    public static func boundMallocArenas() {
        #if canImport(Glibc)
        // mallopt(M_ARENA_MAX, 2): malloc.h is not in Swift's Glibc module, so the function is looked up by name.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        if let symbol = dlsym(nil, "mallopt") {
            _ = unsafeBitCast(symbol, to: Mallopt.self)(-8, 2)
        }
        #endif
    }

    /// Raises the process's open-file limit to its hard limit and returns the limit now in force; `maxConnections`
    /// should stay well below it (files and the database need some too).
    public static func raiseOpenFileLimit() -> Int {
        #if canImport(Glibc)
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(clamping: limit.rlim_cur)
        #else
        return 1024
        #endif
    }
}

/// Closes a new connection at once when its address already holds `maxPerAddress` (loopback and the trusted proxies
/// are exempt).
final class PerAddressConnectionLimiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    let counter: ConcurrencyCounts
    let exempt: Set<String>
    private var counted: String?

    init(counter: ConcurrencyCounts, exempt: Set<String> = []) {
        self.counter = counter
        self.exempt = exempt
    }

    func handlerAdded(context: ChannelHandlerContext) {
        guard let address = context.channel.remoteAddress?.ipAddress, !Self.isLoopback(address), !exempt.contains(address) else { return }
        if counter.enter(address) { counted = address } else { context.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if let counted { counter.leave(counted) }
        counted = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }
}
