public import Hummingbird
public import HummingbirdCore
public import Logging
public import NIOCore

/// An application's request handling without its background services: the same responder (routes, middleware,
/// limits), server, configuration and logger, and no `services`, so that a test server (`serveOnLoopback`) runs only
/// what a test sends and the test starts the background work itself when it wants it.
public struct ForegroundApplication<App: ApplicationProtocol>: ApplicationProtocol {
    public let app: App

    public init(_ app: App) { self.app = app }

    public var responder: App.Responder {
        get async throws { try await app.responder }
    }
    public var server: HTTPServerBuilder { app.server }
    public var eventLoopGroup: any EventLoopGroup { app.eventLoopGroup }
    public var configuration: ApplicationConfiguration { app.configuration }
    public var logger: Logger { app.logger }
    @Sendable public func onServerRunning(_ channel: any Channel) async { await app.onServerRunning(channel) }
    public var processesRunBeforeServerStart: [@Sendable () async throws -> Void] { app.processesRunBeforeServerStart }
}
