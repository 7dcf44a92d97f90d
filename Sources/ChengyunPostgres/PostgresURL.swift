import Foundation
import PostgresNIO

/// A PostgreSQL database named by URL, as libpq names it: `postgres://user:password@host:port/database?sslmode=…`
/// (`postgresql://` too). `sslmode` is `disable`, `prefer` (the default: TLS when the server offers it) or
/// `require`; `pool_max` caps the connections this process opens (20 by default).
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    public enum TLSMode: String, Sendable, Hashable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    public var maximumConnections: Int

    /// - Throws: `PostgresURLError` saying which part is wrong.
    public init(_ text: String) throws(PostgresURLError) {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), ["postgres", "postgresql"].contains(scheme) else {
            throw PostgresURLError("is not a postgres:// URL (postgres://user:password@host:5432/database)")
        }
        guard let host = url.host, !host.isEmpty else { throw PostgresURLError("names no host (postgres://user@127.0.0.1:5432/database)") }
        guard let username = url.user, !username.isEmpty else { throw PostgresURLError("names no user (postgres://user@host/database)") }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw PostgresURLError("names no database (postgres://user@host/database)") }
        self.host = host
        self.port = url.port ?? 5432
        self.username = username.removingPercentEncoding ?? username
        self.password = url.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.tls = .prefer
        self.maximumConnections = 20
        for item in url.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else { throw PostgresURLError("sslmode must be disable, prefer or require") }
                tls = mode
            case "pool_max":
                guard let n = item.value.flatMap(Int.init), (1...1_000).contains(n) else { throw PostgresURLError("pool_max must be a number of connections from 1 to 1000") }
                maximumConnections = n
            default:
                throw PostgresURLError("has an unknown parameter \(item.name.prefix(40)) (known: sslmode, pool_max)")
            }
        }
    }

    /// The same server and user with another database (the tests make one database per store).
    public func with(database: String) -> PostgresURL {
        var copy = self
        copy.database = database
        return copy
    }

    /// The URL in full, password included (to hand to another process); `description` hides the password.
    public var text: String {
        var parts = URLComponents()
        parts.scheme = "postgres"
        parts.user = username
        parts.password = password
        parts.host = host
        parts.port = port
        parts.path = "/" + database
        var items: [URLQueryItem] = []
        if tls != .prefer { items.append(URLQueryItem(name: "sslmode", value: tls.rawValue)) }
        if maximumConnections != 20 { items.append(URLQueryItem(name: "pool_max", value: String(maximumConnections))) }
        if !items.isEmpty { parts.queryItems = items }
        return parts.string ?? description
    }

    /// The URL as libpq's tools take it (pg_dump, pg_restore, psql): without this program's own parameters.
    public var libpqURI: String {
        var copy = self
        copy.maximumConnections = 20
        return copy.text
    }

    /// The URL with its password hidden, for logs and `config check`.
    public var description: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    var clientConfiguration: PostgresClient.Configuration {
        let tlsConfiguration: PostgresClient.Configuration.TLS = switch tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tlsConfiguration)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }
}

/// A database URL that cannot be used, and why.
public struct PostgresURLError: Error, Sendable, Hashable, CustomStringConvertible {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
    public var description: String { "the PostgreSQL URL \(reason)" }
}
