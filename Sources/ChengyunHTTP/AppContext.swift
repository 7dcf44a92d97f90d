public import ChengyunCore
public import ChengyunServices
public import Foundation
public import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus who is calling.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthMiddleware` when the request carries a valid bearer token or API key.
    public var identity: Identity?
    /// The raw bearer token or session cookie (for sign-out).
    public var token: String?
    /// The SHA-256 of that token (the key of its session and streams).
    public var tokenHash: String?
    /// When the caller's session ends (nil for an API key).
    public var sessionExpires: Date?
    /// Whether the caller was signed in by the console's session cookie (then a change needs the console's header).
    public var viaCookie = false
    /// The peer's address (the load balancer's, behind one).
    public let remoteAddress: String?
    /// The caller's address: the peer's, or behind a trusted proxy the one it forwards (`ForwardedForMiddleware`).
    public var clientAddress: String?
    /// The connection, to notice a client that has gone away.
    let channel: any Channel

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
        clientAddress = remoteAddress
        channel = source.channel
    }

    /// Where the request came from, for the sign-in limits and the audit trail.
    public var caller: Caller { Caller(address: clientAddress) }

    public var requestDecoder: JSONDecoder { JSONCoding.decoder }
    public var responseEncoder: JSONEncoder { JSONCoding.encoder }
    public var maxUploadSize: Int { 16 * 1024 * 1024 }

    /// The caller, or 401.
    public func requireIdentity() throws -> Identity {
        guard let identity else {
            throw AccountError.signInRequired
        }
        return identity
    }
}

/// The JSON conventions of the API: ISO 8601 dates, sorted keys.
public enum JSONCoding {
    public static let encoder: JSONEncoder = WireKeys.encoder()
    public static let decoder: JSONDecoder = WireKeys.decoder()

    /// Swift's `nodeID` / `attachmentIDs` travel as `nodeId` / `attachmentIds`.
    public static func wireKey(_ key: String) -> String { WireKeys.wireKey(key) }

    /// The inverse of `wireKey(_:)`.
    public static func swiftKey(_ key: String) -> String { WireKeys.swiftKey(key) }

    /// A JSON response with the given status.
    public static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
