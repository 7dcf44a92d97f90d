import Foundation
import Hummingbird
import HTTPTypes

/// 代理 — the caller's address behind a load balancer. Only a peer the deployment names as its proxy
/// (`server.trustedProxies`) may say who it forwards: its `X-Forwarded-For` is read from the right, past the proxies'
/// own addresses, to the first address no proxy of ours added; from anyone else the header is ignored (a client
/// cannot choose its own address). The address found is the one the sign-in limits, the per-address rate limit and
/// the audit trail use (`AppContext.clientAddress`).
struct ForwardedForMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let trusted: Set<String>

    static let header = HTTPField.Name("X-Forwarded-For")!

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard !trusted.isEmpty, let peer = context.remoteAddress, trusted.contains(peer) else { return try await next(request, context) }
        var context = context
        context.clientAddress = Self.client(peer: peer, forwardedFor: request.headers[values: Self.header], trusted: trusted)
        return try await next(request, context)
    }

    /// The first address from the right of the forwarded chain (the peer last) that is not a trusted proxy; the
    /// nearest trusted one when every hop is ours; a malformed entry stops the walk there.
    static func client(peer: String, forwardedFor: [String], trusted: Set<String>) -> String {
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard trusted.contains(client), IPAddressText.isValid(hop) else { break }
            client = hop
        }
        return client
    }
}

/// Whether a text is an IPv4 or IPv6 address.
public enum IPAddressText {
    public static func isValid(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
