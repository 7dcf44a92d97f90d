import ChengyunCore
import ChengyunHTTP
import ChengyunPostgres
import ChengyunServer
import ChengyunServices
import ChengyunTesting
import Foundation
import Testing

/// Issue 15 point 5: one typed configuration, command line > environment > file > defaults, that stops naming the key.
@Suite("配置 configuration: layered, typed, fails fast, redacts secrets", .enabled(if: TestCity.storeKind == "sqlite", "the same on either store: run once, in the first pass"))
final class ConfigurationTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    /// A real JSON file in the suite's folder.
    func file(_ json: String, _ name: String = "chengyun.json") throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(json.utf8).write(to: url)
        return url.path
    }

    /// Loads with exactly these sources (never the test process's own environment).
    func load(_ commandLine: [String: SettingValue] = [:], flags: [String: String] = [:], env: [String: String] = [:],
              file: String? = nil) async throws -> LoadedConfiguration {
        try await ConfigurationLoader.load(ConfigurationSources(commandLine: commandLine, flags: flags, environment: env, file: file))
    }

    /// The configuration error `body` throws.
    func refusal(_ body: () async throws -> LoadedConfiguration) async -> ConfigurationError? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    @Test("命令行 > 环境变量 > 配置文件 > 默认值")
    func precedence() async throws {
        let path = try file("""
            {"server": {"port": 1111, "host": "127.0.0.2"}, "loop": {"linkageTopLevel": 4, "videoReviewMetres": 150},
             "kpi": {"responseHours": 3}, "security": {"sessionHours": 8}}
            """)
        let env = ["CHENGYUN_SERVER_PORT": "2222", "CHENGYUN_SERVER_HOST": "127.0.0.3", "CHENGYUN_LOOP_LINKAGE_TOP_LEVEL": "5",
                   "CHENGYUN_LOOP_AUTO_ACCEPT_SOURCES": "hotline, sensor", "CHENGYUN_LOOP_REPAIR_ARRIVAL_MINUTES": "45"]
        let loaded = try await load(["server.port": .int(3333)], flags: ["server.port": "--port"], env: env, file: path)
        let c = loaded.configuration
        #expect(c.server.port == 3333)                    // flag over environment and file
        #expect(c.server.host == "127.0.0.3")             // environment over file
        #expect(c.loop.linkageTopLevel == 5)              // environment over file
        #expect(c.loop.videoReviewMetres == 150)          // file over default
        #expect(c.kpi.responseHours == 3)
        #expect(c.security.sessionHours == 8)
        #expect(c.kpi.satisfiedScore == 4)                // default
        #expect(c.loop.autoAcceptSources == [.hotline, .sensor])
        let settings = c.platformSettings
        #expect(settings.loop.linkageTopLevel == 5 && settings.loop.videoReviewMetres == 150)
        #expect(settings.kpi.responseHours == 3 && settings.sessionHours == 8 && settings.autoAcceptSources == [.hotline, .sensor])
        #expect(settings.repairArrivalMinutes == 45 && ChengyunConfiguration().platformSettings.repairArrivalMinutes == 30)

        let sources = Dictionary(uniqueKeysWithValues: loaded.entries.map { ($0.key, $0.source) })
        #expect(sources["server.port"] == "--port")
        #expect(sources["server.host"] == "CHENGYUN_SERVER_HOST")
        #expect(sources["kpi.responseHours"] == "file \(path)")
        #expect(sources["kpi.satisfiedScore"] == "default")
    }

    @Test("旧的环境变量名仍然有效：CHENGYUN_DATABASE、CHENGYUN_DURABILITY、CHENGYUN_DATA_KEYS_FILE")
    func legacyEnvironment() async throws {
        let loaded = try await load(env: ["CHENGYUN_DATABASE": "/srv/city.sqlite", "CHENGYUN_DURABILITY": "power", "CHENGYUN_DATA_KEYS_FILE": "/run/keys"])
        #expect(loaded.configuration.database.url == "/srv/city.sqlite")
        #expect(loaded.configuration.database.durability == "power")
        #expect(loaded.configuration.security.dataKeysFile == "/run/keys")
        #expect(loaded.entries.first { $0.key == "database.url" }?.source == "CHENGYUN_DATABASE")
        let root = try CompositionRoot(loaded.configuration)
        #expect(root.location == .sqlite(path: "/srv/city.sqlite"))
        #expect(try root.dataKeysPath() == "/run/keys")
        let uri = try await load(["database.url": .string("sqlite:///var/x.sqlite")]).configuration
        #expect(try CompositionRoot(uri).dataKeysPath() == "/var/x.sqlite.keys")
    }

    @Test("无效的值：启动停止，说出键名和来源")
    func invalidValueNamesItsKey() async throws {
        let linkage = await refusal { try await load(["loop.linkageTopLevel": .int(7)], flags: ["loop.linkageTopLevel": "--linkage-top-level"]) }
        #expect(linkage?.key == "loop.linkageTopLevel")
        #expect(linkage?.description == "loop.linkageTopLevel: must be 3 (street leading group), 4 (district) or 5 (city) (from --linkage-top-level)")

        let notNumber = await refusal { try await load(env: ["CHENGYUN_KPI_SATISFIED_SCORE": "four"]) }
        #expect(notNumber?.key == "kpi.satisfiedScore" && notNumber?.source == "CHENGYUN_KPI_SATISFIED_SCORE")

        let path = try file(#"{"server": {"port": "eighty"}}"#)
        let wrongType = await refusal { try await load(file: path) }
        #expect(wrongType?.key == "server.port" && wrongType?.source == "file \(path)")

        let typo = try file(#"{"loop": {"linkagTopLevel": 4}}"#, "typo.json")
        #expect(await refusal { try await load(file: typo) }?.key == "loop.linkagTopLevel")

        let source = await refusal { try await load(env: ["CHENGYUN_LOOP_AUTO_ACCEPT_SOURCES": "hotline,fax"]) }
        #expect(source?.key == "loop.autoAcceptSources" && source?.problem.contains("fax") == true)
        #expect(await refusal { try await load(["hotline.webhook": .string("ftp://hotline")]) }?.key == "hotline.webhook")
        #expect(await refusal { try await load(["loop.repairArrivalMinutes": .int(1)]) }?.key == "loop.repairArrivalMinutes")
        #expect(await refusal { try await load(["console.tileURL": .string("http://tiles.local/tile.png")]) }?.key == "console.tileURL")
    }

    @Test("限流与闸门的键到达服务器的限制；0 个并发的贵查询表示半数核心")
    func loadKeysReachTheServersLimits() async throws {
        let env = ["CHENGYUN_LOAD_DEAR_CONCURRENT": "3", "CHENGYUN_LOAD_MAX_WAIT_SECONDS": "0.25", "CHENGYUN_LOAD_REQUESTS_PER_WINDOW": "1200"]
        let limits = try await load(env: env).configuration.serverLimits(openFiles: 65_536).load
        #expect(limits.dearConcurrent == 3 && limits.maxWait == .milliseconds(250) && limits.requestsPerWindow == 1_200)
        #expect(limits.tarpit == LoadLimits().tarpit && limits.publicWaiting == LoadLimits().publicWaiting)
        #expect(try await load().configuration.serverLimits(openFiles: 65_536).load == LoadLimits(), "the defaults are LoadLimits' own")
        #expect(await refusal { try await load(env: ["CHENGYUN_LOAD_TARPIT_SECONDS": "90"]) }?.key == "load.tarpitSeconds")
    }

    @Test("未知的日志级别被拒绝，不再悄悄变成 info")
    func unknownLogLevelIsRefused() async throws {
        let flag = await refusal { try await load(["logging.level": .string("loud")], flags: ["logging.level": "--log-level"]) }
        #expect(flag?.key == "logging.level" && flag?.source == "--log-level")
        #expect(await refusal { try await load(env: ["CHENGYUN_LOGGING_LEVEL": "verbose"]) }?.key == "logging.level")
        #expect(try await load(env: ["CHENGYUN_LOGGING_LEVEL": "warning"]).configuration.logging.level == "warning")
    }

    @Test("postgres:// 选中 PostgreSQL；坏的地址说出键名而不泄露密码；PostgreSQL 须指明密钥文件")
    func postgresURLs() async throws {
        let loaded = try await load(["database.url": .string("postgres://chengyun:secret@db.local:6543/city?sslmode=require")])
        let root = try CompositionRoot(loaded.configuration)
        guard case .postgres(let url) = root.location else { Issue.record("not PostgreSQL: \(root.location)"); return }
        #expect(url.host == "db.local" && url.port == 6543 && url.database == "city" && url.password == "secret" && url.tls == .require)
        #expect(!root.location.path.contains("secret"), "messages show the URL without its password")
        // Every node reads the same data keys: a PostgreSQL deployment names the file.
        #expect(throws: ConfigurationError.self) { try root.dataKeysPath() }
        let error = await refusal { try await load(["database.url": .string("postgres://:secret@db.local/city")], flags: ["database.url": "--database"]) }
        #expect(error?.key == "database.url" && error?.description.contains("secret") == false)
        #expect(await refusal { try await load(["database.url": .string("postgres://u@db.local/city?pool_max=0")]) }?.key == "database.url")
        #expect(await refusal { try await load(["database.url": .string("mysql://db/city")]) }?.key == "database.url")
    }

    @Test("打印配置时隐去秘密：URL 的用户名、密码和查询参数")
    func secretsAreRedacted() async throws {
        let loaded = try await load([
            "hotline.webhook": .string("https://bot:hunter2@hotline.local/status?token=s3cr3t"),
            "console.tileURL": .string("http://tiles:pa55@tiles.local/{z}/{x}/{y}.png?key=k3y"),
        ])
        let text = loaded.redactedDescription
        for secret in ["hunter2", "s3cr3t", "pa55", "k3y", "bot:"] { #expect(!text.contains(secret), "\(secret) in \(text)") }
        #expect(text.contains("hotline.local/status?token=***"))
        #expect(text.contains("tiles.local/{z}/{x}/{y}.png?key=***"))
        // The typed values keep the secrets: only their printing hides them.
        #expect(loaded.configuration.hotline.webhook?.absoluteString.contains("s3cr3t") == true)
    }

    @Test("chengyun config check：打印生效的配置（隐去秘密），无效的值以退出码 1 说出键名")
    func configCheckCommand() throws {
        let check = try Binary.run(["config", "check", "--hotline-webhook", "https://bot:hunter2@hotline.local/status?token=s3cr3t", "--port", "9090"])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("server.port") && check.output.contains("9090") && check.output.contains("--port"))
        #expect(!check.output.contains("hunter2") && !check.output.contains("s3cr3t"))

        let postgres = try Binary.run(["config", "check", "--database", "postgres://chengyun:pw@db.local/city", "--data-keys", "/run/city.keys"])
        #expect(postgres.status == 0, "\(postgres.output)")
        #expect(postgres.output.contains("database.url") && postgres.output.contains("db.local") && !postgres.output.contains(":pw@"))
        let badURL = try Binary.run(["config", "check", "--database", "postgres://chengyun:pw@db.local/"])
        #expect(badURL.status == 1 && badURL.output.contains("database.url") && !badURL.output.contains("pw@"), "\(badURL.output)")

        let level = try Binary.run(["serve", "--log-level", "loud", "--port", "0"])
        #expect(level.status == 1 && level.output.contains("logging.level"), "\(level.output)")
    }

    @Test("每个命令都经由组合根：配置文件里的数据库与密钥文件；keys rotate 保留旧密钥，不丢失密钥文件")
    func commandsUseTheConfigFile() throws {
        let database = dir.appendingPathComponent("city.sqlite").path
        let keys = dir.appendingPathComponent("secrets/city.keys").path
        let config = try file(#"{"database": {"url": "sqlite:\#(database)"}, "security": {"dataKeysFile": "\#(keys)"}}"#)
        let demo = try Binary.run(["demo", "--config", config, "--districts", "1", "--streets", "2", "--committees", "4", "--grids", "40", "--departments", "20", "--cases", "0"])
        #expect(demo.status == 0, "\(demo.output)")
        #expect(FileManager.default.fileExists(atPath: database) && FileManager.default.fileExists(atPath: keys))
        #expect(!FileManager.default.fileExists(atPath: database + ".keys"))

        let rotate = try Binary.run(["keys", "rotate", "--config", config])
        #expect(rotate.status == 0, "\(rotate.output)")
        let lines = try String(contentsOfFile: keys, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count == 2)
        #expect(!FileManager.default.fileExists(atPath: keys + ".new"))
        #expect(try Binary.run(["migrate", "--config", config]).output.contains("database \(database) is up to date"))
    }

    @Test("docs/OPERATIONS.md 记录每一个键")
    func everyKeyIsDocumented() async throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/OPERATIONS.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        for entry in try await load().entries {
            #expect(text.contains("`\(entry.key)`"), "\(entry.key) is not in docs/OPERATIONS.md")
            #expect(text.contains(ConfigurationLoader.environmentName(of: entry.key)), "\(entry.key)'s variable is not in docs/OPERATIONS.md")
        }
    }
}
