public import Hummingbird
public import Logging

/// An application's request handling without its background services: the same responder (routes, middleware,
/// limits), configuration and logger, and no `services`, so that HummingbirdTesting's router mode runs only what a
/// test sends and the test starts the background work itself when it wants it.
public struct ForegroundApplication<App: ApplicationProtocol>: ApplicationProtocol {
    public let app: App

    public init(_ app: App) { self.app = app }

    public var responder: App.Responder {
        get async throws { try await app.responder }
    }
    public var configuration: ApplicationConfiguration { app.configuration }
    public var logger: Logger { app.logger }
    public var processesRunBeforeServerStart: [@Sendable () async throws -> Void] { app.processesRunBeforeServerStart }
}
