public import ChengyunCore

/// 控制台 — the error codes of the web console: its settings (`ConsoleSettings`) and the files, vendor assets and
/// translation tables the HTTP layer serves for it, each with its message. The codes are stable: clients, the
/// console and the OpenAPI document rely on them.
public enum ConsoleError {
    /// 400 `console.tile_url` — not an http(s) URL.
    public static let tileURLNotHTTP = DomainError.invalid("console.tile_url", "A tile URL is http(s), like http://tiles.city.local/{z}/{x}/{y}.png.", field: "tileURL")
    /// 400 `console.tile_url` — the template lacks `part` (`{z}`, `{x}` or `{y}`).
    public static func tileURLLacks(_ part: String, in text: String) -> DomainError {
        .invalid("console.tile_url", "The tile URL \(text) lacks \(part); it needs {z}, {x} and {y}.", field: "tileURL")
    }
    /// 404 `console.missing` — the build has no console files.
    public static let missing = DomainError.notFound("console.missing", "The console is missing from this build.")
    /// 404 `asset.not_found` — a vendor package or a path that is not served.
    public static let assetNotFound = DomainError.notFound("asset.not_found", "No such asset.")
    /// 404 `asset.not_found` — a file (`name`) the console's folders do not hold.
    public static func fileNotFound(_ name: String) -> DomainError {
        .notFound("asset.not_found", "No such asset: \(name).")
    }
    /// 409 `console.duplicate_string` — `key` defined in two files of the `language` tables, the second `file`.
    public static func duplicateString(_ key: String, language: String, file: String) -> DomainError {
        .conflict("console.duplicate_string", "The string \(key) is defined twice in the \(language) tables (again in \(file)).")
    }
}
