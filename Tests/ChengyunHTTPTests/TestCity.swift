import ChengyunCore
import ChengyunDemo
import ChengyunHTTP
import ChengyunServices
import ChengyunSQLite
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// A parsed JSON value for assertions.
struct JSON: @unchecked Sendable, CustomStringConvertible {
    let value: Any?
    init(_ buffer: ByteBuffer) {
        value = buffer.readableBytes == 0 ? nil : try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed])
    }
    init(value: Any?) { self.value = value }
    subscript(_ key: String) -> JSON { JSON(value: (value as? [String: Any])?[key]) }
    subscript(_ index: Int) -> JSON { JSON(value: (value as? [Any]).flatMap { index < $0.count ? $0[index] : nil }) }
    var string: String? { value as? String }
    var int: Int? { (value as? NSNumber)?.intValue }
    var double: Double? { (value as? NSNumber)?.doubleValue }
    var bool: Bool? { value as? Bool }
    var array: [JSON] { (value as? [Any])?.map { JSON(value: $0) } ?? [] }
    var isNull: Bool { value == nil || value is NSNull }
    var description: String { value.map { "\($0)" } ?? "nil" }
}

struct Reply: Sendable {
    var status: HTTPResponse.Status
    var json: JSON
    var headers: HTTPFields
    var body: ByteBuffer
}

/// A small demo city on a real SQLite file, served through the real router.
struct TestCity {
    static let lon0 = 121.40, lat0 = 31.15, cellLon = 0.00105, cellLat = 0.0009
    let db: URL
    let platform: Platform
    /// The city's store, for tests that check what was written (the application reaches it only through `platform`).
    let store: SQLiteStore

    init(cases: Int = 0, settings: PlatformSettings = PlatformSettings(), clock: any WallClock = SystemWallClock()) async throws {
        db = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: db, withIntermediateDirectories: true)
        var logger = Logger(label: "test")
        logger.logLevel = .error
                // Personal fields sealed as in production, with a key of this test's own.
        let cipher = try AESFieldCipher(keys: [("test", Data((0..<32).map { _ in UInt8.random(in: 0...255) }))])
        store = try SQLiteStore(path: db.appendingPathComponent("city.sqlite").path, cipher: cipher)
        platform = Platform(store: store, clock: clock, settings: settings, logger: logger)
        var options = DemoOptions()
        options.districts = 2
        options.streets = 4
        options.committees = 8
        options.grids = 80
        options.departments = 30
        options.cases = cases
        options.days = 30
        _ = try await DemoCity.generate(options, store: store, platform: platform, now: clock.now())
    }

    func remove() { try? FileManager.default.removeItem(at: db) }

    /// A point in the middle of lattice cell (c, r); cell (0, 0) lies in street 1, committee 1.
    static func point(_ c: Int, _ r: Int) -> (lon: Double, lat: Double) {
        (lon0 + (Double(c) + 0.5) * cellLon, lat0 + (Double(r) + 0.5) * cellLat)
    }

    /// Runs `body` with a client of the real application (router mode).
    func test(_ body: @escaping @Sendable (API) async throws -> Void) async throws {
        defer { remove() }
        Observability.bootstrap()
        let app = Application(router: APIRoutes(platform: platform).router(), logger: Logger(label: "test-app"))
        try await app.test(.router) { client in try await body(API(client: client)) }
    }
}

/// Sends requests the way a console or external system would.
struct API: Sendable {
    let client: any TestClientProtocol

    @discardableResult
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil, body: [UInt8]? = nil, contentType: String? = nil,
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
    func login(_ username: String, password: String = DemoCity.password) async throws -> String {
        let reply = try await call(.post, "/api/v1/auth/login", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
        #expect(reply.status == .ok, "login \(username): \(reply.json)")
        return try #require(reply.json["token"].string)
    }

    func act(_ caseID: Int, _ action: String, token: String, json: String = "{}") async throws -> Reply {
        try await call(.post, "/api/v1/cases/\(caseID)/actions/\(action)", token: token, json: json)
    }
}
