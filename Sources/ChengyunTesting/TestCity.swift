public import ChengyunDemo
import ChengyunPostgres
public import ChengyunServer
public import ChengyunServices
public import Foundation
public import Hummingbird
import Testing

/// A parsed JSON value for assertions.
public struct JSON: @unchecked Sendable, CustomStringConvertible {
    public let value: Any?
    public init(_ buffer: ByteBuffer) {
        value = buffer.readableBytes == 0 ? nil : try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed])
    }
    public init(value: Any?) { self.value = value }
    public subscript(_ key: String) -> JSON { JSON(value: (value as? [String: Any])?[key]) }
    public subscript(_ index: Int) -> JSON { JSON(value: (value as? [Any]).flatMap { index < $0.count ? $0[index] : nil }) }
    public var string: String? { value as? String }
    public var int: Int? { (value as? NSNumber)?.intValue }
    public var double: Double? { (value as? NSNumber)?.doubleValue }
    public var bool: Bool? { value as? Bool }
    public var array: [JSON] { (value as? [Any])?.map { JSON(value: $0) } ?? [] }
    public var isNull: Bool { value == nil || value is NSNull }
    public var description: String { value.map { "\($0)" } ?? "nil" }
}

/// A response as the tests read it.
public struct Reply: Sendable {
    public var status: HTTPResponse.Status
    public var json: JSON
    public var headers: HTTPFields
    public var body: ByteBuffer
}

/// A small demo city on a real SQLite file — or, when `CHENGYUN_TEST_STORE=postgres`, on a fresh database of the
/// PostgreSQL server named by `CHENGYUN_TEST_POSTGRES` (scripts/test.sh runs the HTTP suite both ways) — served by
/// the production application builder
/// (`CompositionRoot.buildApplication`, as `chengyun serve` builds it) on a loopback port (`serveOnLoopback`), spoken to over real HTTP.
public struct TestCity: Sendable {
    public static let lon0 = 121.40, lat0 = 31.15, cellLon = 0.00105, cellLat = 0.0009
    /// The folder of the database file and its data keys, removed by `test` or `remove`.
    public let db: URL
    public let platform: Platform
    /// The city's store, for tests that check what was written (the application reaches it only through `platform`).
    public let store: any DeploymentStore
    /// The composition root, configured as `serve` would be for this file (port 0, errors only in the log).
    public let root: CompositionRoot

    /// Opens a copy of a small demo city generated for these settings at the clock's now (CityTemplates: generated once,
    /// copied for each test) through the composition root, as `serve` opens a city — personal fields sealed with a data
    /// key file of its own, as in production.
    public init(cases: Int = 0, settings: PlatformSettings = PlatformSettings(), clock: any WallClock = SystemWallClock()) async throws {
        db = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: db, withIntermediateDirectories: true)
        let fixed = clock is ManualWallClock ? clock.now() : nil
        let hour = fixed == nil ? Int((Date().timeIntervalSince1970 / 3600).rounded(.down)) : nil
        let template = try await CityTemplates.shared.template(.init(store: Self.storeKind, cases: cases, settings: settings, fixed: fixed, hour: hour))
        let copy = try await template.copy(into: db)
        var configuration = ChengyunConfiguration()
        configuration.database.url = copy.url
        configuration.security.dataKeysFile = copy.keys
        configuration.server.port = 0
        configuration.logging.level = "error"
        root = try CompositionRoot(configuration)
        // The platform takes the test's settings and clock; everything else is the production composition.
        store = try await root.openStore(.city)
        platform = Platform(store: store, clock: clock, settings: settings, logger: root.logger(label: "test"))
        try await platform.reload()
    }

    public func remove() { try? FileManager.default.removeItem(at: db) }

    /// Which store the HTTP tests run on: `CHENGYUN_TEST_STORE` (`sqlite`, the default, or `postgres`).
    public static var storeKind: String { ProcessInfo.processInfo.environment["CHENGYUN_TEST_STORE"] ?? "sqlite" }

    /// The test PostgreSQL server, from `CHENGYUN_TEST_POSTGRES`.
    static func postgresServer() throws -> PostgresURL {
        guard let text = ProcessInfo.processInfo.environment["CHENGYUN_TEST_POSTGRES"] else {
            throw TestCityError("CHENGYUN_TEST_STORE=postgres needs CHENGYUN_TEST_POSTGRES (scripts/postgres.sh start prints it)")
        }
        return try PostgresURL(text)
    }

    /// A point in the middle of lattice cell (c, r); cell (0, 0) lies in street 1, committee 1.
    public static func point(_ c: Int, _ r: Int) -> (lon: Double, lat: Double) {
        (lon0 + (Double(c) + 0.5) * cellLon, lat0 + (Double(r) + 0.5) * cellLat)
    }

    /// Runs `body` with a client of the production application served on loopback: its routes, middleware and limits as
    /// `serve` builds them. Its background services (escalation ticker, key-usage flusher, outbox sender) are left
    /// out, so that a test decides when they run: tests drive them by hand (`OutboxDispatcher.deliverDue`,
    /// `Platform.escalateOverdue`) with a manual clock.
    public func test(_ body: @escaping @Sendable (API) async throws -> Void) async throws {
        defer { remove() }
        let app = root.buildApplication(platform: platform, logger: root.logger(label: "test-app"))
        try await ForegroundApplication(app).serveOnLoopback { client in try await body(API(client: client)) }
    }
}

/// Sends requests the way a console or external system would.
public struct API: Sendable {
    public let client: LoopbackClient

    public init(client: LoopbackClient) { self.client = client }

    @discardableResult
    public func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil, body: [UInt8]? = nil, contentType: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        if let contentType { headers[.contentType] = contentType }
        let buffer: ByteBuffer? = json.map { ByteBuffer(string: $0) } ?? body.map { ByteBuffer(bytes: $0) }
        return try await client.execute(uri: uri, method: method, headers: headers, body: buffer) { r in
            Reply(status: r.status, json: JSON(r.body), headers: r.headers, body: r.body)
        }
    }

    /// Signs in with the demo password and returns the bearer token.
    public func login(_ username: String, password: String = DemoCity.password) async throws -> String {
        let reply = try await call(.post, "/api/v1/auth/login", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
        #expect(reply.status == .ok, "login \(username): \(reply.json)")
        return try #require(reply.json["token"].string)
    }

    public func act(_ caseID: Int, _ action: String, token: String, json: String = "{}") async throws -> Reply {
        try await call(.post, "/api/v1/cases/\(caseID)/actions/\(action)", token: token, json: json)
    }
}

/// A test city that cannot be built as asked.
struct TestCityError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
