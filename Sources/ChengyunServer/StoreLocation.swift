public import ChengyunPostgres
import Foundation

/// Where the store is, read from `database.url` by its scheme; the adapter is chosen from it.
public enum StoreLocation: Sendable, Hashable {
    /// An SQLite file: `sqlite:/var/lib/chengyun/city.sqlite`, `sqlite:var/city.sqlite`, `sqlite:///abs/path` or a plain path.
    case sqlite(path: String)
    /// A PostgreSQL database: `postgres://user:password@host:5432/database` (a city's deployment, several nodes).
    case postgres(PostgresURL)

    /// Reads a `database.url`.
    /// - Throws: ``ConfigurationError`` naming `database.url` for an empty value, a PostgreSQL URL that cannot be
    ///   used, or another scheme.
    public init(_ url: String) throws(ConfigurationError) {
        let key = "database.url"
        guard !url.isEmpty else { throw ConfigurationError(key: key, "must name the database: a path or sqlite:/path/file.sqlite") }
        let lowered = url.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            do { self = .postgres(try PostgresURL(url)) } catch { throw ConfigurationError(key: key, error.reason) }
            return
        }
        if lowered.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }  // sqlite:///abs/path → /abs/path
            guard !path.isEmpty else { throw ConfigurationError(key: key, "sqlite: needs a path, like sqlite:/var/lib/chengyun/city.sqlite") }
            self = .sqlite(path: path)
            return
        }
        // A scheme (letters, then "://") that is neither: say so rather than make a file of that name.
        if let colon = url.range(of: "://"), url[..<colon.lowerBound].allSatisfy({ $0.isLetter || $0 == "+" }) {
            throw ConfigurationError(key: key, "unknown scheme \(url[..<colon.lowerBound]): use a path or sqlite:/path/file.sqlite")
        }
        self = .sqlite(path: url)
    }

    /// The file, or the database's URL with its password hidden: for messages.
    public var path: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): url.description
        }
    }
}
