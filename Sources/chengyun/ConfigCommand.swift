import ArgumentParser
import ChengyunServer
import Foundation

/// `chengyun config check`: the effective configuration, or the first invalid value.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Inspect the configuration.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the effective configuration: each key, its value and where it came from.",
            discussion: """
                Reads the configuration exactly as `serve` does (flags > CHENGYUN_… variables > the --config file > defaults) \
                and prints every key; secrets are redacted (a URL's user, password and query values; the data keys file's \
                contents are never read here). An invalid value exits with status 1 naming its key. Opens nothing.
                """)
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var server: ServerOptions

        func run() async throws {
            let loaded = await db.loaded(adding: server.settings)
            _ = await stopping { try CompositionRoot(loaded.configuration) }
            print("configuration (command line > environment > file > defaults):")
            print(loaded.redactedDescription)
        }
    }
}
