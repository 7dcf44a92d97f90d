public import Logging
public import ServiceLifecycle

/// A background service that runs `work` every `interval` until graceful shutdown (at once — or after `firstAfter` —,
/// then after each pause), logging a failure and going on.
public struct Periodic: Service {
    let name: String
    let interval: Duration
    let firstAfter: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Void

    public init(_ name: String, every interval: Duration, firstAfter: Duration = .zero, logger: Logger, work: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.interval = interval
        self.firstAfter = firstAfter
        self.logger = logger
        self.work = work
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            if firstAfter > .zero { try await Task.sleep(for: firstAfter) }
            while !Task.isCancelled {
                do { try await work() } catch {
                    logger.error("\(name) failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
