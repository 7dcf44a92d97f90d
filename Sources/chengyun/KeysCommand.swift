import ArgumentParser
import ChengyunServer
import ChengyunStore
import Foundation

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage the data keys that seal personal fields.", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Adds a new current data key and re-seals every personal field with it.",
            discussion: """
                The new key goes first in the key file, the old ones stay below it so that values not yet re-sealed still \
                open; after this command every value is sealed with the new key and the old lines may be removed (keep a \
                copy until the backups made before today have expired). Safe to run while the server runs: the server reads \
                the key file at start, so restart it afterwards to seal new values with the new key.
                """)
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let root = await db.root()
            let path = await stopping { try root.dataKeysPath() }
            let id = await stopping { try DataKeyFile.addCurrentKey(at: path) }
            let store = await stopping { try await root.openStore(.city) }
            let sealed = try await store.resealPersonalData()
            let residents = try await store.resealResidents()
            let registrations = try await store.resealRegistrations()
            let reporters = try await store.resealWhistleblowerReports()
            print("data key \(id) is now current in \(path); re-sealed \(sealed.users) users', \(sealed.cases) cases', \(residents) residents', \(registrations) registrations' "
                  + "and \(reporters) whistle-blowers' personal fields")
        }
    }
}
