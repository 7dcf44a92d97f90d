import Configuration
import Foundation

/// Reads one key at a time into a field of the configuration, keeping the field's own default when no provider has
/// the key, and noting the value and its source for `config check`. A value a provider cannot convert (`abc` for a
/// number) throws, naming the key and where it came from.
final class SettingsReader {
    /// How a value is printed.
    enum Shown {
        case plain
        /// A URL: its password, and the values of its query, are `***`.
        case url
    }

    private let reader: ConfigReader
    private let ledger: Ledger
    private let layers: [Layer]
    private(set) var entries: [LoadedConfiguration.Entry] = []

    init(reader: ConfigReader, ledger: Ledger, layers: [Layer]) {
        self.reader = reader
        self.ledger = ledger
        self.layers = layers
    }

    func read(_ key: String, _ field: inout Int) throws(ConfigurationError) {
        field = reader.int(forKey: ConfigKey(key), default: field)
        try note(key, "a whole number", String(field))
    }

    func read(_ key: String, _ field: inout Double) throws(ConfigurationError) {
        field = reader.double(forKey: ConfigKey(key), default: field)
        try note(key, "a number", Self.text(field))
    }

    /// A string; `shown: .url` prints a URL with its user, password and parameters hidden (a plain path as it is).
    func read(_ key: String, _ field: inout String, shown: Shown = .plain) throws(ConfigurationError) {
        field = reader.string(forKey: ConfigKey(key), isSecret: shown != .plain, default: field)
        try note(key, "a string", shown == .url && field.contains("://") ? Self.redacted(url: field) : field)
    }

    /// An optional string; an empty value counts as none.
    func read(_ key: String, _ field: inout String?, shown: Shown = .plain) throws(ConfigurationError) {
        if let value = reader.string(forKey: ConfigKey(key), isSecret: shown != .plain) { field = value.isEmpty ? nil : value }
        try note(key, "a string", field.map { shown == .url ? Self.redacted(url: $0) : $0 } ?? "(none)")
    }

    /// A list: a JSON array of strings, or comma-separated in the environment.
    func read(_ key: String, _ field: inout [String]) throws(ConfigurationError) {
        field = reader.stringArray(forKey: ConfigKey(key), default: field)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        try note(key, "a list of strings", field.joined(separator: ","))
    }

    /// Where the key's value came from: a flag, an environment variable, the file, or `default`.
    func source(of key: String) -> String {
        entries.last { $0.key == key }?.source ?? "default"
    }

    /// Stops with `key: problem (from source)` unless `condition` holds.
    func require(_ condition: Bool, _ key: String, _ problem: String) throws(ConfigurationError) {
        guard condition else { throw ConfigurationError(key: key, problem, source: source(of: key)) }
    }

    private func note(_ key: String, _ expected: String, _ shown: String) throws(ConfigurationError) {
        guard let event = ledger.take() else { return }
        for (index, result) in event.providerResults.enumerated() {
            if case .failure = result.result {
                throw ConfigurationError(key: key, "must be \(expected)", source: layers[index].source(of: key))
            }
        }
        let found = event.providerResults.firstIndex { result in
            if case .success(let lookup) = result.result { return lookup.value != nil }
            return false
        }
        let source = found.map { layers[$0].source(of: key) } ?? "default"
        if event.conversionError != nil { throw ConfigurationError(key: key, "must be \(expected)", source: source) }
        entries.append(.init(key: key, value: shown, source: source))
    }

    /// `12` for 12.0, `0.5` for 0.5.
    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// A URL as it may be printed: `http://***:***@host/path?token=***` (a user name may be a token too). Text that does not parse as a URL is
    /// hidden whole, since it cannot be told what part of it is secret.
    static func redacted(url text: String) -> String {
        let escaped = text.replacingOccurrences(of: "{", with: "%7B").replacingOccurrences(of: "}", with: "%7D")
        guard var parts = URLComponents(string: escaped), parts.scheme != nil else { return "***" }
        if parts.user != nil { parts.user = "***" }
        if parts.password != nil { parts.password = "***" }
        if let items = parts.queryItems, !items.isEmpty {
            parts.percentEncodedQuery = items.map { "\($0.name)=***" }.joined(separator: "&")
        }
        if parts.fragment != nil { parts.fragment = "***" }
        let shown = parts.string ?? "***"
        return shown.replacingOccurrences(of: "%7B", with: "{").replacingOccurrences(of: "%7D", with: "}")
            .replacingOccurrences(of: "%2A%2A%2A", with: "***")
    }
}
