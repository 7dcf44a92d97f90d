public import ChengyunServices
import Foundation

/// 数据密钥 — the file of the keys that seal personal fields (one `id=base64` per line, the current first).
public enum DataKeyFile {
    /// The cipher of the key file at `path`; a missing file is created with one fresh key (0600) when `create`.
    /// A key file others may read is refused: it is the one thing that opens the personal data.
    /// - Throws: ``StartupError`` naming the file.
    public static func cipher(at path: String, create: Bool) throws(StartupError) -> AESFieldCipher {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            guard create else { throw StartupError("\(path): the data keys file is missing") }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try? manager.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard manager.createFile(atPath: path, contents: Data(AESFieldCipher.newKeyFile(id: newKeyID()).utf8), attributes: [.posixPermissions: 0o600]) else {
                throw StartupError("\(path): cannot create the data keys file (is the folder writable?)")
            }
        }
        let mode = ((try? manager.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard mode & 0o077 == 0 else {
            throw StartupError("\(path): the data keys file may be read by others (mode \(String(mode, radix: 8))); run chmod 600 on it")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw StartupError("\(path): the data keys file cannot be read") }
        do { return try AESFieldCipher(keyFile: text) } catch { throw StartupError("\(path): \(error)") }
    }

    /// A new key's id: `k` and the time in base 36.
    public static func newKeyID() -> String {
        "k" + String(Int(Date().timeIntervalSince1970), radix: 36)
    }

    /// Puts a fresh key first in the file (the old ones stay below it, comments on top), replacing the file atomically;
    /// returns the new key's id.
    /// - Throws: ``StartupError`` naming the file.
    public static func addCurrentKey(at path: String) throws(StartupError) -> String {
        _ = try cipher(at: path, create: false)
        guard let old = try? String(contentsOfFile: path, encoding: .utf8) else { throw StartupError("\(path): the data keys file cannot be read") }
        // An id the file does not hold yet: two rotations (or a demo and a rotation) in the same second must not give
        // two keys one id, or the newer would hide the older and what it sealed could not be opened.
        let taken = Set(old.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { $0.split(separator: "=").first.map(String.init) })
        var id = newKeyID()
        var suffix = 2
        while taken.contains(id) {
            id = newKeyID() + "x\(suffix)"
            suffix += 1
        }
        let fresh = AESFieldCipher.newKeyFile(id: id).split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        let comments = old.split(separator: "\n").filter { $0.hasPrefix("#") }.joined(separator: "\n")
        let keys = old.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.joined(separator: "\n")
        let temporary = path + ".new"
        guard FileManager.default.createFile(atPath: temporary, contents: Data("\(comments)\n\(fresh)\n\(keys)\n".utf8), attributes: [.posixPermissions: 0o600]) else {
            throw StartupError("\(temporary): cannot write the new key file")
        }
        // rename(2) replaces the file atomically. (FileManager.replaceItemAt on Linux left the key file as `.new`
        // and the original gone, and failed: the command lost the keys file.)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw StartupError("\(path): cannot replace the data keys file (\(reason)); it is unchanged")
        }
        return id
    }
}
