import ChengyunDemo
import ChengyunPostgres
import ChengyunServer
import ChengyunServices
import ChengyunSQLite
import Foundation
import Logging

/// Demo cities generated once and copied for each test city: the generation is the same for the same store, case count,
/// settings and clock (the demo is seeded), so a test gets a copy of a city generated for it — an SQLite file copied
/// with the online backup API, a PostgreSQL database created from the template database — and opens it as `serve`
/// opens a city.
///
/// A city generated at a manual clock's time is copied for the whole run to tests whose clock starts at that instant
/// (the test chose it; a clock started at `Date()` gets a city of its own). A city for "now" (the system clock) is
/// generated at most ``recentFor`` seconds before the test takes it and in the same hour: such a copy is a city
/// generated a moment ago, as a slow test's is, and never one from before the hour (or the day) turned.
actor CityTemplates {
    static let shared = CityTemplates()
    /// How long a city for "now" is copied before a new one is generated.
    static let recentFor: TimeInterval = 60
    /// Where the templates' files live; removed when the test process ends.
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-templates-\(getpid())")

    struct Key: Hashable {
        let store: String
        let cases: Int
        let settings: PlatformSettings
        /// The city's now when the test fixed it; nil for "now".
        let fixed: Date?
        /// For "now": the hour it is in (hours since 1970), so that no copy crosses an hour's or a day's turn.
        let hour: Int?
    }

    /// A generated city, kept to be copied.
    struct Template: Sendable {
        enum Source: Sendable {
            case sqlite(SQLiteStore)
            case postgres(server: PostgresURL, database: String)
        }
        let source: Source
        /// The data keys file that sealed its personal fields.
        let keys: URL
        /// When it was generated (real time).
        let generated: Date

        /// Copies the city into `folder` (its data keys beside it); returns the database URL and the keys file.
        func copy(into folder: URL) async throws -> (url: String, keys: String) {
            let keysCopy = folder.appendingPathComponent("city.keys")
            try FileManager.default.copyItem(at: keys, to: keysCopy)
            switch source {
            case .sqlite(let store):
                _ = try await store.backup(to: folder)
                return ("sqlite:" + folder.appendingPathComponent(SQLiteStore.backupFileName).path, keysCopy.path)
            case .postgres(let server, let template):
                let name = "city_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
                try await PostgresStore.createDatabase(name, on: server, template: template)
                return (server.with(database: name).text, keysCopy.path)
            }
        }
    }

    private var templates: [Key: Task<Template, any Error>] = [:]

    private init() {
        atexit { try? FileManager.default.removeItem(at: CityTemplates.folder) }
    }

    /// A template for `key`: the one kept, or one generated now (tests asking for the same key at once wait for one).
    func template(_ key: Key) async throws -> Template {
        if let kept = templates[key] {
            let template = try await kept.value
            if key.fixed != nil || Date().timeIntervalSince(template.generated) < Self.recentFor { return template }
            if templates[key] == kept { templates[key] = nil }
            if let again = templates[key] { return try await again.value }
        }
        let task = Task { try await Self.generate(key) }
        templates[key] = task
        do { return try await task.value } catch {
            templates[key] = nil
            throw error
        }
    }

    private static func generate(_ key: Key) async throws -> Template {
        let home = folder.appendingPathComponent(key.fixed == nil ? "now" : "fixed").appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        if key.fixed == nil { removeOld() }
        let keys = home.appendingPathComponent("city.keys")
        var configuration = ChengyunConfiguration()
        var postgres: (server: PostgresURL, database: String)?
        if key.store == "postgres" {
            let server = try TestCity.postgresServer()
            let name = "template_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await PostgresStore.createDatabase(name, on: server)
            configuration.database.url = server.with(database: name).text
            postgres = (server, name)
        } else {
            configuration.database.url = "sqlite:" + home.appendingPathComponent("city.sqlite").path
        }
        configuration.security.dataKeysFile = keys.path
        configuration.logging.level = "error"
        let root = try CompositionRoot(configuration)
        let store = try await root.openStore(.create)
        let generated = Date()
        let clock = ManualWallClock(key.fixed ?? generated)
        let platform = Platform(store: store, clock: clock, settings: key.settings, logger: root.logger(label: "template"))
        var options = DemoOptions()
        options.layout = .lattice
        options.districts = 2
        options.streets = 4
        options.committees = 8
        options.grids = 80
        options.departments = 30
        options.cases = key.cases
        options.residents = 400
        options.days = 30
        // Thousands of sign-ins in a run: the cheapest cost bcrypt takes (a password the tests set is still hashed at 10).
        options.passwordCost = 4
        _ = try await DemoCity.generate(options, store: store, platform: platform, now: clock.now())
        if let postgres {
            // A template database takes no connections while it is copied.
            await (store as? PostgresStore)?.shutdown()
            return Template(source: .postgres(server: postgres.server, database: postgres.database), keys: keys, generated: generated)
        }
        guard let sqlite = store as? SQLiteStore else { throw TestCityError("a template city on an unknown store") }
        return Template(source: .sqlite(sqlite), keys: keys, generated: generated)
    }

    /// Removes the files of templates for "now" generated long enough ago that no copy of them can still be under way.
    private static func removeOld() {
        let old = Date().addingTimeInterval(-10 * recentFor)
        let now = folder.appendingPathComponent("now")
        let entries = (try? FileManager.default.contentsOfDirectory(at: now, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
        for entry in entries where ((try? entry.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate ?? Date()) < old {
            try? FileManager.default.removeItem(at: entry)
        }
    }
}
