import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// 附件文件 — attachment bytes live beside the database, not in its hot tables: one file per distinct content, named
/// by its SHA-256 (`<db>.files/ab/abcdef…`), written and fsynced (file and folder) before the row that names it
/// commits, so an acknowledged attachment is never lost and a crash leaves at most an unnamed file. Files never
/// change once written: a backup copies the database first, then the folder.
struct AttachmentFiles: Sendable {
    let root: String

    /// The folder for the database at `databasePath`.
    init(databasePath: String) { root = databasePath + ".files" }

    static func sha256(_ bytes: Data) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

    func path(of hash: String) -> String { "\(root)/\(hash.prefix(2))/\(hash)" }

    /// Writes the bytes (unless a file with that content is there already) and makes them durable; returns their hash.
    func store(_ bytes: Data) throws -> String {
        let hash = Self.sha256(bytes)
        let final = path(of: hash)
        if FileManager.default.fileExists(atPath: final) { return hash }
        let folder = "\(root)/\(hash.prefix(2))"
        for dir in [root, folder] where !FileManager.default.fileExists(atPath: dir) {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let temporary = "\(folder)/.\(hash).\(UUID().uuidString)"
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.failure("cannot create \(temporary)") }
        defer { close(fd) }
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                guard n > 0 else { throw Self.failure("cannot write \(temporary)") }
                offset += n
            }
        }
        guard fsync(fd) == 0, rename(temporary, final) == 0 else {
            unlink(temporary)
            throw Self.failure("cannot make \(final) durable")
        }
        for dir in [folder, root] {
            let d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if d >= 0 { _ = fsync(d); close(d) }
        }
        return hash
    }

    /// The bytes of a stored content.
    func read(_ hash: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path(of: hash)) else { throw Self.failure("attachment file \(hash) is missing from \(root)") }
        return data
    }

    static func failure(_ message: String) -> NSError {
        NSError(domain: "chengyun.attachments", code: Int(errno), userInfo: [NSLocalizedDescriptionKey: "\(message): \(String(cString: strerror(errno)))"])
    }
}
