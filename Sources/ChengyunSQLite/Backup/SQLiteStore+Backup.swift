public import Foundation
import GRDB

/// 备份 — a consistent copy of a running deployment: the database through SQLite's online backup API (readers and the
/// writer go on meanwhile), then the attachment files it names (a file is durable before the row that names it
/// commits, so every file the copy names exists already).
extension SQLiteStore {
    /// The backup's database file inside its folder.
    public static let backupFileName = "chengyun.sqlite"

    /// Writes a backup into `folder` (created; it must not hold a backup already); returns the number of cases and
    /// attachment files copied.
    public func backup(to folder: URL) async throws -> (cases: Int, files: Int) {
        let target = folder.appendingPathComponent(Self.backupFileName).path
        guard !FileManager.default.fileExists(atPath: target) else {
            throw DatabaseFileError(path: target, problem: "exists already: back up into an empty folder")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let copy = try DatabaseQueue(path: target)
        try pool.backup(to: copy)
        let cases = try await copy.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM case_record") ?? 0 }
        let hashes = try await copy.read { db in try String.fetchAll(db, sql: "SELECT sha256 FROM attachment UNION SELECT sha256 FROM document") }
        try copy.close()
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target)
        let source = files, destination = AttachmentFiles(databasePath: target)
        for hash in hashes {
            let to = destination.path(of: hash)
            try FileManager.default.createDirectory(atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try FileManager.default.copyItem(atPath: source.path(of: hash), toPath: to)
        }
        return (cases, hashes.count)
    }

    /// Puts the backup in `folder` in place as the database at `path` (with its attachment files); refuses when a
    /// database is there already. Open it afterwards as usual (it migrates a backup of an older build).
    public static func restore(from folder: URL, to path: String) throws {
        let source = folder.appendingPathComponent(backupFileName).path
        guard FileManager.default.fileExists(atPath: source) else { throw DatabaseFileError(path: source, problem: "does not exist: no backup in \(folder.path)") }
        for existing in [path, path + "-wal", path + ".files"] where FileManager.default.fileExists(atPath: existing) {
            throw DatabaseFileError(path: existing, problem: "exists already: restore into a new path (or move the old database away first)")
        }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try FileManager.default.copyItem(atPath: source, toPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        if FileManager.default.fileExists(atPath: source + ".files") { try FileManager.default.copyItem(atPath: source + ".files", toPath: path + ".files") }
    }
}
