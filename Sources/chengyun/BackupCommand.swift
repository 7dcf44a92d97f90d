import ArgumentParser
import ChengyunCore
import ChengyunPostgres
import ChengyunServer
import ChengyunSQLite
import ChengyunStore
import Foundation

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Back up the database (and its attachments) into an empty folder, while the server runs.",
        discussion: """
            SQLite: the database through SQLite's online backup API and the attachment files it names. PostgreSQL: pg_dump \
            of the whole database (attachments included). The data keys file is not copied: keep it apart (docs/OPERATIONS.md, \
            "Backups").
            """)
    @OptionGroup var db: DatabaseOptions
    @Option(name: .customLong("to"), help: "The folder to write the backup into (created; must not hold a backup).") var folder: String

    func run() async throws {
        let (root, store) = await db.open(.city)
        let target = URL(fileURLWithPath: folder)
        let summary: String = await stopping {
            switch store {
            case let sqlite as SQLiteStore:
                let copied = try await sqlite.backup(to: target)
                return "\(copied.cases) cases and \(copied.files) attachment files"
            case let postgres as PostgresStore:
                return "\(try await postgres.backup(to: target)) cases"
            default:
                throw StartupError("this store has no backup")
            }
        }
        print("backed up \(root.location.path) into \(target.path): \(summary)")
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a backup made by `chengyun backup` as the configured database, which must not exist (SQLite) or be empty (PostgreSQL).")
    @OptionGroup var db: DatabaseOptions
    @Option(name: .customLong("from"), help: "The backup's folder.") var folder: String

    func run() async throws {
        let root = await db.root()
        let source = URL(fileURLWithPath: folder)
        await stopping {
            switch root.location {
            case .sqlite(let path): try SQLiteStore.restore(from: source, to: path)
            case .postgres(let url): try await PostgresStore.restore(from: source, to: url)
            }
        }
        // Opened once: migrated if the backup is an older build's, and its city checked.
        let store = await stopping { try await root.openStore(.city) }
        let counted = try await store.cases(.init(scope: .everything, limit: 1))
        print("restored \(source.path) as \(root.location.path): \(counted.total)\(counted.totalCapped ? "+" : "") cases")
    }
}
