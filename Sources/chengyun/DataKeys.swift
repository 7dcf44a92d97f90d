import ArgumentParser
import ChengyunServices
import ChengyunSQLite
import Foundation

extension DatabaseOptions {
    /// Where the data keys are: --data-keys, CHENGYUN_DATA_KEYS_FILE, or next to the database.
    var keysPath: String {
        dataKeys ?? ProcessInfo.processInfo.environment["CHENGYUN_DATA_KEYS_FILE"] ?? database + ".keys"
    }

    /// The cipher of the configured key file; a missing file is created with one fresh key (0600) when `create`.
    /// A key file others may read is refused: it is the one thing that opens the personal data.
    func dataCipher(create: Bool) throws -> AESFieldCipher {
        let path = keysPath
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            guard create else { fail("\(path): the data keys file is missing") }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try? manager.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let id = "k" + String(Int(Date().timeIntervalSince1970), radix: 36)
            guard manager.createFile(atPath: path, contents: Data(AESFieldCipher.newKeyFile(id: id).utf8), attributes: [.posixPermissions: 0o600]) else {
                fail("\(path): cannot create the data keys file (is the folder writable?)")
            }
        }
        let mode = ((try? manager.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard mode & 0o077 == 0 else { fail("\(path): the data keys file may be read by others (mode \(String(mode, radix: 8))); run chmod 600 on it") }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fail("\(path): the data keys file cannot be read") }
        do { return try AESFieldCipher(keyFile: text) } catch { fail("\(path): \(error)") }
    }
}

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
            let path = db.keysPath
            _ = try db.dataCipher(create: false)
            let old = try String(contentsOfFile: path, encoding: .utf8)
            let id = "k" + String(Int(Date().timeIntervalSince1970), radix: 36)
            let fresh = AESFieldCipher.newKeyFile(id: id).split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
            let comments = old.split(separator: "\n").filter { $0.hasPrefix("#") }.joined(separator: "\n")
            let keys = old.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.joined(separator: "\n")
            let temporary = path + ".new"
            guard FileManager.default.createFile(atPath: temporary, contents: Data("\(comments)\n\(fresh)\n\(keys)\n".utf8), attributes: [.posixPermissions: 0o600]) else {
                fail("\(temporary): cannot write the new key file")
            }
            _ = try FileManager.default.replaceItemAt(URL(fileURLWithPath: path), withItemAt: URL(fileURLWithPath: temporary))
            let store = try db.open(.city)
            let sealed = try await store.resealPersonalData()
            print("data key \(id) is now current in \(path); re-sealed \(sealed.users) users' and \(sealed.cases) cases' personal fields")
        }
    }
}
