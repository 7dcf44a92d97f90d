import ChengyunCore
public import ChengyunServices
import ChengyunStore
public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
public import Logging
import ServiceLifecycle
import Synchronization

/// 预警渠道 — every published warning pushed as CAP 1.2 to each configured channel from the outbox
/// (`warnings.channels`), and the meteorological service's feed pulled for new ones (`warnings.pullURL`).
public enum WarningChannels {
    static func services(_ platform: Platform, logger: Logger) -> [any Service] {
        let settings = platform.settings.warnings
        var out: [any Service] = settings.channels.enumerated().map { index, url in dispatcher(platform, channel: index, url: url) }
        if let url = settings.pullURL {
            let pull = WarningPull(platform: platform, url: url, logger: logger)
            out.append(Periodic("warning pull", every: .seconds(Int64(settings.pullSeconds)), logger: logger) {
                _ = try await platform.cluster.exclusively("warning pull") { try await pull.pull() }
            })
        }
        return out
    }

    /// The delivery of the `channel`th channel: each message's warning rendered as CAP 1.2 when it is sent.
    public static func dispatcher(_ platform: Platform, channel: Int, url: URL) -> OutboxDispatcher {
        OutboxDispatcher(platform: platform, url: url, topic: WarningSettings.topic(channel)) { message in
            guard let id = Int64(message.payload) else { throw WarningError.notFound(message.payload) }
            let w = try await platform.warnings.publishedWarning(WarningID(id))
            return (Data(CAPDocument.xml(w, nodeCodes: try await platform.warnings.nodeCodes(w)).utf8), "application/cap+xml; charset=utf-8")
        }
    }
}

/// 拉取 — reads the meteorological service's feed: an Atom index of CAP documents (each new one fetched) or one CAP
/// document; each warning not seen before is received as if posted (stored, relayed, pushed). A document seen before
/// is not fetched again by this node; one received already (after a restart, or by another node) is a duplicate and
/// passed over.
public struct WarningPull: Sendable {
    let platform: Platform
    let url: URL
    let logger: Logger
    let fetched = Fetched()

    public init(platform: Platform, url: URL, logger: Logger) {
        self.platform = platform
        self.url = url
        self.logger = logger
    }

    final class Fetched: Sendable {
        let urls = Mutex<Set<URL>>([])
    }

    struct FetchError: Error, CustomStringConvertible {
        var description: String
    }

    /// Returns how many warnings were new.
    @discardableResult
    public func pull() async throws -> Int {
        let feed = try await get(url)
        guard let links = CAPDocument.atomLinks(feed, base: url) else { return try await receive(feed, from: url) ? 1 : 0 }
        var new = 0
        for link in links.reversed() where !fetched.urls.withLock({ $0.contains(link) }) {
            do {
                if try await receive(try await get(link), from: link) { new += 1 }
                fetched.urls.withLock { _ = $0.insert(link) }
            } catch {
                logger.warning("a warning of the feed could not be read", metadata: ["url": "\(link)", "error": "\(error)"])
            }
        }
        return new
    }

    func receive(_ data: Data, from source: URL) async throws -> Bool {
        let (warning, codes) = try CAPDocument.parse(data, now: platform.clock.now())
        do {
            _ = try await platform.warnings.receive(warning, nodeCodes: codes, by: .platform)
            logger.info("warning received from the feed", metadata: ["identifier": "\(warning.identifier)", "url": "\(source)"])
            return true
        } catch let error as DomainError where error.code == "warning.duplicate" {
            return false
        }
    }

    func get(_ url: URL) async throws -> Data {
        let (data, response) = try await URLSession.shared.data(for: URLRequest(url: url, timeoutInterval: 15))
        guard let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) else {
            throw FetchError(description: "\(url) answered \((response as? HTTPURLResponse)?.statusCode ?? 0)")
        }
        return data
    }
}
