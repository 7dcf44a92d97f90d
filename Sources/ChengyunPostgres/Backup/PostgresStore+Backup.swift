public import Foundation
import PostgresNIO

/// 备份 — a PostgreSQL deployment is backed up with pg_dump (one consistent snapshot, while the nodes go on) in its
/// custom format, and restored with pg_restore into an empty database; attachments are in the database, so the dump
/// holds everything but the data keys file.
extension PostgresStore {
    /// The dump inside a backup folder.
    public static let backupFileName = "chengyun.pgdump"

    /// Writes a backup into `folder` (created; it must not hold one already); returns the number of cases in it.
    public func backup(to folder: URL) async throws -> Int {
        let file = folder.appendingPathComponent(Self.backupFileName).path
        guard !FileManager.default.fileExists(atPath: file) else {
            throw PostgresStoreError(description: "\(file) exists already: back up into an empty folder")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try Self.tool("pg_dump", ["--format=custom", "--no-owner", "--file=\(file)", "--dbname=\(url.libpqURI)"])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        return Int(try await rows("SELECT count(*) FROM case_record")[0].decode(Int64.self))
    }

    /// Restores the backup in `folder` into the empty database at `url`; refuses a database that holds tables.
    public static func restore(from folder: URL, to url: PostgresURL) async throws {
        let file = folder.appendingPathComponent(backupFileName).path
        guard FileManager.default.fileExists(atPath: file) else { throw PostgresStoreError(description: "\(file) does not exist: no backup in \(folder.path)") }
        let tables = try await withClient(url) { client in
            try await client.query("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").collect()[0].decode(Int64.self)
        }
        guard tables == 0 else { throw PostgresStoreError(description: "\(url) holds \(tables) tables: restore into an empty database") }
        try tool("pg_restore", ["--no-owner", "--exit-on-error", "--dbname=\(url.libpqURI)", file])
    }

    /// Runs a PostgreSQL client tool (from PATH, else Debian's /usr/lib/postgresql/15/bin) to its end.
    static func tool(_ name: String, _ arguments: [String]) throws {
        let candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" } + ["/usr/lib/postgresql/15/bin/\(name)"]
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw PostgresStoreError(description: "\(name) is not installed (Debian's postgresql-client-15)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PostgresStoreError(description: "\(name) failed (exit \(process.terminationStatus)): \(message.trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))")
        }
    }
}
