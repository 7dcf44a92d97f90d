import Configuration
public import Foundation
import Synchronization
import SystemPackage

/// A value given on the command line for a configuration key (swift-argument-parser has already typed it).
public enum SettingValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case double(Double)
    case strings([String])
}

/// Where a process's configuration comes from, highest precedence first: the command line, the environment, a JSON
/// file, the defaults in ``ChengyunConfiguration``.
public struct ConfigurationSources: Sendable {
    /// The options given on the command line, by key (`"loop.linkageTopLevel": .int(4)`).
    public var commandLine: [String: SettingValue]
    /// The flag each of those keys was given as, for messages (`"loop.linkageTopLevel": "--linkage-top-level"`).
    public var flags: [String: String]
    /// The process's environment; only `CHENGYUN_…` variables are read (see ``ConfigurationLoader/environmentName(of:)``).
    public var environment: [String: String]
    /// A JSON file (`--config`, or `CHENGYUN_CONFIG` when nil): nested objects, `{"loop": {"linkageTopLevel": 4}}`.
    public var file: String?

    public init(commandLine: [String: SettingValue] = [:], flags: [String: String] = [:],
                environment: [String: String] = ProcessInfo.processInfo.environment, file: String? = nil) {
        self.commandLine = commandLine
        self.flags = flags
        self.environment = environment
        self.file = file
    }
}

/// The effective configuration, and for each key its value (redacted where it may hold a secret) and where it came from.
public struct LoadedConfiguration: Sendable {
    public var configuration: ChengyunConfiguration
    public var entries: [Entry]

    /// One key's effective value.
    public struct Entry: Sendable, Hashable {
        public var key: String
        /// As printed: a secret part (a URL's password or token) is `***`.
        public var value: String
        /// `default`, a flag (`--port`), an environment variable (`CHENGYUN_SERVER_PORT`) or `file config.json`.
        public var source: String
    }

    /// One line per key: `key = value  (source)`, secrets redacted; what `chengyun config check` prints.
    public var redactedDescription: String {
        let width = entries.map(\.key.count).max() ?? 0
        return entries.map { "\($0.key.padding(toLength: width, withPad: " ", startingAt: 0)) = \($0.value)  (\($0.source))" }
            .joined(separator: "\n")
    }
}

/// Reads a ``ChengyunConfiguration`` with swift-configuration: command line > environment > file > defaults.
public enum ConfigurationLoader {
    /// Environment variables that predate the keys' own names and still work (the key's own name wins when both are set).
    static let legacyEnvironment = [
        "CHENGYUN_DATABASE": "database.url",
        "CHENGYUN_DURABILITY": "database.durability",
        "CHENGYUN_DATA_KEYS_FILE": "security.dataKeysFile",
        "CHENGYUN_CONSOLE_ROOT": "console.filesRoot",
        "CHENGYUN_JS_ROOT": "console.javascriptRoot",
    ]

    /// Reads and validates the configuration.
    /// - Throws: ``ConfigurationError`` naming the key of a value that is malformed, out of range or unknown (in the
    ///   file); ``StartupError`` when the file cannot be read or parsed.
    public static func load(_ sources: ConfigurationSources) async throws -> LoadedConfiguration {
        var providers: [any ConfigProvider] = []
        var layers: [Layer] = []
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in sources.commandLine {
            values[AbsoluteConfigKey(ConfigKey(key))] = ConfigValue(value.content, isSecret: false)
        }
        providers.append(InMemoryProvider(name: "command line", values: values))
        layers.append(.commandLine(sources.flags))

        var environment: [String: String] = [:]
        for (name, key) in legacyEnvironment {
            if let value = sources.environment[name] { environment[encoded(key)] = value }
        }
        for (name, value) in sources.environment where name.hasPrefix("CHENGYUN_") {
            environment[String(name.dropFirst("CHENGYUN_".count))] = value
        }
        providers.append(EnvironmentVariablesProvider(environmentVariables: environment))
        layers.append(.environment(sources.environment))

        let file = sources.file ?? sources.environment["CHENGYUN_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        var fileKeys: [String] = []
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { throw StartupError("config file \(file): cannot be read") }
            guard let keys = leafKeys(ofJSON: data) else {
                throw StartupError("config file \(file): is not a JSON object of settings, like {\"server\": {\"port\": 8080}}")
            }
            fileKeys = keys
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(file)))
            } catch {
                throw StartupError("config file \(file): \(error)")
            }
            layers.append(.file(file))
        }

        let ledger = Ledger()
        let reader = SettingsReader(reader: ConfigReader(providers: providers, accessReporter: ledger), ledger: ledger, layers: layers)
        let configuration = try ChengyunConfiguration(reading: reader)
        let known = Set(reader.entries.map(\.key))
        if let unknown = fileKeys.first(where: { !known.contains($0) }), let file {
            throw ConfigurationError(key: unknown, "is not a configuration key (docs/OPERATIONS.md lists them)", source: "file \(file)")
        }
        if let unknown = sources.commandLine.keys.sorted().first(where: { !known.contains($0) }) {
            throw ConfigurationError(key: unknown, "is not a configuration key", source: sources.flags[unknown])
        }
        return LoadedConfiguration(configuration: configuration, entries: reader.entries)
    }

    /// The environment variable of a key: `CHENGYUN_` and the key in capitals, a word per camel-case hump
    /// (`loop.linkageTopLevel` → `CHENGYUN_LOOP_LINKAGE_TOP_LEVEL`), as swift-configuration encodes keys.
    public static func environmentName(of key: String) -> String {
        "CHENGYUN_" + encoded(key)
    }

    /// swift-configuration's environment encoding of a key (its EnvironmentKeyEncoder).
    static func encoded(_ key: String) -> String {
        key.split(separator: ".").map { component in
            var out = ""
            var previous: Character?
            for character in component {
                if let previous, previous.isLowercase, character.isUppercase { out.append("_") }
                out.append(character.isLetter || character.isNumber ? Character(character.uppercased()) : "_")
                previous = character
            }
            return out
        }.joined(separator: "_")
    }

    /// Every leaf of a JSON object as a dotted key (`{"loop": {"linkageTopLevel": 4}}` → `loop.linkageTopLevel`).
    /// Nil when the data is not JSON or its top level is not an object.
    static func leafKeys(ofJSON data: Data) -> [String]? {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return nil }
        func walk(_ object: [String: Any], _ prefix: String) -> [String] {
            object.keys.sorted().flatMap { name -> [String] in
                let key = prefix.isEmpty ? name : prefix + "." + name
                if let inner = object[name] as? [String: Any] { return walk(inner, key) }
                return [key]
            }
        }
        return walk(object, "")
    }
}

/// One provider in the order they are asked, for naming where a value came from.
enum Layer: Sendable {
    case commandLine([String: String])
    case environment([String: String])
    case file(String)

    func source(of key: String) -> String {
        switch self {
        case .commandLine(let flags): return flags[key] ?? "command line"
        case .environment(let environment):
            let name = ConfigurationLoader.environmentName(of: key)
            if environment[name] == nil, let legacy = ConfigurationLoader.legacyEnvironment.first(where: { $0.value == key })?.key,
               environment[legacy] != nil {
                return legacy
            }
            return name
        case .file(let path): return "file \(path)"
        }
    }
}

extension SettingValue {
    var content: ConfigContent {
        switch self {
        case .string(let value): .string(value)
        case .int(let value): .int(value)
        case .double(let value): .double(value)
        case .strings(let value): .stringArray(value)
        }
    }
}

/// Keeps the access events of one read, so that a value a provider could not convert stops start-up instead of
/// silently becoming the default (swift-configuration's non-throwing getters fall back to it).
final class Ledger: AccessReporter, Sendable {
    private let last = Mutex<AccessEvent?>(nil)
    func report(_ event: AccessEvent) { last.withLock { $0 = event } }
    func take() -> AccessEvent? { last.withLock { event in defer { event = nil }; return event } }
}
