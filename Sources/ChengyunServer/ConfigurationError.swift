/// A configuration value that cannot be used; start-up stops with it, naming the key (and where the value came from).
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key, as documented in docs/OPERATIONS.md: `loop.linkageTopLevel`.
    public var key: String
    /// What is wrong, in words: `must be 3, 4 or 5`.
    public var problem: String
    /// Where the value came from (`--linkage-top-level`, `CHENGYUN_LOOP_LINKAGE_TOP_LEVEL`, `config.json`), if known.
    public var source: String?

    public init(key: String, _ problem: String, source: String? = nil) {
        self.key = key
        self.problem = problem
        self.source = source
    }

    /// `loop.linkageTopLevel: must be 3, 4 or 5 (from --linkage-top-level)`.
    public var description: String {
        "\(key): \(problem)" + (source.map { " (from \($0))" } ?? "")
    }
}

/// Start-up cannot go on for a reason a person can fix (a missing key file, a database file that is not Chengyun's);
/// the message names the file or key and says what to do.
public struct StartupError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
