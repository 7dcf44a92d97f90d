import Foundation
public import HTTPTypes
public import Hummingbird
import HummingbirdCore
import Logging
public import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// A response read whole off the wire.
public struct LoopbackResponse: Sendable {
    public var status: HTTPResponse.Status
    public var headers: HTTPFields
    public var body: ByteBuffer
}

/// An HTTP/1.1 client of a server on this machine's loopback: one connection per request (`Connection: close`), the
/// response read whole. The HTTP tests speak to the production application through it, over real sockets.
public struct LoopbackClient: Sendable {
    /// The port the server listens on, 127.0.0.1.
    public let port: Int

    public init(port: Int) { self.port = port }

    private static let allowed = CharacterSet.urlQueryAllowed.union(.urlPathAllowed).union(CharacterSet(charactersIn: "%"))

    /// Sends a request and hands its whole response to `read`.
    public func execute<Value>(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
                               _ read: (LoopbackResponse) async throws -> Value) async throws -> Value {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        // As a browser sends it: spaces, quotes and Chinese in a query percent-encoded (what is encoded already stays).
        let target = uri.addingPercentEncoding(withAllowedCharacters: Self.allowed) ?? uri
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method.rawValue), uri: target)
        for field in headers { head.headers.add(name: field.name.rawName, value: field.value) }
        head.headers.replaceOrAdd(name: "Host", value: "127.0.0.1:\(port)")
        head.headers.replaceOrAdd(name: "Connection", value: "close")
        if let body { head.headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes)) }
        let response = try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(.head(head))
            if let body, body.readableBytes > 0 { try await outbound.write(.body(.byteBuffer(body))) }
            try await outbound.write(.end(nil))
            var status: HTTPResponse.Status?
            var fields = HTTPFields()
            var collected = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let h):
                    status = HTTPResponse.Status(code: Int(h.status.code), reasonPhrase: h.status.reasonPhrase)
                    for (name, value) in h.headers { if let n = HTTPField.Name(name) { fields.append(HTTPField(name: n, value: value)) } }
                case .body(var part):
                    collected.writeBuffer(&part)
                case .end:
                    guard let status else { throw LoopbackError("the response ended before its head") }
                    return LoopbackResponse(status: status, headers: fields, body: collected)
                }
            }
            throw LoopbackError("the server closed the connection before the response ended")
        }
        return try await read(response)
    }
}

struct LoopbackError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// An application served as it is, with `onServerRunning` telling the port it was given.
private struct Observed<App: ApplicationProtocol>: ApplicationProtocol {
    let base: App
    let running: @Sendable (Int) -> Void

    var responder: App.Responder { get async throws { try await base.responder } }
    var server: HTTPServerBuilder { base.server }
    var eventLoopGroup: any EventLoopGroup { base.eventLoopGroup }
    var configuration: ApplicationConfiguration { base.configuration }
    var logger: Logger { base.logger }
    var services: [any Service] { base.services }
    var processesRunBeforeServerStart: [@Sendable () async throws -> Void] { base.processesRunBeforeServerStart }

    @Sendable func onServerRunning(_ channel: any Channel) async {
        await base.onServerRunning(channel)
        running(channel.localAddress?.port ?? 0)
    }
}

extension ApplicationProtocol {
    /// Serves the application — configured for 127.0.0.1, port 0 — with its services while `body` runs against it
    /// over loopback, then shuts it down gracefully.
    public func serveOnLoopback<Value: Sendable>(_ body: @Sendable (LoopbackClient) async throws -> Value) async throws -> Value {
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let app = Observed(base: self) { port.yield($0); port.finish() }
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { port.finish() }
                try await group.run()
            }
            guard let bound = await ports.first(where: { _ in true }), bound > 0 else {
                await group.triggerGracefulShutdown()
                throw LoopbackError("the application did not start listening")
            }
            do {
                let value = try await body(LoopbackClient(port: bound))
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return value
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }
}
