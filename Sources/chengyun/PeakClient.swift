import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection for `bench peak`: a worker's requests one after another, as a browser tab sends
/// them. Only what the benchmark needs: JSON in, status and body out.
struct PeakConnection {
    struct Reply {
        var status: Int
        var body: ByteBuffer
    }

    let host: String
    let port: Int

    /// Opens a connection, runs `body` with it, closes it.
    static func with<T: Sendable>(host: String, port: Int, group: any EventLoopGroup,
                                  _ body: (_ send: (_ method: HTTPMethod, _ path: String, _ token: String?, _ json: String?) async throws -> Reply) async throws -> T) async throws -> T {
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var responses = inbound.makeAsyncIterator()
            return try await body { method, path, token, json in
                var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
                head.headers.add(name: "Host", value: "\(host):\(port)")
                head.headers.add(name: "Accept", value: "application/json")
                if let token { head.headers.add(name: "Authorization", value: "Bearer \(token)") }
                var payload: ByteBuffer?
                if let json {
                    let buffer = ByteBuffer(string: json)
                    head.headers.add(name: "Content-Type", value: "application/json")
                    head.headers.add(name: "Content-Length", value: String(buffer.readableBytes))
                    payload = buffer
                }
                try await outbound.write(.head(head))
                if let payload { try await outbound.write(.body(.byteBuffer(payload))) }
                try await outbound.write(.end(nil))
                var status = 0
                var body = ByteBuffer()
                while let part = try await responses.next() {
                    switch part {
                    case .head(let h): status = Int(h.status.code)
                    case .body(var b): body.writeBuffer(&b)
                    case .end: return Reply(status: status, body: body)
                    }
                }
                throw PeakError.closed
            }
        }
    }
}

enum PeakError: Error, CustomStringConvertible {
    case closed
    case noToken

    var description: String {
        switch self {
        case .closed: return "the server closed the connection"
        case .noToken: return "the sign-in answer had no token"
        }
    }
}
